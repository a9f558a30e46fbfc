#include "config/config.h"

#include <algorithm>

#include "core/json_source.h"
#include "core/text.h"

namespace ms {

const std::vector<std::string>& known_snippet_targets() {
  static const std::vector<std::string> targets = {"curl", "python-openai", "python-requests",
                                                   "js-fetch", "js-openai"};
  return targets;
}

namespace {

bool is_http_url(std::string_view s) { return starts_with(s, "https://") || starts_with(s, "http://"); }

bool is_locale_tag(std::string_view s) {
  // BCP 47 subset: letters, digits and '-', starting with 2-3 letters.
  if (s.size() < 2) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  return std::isalpha(static_cast<unsigned char>(s[0])) && std::isalpha(static_cast<unsigned char>(s[1]));
}

}  // namespace

std::optional<SiteConfig> load_site_config(const fs::path& root, Diagnostics& diags) {
  fs::path path = root / "site.json";
  auto text = read_file(path);
  if (!text) {
    diags.error("site.json", "missing-file", "cannot read site.json (is --root the site's folder?)");
    return std::nullopt;
  }
  return parse_site_config(SourceFile("site.json", std::move(*text)), diags);
}

std::optional<SiteConfig> parse_site_config(SourceFile file, Diagnostics& diags) {
  auto doc = parse_json_document(std::move(file), diags);
  if (!doc) return std::nullopt;
  if (!doc->value.is_object()) {
    diags.error(doc->file, 0, "wrong-type", "site.json must hold an object");
    return std::nullopt;
  }
  std::size_t errors_before = diags.error_count();
  SiteConfig cfg;
  ObjectReader r(*doc, "", doc->value, diags,
                 {"title", "description", "base_url", "default_locale", "locales", "api", "snippets",
                  "strict", "raw_html"});
  if (auto v = r.string("title", true)) cfg.title = *v;
  if (auto v = r.string("description")) cfg.description = *v;
  if (auto v = r.string("base_url", true)) {
    if (!is_http_url(*v))
      diags.error(doc->file, r.value_offset("base_url"), "bad-url", "`base_url` must start with https:// or http://");
    cfg.base_url = *v;
    if (!ends_with(cfg.base_url, "/")) cfg.base_url += '/';
  }
  if (auto v = r.string_list("locales", true)) {
    cfg.locales = *v;
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!is_locale_tag((*v)[i]))
        diags.error(doc->file, doc->value_offset(json_pointer_append("/locales", i)), "bad-locale",
                    "`" + (*v)[i] + "` is not a locale tag like `en` or `pt-BR`");
      if (std::count(v->begin(), v->end(), (*v)[i]) > 1 &&
          std::find(v->begin(), v->end(), (*v)[i]) - v->begin() != static_cast<long>(i))
        diags.error(doc->file, doc->value_offset(json_pointer_append("/locales", i)), "duplicate-id",
                    "locale `" + (*v)[i] + "` is listed twice");
    }
    if (v->empty())
      diags.error(doc->file, r.value_offset("locales"), "missing-field", "`locales` must list at least one locale");
  }
  if (auto v = r.string("default_locale", true)) {
    cfg.default_locale = *v;
    if (std::find(cfg.locales.begin(), cfg.locales.end(), *v) == cfg.locales.end())
      diags.error(doc->file, r.value_offset("default_locale"), "unknown-locale",
                  "`default_locale` `" + *v + "` is not one of `locales`");
  }
  if (const Json* api = r.object("api", true)) {
    ObjectReader a(*doc, "/api", *api, diags, {"base_url", "key_env", "playground_url"});
    if (auto v = a.string("base_url", true)) {
      if (!is_http_url(*v))
        diags.error(doc->file, a.value_offset("base_url"), "bad-url", "`api.base_url` must start with https:// or http://");
      cfg.api.base_url = *v;
      while (ends_with(cfg.api.base_url, "/")) cfg.api.base_url.pop_back();
    }
    if (auto v = a.string("key_env", true)) {
      bool ok = !v->empty() && !std::isdigit(static_cast<unsigned char>((*v)[0]));
      for (char c : *v) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
      if (!ok)
        diags.error(doc->file, a.value_offset("key_env"), "bad-env-name",
                    "`api.key_env` must be an environment variable name (letters, digits, _)");
      cfg.api.key_env = *v;
    }
    if (auto v = a.string("playground_url")) {
      if (!is_http_url(*v))
        diags.error(doc->file, a.value_offset("playground_url"), "bad-url", "`api.playground_url` must start with https:// or http://");
      cfg.api.playground_url = *v;
    }
  }
  if (auto v = r.string_list("snippets")) {
    cfg.snippets.clear();
    std::vector<std::string_view> known(known_snippet_targets().begin(), known_snippet_targets().end());
    for (std::size_t i = 0; i < v->size(); ++i) {
      const std::string& t = (*v)[i];
      if (std::find(known.begin(), known.end(), t) == known.end()) {
        std::string msg = "unknown snippet target `" + t + "`";
        std::string hint = closest_match(t, known);
        if (!hint.empty()) msg += " (did you mean `" + hint + "`?)";
        diags.error(doc->file, doc->value_offset(json_pointer_append("/snippets", i)), "unknown-target", msg);
        continue;
      }
      cfg.snippets.push_back(t);
    }
  }
  if (auto v = r.boolean("strict")) cfg.strict = *v;
  if (auto v = r.boolean("raw_html")) cfg.raw_html = *v;
  if (diags.error_count() > errors_before) return std::nullopt;
  return cfg;
}

}  // namespace ms
