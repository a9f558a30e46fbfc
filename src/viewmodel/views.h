// What the templates see, one struct per page kind and per shared part (templates/README.md
// documents every field). Each view is built in one place from the catalog (viewmodel/*_view.cc)
// and becomes kainjow data in one function (viewmodel/template_data.cc).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ms {

// A link to a model page in the page's locale.
struct ModelLinkView {
  std::string name, id, href;
};

// A replacement model: its link and the separator written before it ("" for the first).
struct ReplacementView {
  ModelLinkView link;
  std::string separator;
};

// A model's card (home providers, related models, catalog rows).
struct ModelCardView {
  ModelLinkView link;
  std::string provider, status, status_label, price, price_html, context, meta_html;
  bool has_context = false;
};

struct AlternateView {
  std::string hreflang, href;
};
struct LanguageView {
  std::string name, lang, dir, href;
  bool current = false;
};
struct NavItemView {
  std::string label, href;
  bool current = false;
};

// The head, navigation and language switcher every page has.
struct BasePageView {
  std::string lang, dir, format_locale, root, site_title, heading, page_title, description, canonical, og_type,
      og_locale, css, js, home_href, search_href, search_index, search_results_message, x_default;
  bool rtl = false;
  std::vector<AlternateView> alternates;
  std::vector<LanguageView> languages;
  std::vector<NavItemView> nav;
  std::optional<std::string> json_ld;  // schema.org JSON, script-safe (model pages only)
  // Every asset file's versioned URL with the root prefix, by its name with '.' as '_' ("lists_js").
  std::map<std::string, std::string> asset;
};

struct PagerLinkView {
  std::string label, href;
  bool current = false;
  bool gap = false;  // pages left out between two links ("…"; no label or href)
};
// The links between the pages of a list (absent when the list fits one page).
struct PagerView {
  std::string label, status, prev, next;
  bool has_prev = false, has_next = false;
  std::optional<std::string> prev_href, prev_url, next_href, next_url;
  std::vector<PagerLinkView> pages;
};

// A page's Markdown body in its locale, or the default locale's with a notice.
struct BodyView {
  bool has_body = false, body_fallback = false;
  std::string body_html, body_lang, body_dir, fallback_notice;
};

struct OptionView {
  std::string value, label;
};

// The standard price per 1M tokens of input, output and their blend, as list rows show them.
struct PriceColumnView {
  std::string price, price_html, sort;
  bool from = false;
};
struct TokenPricesView {
  PriceColumnView input, output, blended;
  bool has_prices = false;
};

// --- price tables of a model page -------------------------------------------------------------
struct PriceCellView {
  bool has_price = false, has_list_price = false, has_discount = false;
  std::string price, list_price, discount;
};
struct PriceColumnHeadView {
  std::string label;
  bool ltr = false;
};
struct PriceRowView {
  std::string meter, label, detail;
  bool has_detail = false;
  std::vector<PriceCellView> cells;
};
struct PriceTableView {
  std::string corner;
  bool grid = false, single = false;
  std::vector<PriceColumnHeadView> columns;
  std::vector<PriceRowView> rows;
};

// --- pages ------------------------------------------------------------------------------------
struct HomeProviderView {
  std::string name, id, count, more;
  std::vector<ModelCardView> models;
  bool has_more = false;
};
struct PageLinkView {
  std::string title, href;
};
struct HomeView {
  BasePageView base;
  std::string lead, catalog_href, pricing_href;
  std::vector<HomeProviderView> providers;
  std::vector<PageLinkView> pages;
  bool has_pages = false;
};

struct CatalogRowView {
  ModelCardView card;
  std::string provider_id, modalities_html, modality_tokens, endpoint_tokens, capability_tokens, context_compact,
      context_sort;
  TokenPricesView prices;
};
struct FilterView {
  std::string id, label;
  std::vector<OptionView> options;
};
// What a list's filter form needs (catalog and pricing): the static page's count, the patterns
// the script formats after filtering, and the URL of the locale's list data.
struct ListFormView {
  std::string shown, shown_of_message, show_more_message, rows_href;
};

