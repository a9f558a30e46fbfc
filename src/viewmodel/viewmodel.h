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
#include "viewmodel/views.h"

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

// Endpoint id -> its parameter table (templates/partials/api-params) in one locale.
using ParamTables = std::map<std::string, std::string>;
// Fragments shared by many pages, rendered once before the pages (see templates/README.md).
struct Fragments {
  std::map<std::string, ParamTables> params;  // locale -> the parameter tables in that locale
  const ParamTables& params_in(const std::string& locale) const {
    static const ParamTables none;
    auto it = params.find(locale);
    return it != params.end() ? it->second : none;
  }
};

// The views of every page kind (viewmodel/views.h); to_data() (viewmodel/template_data.h) makes
// each into the data its template reads.
HomeView home_view(const SiteContext& ctx, const std::string& locale);
// Model cards per provider on the home page; the catalog lists every model.
constexpr std::size_t kHomeCardsPerProvider = 12;
// List pages take their page number (1-based; see viewmodel/pager.h for paths and sizes).
CatalogView catalog_view(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
PricingView pricing_view(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
DeprecationsView deprecations_view(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
EndpointsView endpoints_view(const SiteContext& ctx, const std::string& locale, std::size_t page = 1);
// `params`: the parameter tables of this locale, placed in the API groups.
ModelView model_view(const SiteContext& ctx, const Model& model, const std::string& locale, const ParamTables& params);
FreePageView free_page_view(const SiteContext& ctx, const Page& page, const std::string& locale);
NotFoundView not_found_view(const SiteContext& ctx, const std::string& locale);
RootIndexView root_index_view(const SiteContext& ctx);
// partials/api-params for one endpoint.
ApiParamsView api_params_view(const SiteContext& ctx, const std::string& endpoint, const std::string& locale);

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
