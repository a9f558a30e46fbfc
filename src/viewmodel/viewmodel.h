// The view model: page x locale -> the data a template sees. Every number, price, date, plural
// and link is formatted here; templates only place strings.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "config/config.h"
#include "i18n/locale.h"
#include "snippets/snippets.h"
#include "templates/templates.h"

namespace ms {

// One snippet group on a model page: an endpoint (or its streaming variant) in every target.
struct SnippetGroup {
  std::string endpoint;
  bool stream = false;
  CanonicalRequest request;
  std::vector<std::string> targets;    // in site.json order
  std::vector<std::string> code_html;  // each target's code, HTML-escaped once for all locales
  std::string example_response_html;   // the mock's answer to the request, pretty-printed and escaped
};

struct ModelExtras {
  std::vector<SnippetGroup> snippets;
};

// The formatted strings of one model's card in one locale (price summary, context, status).
struct CardText {
  std::string status_label, price, price_html, context;
};

// Card strings per model, each formatted once, on first use, by whichever thread needs it first:
// a model's card appears on the catalog, in several other models' "More models" lists and on
// the home page, in every locale.
class CardTexts {
 public:
  explicit CardTexts(std::size_t models) : once_(new std::once_flag[models]), texts_(models) {}
  template <typename Make>
  const CardText& get(std::size_t index, Make&& make) const {
    std::call_once(once_[index], [&] { texts_[index] = make(); });
    return texts_[index];
  }

 private:
  std::unique_ptr<std::once_flag[]> once_;
  mutable std::vector<CardText> texts_;
};

// What every page of the site shares; built once, read by all rendering threads.
struct SiteContext {
  const SiteConfig* config = nullptr;
  const Catalog* catalog = nullptr;
  std::map<std::string, std::unique_ptr<Localizer>> localizers;  // locale -> localizer
  std::map<std::string, TemplateData> strings;                    // locale -> {"t": nested strings}
  std::map<std::string, ModelExtras> extras;                      // model id -> snippets
  std::map<std::string, std::string> assets;                      // "css" / "js" / "<file>_<ext>" -> path with ?v=hash
  std::map<std::string, CardTexts> cards;                         // locale -> card strings by model index
  std::map<std::string, std::string> list_data;                   // locale -> its catalog rows, with ?v=version
  // locale -> endpoint -> its parameter table (templates/partials/api-params, rendered once).
  std::map<std::string, std::map<std::string, std::string>> params_html;

  const Localizer& loc(const std::string& locale) const { return *localizers.at(locale); }
};

// Site-relative output paths ("en/models/openai/gpt-4-0314/index.html") and their URLs.
std::string home_path(const std::string& locale);
std::string catalog_path(const std::string& locale);
std::string model_path(const std::string& locale, const Model& m);
std::string pricing_path(const std::string& locale);
std::string deprecations_path(const std::string& locale);
std::string endpoints_path(const std::string& locale);
std::string free_page_path(const std::string& locale, const std::string& slug);
std::string not_found_path(const std::string& locale);
// "en/models/" for "en/models/index.html".
std::string url_of(const std::string& path);

// Builds the nested "t" strings object of a locale (t.pricing.title ...).
TemplateData build_strings(const Localizer& loc);

TemplateData home_page(const SiteContext& ctx, const std::string& locale);
// Model cards per provider on the home page; the catalog lists every model.
constexpr std::size_t kHomeCardsPerProvider = 12;

// List pages take their page number (1-based; see viewmodel/pager.h for paths and sizes).
TemplateData catalog_page(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
TemplateData model_page(const SiteContext& ctx, const Model& model, const std::string& locale);
// The data of partials/api-params for one endpoint: {params, has_params}.
TemplateData api_params(const SiteContext& ctx, const std::string& endpoint, const std::string& locale);
TemplateData pricing_page(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
TemplateData deprecations_page(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
TemplateData endpoints_page(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
TemplateData free_page(const SiteContext& ctx, const Page& page, const std::string& locale);
TemplateData not_found_page(const SiteContext& ctx, const std::string& locale);
TemplateData root_index_page(const SiteContext& ctx);

// Models on the deprecations list (deprecated, retired, or with a shutdown date).
std::size_t deprecations_rows(const Catalog& catalog);

// One page of a list (catalog, pricing, deprecations, endpoints) in a locale.
struct ListPage {
  std::string path;                           // site-relative, in the locale asked for
  const char* template_name;
  std::size_t page;                           // 1-based
  std::string (*first)(const std::string&);   // the list's first page in a locale
  TemplateData (*data)(const SiteContext&, const std::string&, std::size_t);
};
// Every page of every list in `locale`, list by list, in page order.
std::vector<ListPage> list_pages(const Catalog& catalog, const std::string& locale);

// The cards under "More models": same family first, then same provider (not retired); at most six.
std::vector<const Model*> related_models(const Catalog& catalog, const Model& model);

// api/models.json: every model with its exact prices and fields.
std::string models_json(const Catalog& catalog, const SiteConfig& config);
// Price of `item` per 1,000,000 units (exact for powers of ten).
Decimal per_million(const PriceItem& item);
// `price` for `per` units, restated for `quantity` units (exact for powers of ten).
Decimal price_per(const Decimal& price, std::int64_t per, std::int64_t quantity);
// The item as pages show it: token, character, web-search and page prices per the meter's
// default quantity; other meters as written.
PriceItem shown_per_default(const PriceItem& item);
// JSON safe to embed in <script>: '<', '>' and '&' escaped as \u003c etc.
std::string script_safe_json(const std::string& json);

}  // namespace ms

namespace ms {
// Message keys the view model formats itself (exact keys, and prefixes ending in '.'), so that
// `modelsite i18n` can tell used keys from unused ones together with the templates' t.* names.
const std::vector<std::string>& viewmodel_message_keys();
}  // namespace ms