struct CatalogView {
  BasePageView base;
  std::optional<PagerView> pager;
  std::string lead;
  ListFormView form;
  std::vector<CatalogRowView> models;
  std::vector<FilterView> filters;
};

struct PricingRowView {
  ModelLinkView link;
  std::string provider, status_label, status, input_list, output_list, discount, other_html;
  TokenPricesView prices;
  bool has_input_list = false, has_output_list = false, has_discount = false, has_other = false,
       has_any_price = false;
};
struct PricingView {
  BasePageView base;
  std::optional<PagerView> pager;
  ListFormView form;
  std::vector<OptionView> providers;  // every provider, for the form's provider filter
  std::vector<PricingRowView> models;
  std::string chart_svg;
  bool has_chart = false;
};

struct DeprecationRowView {
  ModelLinkView link;
  std::string provider, status, status_label, deprecated_on, retired_on, deprecated_iso, retired_iso;
  bool has_deprecated_on = false, has_retired_on = false, has_replacements = false;
  std::vector<ReplacementView> replacements;
};
struct DeprecationsView {
  BasePageView base;
  std::optional<PagerView> pager;
  std::vector<DeprecationRowView> models;
  bool has_models = false;
};

struct EndpointSummaryView {
  std::string id, title, path, summary_html;
  std::vector<ModelLinkView> models;
};
struct EndpointCellView {
  bool yes = false;
  std::string label;
};
struct EndpointRowView {
  ModelLinkView link;
  std::vector<EndpointCellView> cells;
};
struct EndpointsView {
  BasePageView base;
  std::optional<PagerView> pager;
  std::vector<EndpointSummaryView> endpoints;
  std::vector<std::string> header;  // endpoint titles, in column order
  std::vector<EndpointRowView> matrix;
};

struct ModelSummaryView {
  std::string name, id, provider, provider_id, provider_initial, provider_url, status, status_label, status_note;
  bool show_status = false, has_replacements = false;
  std::vector<ReplacementView> replacements;
};
struct FactView {
  std::string label, value_html;
  bool ltr = false;
};
struct CapabilityView {
  std::string label, id;
};
struct SnippetTabView {
  std::string target, label, language, code_html, tab_id, panel_id;
  bool selected = false;
};
struct ApiGroupView {
  std::string id, title, method, path, example_response_html;
  std::vector<SnippetTabView> tabs;
  bool has_example_response = false;
  bool stream = false;
  // Non-streaming groups: the endpoint's parameter table (partials/api-params), when it lists any.
  bool has_params = false;
  std::string params_html;
};
struct ModelView {
  BasePageView base;
  std::string catalog_href, api_intro, key_env;
  ModelSummaryView model;
  std::vector<FactView> facts;
  std::vector<CapabilityView> capabilities;
  bool has_pricing = false;
  std::optional<std::vector<PriceTableView>> price_tables;  // with `currency`, when priced
  std::string currency;
  BodyView body;
  std::vector<ApiGroupView> api_groups;
  std::optional<std::string> playground_url;
  std::vector<ModelCardView> related;
};

struct FreePageView {
  BasePageView base;
  std::string slug;
  BodyView body;
};

struct NotFoundView {
  BasePageView base;
};

struct LocaleChoiceView {
  std::string lang, dir, name, prompt, href;
};
struct RootIndexView {
  BasePageView base;
  std::vector<LocaleChoiceView> choices;
  std::string locales_json, default_locale;
};

// partials/api-params, rendered once per endpoint and locale.
struct ApiParamView {
  std::string name, type, required, description, description_lang, description_dir;
  bool is_required = false, description_fallback = false;
};
struct ApiParamsView {
  std::vector<ApiParamView> params;
};

}  // namespace ms
