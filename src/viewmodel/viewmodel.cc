#include "viewmodel/viewmodel.h"

#include <algorithm>
#include <functional>

#include "core/json_source.h"
#include "core/text.h"
#include "viewmodel/pager.h"
#include "viewmodel/template_data.h"

namespace ms {

using kainjow::mustache::data;

std::vector<const Model*> related_models(const Catalog& catalog, const Model& m) {
  std::vector<const Model*> related;
  auto add = [&](const Model& other) {
    if (&other == &m || related.size() >= 6) return;
    if (std::find(related.begin(), related.end(), &other) == related.end()) related.push_back(&other);
  };
  // Indexes by family and provider keep this linear in the catalog size.
  if (auto f = catalog.by_family.find(m.family); !m.family.empty() && f != catalog.by_family.end())
    for (std::size_t i : f->second) {
      if (related.size() >= 6) break;
      add(catalog.models[i]);
    }
  if (auto p = catalog.by_provider.find(m.provider); p != catalog.by_provider.end())
    for (std::size_t i : p->second) {
      if (related.size() >= 6) break;
      if (catalog.models[i].status != "retired") add(catalog.models[i]);
    }
  return related;
}

std::string home_path(const std::string& locale) { return locale + "/index.html"; }
std::string catalog_path(const std::string& locale) { return locale + "/models/index.html"; }
std::string model_path(const std::string& locale, const Model& m) {
  return locale + "/models/" + m.provider + "/" + m.id + "/index.html";
}
std::string pricing_path(const std::string& locale) { return locale + "/pricing/index.html"; }
std::string deprecations_path(const std::string& locale) { return locale + "/deprecations/index.html"; }
std::string endpoints_path(const std::string& locale) { return locale + "/endpoints/index.html"; }
std::string free_page_path(const std::string& locale, const std::string& slug) { return locale + "/" + slug + "/index.html"; }
std::string not_found_path(const std::string& locale) { return locale + "/404.html"; }
std::string url_of(const std::string& path) {
  if (path == "index.html") return "./";
  if (ends_with(path, "/index.html")) return path.substr(0, path.size() - 10);
  return path;
}

Decimal per_million(const PriceItem& item) { return price_per(item.price, item.per, 1000000); }

Decimal price_per(const Decimal& price, std::int64_t per, std::int64_t quantity) {
  if (per == quantity) return price;
  return price.times(quantity).divided(Decimal::from_int(per), 12);
}

PriceItem shown_per_default(const PriceItem& given) {
  // Token, character, web-search and page prices read per the meter's usual quantity (1M tokens,
  // 1,000 searches), however the catalog states them (exact decimal scaling); per-image, per-second
  // and per-request prices read as written.
  const MeterInfo& info = given.info();
  bool scaled = info.kind == MeterKind::tokens || info.kind == MeterKind::characters ||
                info.kind == MeterKind::calls || info.kind == MeterKind::pages;
  if (!scaled || given.per == info.default_per) return given;
  PriceItem item = given;
  item.price = price_per(given.price, given.per, info.default_per);
  if (given.list_price) item.list_price = price_per(*given.list_price, given.per, info.default_per);
  item.per = info.default_per;
  return item;
}

std::string script_safe_json(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

TemplateData build_strings(const Localizer& loc) {
  data t;
  for (const auto& [key, value] : loc.plain_messages()) {
    // "pricing.title" -> t.pricing.title (kainjow resolves dotted names through objects).
    std::vector<std::string> parts;
    std::size_t start = 0, dot;
    while ((dot = key.find('.', start)) != std::string::npos) {
      parts.push_back(key.substr(start, dot - start));
      start = dot + 1;
    }
    parts.push_back(key.substr(start));
    // kainjow data has no mutable nested lookup, so rebuild the path top-down.
    std::function<void(data&, std::size_t)> put = [&](data& obj, std::size_t i) {
      if (i + 1 == parts.size()) {
        obj.set(parts[i], data(value));
        return;
      }
      const data* existing = obj.get(parts[i]);
      data child = existing && existing->is_object() ? *existing : data();
      put(child, i + 1);
      obj.set(parts[i], child);
    };
    put(t, 0);
  }
  return t;
}


namespace {
// A list page's template data: its view, as kainjow data.
template <auto View>
TemplateData list_page_data(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  return to_data(View(ctx, locale, page));
}
}  // namespace

std::vector<ListPage> list_pages(const Catalog& catalog, const std::string& locale) {
  struct Kind { const char* name; std::string (*first)(const std::string&); TemplateData (*data)(const SiteContext&, const std::string&, std::size_t); std::size_t rows; };
  const Kind kinds[] = {{"catalog", catalog_path, list_page_data<catalog_view>, catalog.models.size()},
                        {"pricing", pricing_path, list_page_data<pricing_view>, catalog.models.size()},
                        {"deprecations", deprecations_path, list_page_data<deprecations_view>, deprecations_rows(catalog)},
                        {"endpoints", endpoints_path, list_page_data<endpoints_view>, catalog.models.size()}};
  std::vector<ListPage> out;
  for (const auto& k : kinds)
    for (std::size_t n = 1; n <= list_page_count(k.rows); ++n) out.push_back({list_page_path(k.first(locale), n), k.name, n, k.first, k.data});
  return out;
}


std::string models_json(const Catalog& catalog, const SiteConfig& config) {
  Json models = Json::array();
  for (const auto& m : catalog.models) {
    Json j = {{"id", m.id}, {"name", m.name}, {"provider", m.provider}, {"status", m.status}, {"endpoints", m.endpoints}};
    if (!m.family.empty()) j["family"] = m.family;
    if (!m.released.empty()) j["released"] = m.released;
    if (!m.deprecated_on.empty()) j["deprecated_on"] = m.deprecated_on;
    if (!m.retired_on.empty()) j["retired_on"] = m.retired_on;
    if (!m.replacements.empty()) j["replacements"] = m.replacements;
    if (m.context_window) j["context_window"] = *m.context_window;
    if (m.max_output_tokens) j["max_output_tokens"] = *m.max_output_tokens;
    if (!m.knowledge_cutoff.empty()) j["knowledge_cutoff"] = m.knowledge_cutoff;
    if (!m.input_modalities.empty() || !m.output_modalities.empty())
      j["modalities"] = {{"input", m.input_modalities}, {"output", m.output_modalities}};
    if (!m.capabilities.empty()) j["capabilities"] = m.capabilities;
    if (m.commercial_use) j["commercial_use"] = *m.commercial_use;
    if (m.pricing) {
      Json items = Json::array();
      // Prices stay decimal strings: exact, never binary floating point.
      for (const auto& item : m.pricing->items) items.push_back(price_item_json(item));
      j["pricing"] = {{"currency", m.pricing->currency}, {"items", items}};
    }
    j["url"] = config.base_url + url_of(model_path(config.default_locale, m));
    models.push_back(std::move(j));
  }
  return Json{{"models", models}}.dump(2) + "\n";
}

}  // namespace ms
