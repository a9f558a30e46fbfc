// The parts many views share (base page, pager, model link and card, body), built from the
// catalog in one place each. Internal to the view model.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "viewmodel/viewmodel.h"
#include "viewmodel/views.h"

namespace ms {

// This page's path in a locale (for alternates and the language switcher).
using PathFor = std::function<std::string(const std::string&)>;

// "../../" for "en/models/index.html": the way back to the site root.
std::string relative_root(const std::string& path);
std::string join(const std::vector<std::string>& parts, const std::string& sep);
const Provider& provider_of(const SiteContext& ctx, const Model& m);
// base_url + the page's URL.
std::string absolute(const SiteContext& ctx, const std::string& path);

// Shared head, navigation and language switcher. `current_nav` names the active section.
BasePageView base_page(const SiteContext& ctx, const std::string& locale, const std::string& path, const PathFor& path_for,
                       const std::string& title, const std::string& description, const char* current_nav);
// The same with every link starting with `root` instead of the relative way up from `path`
// (the 404 pages, which are served at any depth, use base_url).
BasePageView base_page_at(const SiteContext& ctx, const std::string& locale, const std::string& path, const std::string& root,
                          const PathFor& path_for, const std::string& title, const std::string& description,
                          const char* current_nav);

// The pager of page `page` of a list whose first page is at `first(locale)`; later pages also
// name their number in the title, so that no two pages share one.
std::optional<PagerView> paginate(BasePageView& base, const SiteContext& ctx, const std::string& locale,
                                  std::string (*first)(const std::string&), std::size_t page, std::size_t rows);
// A list's filter form (catalog, pricing) on a page showing `rows_shown` rows.
ListFormView list_form_view(const SiteContext& ctx, const std::string& locale, const std::string& root,
                            std::size_t rows_shown);
// Page `page` of a list in every locale, for the alternates.
PathFor page_in(std::string (*first)(const std::string&), std::size_t page);

// Deprecated, retired or dated models: the rows of the deprecations list.
bool on_deprecations_list(const Model& m);
std::string status_label(const Localizer& loc, const std::string& status);
// "Retired on March 26, 2026" and the like, or "".
std::string status_note(const Localizer& loc, const Model& m);
// "128,000 tokens".
std::string tokens(const Localizer& loc, std::int64_t n);

ModelLinkView model_link(const std::string& locale, const std::string& root, const Model& m);
ModelCardView model_card(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m);
std::vector<ReplacementView> replacement_links(const SiteContext& ctx, const std::string& locale, const std::string& root,
                                               const Model& m);
// A list row's price columns (text, HTML, "from" when context tiers raise them, exact sort keys).
TokenPricesView token_prices_view(const Localizer& loc, const Model& m);

// Body in the page's locale, or the default locale's, marked with its own lang and dir.
BodyView body_view(const SiteContext& ctx, const std::map<std::string, ProseBody>& bodies, const std::string& locale,
                   const std::string& notice_key);
// The body a free page shows in `locale` (its own, else the default locale's).
const ProseBody& free_page_body(const SiteContext& ctx, const Page& page, const std::string& locale);
// A free page's title: its body's first level-1 heading (from the Markdown stage), else its slug.
std::string page_title(const Page& page, const ProseBody& body);

}  // namespace ms
