// A model's page: summary, key facts, price tables, body, API snippets, related models.
#include <algorithm>

#include "core/json_source.h"
#include "core/text.h"
#include "i18n/message_keys.h"
#include "viewmodel/list_cells.h"
#include "viewmodel/mixed_text.h"
#include "viewmodel/price_sheet.h"
#include "viewmodel/view_parts.h"

namespace ms {

namespace {

ModelSummaryView model_summary(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m) {
  const Localizer& loc = ctx.loc(locale);
  const Provider& provider = provider_of(ctx, m);
  ModelSummaryView v;
  v.name = m.name;
  v.id = m.id;
  v.provider = provider.name;
  v.provider_id = provider.id;
  // The first character (not byte) of the provider's name.
  std::size_t n = 1;
  while (n < provider.name.size() && (static_cast<unsigned char>(provider.name[n]) & 0xC0) == 0x80) ++n;
  v.provider_initial = provider.name.empty() ? std::string("?") : provider.name.substr(0, n);
  v.provider_url = provider.website;
  v.status = m.status;
  v.status_label = status_label(loc, m.status);
  v.show_status = m.status != "active";
  v.status_note = status_note(loc, m);
  v.replacements = replacement_links(ctx, locale, root, m);
  v.has_replacements = !m.replacements.empty();
  return v;
}

// Key facts, in a fixed order; a fact the catalog does not give is left out.
std::vector<FactView> key_facts(const Localizer& loc, const Model& m, const Provider& provider) {
  std::vector<FactView> facts;
  auto fact_html = [&](const std::string& label, const std::string& html, bool ltr = false) {
    if (!html.empty()) facts.push_back({label, html, ltr});
  };
  auto fact = [&](const std::string& label, const std::string& value, bool ltr = false) { fact_html(label, html_escape(value), ltr); };
  fact(loc.message(key<"model.id">()), m.id, true);
  fact(loc.message(key<"model.provider">()), provider.name);
  if (!m.family.empty()) fact(loc.message(key<"model.family">()), m.family, true);
  fact(loc.message(key<"model.context_window">()),
       m.context_window ? tokens(loc, *m.context_window) : loc.message(key<"model.not_published">()));
  if (m.max_output_tokens) fact(loc.message(key<"model.max_output">()), tokens(loc, *m.max_output_tokens));
  if (!m.input_modalities.empty()) fact_html(loc.message(key<"model.input">()), modality_list_html(loc, m.input_modalities));
  if (!m.output_modalities.empty()) fact_html(loc.message(key<"model.output">()), modality_list_html(loc, m.output_modalities));
  std::vector<std::string> eps;
  for (const auto& e : m.endpoints) eps.push_back(loc.message(key<"endpoint.">(e)));
  fact_html(loc.message(key<"model.endpoints">()), list_html(loc, eps));
  if (!m.knowledge_cutoff.empty()) fact(loc.message(key<"model.knowledge_cutoff">()), loc.date(m.knowledge_cutoff));
  if (!m.released.empty()) fact(loc.message(key<"model.released">()), loc.date(m.released));
  if (!m.deprecated_on.empty()) fact(loc.message(key<"model.deprecated_on">()), loc.date(m.deprecated_on));
  if (!m.retired_on.empty()) fact(loc.message(key<"model.retired_on">()), loc.date(m.retired_on));
  if (m.commercial_use)
    fact(loc.message(key<"model.commercial_use">()),
         loc.message(*m.commercial_use ? key<"model.commercial_use_yes">() : key<"model.commercial_use_no">()));
  return facts;
}

// One tab group per endpoint (and streaming variant), one tab per target.
std::vector<ApiGroupView> api_groups(const Localizer& loc, const ModelExtras* extras, const ParamTables& params) {
  std::vector<ApiGroupView> groups;
  if (!extras) return groups;
  for (const auto& g : extras->snippets) {
    ApiGroupView gv;
    gv.id = g.endpoint + (g.stream ? "-stream" : "");
    std::replace(gv.id.begin(), gv.id.end(), '.', '-');
    gv.title = loc.message(key<"endpoint.">(g.endpoint));
    if (g.stream) gv.title = loc.message(key<"api.streaming">(), {MessageArg::str("endpoint", gv.title)});
    gv.method = g.request.method;
    gv.path = g.request.path;
    for (std::size_t i = 0; i < g.targets.size(); ++i)
      gv.tabs.push_back({g.targets[i], target_label(g.targets[i]), target_language(g.targets[i]), g.code_html[i],
                         "tab-" + gv.id + "-" + g.targets[i], "panel-" + gv.id + "-" + g.targets[i], i == 0});
    gv.example_response_html = g.example_response_html;
    gv.has_example_response = !g.example_response_html.empty();
    gv.stream = g.stream;
    if (!g.stream) {
      // The endpoint's parameter table, rendered once per endpoint and locale (api_params_view).
      auto it = params.find(g.endpoint);
      gv.has_params = it != params.end();
      if (gv.has_params) gv.params_html = it->second;
    }
    groups.push_back(std::move(gv));
  }
  return groups;
}

// schema.org Product with one Offer per price, script-safe.
std::string product_json_ld(const Model& m, const Provider& provider, const std::string& url, const std::string& description) {
  Json ld = {{"@context", "https://schema.org"}, {"@type", "Product"}, {"name", m.name}, {"sku", m.id},
             {"url", url}, {"brand", {{"@type", "Brand"}, {"name", provider.name}}},
             {"description", description}};
  if (m.pricing && !m.pricing->items.empty()) {
    Json offers = Json::array();
    for (const auto& item : m.pricing->items) {
      offers.push_back({{"@type", "Offer"}, {"price", item.price.to_string()}, {"priceCurrency", m.pricing->currency},
                        {"name", item.meter},
                        {"priceSpecification", {{"@type", "UnitPriceSpecification"}, {"price", item.price.to_string()},
                                                {"priceCurrency", m.pricing->currency},
                                                {"referenceQuantity", {{"@type", "QuantitativeValue"}, {"value", item.per}}}}}});
    }
    ld["offers"] = offers;
  }
  return script_safe_json(ld.dump());
}

}  // namespace

ModelView model_view(const SiteContext& ctx, const Model& m, const std::string& locale, const ParamTables& params) {
  const Localizer& loc = ctx.loc(locale);
  const SiteConfig& cfg = *ctx.config;
  const Provider& provider = provider_of(ctx, m);
  std::string path = model_path(locale, m);
  ModelView v;
  v.base = base_page(ctx, locale, path, [&](const std::string& l) { return model_path(l, m); }, m.name,
                     loc.message(key<"model.description">(), {MessageArg::str("name", m.name), MessageArg::str("provider", provider.name)}),
                     "models");
  const std::string& root = v.base.root;
  v.base.og_type = "product";
  v.catalog_href = root + url_of(catalog_path(locale));
  v.model = model_summary(ctx, locale, root, m);
  v.facts = key_facts(loc, m, provider);
  for (const auto& c : m.capabilities) v.capabilities.push_back({loc.message(key<"capability.">(c)), c});
  v.has_pricing = m.pricing && !m.pricing->items.empty();
  if (m.pricing) {
    v.price_tables = price_tables(loc, *m.pricing);
    v.currency = m.pricing->currency;
  }
  v.body = body_view(ctx, m.bodies, locale, key<"model.fallback_notice">());
  auto extras = ctx.extras.find(m.id);
  v.api_groups = api_groups(loc, extras != ctx.extras.end() ? &extras->second : nullptr, params);
  v.api_intro = loc.message(key<"api.intro">(), {MessageArg::str("variable", cfg.api.key_env)});
  v.key_env = cfg.api.key_env;
  if (!cfg.api.playground_url.empty()) v.playground_url = replace_all(cfg.api.playground_url, "{model}", m.id);
  for (const Model* r : related_models(*ctx.catalog, m)) v.related.push_back(model_card(ctx, locale, root, *r));
  v.base.json_ld = product_json_ld(m, provider, absolute(ctx, path), v.base.description);
  return v;
}

}  // namespace ms
