// The pages that are not lists: home, free pages, 404, the root language chooser, and the
// parameter table fragment of the model pages (model_view.cc builds the model pages).
#include "core/json_source.h"
#include "core/text.h"
#include "i18n/message_keys.h"
#include "viewmodel/view_parts.h"

namespace ms {

HomeView home_view(const SiteContext& ctx, const std::string& locale) {
  const Localizer& loc = ctx.loc(locale);
  const Catalog& cat = *ctx.catalog;
  std::string path = home_path(locale);
  HomeView v;
  v.base = base_page(ctx, locale, path, home_path, ctx.config->title,
                     ctx.config->description.empty() ? loc.message(key<"home.title">()) : ctx.config->description, nullptr);
  const std::string& root = v.base.root;
  v.lead = loc.message(key<"home.lead">(), {MessageArg::num("models", static_cast<std::int64_t>(cat.models.size())),
                                            MessageArg::num("providers", static_cast<std::int64_t>(cat.providers.size()))});
  v.catalog_href = root + url_of(catalog_path(locale));
  v.pricing_href = root + url_of(pricing_path(locale));
  for (const auto& p : cat.providers) {
    HomeProviderView pv;
    pv.name = p.name;
    pv.id = p.id;
    // A few cards per provider; the catalog lists the rest.
    std::int64_t count = 0;
    for (const auto& m : cat.models) {
      if (m.provider != p.id) continue;
      if (++count <= static_cast<std::int64_t>(kHomeCardsPerProvider)) pv.models.push_back(model_card(ctx, locale, root, m));
    }
    std::int64_t more = count - static_cast<std::int64_t>(pv.models.size());
    pv.count = loc.integer(count);
    pv.has_more = more > 0;
    pv.more = more > 0 ? loc.message(key<"home.more_models">(), {MessageArg::num("count", more)}) : "";
    v.providers.push_back(std::move(pv));
  }
  for (const auto& pg : cat.pages)
    v.pages.push_back({page_title(pg, free_page_body(ctx, pg, locale)), root + url_of(free_page_path(locale, pg.slug))});
  v.has_pages = !v.pages.empty();
  return v;
}

FreePageView free_page_view(const SiteContext& ctx, const Page& page, const std::string& locale) {
  std::string path = free_page_path(locale, page.slug);
  std::string title = page_title(page, free_page_body(ctx, page, locale));
  FreePageView v;
  v.base = base_page(ctx, locale, path, [&](const std::string& l) { return free_page_path(l, page.slug); }, title, title, nullptr);
  v.slug = page.slug;
  v.body = body_view(ctx, page.bodies, locale, key<"page.fallback_notice">());
  return v;
}

NotFoundView not_found_view(const SiteContext& ctx, const std::string& locale) {
  const Localizer& loc = ctx.loc(locale);
  NotFoundView v;
  // Served for any missing URL: links must not depend on where the page sits.
  v.base = base_page_at(ctx, locale, not_found_path(locale), ctx.config->base_url, not_found_path,
                        loc.message(key<"notfound.title">()), loc.message(key<"notfound.lead">()), nullptr);
  return v;
}

RootIndexView root_index_view(const SiteContext& ctx) {
  const SiteConfig& cfg = *ctx.config;
  RootIndexView v;
  v.base = base_page(ctx, cfg.default_locale, "index.html", [](const std::string& l) { return home_path(l); }, cfg.title,
                     cfg.description.empty() ? ctx.loc(cfg.default_locale).message(key<"home.title">()) : cfg.description, nullptr);
  v.base.canonical = cfg.base_url;
  Json locales = Json::array();
  for (const auto& l : cfg.locales) {
    const Localizer& loc = ctx.loc(l);
    v.choices.push_back({l, loc.dir(), loc.language_name(), loc.message(key<"site.choose_language">()), url_of(home_path(l))});
    locales.push_back(l);
  }
  v.locales_json = script_safe_json(locales.dump());
  v.default_locale = cfg.default_locale;
  return v;
}

ApiParamsView api_params_view(const SiteContext& ctx, const std::string& endpoint, const std::string& locale) {
  const Localizer& loc = ctx.loc(locale);
  const std::string& fallback = ctx.config->default_locale;
  ApiParamsView v;
  auto doc = ctx.catalog->endpoints.find(endpoint);
  if (doc == ctx.catalog->endpoints.end()) return v;
  for (const auto& p : doc->second.parameters) {
    ApiParamView pv;
    pv.name = p.name;
    pv.type = p.type;
    pv.required = loc.message(p.required ? key<"api.required_yes">() : key<"api.required_no">());
    pv.is_required = p.required;
    auto desc = p.description.find(locale);
    if (desc == p.description.end()) desc = p.description.find(fallback);
    if (desc == p.description.end()) desc = p.description.find("");
    // A description missing in this locale shows the default locale's, marked with its own
    // language and direction (an English sentence inside an Arabic table stays left to right).
    std::string lang = desc != p.description.end() && !desc->first.empty() ? desc->first : fallback;
    pv.description = desc != p.description.end() ? desc->second : "";
    pv.description_lang = lang;
    pv.description_dir = ctx.loc(lang).dir();
    pv.description_fallback = lang != locale;
    v.params.push_back(std::move(pv));
  }
  return v;
}

}  // namespace ms
