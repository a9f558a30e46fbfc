#include "viewmodel/viewmodel.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <sstream>

#include "core/json_source.h"
#include "core/text.h"
#include "viewmodel/list_cells.h"
#include "viewmodel/list_data.h"
#include "viewmodel/mixed_text.h"
#include "viewmodel/pager.h"
#include "viewmodel/price_chart.h"
#include "viewmodel/price_sheet.h"

namespace ms {

using kainjow::mustache::data;

namespace {

std::string relative_root(const std::string& path) {
  std::string root;
  for (char c : path)
    if (c == '/') root += "../";
  return root;
}

// kainjow's data has no way to move items into a list: its list constructor and push_back copy
// every item deeply, which for nested lists (groups > tabs > code) meant copying each subtree once
// per level. The list is created empty and filled by moving, through list_value(): the vector it
// returns belongs to `out`, a non-const object, so writing to it is well defined. Its move
// constructor is not noexcept (a growing vector would copy), hence the reserve; for the same reason
// items are collected in a deque, which never moves what it holds.
using Items = std::deque<data>;
data list_of(Items&& items) {
  data out(data::type::list);
  auto& list = const_cast<kainjow::mustache::basic_list<std::string>&>(out.list_value());
  list.reserve(items.size());
  for (auto& d : items) list.emplace_back(std::move(d));
  return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

const Provider& provider_of(const SiteContext& ctx, const Model& m) {
  static const Provider none;
  const Provider* p = ctx.catalog->provider(m.provider);
  return p ? *p : none;
}

std::string absolute(const SiteContext& ctx, const std::string& path) { return ctx.config->base_url + url_of(path); }

// Shared head, navigation and language switcher. `path_for` gives this page's path in a locale.
data base_page(const SiteContext& ctx, const std::string& locale, const std::string& path,
               const std::function<std::string(const std::string&)>& path_for, const std::string& title,
               const std::string& description, const char* current_nav) {
  const Localizer& loc = ctx.loc(locale);
  const SiteConfig& cfg = *ctx.config;
  std::string root = relative_root(path);
  data d;
  d["lang"] = locale;
  d["dir"] = loc.dir();
  d["rtl"] = loc.rtl();
  d["format_locale"] = loc.format_locale();
  d["root"] = root;
  d["site_title"] = cfg.title;
  d["heading"] = title;
  d["page_title"] = title == cfg.title ? title : title + " · " + cfg.title;
  d["description"] = description;
  d["canonical"] = absolute(ctx, path);
  d["og_type"] = "website";
  d["og_locale"] = replace_all(locale, "-", "_");
  d["css"] = root + ctx.assets.at("css");
  d["js"] = root + ctx.assets.at("js");
  data asset;
  for (const auto& [key, url] : ctx.assets) asset[key] = root + url;
  d["asset"] = std::move(asset);
  d["home_href"] = root + url_of(home_path(locale));
  // The header's search: a link to the catalog without JavaScript, the search dialog with it.
  d["search_href"] = root + url_of(catalog_path(locale));
  d["search_index"] = root + locale + "/search/meta.json";
  d["search_results_message"] = loc.pattern("search.results");

  Items alternates, languages;
  for (const auto& other : cfg.locales) {
    data a;
    a["hreflang"] = other;
    a["href"] = absolute(ctx, path_for(other));
    alternates.push_back(std::move(a));
    data l;
    l["name"] = ctx.loc(other).language_name();
    l["lang"] = other;
    l["dir"] = ctx.loc(other).dir();
    l["href"] = root + url_of(path_for(other));
    l["current"] = other == locale;
    languages.push_back(std::move(l));
  }
  d["alternates"] = list_of(std::move(alternates));
  d["x_default"] = absolute(ctx, path_for(cfg.default_locale));
  d["languages"] = list_of(std::move(languages));
  d["has_languages"] = languages.size() > 1;

  struct NavItem { const char* id; const char* key; std::string path; };
  std::vector<NavItem> items = {{"models", "nav.models", catalog_path(locale)},
                                {"pricing", "nav.pricing", pricing_path(locale)},
                                {"deprecations", "nav.deprecations", deprecations_path(locale)},
                                {"endpoints", "nav.endpoints", endpoints_path(locale)}};
  Items nav;
  for (const auto& item : items) {
    data n;
    n["label"] = loc.message(item.key);
    n["href"] = root + url_of(item.path);
    n["current"] = current_nav && std::string(current_nav) == item.id;
    nav.push_back(std::move(n));
  }
  d["nav"] = list_of(std::move(nav));
  return d;
}

// The pager of page `page` of a list whose first page is at `first(locale)`; later pages also
// name their number in the title, so that no two pages share one.
void paginate(data& d, const SiteContext& ctx, const std::string& locale, const std::string& root,
              std::string (*first)(const std::string&), std::size_t page, std::size_t rows) {
  const Localizer& loc = ctx.loc(locale);
  std::size_t pages = list_page_count(rows);
  put_pager(d, loc, root, ctx.config->base_url, [&](std::size_t n) { return list_page_path(first(locale), n); }, page, pages);
  if (page > 1)
    d["page_title"] = d.get("heading")->string_value() + " · " +
                      loc.message("pager.status", {MessageArg::num("page", static_cast<std::int64_t>(page)),
                                                   MessageArg::num("pages", static_cast<std::int64_t>(pages))}) +
                      " · " + ctx.config->title;
}

// Page `page` of a list in every locale, for the alternates.
std::function<std::string(const std::string&)> page_in(std::string (*first)(const std::string&), std::size_t page) {
  return [first, page](const std::string& l) { return list_page_path(first(l), page); };
}

// Deprecated, retired or dated models: the rows of the deprecations list.
bool on_deprecations_list(const Model& m) {
  return m.status == "deprecated" || m.status == "retired" || !m.deprecated_on.empty() || !m.retired_on.empty();
}

std::string status_label(const Localizer& loc, const std::string& status) { return loc.message("status." + status); }

// "Retired on March 26, 2026" and the like, or "".
std::string status_note(const Localizer& loc, const Model& m) {
  if (!m.retired_on.empty())
    return loc.message(m.status == "retired" ? "status.retired_since" : "status.retires_on",
                       {MessageArg::str("date", loc.date(m.retired_on))});
  if (!m.deprecated_on.empty())
    return loc.message("status.deprecated_since", {MessageArg::str("date", loc.date(m.deprecated_on))});
  return "";
}

std::string tokens(const Localizer& loc, std::int64_t n) {
  return loc.message("model.tokens", {MessageArg::num("count", n)});
}

// "$24.00 / $48.00" per 1M tokens, or the first price with its unit.
std::string price_summary(const Localizer& loc, const Model& m) {
  if (!m.pricing || m.pricing->items.empty()) return loc.message("pricing.no_price");
  auto in = million_price(m, "input_tokens");
  auto out = million_price(m, "output_tokens");
  const std::string& cur = m.pricing->currency;
  if (in && out) return loc.price(*in, cur) + " / " + loc.price(*out, cur);
  PriceItem first = shown_per_default(m.pricing->items.front());
  return loc.price(first.price, cur) + " " + meter_unit(loc, first);
}

// The same as HTML, with only the amounts isolated left-to-right (never a unit in words).
std::string price_summary_html(const Localizer& loc, const Model& m) {
  if (!m.pricing || m.pricing->items.empty()) return html_escape(loc.message("pricing.no_price"));
  auto in = million_price(m, "input_tokens");
  auto out = million_price(m, "output_tokens");
  const std::string& cur = m.pricing->currency;
  if (in && out) return "<bdi dir=\"ltr\">" + html_escape(loc.price(*in, cur) + " / " + loc.price(*out, cur)) + "</bdi>";
  PriceItem first = shown_per_default(m.pricing->items.front());
  return price_html(loc, first.price, cur, false) + " " + html_escape(meter_unit(loc, first));
}

// A list row's price columns (text, HTML, "from" when context tiers raise them, exact sort keys).
void put_token_prices(const Localizer& loc, const Model& m, data& r) {
  TokenCells cells = token_cells(loc, m);
  auto put = [&](const std::string& name, const PriceCell& c) {
    r[name + "_price"] = c.text;
    r[name + "_price_html"] = c.html;
    r[name + "_from"] = c.from;
    r[name + "_sort"] = c.sort;
  };
  put("input", cells.input);
  put("output", cells.output);
  put("blended", cells.blended);
  r["has_prices"] = cells.has_prices;
}

data model_link(const SiteContext& /*ctx*/, const std::string& locale, const std::string& root, const Model& m) {
  data d;
  d["name"] = m.name;
  d["id"] = m.id;
  d["href"] = root + url_of(model_path(locale, m));
  return d;
}

CardText card_text(const Localizer& loc, const Model& m) {
  return {status_label(loc, m.status), price_summary(loc, m), price_summary_html(loc, m),
          m.context_window ? tokens(loc, *m.context_window) : ""};
}

data model_card(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m) {
  const Localizer& loc = ctx.loc(locale);
  data d = model_link(ctx, locale, root, m);
  d["provider"] = provider_of(ctx, m).name;
  d["status"] = m.status;
  auto fill = [&](const CardText& text) {
    d["status_label"] = text.status_label;
    d["price"] = text.price;
    d["price_html"] = text.price_html;
    d["context"] = text.context;
  };
  const auto& models = ctx.catalog->models;
  auto cards = ctx.cards.find(locale);
  if (cards != ctx.cards.end() && &m >= models.data() && &m < models.data() + models.size())
    fill(cards->second.get(static_cast<std::size_t>(&m - models.data()), [&] { return card_text(loc, m); }));
  else
    fill(card_text(loc, m));
  d["has_context"] = m.context_window.has_value();
  d["meta_html"] = message_html(loc, "card.meta", {{"id", "<bdi dir=\"ltr\" class=\"mono\">" + html_escape(m.id) + "</bdi>"},
                                                   {"provider", isolate(loc, provider_of(ctx, m).name)}});
  return d;
}

data replacement_links(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m) {
  Items out;
  std::string separator = ctx.loc(locale).message("list.separator");
  for (const auto& id : m.replacements)
    if (const Model* r = ctx.catalog->model(id)) {
      data link = model_link(ctx, locale, root, *r);
      link["separator"] = out.empty() ? std::string() : separator;
      out.push_back(std::move(link));
    }
  return list_of(std::move(out));
}

// Body in the page's locale, or the default locale's, marked with its own lang and dir.
void put_body(const SiteContext& ctx, data& d, const std::map<std::string, ProseBody>& bodies,
              const std::string& locale, const char* notice_key) {
  const std::string& def = ctx.config->default_locale;
  auto own = bodies.find(locale);
  const ProseBody* body = own != bodies.end() ? &own->second : nullptr;
  std::string body_locale = locale;
  if (!body) {
    auto fb = bodies.find(def);
    if (fb != bodies.end()) {
      body = &fb->second;
      body_locale = def;
    }
  }
  d["has_body"] = body != nullptr;
  d["body_html"] = body ? body->html : "";
  d["body_lang"] = body_locale;
  d["body_dir"] = ctx.loc(body_locale).dir();
  bool fallback = body && body_locale != locale;
  d["body_fallback"] = fallback;
  d["fallback_notice"] = fallback ? ctx.loc(locale).message(notice_key, {MessageArg::str("language", ctx.loc(locale).language_name())}) : "";
}

// A free page's title: the text of its body's first level-1 heading, else its slug.
std::string page_title(const Page& page, const ProseBody& body) {
  std::string title = page.slug;
  std::size_t h1 = body.html.find("<h1");
  if (h1 == std::string::npos) return title;
  std::size_t start = body.html.find('>', h1) + 1;
  std::size_t end = body.html.find(" <a class=\"anchor\"", start);
  if (end == std::string::npos) end = body.html.find("</h1>", start);
  std::string plain;
  bool tag = false;
  for (char c : body.html.substr(start, end - start)) {
    if (c == '<') tag = true;
    else if (c == '>') tag = false;
    else if (!tag) plain += c;
  }
  return replace_all(replace_all(replace_all(replace_all(plain, "&lt;", "<"), "&gt;", ">"), "&quot;", "\""), "&amp;", "&");
}

}  // namespace

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

TemplateData home_page(const SiteContext& ctx, const std::string& locale) {
  const Localizer& loc = ctx.loc(locale);
  const Catalog& cat = *ctx.catalog;
  std::string path = home_path(locale);
  data d = base_page(ctx, locale, path, home_path, ctx.config->title,
                     ctx.config->description.empty() ? loc.message("home.title") : ctx.config->description, nullptr);
  std::string root = relative_root(path);
  d["lead"] = loc.message("home.lead", {MessageArg::num("models", static_cast<std::int64_t>(cat.models.size())),
                                        MessageArg::num("providers", static_cast<std::int64_t>(cat.providers.size()))});
  d["catalog_href"] = root + url_of(catalog_path(locale));
  d["pricing_href"] = root + url_of(pricing_path(locale));
  Items providers;
  for (const auto& p : cat.providers) {
    data pd;
    pd["name"] = p.name;
    pd["id"] = p.id;
    // A few cards per provider; the catalog lists the rest.
    Items models;
    std::int64_t count = 0;
    for (const auto& m : cat.models) {
      if (m.provider != p.id) continue;
      if (++count <= static_cast<std::int64_t>(kHomeCardsPerProvider)) models.push_back(model_card(ctx, locale, root, m));
    }
    std::int64_t more = count - static_cast<std::int64_t>(models.size());
    pd["count"] = loc.integer(count);
    pd["models"] = list_of(std::move(models));
    pd["has_more"] = more > 0;
    pd["more"] = more > 0 ? loc.message("home.more_models", {MessageArg::num("count", more)}) : "";
    providers.push_back(std::move(pd));
  }
  d["providers"] = list_of(std::move(providers));
  Items pages;
  for (const auto& pg : cat.pages) {
    data p;
    auto own = pg.bodies.find(locale);
    const ProseBody& b = own != pg.bodies.end() ? own->second : pg.bodies.at(ctx.config->default_locale);
    p["title"] = page_title(pg, b);
    p["href"] = root + url_of(free_page_path(locale, pg.slug));
    pages.push_back(std::move(p));
  }
  d["pages"] = list_of(std::move(pages));
  d["has_pages"] = !pages.empty();
  return d;
}

TemplateData catalog_page(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  const Catalog& cat = *ctx.catalog;
  std::string path = list_page_path(catalog_path(locale), page);
  data d = base_page(ctx, locale, path, page_in(catalog_path, page), loc.message("catalog.title"),
                     loc.message("catalog.lead", {MessageArg::num("count", static_cast<std::int64_t>(cat.models.size()))}),
                     "models");
  std::string root = relative_root(path);
  d["lead"] = d.get("description")->string_value();
  auto [begin, end] = list_page_rows(cat.models.size(), page);
  paginate(d, ctx, locale, root, catalog_path, page, cat.models.size());
  d["shown"] = loc.message("catalog.shown", {MessageArg::num("count", static_cast<std::int64_t>(end - begin))});
  // After filtering, the script formats this pattern itself (ICU plural rules in the browser).
  d["shown_of_message"] = loc.pattern("catalog.shown_of");
  d["show_more_message"] = loc.pattern("catalog.show_more");
  auto rows_data = ctx.list_data.find(locale);
  d["rows_href"] = rows_data != ctx.list_data.end() ? root + rows_data->second : "";
  Items rows;
  for (std::size_t i = begin; i < end; ++i) {
    const Model& m = cat.models[i];
    data r = model_card(ctx, locale, root, m);
    r["provider_id"] = m.provider;
    r["modalities_html"] = modality_flow_html(loc, m);
    std::vector<std::string> mods = m.input_modalities;
    for (const auto& o : m.output_modalities)
      if (std::find(mods.begin(), mods.end(), o) == mods.end()) mods.push_back(o);
    r["modality_tokens"] = join(mods, " ");
    r["endpoint_tokens"] = join(m.endpoints, " ");
    r["capability_tokens"] = join(m.capabilities, " ");
    r["context_compact"] = m.context_window ? loc.compact(*m.context_window) : "";
    r["context_sort"] = m.context_window ? std::to_string(*m.context_window) : "";
    put_token_prices(loc, m, r);
    rows.push_back(std::move(r));
  }
  d["models"] = list_of(std::move(rows));
  auto options = [&](const std::vector<std::pair<std::string, std::string>>& values) {
    Items out;
    for (const auto& [value, label] : values) {
      data o;
      o["value"] = value;
      o["label"] = label;
      out.push_back(std::move(o));
    }
    return list_of(std::move(out));
  };
  std::vector<std::pair<std::string, std::string>> providers, modalities, endpoints, capabilities, statuses;
  for (const auto& p : cat.providers) providers.emplace_back(p.id, p.name);
  for (const auto& m : modality_names()) modalities.emplace_back(m, loc.message("modality." + m));
  for (const auto& e : endpoint_names()) endpoints.emplace_back(e, loc.message("endpoint." + e));
  for (const auto& c : capability_names()) capabilities.emplace_back(c, loc.message("capability." + c));
  for (const auto& s : model_statuses()) statuses.emplace_back(s, status_label(loc, s));
  data filters{data::type::list};
  auto filter = [&](const char* id, const std::string& label, data opts) {
    data f;
    f["id"] = id;
    f["label"] = label;
    f["options"] = std::move(opts);
    filters.push_back(std::move(f));
  };
  filter("provider", loc.message("model.provider"), options(providers));
  filter("modality", loc.message("model.modalities"), options(modalities));
  filter("endpoint", loc.message("model.endpoints"), options(endpoints));
  filter("capability", loc.message("model.capabilities"), options(capabilities));
  filter("status", loc.message("model.status"), options(statuses));
  d["filters"] = std::move(filters);
  return d;
}

TemplateData api_params(const SiteContext& ctx, const std::string& endpoint, const std::string& locale) {
  const Localizer& loc = ctx.loc(locale);
  const std::string& fallback = ctx.config->default_locale;
  Items params;
  auto doc = ctx.catalog->endpoints.find(endpoint);
  if (doc != ctx.catalog->endpoints.end()) {
    for (const auto& p : doc->second.parameters) {
      data pd;
      pd["name"] = p.name;
      pd["type"] = p.type;
      pd["required"] = loc.message(p.required ? "api.required_yes" : "api.required_no");
      pd["is_required"] = p.required;
      auto desc = p.description.find(locale);
      if (desc == p.description.end()) desc = p.description.find(fallback);
      if (desc == p.description.end()) desc = p.description.find("");
      // A description missing in this locale shows the default locale's, marked with its own
      // language and direction (an English sentence inside an Arabic table stays left to right).
      std::string lang = desc != p.description.end() && !desc->first.empty() ? desc->first : fallback;
      pd["description"] = desc != p.description.end() ? desc->second : "";
      pd["description_lang"] = lang;
      pd["description_dir"] = ctx.loc(lang).dir();
      pd["description_fallback"] = lang != locale;
      params.push_back(std::move(pd));
    }
  }
  data d;
  d["has_params"] = !params.empty();
  d["params"] = list_of(std::move(params));
  return d;
}

TemplateData model_page(const SiteContext& ctx, const Model& m, const std::string& locale) {
  const Localizer& loc = ctx.loc(locale);
  const SiteConfig& cfg = *ctx.config;
  const Provider& provider = provider_of(ctx, m);
  std::string path = model_path(locale, m);
  auto path_for = [&](const std::string& l) { return model_path(l, m); };
  data d = base_page(ctx, locale, path, path_for, m.name,
                     loc.message("model.description", {MessageArg::str("name", m.name), MessageArg::str("provider", provider.name)}),
                     "models");
  std::string root = relative_root(path);
  d["og_type"] = "product";
  d["catalog_href"] = root + url_of(catalog_path(locale));
  data md;
  md["name"] = m.name;
  md["id"] = m.id;
  md["provider"] = provider.name;
  md["provider_id"] = provider.id;
  {
    // The first character (not byte) of the provider's name.
    std::size_t n = 1;
    while (n < provider.name.size() && (static_cast<unsigned char>(provider.name[n]) & 0xC0) == 0x80) ++n;
    md["provider_initial"] = provider.name.empty() ? std::string("?") : provider.name.substr(0, n);
  }
  md["provider_url"] = provider.website;
  md["status"] = m.status;
  md["status_label"] = status_label(loc, m.status);
  md["show_status"] = m.status != "active";
  md["status_note"] = status_note(loc, m);
  md["replacements"] = replacement_links(ctx, locale, root, m);
  md["has_replacements"] = !m.replacements.empty();
  d["model"] = std::move(md);

  // Key facts, in a fixed order; a fact the catalog does not give is left out.
  Items facts;
  auto fact_html = [&](const std::string& label, const std::string& html, bool ltr = false) {
    if (html.empty()) return;
    data f;
    f["label"] = label;
    f["value_html"] = html;
    f["ltr"] = ltr;
    facts.push_back(std::move(f));
  };
  auto fact = [&](const std::string& label, const std::string& value, bool ltr = false) {
    fact_html(label, html_escape(value), ltr);
  };
  fact(loc.message("model.id"), m.id, true);
  fact(loc.message("model.provider"), provider.name);
  if (!m.family.empty()) fact(loc.message("model.family"), m.family, true);
  fact(loc.message("model.context_window"), m.context_window ? tokens(loc, *m.context_window) : loc.message("model.not_published"));
  if (m.max_output_tokens) fact(loc.message("model.max_output"), tokens(loc, *m.max_output_tokens));
  if (!m.input_modalities.empty()) fact_html(loc.message("model.input"), modality_list_html(loc, m.input_modalities));
  if (!m.output_modalities.empty()) fact_html(loc.message("model.output"), modality_list_html(loc, m.output_modalities));
  {
    std::vector<std::string> eps;
    for (const auto& e : m.endpoints) eps.push_back(loc.message("endpoint." + e));
    fact_html(loc.message("model.endpoints"), list_html(loc, eps));
  }
  if (!m.knowledge_cutoff.empty()) fact(loc.message("model.knowledge_cutoff"), loc.date(m.knowledge_cutoff));
  if (!m.released.empty()) fact(loc.message("model.released"), loc.date(m.released));
  if (!m.deprecated_on.empty()) fact(loc.message("model.deprecated_on"), loc.date(m.deprecated_on));
  if (!m.retired_on.empty()) fact(loc.message("model.retired_on"), loc.date(m.retired_on));
  if (m.commercial_use)
    fact(loc.message("model.commercial_use"), loc.message(*m.commercial_use ? "model.commercial_use_yes" : "model.commercial_use_no"));
  d["facts"] = list_of(std::move(facts));

  Items caps;
  for (const auto& c : m.capabilities) {
    data cd;
    cd["label"] = loc.message("capability." + c);
    cd["id"] = c;
    caps.push_back(std::move(cd));
  }
  d["capabilities"] = list_of(std::move(caps));
  d["has_capabilities"] = !caps.empty();

  d["has_pricing"] = m.pricing && !m.pricing->items.empty();
  if (m.pricing) {
    d["price_tables"] = price_tables(loc, *m.pricing);
    d["currency"] = m.pricing->currency;
  }
  put_body(ctx, d, m.bodies, locale, "model.fallback_notice");

  // API section: one tab group per endpoint (and streaming variant), one tab per target.
  Items groups;
  auto extras = ctx.extras.find(m.id);
  if (extras != ctx.extras.end()) {
    for (const auto& g : extras->second.snippets) {
      data gd;
      std::string gid = g.endpoint + (g.stream ? "-stream" : "");
      std::replace(gid.begin(), gid.end(), '.', '-');
      std::string title = loc.message("endpoint." + g.endpoint);
      if (g.stream) title = loc.message("api.streaming", {MessageArg::str("endpoint", title)});
      gd["id"] = gid;
      gd["title"] = title;
      gd["method"] = g.request.method;
      gd["path"] = g.request.path;
      Items tabs;
      for (std::size_t i = 0; i < g.targets.size(); ++i) {
        data tab;
        tab["target"] = g.targets[i];
        tab["label"] = target_label(g.targets[i]);
        tab["language"] = target_language(g.targets[i]);
        tab["code_html"] = g.code_html[i];
        tab["tab_id"] = "tab-" + gid + "-" + g.targets[i];
        tab["panel_id"] = "panel-" + gid + "-" + g.targets[i];
        tab["selected"] = i == 0;
        tabs.push_back(std::move(tab));
      }
      gd["tabs"] = list_of(std::move(tabs));
      gd["example_response_html"] = g.example_response_html;
      gd["has_example_response"] = !g.example_response_html.empty();
      if (!g.stream) {
        // The endpoint's parameter table, rendered once per endpoint and locale (api_params).
        const std::string* html = nullptr;
        if (auto by_locale = ctx.params_html.find(locale); by_locale != ctx.params_html.end())
          if (auto it = by_locale->second.find(g.endpoint); it != by_locale->second.end()) html = &it->second;
        gd["params_html"] = html ? *html : std::string();
        gd["has_params"] = html != nullptr;
      }
      groups.push_back(std::move(gd));
    }
  }
  d["api_groups"] = list_of(std::move(groups));
  d["has_api"] = !groups.empty();
  d["api_intro"] = loc.message("api.intro", {MessageArg::str("variable", cfg.api.key_env)});
  d["key_env"] = cfg.api.key_env;
  if (!cfg.api.playground_url.empty()) {
    d["playground_url"] = replace_all(cfg.api.playground_url, "{model}", m.id);
    d["has_playground"] = true;
  }

  std::vector<const Model*> related = related_models(*ctx.catalog, m);
  Items cards;
  for (const Model* r : related) cards.push_back(model_card(ctx, locale, root, *r));
  d["related"] = list_of(std::move(cards));
  d["has_related"] = !cards.empty();

  // schema.org Product with one Offer per price.
  Json ld = {{"@context", "https://schema.org"}, {"@type", "Product"}, {"name", m.name}, {"sku", m.id},
             {"url", absolute(ctx, path)}, {"brand", {{"@type", "Brand"}, {"name", provider.name}}},
             {"description", d.get("description")->string_value()}};
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
  d["json_ld"] = script_safe_json(ld.dump());
  return d;
}

TemplateData pricing_page(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  std::string path = list_page_path(pricing_path(locale), page);
  data d = base_page(ctx, locale, path, page_in(pricing_path, page), loc.message("pricing.page_title"), loc.message("pricing.page_lead"), "pricing");
  std::string root = relative_root(path);
  auto [begin, end] = list_page_rows(ctx.catalog->models.size(), page);
  paginate(d, ctx, locale, root, pricing_path, page, ctx.catalog->models.size());
  put_list_form(d, ctx, locale, root, end - begin);
  Items rows;
  std::vector<ChartPoint> points;
  for (std::size_t i = begin; i < end; ++i) {
    const Model& m = ctx.catalog->models[i];
    data r = model_link(ctx, locale, root, m);
    r["provider"] = provider_of(ctx, m).name;
    r["status_label"] = status_label(loc, m.status);
    r["status"] = m.status;
    TokenPrices tp = token_prices(m);
    const auto& in = tp.input;
    const auto& out = tp.output;
    const std::string cur = m.pricing ? m.pricing->currency : "USD";
    put_token_prices(loc, m, r);
    PricingCells pc = pricing_cells(loc, m);
    r["input_list"] = pc.input_list;
    r["has_input_list"] = !pc.input_list.empty();
    r["output_list"] = pc.output_list;
    r["has_output_list"] = !pc.output_list.empty();
    r["discount"] = pc.discount;
    r["has_discount"] = !pc.discount.empty();
    r["other_html"] = pc.other_html;
    r["has_other"] = !pc.other_html.empty();
    r["has_any_price"] = pc.has_any_price;
    rows.push_back(std::move(r));
    if (in && out && !in->is_zero() && !out->is_zero())
      points.push_back({m.id, root + url_of(model_path(locale, m)),
                        m.name + ": " + loc.price(*million_price(m, "input_tokens"), cur) + " / " +
                            loc.price(*million_price(m, "output_tokens"), cur),
                        m.provider, std::stod(in->to_string()), std::stod(out->to_string()),
                        m.context_window ? static_cast<std::int64_t>(*m.context_window) : 0});
  }
  d["models"] = list_of(std::move(rows));

  // Scatter chart of input against output price per 1M tokens of this page's models.
  d["chart_svg"] = price_chart_svg(loc, points);
  d["has_chart"] = !points.empty();
  return d;
}

std::size_t deprecations_rows(const Catalog& catalog) {
  return static_cast<std::size_t>(std::count_if(catalog.models.begin(), catalog.models.end(), on_deprecations_list));
}

std::vector<ListPage> list_pages(const Catalog& catalog, const std::string& locale) {
  struct Kind { const char* name; std::string (*first)(const std::string&); TemplateData (*data)(const SiteContext&, const std::string&, std::size_t); std::size_t rows; };
  const Kind kinds[] = {{"catalog", catalog_path, catalog_page, catalog.models.size()},
                        {"pricing", pricing_path, pricing_page, catalog.models.size()},
                        {"deprecations", deprecations_path, deprecations_page, deprecations_rows(catalog)},
                        {"endpoints", endpoints_path, endpoints_page, catalog.models.size()}};
  std::vector<ListPage> out;
  for (const auto& k : kinds)
    for (std::size_t n = 1; n <= list_page_count(k.rows); ++n) out.push_back({list_page_path(k.first(locale), n), k.name, n, k.first, k.data});
  return out;
}

TemplateData deprecations_page(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  std::string path = list_page_path(deprecations_path(locale), page);
  data d = base_page(ctx, locale, path, page_in(deprecations_path, page), loc.message("deprecations.title"), loc.message("deprecations.lead"), "deprecations");
  std::string root = relative_root(path);
  std::vector<const Model*> listed;
  for (const auto& m : ctx.catalog->models)
    if (on_deprecations_list(m)) listed.push_back(&m);
  // Most recent shutdown first; undated last; ties by id.
  std::stable_sort(listed.begin(), listed.end(), [](const Model* a, const Model* b) {
    std::string da = !a->retired_on.empty() ? a->retired_on : a->deprecated_on;
    std::string db = !b->retired_on.empty() ? b->retired_on : b->deprecated_on;
    if (da != db) return da > db;
    return a->id < b->id;
  });
  auto [begin, end] = list_page_rows(listed.size(), page);
  paginate(d, ctx, locale, root, deprecations_path, page, listed.size());
  listed = std::vector<const Model*>(listed.begin() + static_cast<std::ptrdiff_t>(begin), listed.begin() + static_cast<std::ptrdiff_t>(end));
  Items rows;
  for (const Model* m : listed) {
    data r = model_link(ctx, locale, root, *m);
    r["provider"] = provider_of(ctx, *m).name;
    r["status"] = m->status;
    r["status_label"] = status_label(loc, m->status);
    r["deprecated_on"] = m->deprecated_on.empty() ? "" : loc.date(m->deprecated_on);
    r["retired_on"] = m->retired_on.empty() ? "" : loc.date(m->retired_on);
    r["deprecated_iso"] = m->deprecated_on;
    r["retired_iso"] = m->retired_on;
    r["has_deprecated_on"] = !m->deprecated_on.empty();
    r["has_retired_on"] = !m->retired_on.empty();
    r["replacements"] = replacement_links(ctx, locale, root, *m);
    r["has_replacements"] = !m->replacements.empty();
    rows.push_back(std::move(r));
  }
  d["models"] = list_of(std::move(rows));
  d["has_models"] = !rows.empty();
  return d;
}

TemplateData endpoints_page(const SiteContext& ctx, const std::string& locale, std::size_t page) {
  const Localizer& loc = ctx.loc(locale);
  std::string path = list_page_path(endpoints_path(locale), page);
  data d = base_page(ctx, locale, path, page_in(endpoints_path, page), loc.message("endpoints.title"), loc.message("endpoints.lead"), "endpoints");
  std::string root = relative_root(path);
  const auto& all = ctx.catalog->models;
  auto [begin, end] = list_page_rows(all.size(), page);
  paginate(d, ctx, locale, root, endpoints_path, page, all.size());
  Items endpoints;
  Items header;
  for (const auto& e : endpoint_names()) {
    data ed;
    ed["id"] = e;
    ed["title"] = loc.message("endpoint." + e);
    auto doc = ctx.catalog->endpoints.find(e);
    ed["path"] = doc != ctx.catalog->endpoints.end() ? doc->second.method + " /v1" + doc->second.path : "";
    // The count covers the whole catalog; the links, the models on this page.
    Items models;
    std::int64_t serving = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (std::find(all[i].endpoints.begin(), all[i].endpoints.end(), e) == all[i].endpoints.end()) continue;
      ++serving;
      if (i >= begin && i < end) models.push_back(model_link(ctx, locale, root, all[i]));
    }
    ed["models"] = list_of(std::move(models));
    ed["summary_html"] = message_html(loc, "endpoints.summary", {{"path", "<code dir=\"ltr\">" + html_escape(ed.get("path")->string_value()) + "</code>"}},
                                      {MessageArg::num("count", serving)});
    endpoints.push_back(ed);
    data h;
    h["title"] = ed.get("title")->string_value();
    header.push_back(h);
  }
  d["endpoints"] = list_of(std::move(endpoints));
  d["header"] = list_of(std::move(header));
  Items matrix;
  for (std::size_t i = begin; i < end; ++i) {
    const Model& m = all[i];
    data r = model_link(ctx, locale, root, m);
    Items cells;
    for (const auto& e : endpoint_names()) {
      data c;
      bool yes = std::find(m.endpoints.begin(), m.endpoints.end(), e) != m.endpoints.end();
      c["yes"] = yes;
      c["label"] = loc.message("endpoints.serves", {MessageArg::str("endpoint", loc.message("endpoint." + e))});
      cells.push_back(std::move(c));
    }
    r["cells"] = list_of(std::move(cells));
    matrix.push_back(std::move(r));
  }
  d["matrix"] = list_of(std::move(matrix));
  return d;
}

TemplateData free_page(const SiteContext& ctx, const Page& page, const std::string& locale) {
  std::string path = free_page_path(locale, page.slug);
  auto own = page.bodies.find(locale);
  const ProseBody& body = own != page.bodies.end() ? own->second : page.bodies.at(ctx.config->default_locale);
  std::string title = page_title(page, body);
  data d = base_page(ctx, locale, path, [&](const std::string& l) { return free_page_path(l, page.slug); }, title, title, nullptr);
  d["slug"] = page.slug;
  put_body(ctx, d, page.bodies, locale, "page.fallback_notice");
  return d;
}

TemplateData not_found_page(const SiteContext& ctx, const std::string& locale) {
  const Localizer& loc = ctx.loc(locale);
  std::string path = not_found_path(locale);
  data d = base_page(ctx, locale, path, not_found_path, loc.message("notfound.title"), loc.message("notfound.lead"), nullptr);
  // Served for any missing URL: links must not depend on where the page sits.
  std::string base = ctx.config->base_url;
  d["root"] = base;
  d["css"] = base + ctx.assets.at("css");
  d["js"] = base + ctx.assets.at("js");
  d["home_href"] = base + url_of(home_path(locale));
  data nav = *d.get("nav");
  data fixed{data::type::list};
  std::vector<std::string> paths = {catalog_path(locale), pricing_path(locale), deprecations_path(locale), endpoints_path(locale)};
  for (std::size_t i = 0; i < paths.size(); ++i) {
    data n = nav.list_value()[i];
    n["href"] = base + url_of(paths[i]);
    fixed.push_back(std::move(n));
  }
  d["nav"] = std::move(fixed);
  data langs{data::type::list};
  for (const auto& l : d.get("languages")->list_value()) {
    data n = l;
    n["href"] = base + url_of(not_found_path(n.get("lang")->string_value()));
    langs.push_back(std::move(n));
  }
  d["languages"] = std::move(langs);
  return d;
}

TemplateData root_index_page(const SiteContext& ctx) {
  const SiteConfig& cfg = *ctx.config;
  data d = base_page(ctx, cfg.default_locale, "index.html", [](const std::string& l) { return home_path(l); }, cfg.title,
                     cfg.description.empty() ? ctx.loc(cfg.default_locale).message("home.title") : cfg.description, nullptr);
  d["canonical"] = cfg.base_url;
  Items choices;
  Json locales = Json::array();
  for (const auto& l : cfg.locales) {
    data c;
    c["lang"] = l;
    c["dir"] = ctx.loc(l).dir();
    c["name"] = ctx.loc(l).language_name();
    c["prompt"] = ctx.loc(l).message("site.choose_language");
    c["href"] = url_of(home_path(l));
    choices.push_back(std::move(c));
    locales.push_back(l);
  }
  d["choices"] = list_of(std::move(choices));
  d["locales_json"] = script_safe_json(locales.dump());
  d["default_locale"] = cfg.default_locale;
  return d;
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

namespace ms {
const std::vector<std::string>& viewmodel_message_keys() {
  static const std::vector<std::string> keys = {
      "alert.", "capability.", "endpoint.", "meter.", "modality.", "status.", "nav.models", "nav.pricing",
      "nav.deprecations", "nav.endpoints", "api.intro", "api.streaming", "api.required_yes", "api.required_no",
      "card.meta", "catalog.lead", "catalog.shown", "catalog.shown_of", "catalog.title", "deprecations.lead", "deprecations.title",
      "endpoints.lead", "endpoints.serves", "endpoints.summary", "endpoints.title", "home.lead", "home.title", "list.separator",
      "model.commercial_use", "model.commercial_use_yes", "model.commercial_use_no", "model.context_window",
      "model.deprecated_on", "model.description", "model.endpoints", "model.family", "model.id", "model.input",
      "model.knowledge_cutoff", "model.max_output", "model.modalities", "model.not_published", "model.output",
      "model.provider", "model.released", "model.retired_on", "model.status", "model.tokens",
      "model.fallback_notice", "page.fallback_notice", "notfound.lead", "notfound.title", "pricing.chart_desc",
      "pricing.chart_title", "pricing.no_price", "pricing.page_lead", "pricing.page_title", "pricing.per_1m_input",
      "pricing.per_1m_output", "site.choose_language", "pricing.tier.", "pricing.ttl.", "pricing.quality.",
      "pricing.region", "pricing.over_tokens", "pricing.up_to_tokens", "pricing.any_size", "pricing.any_quality",
      "pricing.from", "pricing.meter", "pager.", "home.more_models", "catalog.show_more", "search.results"};
  return keys;
}
}  // namespace ms
