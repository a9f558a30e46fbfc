#include "viewmodel/view_parts.h"

#include "core/text.h"
#include "i18n/message_keys.h"
#include "viewmodel/list_cells.h"
#include "viewmodel/mixed_text.h"
#include "viewmodel/pager.h"
#include "viewmodel/price_sheet.h"

namespace ms {

std::string relative_root(const std::string& path) {
  std::string root;
  for (char c : path)
    if (c == '/') root += "../";
  return root;
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

namespace {

// The page's <title>: its own title, then the site's, unless the two pass 70 characters (where
// search engines cut titles off, and html-validate's long-title rule); then its own title alone,
// which names the page (a long imported model name such as
// `eu-central-1/1-month-commitment/anthropic.claude-instant-v1`).
std::string with_site_title(const std::string& title, const std::string& site) {
  std::string both = title + " · " + site;
  return code_points(both) <= 70 ? both : title;
}

}  // namespace

std::string absolute(const SiteContext& ctx, const std::string& path) { return ctx.config->base_url + url_of(path); }

BasePageView base_page(const SiteContext& ctx, const std::string& locale, const std::string& path, const PathFor& path_for,
                       const std::string& title, const std::string& description, const char* current_nav) {
  return base_page_at(ctx, locale, path, relative_root(path), path_for, title, description, current_nav);
}

BasePageView base_page_at(const SiteContext& ctx, const std::string& locale, const std::string& path, const std::string& root,
                          const PathFor& path_for, const std::string& title, const std::string& description,
                          const char* current_nav) {
  const Localizer& loc = ctx.loc(locale);
  const SiteConfig& cfg = *ctx.config;
  BasePageView v;
  v.lang = locale;
  v.dir = loc.dir();
  v.rtl = loc.rtl();
  v.format_locale = loc.format_locale();
  v.root = root;
  v.site_title = cfg.title;
  v.heading = title;
  v.page_title = title == cfg.title ? title : with_site_title(title, cfg.title);
  v.description = description;
  v.canonical = absolute(ctx, path);
  v.og_type = "website";
  v.og_locale = replace_all(locale, "-", "_");
  v.css = root + ctx.assets.at("css");
  v.js = root + ctx.assets.at("js");
  for (const auto& [name, url] : ctx.assets) v.asset[name] = root + url;
  v.home_href = root + url_of(home_path(locale));
  // The header's search: a link to the catalog without JavaScript, the search dialog with it.
  v.search_href = root + url_of(catalog_path(locale));
  v.search_index = root + locale + "/search/meta.json";
  v.search_results_message = loc.pattern(key<"search.results">());
  for (const auto& other : cfg.locales) {
    v.alternates.push_back({other, absolute(ctx, path_for(other))});
    const Localizer& their = ctx.loc(other);
    v.languages.push_back({their.language_name(), other, their.dir(), root + url_of(path_for(other)), other == locale});
  }
  v.x_default = absolute(ctx, path_for(cfg.default_locale));
  struct NavItem { const char* id; const std::string& label; std::string path; };
  const NavItem items[] = {{"models", key<"nav.models">(), catalog_path(locale)},
                           {"pricing", key<"nav.pricing">(), pricing_path(locale)},
                           {"deprecations", key<"nav.deprecations">(), deprecations_path(locale)},
                           {"endpoints", key<"nav.endpoints">(), endpoints_path(locale)}};
  for (const auto& item : items)
    v.nav.push_back({loc.message(item.label), root + url_of(item.path), current_nav && std::string(current_nav) == item.id});
  return v;
}

std::optional<PagerView> paginate(BasePageView& base, const SiteContext& ctx, const std::string& locale,
                                  std::string (*first)(const std::string&), std::size_t page, std::size_t rows) {
  const Localizer& loc = ctx.loc(locale);
  std::size_t pages = list_page_count(rows);
  auto pager = pager_view(loc, base.root, ctx.config->base_url, [&](std::size_t n) { return list_page_path(first(locale), n); }, page, pages);
  if (page > 1)
    base.page_title = with_site_title(base.heading + " · " +
                                          loc.message(key<"pager.status">(), {MessageArg::num("page", static_cast<std::int64_t>(page)),
                                                                              MessageArg::num("pages", static_cast<std::int64_t>(pages))}),
                                      ctx.config->title);
  return pager;
}

ListFormView list_form_view(const SiteContext& ctx, const std::string& locale, const std::string& root,
                            std::size_t rows_shown) {
  const Localizer& loc = ctx.loc(locale);
  ListFormView v;
  v.shown = loc.message(key<"catalog.shown">(), {MessageArg::num("count", static_cast<std::int64_t>(rows_shown))});
  // After filtering, the script formats these patterns itself (ICU plural rules in the browser).
  v.shown_of_message = loc.pattern(key<"catalog.shown_of">());
  v.show_more_message = loc.pattern(key<"catalog.show_more">());
  auto rows_data = ctx.list_data.find(locale);
  v.rows_href = rows_data != ctx.list_data.end() ? root + rows_data->second : "";
  return v;
}

PathFor page_in(std::string (*first)(const std::string&), std::size_t page) {
  return [first, page](const std::string& l) { return list_page_path(first(l), page); };
}

bool on_deprecations_list(const Model& m) {
  return m.status == "deprecated" || m.status == "retired" || !m.deprecated_on.empty() || !m.retired_on.empty();
}

std::string status_label(const Localizer& loc, const std::string& status) { return loc.message(key<"status.">(status)); }

std::string status_note(const Localizer& loc, const Model& m) {
  if (!m.retired_on.empty())
    return loc.message(m.status == "retired" ? key<"status.retired_since">() : key<"status.retires_on">(),
                       {MessageArg::str("date", loc.date(m.retired_on))});
  if (!m.deprecated_on.empty())
    return loc.message(key<"status.deprecated_since">(), {MessageArg::str("date", loc.date(m.deprecated_on))});
  return "";
}

std::string tokens(const Localizer& loc, std::int64_t n) {
  return loc.message(key<"model.tokens">(), {MessageArg::num("count", n)});
}

namespace {

// "$24.00 / $48.00" per 1M tokens, or the first price with its unit.
std::string price_summary(const Localizer& loc, const Model& m) {
  if (!m.pricing || m.pricing->items.empty()) return loc.message(key<"pricing.no_price">());
  auto in = million_price(m, "input_tokens");
  auto out = million_price(m, "output_tokens");
  const std::string& cur = m.pricing->currency;
  if (in && out) return loc.price(*in, cur) + " / " + loc.price(*out, cur);
  PriceItem first = shown_per_default(m.pricing->items.front());
  return loc.price(first.price, cur) + " " + meter_unit(loc, first);
}

// The same as HTML, with only the amounts isolated left-to-right (never a unit in words).
std::string price_summary_html(const Localizer& loc, const Model& m) {
  if (!m.pricing || m.pricing->items.empty()) return html_escape(loc.message(key<"pricing.no_price">()));
  auto in = million_price(m, "input_tokens");
  auto out = million_price(m, "output_tokens");
  const std::string& cur = m.pricing->currency;
  if (in && out) return "<bdi dir=\"ltr\">" + html_escape(loc.price(*in, cur) + " / " + loc.price(*out, cur)) + "</bdi>";
  PriceItem first = shown_per_default(m.pricing->items.front());
  return price_html(loc, first.price, cur, false) + " " + html_escape(meter_unit(loc, first));
}

CardText card_text(const Localizer& loc, const Model& m) {
  return {status_label(loc, m.status), price_summary(loc, m), price_summary_html(loc, m),
          m.context_window ? tokens(loc, *m.context_window) : ""};
}

}  // namespace

TokenPricesView token_prices_view(const Localizer& loc, const Model& m) {
  TokenCells cells = token_cells(loc, m);
  auto column = [](const PriceCell& c) { return PriceColumnView{c.text, c.html, c.sort, c.from}; };
  return {column(cells.input), column(cells.output), column(cells.blended), cells.has_prices};
}

ModelLinkView model_link(const std::string& locale, const std::string& root, const Model& m) {
  return {m.name, m.id, root + url_of(model_path(locale, m))};
}

ModelCardView model_card(const SiteContext& ctx, const std::string& locale, const std::string& root, const Model& m) {
  const Localizer& loc = ctx.loc(locale);
  ModelCardView v;
  v.link = model_link(locale, root, m);
  v.provider = provider_of(ctx, m).name;
  v.status = m.status;
  auto fill = [&](const CardText& text) {
    v.status_label = text.status_label;
    v.price = text.price;
    v.price_html = text.price_html;
    v.context = text.context;
  };
  const auto& models = ctx.catalog->models;
  auto cards = ctx.cards.find(locale);
  if (cards != ctx.cards.end() && &m >= models.data() && &m < models.data() + models.size())
    fill(cards->second.get(static_cast<std::size_t>(&m - models.data()), [&] { return card_text(loc, m); }));
  else
    fill(card_text(loc, m));
  v.has_context = m.context_window.has_value();
  v.meta_html = message_html(loc, key<"card.meta">(), {{"id", "<bdi dir=\"ltr\" class=\"mono\">" + html_escape(m.id) + "</bdi>"},
                                                       {"provider", isolate(loc, provider_of(ctx, m).name)}});
  return v;
}

std::vector<ReplacementView> replacement_links(const SiteContext& ctx, const std::string& locale, const std::string& root,
                                               const Model& m) {
  std::vector<ReplacementView> out;
  std::string separator = ctx.loc(locale).message(key<"list.separator">());
  for (const auto& id : m.replacements)
    if (const Model* r = ctx.catalog->model(id)) out.push_back({model_link(locale, root, *r), out.empty() ? std::string() : separator});
  return out;
}

BodyView body_view(const SiteContext& ctx, const std::map<std::string, ProseBody>& bodies, const std::string& locale,
                   const std::string& notice_key) {
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
  BodyView v;
  v.has_body = body != nullptr;
  v.body_html = body ? body->html : "";
  v.body_lang = body_locale;
  v.body_dir = ctx.loc(body_locale).dir();
  v.body_fallback = body && body_locale != locale;
  const Localizer& loc = ctx.loc(locale);
  v.fallback_notice = v.body_fallback ? loc.message(notice_key, {MessageArg::str("language", loc.language_name())}) : "";
  return v;
}

const ProseBody& free_page_body(const SiteContext& ctx, const Page& page, const std::string& locale) {
  auto own = page.bodies.find(locale);
  return own != page.bodies.end() ? own->second : page.bodies.at(ctx.config->default_locale);
}

std::string page_title(const Page& page, const ProseBody& body) { return body.title.empty() ? page.slug : body.title; }

}  // namespace ms
