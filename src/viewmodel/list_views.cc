// The four lists: catalog, pricing, deprecations, endpoints, one page of rows at a time.
#include <algorithm>

#include "core/text.h"
#include "i18n/message_keys.h"
#include "viewmodel/list_cells.h"
#include "viewmodel/mixed_text.h"
#include "viewmodel/pager.h"
#include "viewmodel/price_chart.h"
#include "viewmodel/price_sheet.h"
#include "viewmodel/view_parts.h"

namespace ms {

namespace {

CatalogRowView catalog_row(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m) {
  const Localizer& loc = ctx.loc(locale);
  CatalogRowView r;
  r.card = model_card(ctx, locale, root, m);
  r.provider_id = m.provider;
  r.modalities_html = modality_flow_html(loc, m);
  std::vector<std::string> mods = m.input_modalities;
  for (const auto& o : m.output_modalities)
    if (std::find(mods.begin(), mods.end(), o) == mods.end()) mods.push_back(o);
  r.modality_tokens = join(mods, " ");
  r.endpoint_tokens = join(m.endpoints, " ");
  r.capability_tokens = join(m.capabilities, " ");
  r.context_compact = m.context_window ? loc.compact(*m.context_window) : "";
  r.context_sort = m.context_window ? std::to_string(*m.context_window) : "";
  r.prices = token_prices_view(loc, m);
  return r;
}

// The catalog's filters, in order: provider, modality, endpoint, capability, status.
std::vector<FilterView> catalog_filters(const Localizer& loc, const Catalog& cat) {
  std::vector<OptionView> providers, modalities, endpoints, capabilities, statuses;
  for (const auto& p : cat.providers) providers.push_back({p.id, p.name});
  for (const auto& m : modality_names()) modalities.push_back({m, loc.message(key<"modality.">(m))});
  for (const auto& e : endpoint_names()) endpoints.push_back({e, loc.message(key<"endpoint.">(e))});
  for (const auto& c : capability_names()) capabilities.push_back({c, loc.message(key<"capability.">(c))});
  for (const auto& s : model_statuses()) statuses.push_back({s, status_label(loc, s)});
  return {{"provider", loc.message(key<"model.provider">()), std::move(providers)},
          {"modality", loc.message(key<"model.modalities">()), std::move(modalities)},
          {"endpoint", loc.message(key<"model.endpoints">()), std::move(endpoints)},
          {"capability", loc.message(key<"model.capabilities">()), std::move(capabilities)},
          {"status", loc.message(key<"model.status">()), std::move(statuses)}};
}

PricingRowView pricing_row(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m) {
  const Localizer& loc = ctx.loc(locale);
  PricingRowView r;
  r.link = model_link(locale, root, m);
  r.provider = provider_of(ctx, m).name;
  r.status_label = status_label(loc, m.status);
  r.status = m.status;
  r.prices = token_prices_view(loc, m);
  PricingCells pc = pricing_cells(loc, m);
  r.input_list = pc.input_list;
  r.has_input_list = !pc.input_list.empty();
  r.output_list = pc.output_list;
  r.has_output_list = !pc.output_list.empty();
  r.discount = pc.discount;
  r.has_discount = !pc.discount.empty();
  r.other_html = pc.other_html;
  r.has_other = !pc.other_html.empty();
  r.has_any_price = pc.has_any_price;
  return r;
}

// A dot of the pricing chart, for models with non-zero input and output token prices.
std::optional<ChartPoint> chart_point(const Localizer& loc, const std::string& locale, const std::string& root, const Model& m) {
  TokenPrices tp = token_prices(m);
  if (!tp.input || !tp.output || tp.input->is_zero() || tp.output->is_zero()) return std::nullopt;
  const std::string cur = m.pricing ? m.pricing->currency : "USD";
  return ChartPoint{m.id, root + url_of(model_path(locale, m)),
                    m.name + ": " + loc.price(*million_price(m, "input_tokens"), cur) + " / " +
                        loc.price(*million_price(m, "output_tokens"), cur),
                    m.provider, std::stod(tp.input->to_string()), std::stod(tp.output->to_string()),
                    m.context_window ? static_cast<std::int64_t>(*m.context_window) : 0};
}

DeprecationRowView deprecation_row(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m) {
  const Localizer& loc = ctx.loc(locale);
  DeprecationRowView r;
  r.link = model_link(locale, root, m);
  r.provider = provider_of(ctx, m).name;
  r.status = m.status;
  r.status_label = status_label(loc, m.status);
  r.deprecated_on = m.deprecated_on.empty() ? "" : loc.date(m.deprecated_on);
  r.retired_on = m.retired_on.empty() ? "" : loc.date(m.retired_on);
  r.deprecated_iso = m.deprecated_on;
  r.retired_iso = m.retired_on;
  r.has_deprecated_on = !m.deprecated_on.empty();
  r.has_retired_on = !m.retired_on.empty();
  r.replacements = replacement_links(ctx, locale, root, m);
  r.has_replacements = !m.replacements.empty();
  return r;
}

bool serves(const Model& m, const std::string& endpoint) {
  return std::find(m.endpoints.begin(), m.endpoints.end(), endpoint) != m.endpoints.end();
}

}  // namespace

CatalogView catalog_view(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  const Catalog& cat = *ctx.catalog;
  std::string path = list_page_path(catalog_path(locale), page);
  CatalogView v;
  v.base = base_page(ctx, locale, path, page_in(catalog_path, page), loc.message(key<"catalog.title">()),
                     loc.message(key<"catalog.lead">(), {MessageArg::num("count", static_cast<std::int64_t>(cat.models.size()))}),
                     "models");
  const std::string& root = v.base.root;
  v.lead = v.base.description;
  auto [begin, end] = list_page_rows(cat.models.size(), page);
  v.pager = paginate(v.base, ctx, locale, catalog_path, page, cat.models.size());
  v.form = list_form_view(ctx, locale, root, end - begin);
  for (std::size_t i = begin; i < end; ++i) v.models.push_back(catalog_row(ctx, locale, root, cat.models[i]));
  v.filters = catalog_filters(loc, cat);
  return v;
}

PricingView pricing_view(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  const Catalog& cat = *ctx.catalog;
  std::string path = list_page_path(pricing_path(locale), page);
  PricingView v;
  v.base = base_page(ctx, locale, path, page_in(pricing_path, page), loc.message(key<"pricing.page_title">()),
                     loc.message(key<"pricing.page_lead">()), "pricing");
  const std::string& root = v.base.root;
  auto [begin, end] = list_page_rows(cat.models.size(), page);
  v.pager = paginate(v.base, ctx, locale, pricing_path, page, cat.models.size());
  v.form = list_form_view(ctx, locale, root, end - begin);
  for (const auto& p : cat.providers) v.providers.push_back({p.id, p.name});
  std::vector<ChartPoint> points;
  for (std::size_t i = begin; i < end; ++i) {
    v.models.push_back(pricing_row(ctx, locale, root, cat.models[i]));
    if (auto point = chart_point(loc, locale, root, cat.models[i])) points.push_back(std::move(*point));
  }
  // Scatter chart of input against output price per 1M tokens of this page's models.
  v.chart_svg = price_chart_svg(loc, points);
  v.has_chart = !points.empty();
  return v;
}

DeprecationsView deprecations_view(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  std::string path = list_page_path(deprecations_path(locale), page);
  DeprecationsView v;
  v.base = base_page(ctx, locale, path, page_in(deprecations_path, page), loc.message(key<"deprecations.title">()),
                     loc.message(key<"deprecations.lead">()), "deprecations");
  std::vector<const Model*> listed;
  for (const auto& m : ctx.catalog->models)
    if (on_deprecations_list(m)) listed.push_back(&m);
  // Most recent shutdown first; undated last; ties by id.
  std::stable_sort(listed.begin(), listed.end(), [](const Model* a, const Model* b) {
    const std::string& da = !a->retired_on.empty() ? a->retired_on : a->deprecated_on;
    const std::string& db = !b->retired_on.empty() ? b->retired_on : b->deprecated_on;
    if (da != db) return da > db;
    return a->id < b->id;
  });
  auto [begin, end] = list_page_rows(listed.size(), page);
  v.pager = paginate(v.base, ctx, locale, deprecations_path, page, listed.size());
  for (std::size_t i = begin; i < end; ++i) v.models.push_back(deprecation_row(ctx, locale, v.base.root, *listed[i]));
  v.has_models = !v.models.empty();
  return v;
}

EndpointsView endpoints_view(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  std::string path = list_page_path(endpoints_path(locale), page);
  EndpointsView v;
  v.base = base_page(ctx, locale, path, page_in(endpoints_path, page), loc.message(key<"endpoints.title">()),
                     loc.message(key<"endpoints.lead">()), "endpoints");
  const std::string& root = v.base.root;
  const auto& all = ctx.catalog->models;
  auto [begin, end] = list_page_rows(all.size(), page);
  v.pager = paginate(v.base, ctx, locale, endpoints_path, page, all.size());
  for (const auto& e : endpoint_names()) {
    EndpointSummaryView s;
    s.id = e;
    s.title = loc.message(key<"endpoint.">(e));
    auto doc = ctx.catalog->endpoints.find(e);
    s.path = doc != ctx.catalog->endpoints.end() ? doc->second.method + " /v1" + doc->second.path : "";
    // The count covers the whole catalog; the links, the models on this page.
    std::int64_t serving = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!serves(all[i], e)) continue;
      ++serving;
      if (i >= begin && i < end) s.models.push_back(model_link(locale, root, all[i]));
    }
    s.summary_html = message_html(loc, key<"endpoints.summary">(), {{"path", "<code dir=\"ltr\">" + html_escape(s.path) + "</code>"}},
                                  {MessageArg::num("count", serving)});
    v.header.push_back(s.title);
    v.endpoints.push_back(std::move(s));
  }
  for (std::size_t i = begin; i < end; ++i) {
    EndpointRowView r{model_link(locale, root, all[i]), {}};
    for (const auto& e : endpoint_names())
      r.cells.push_back({serves(all[i], e), loc.message(key<"endpoints.serves">(), {MessageArg::str("endpoint", loc.message(key<"endpoint.">(e)))})});
    v.matrix.push_back(std::move(r));
  }
  return v;
}

std::size_t deprecations_rows(const Catalog& catalog) {
  return static_cast<std::size_t>(std::count_if(catalog.models.begin(), catalog.models.end(), on_deprecations_list));
}

}  // namespace ms
