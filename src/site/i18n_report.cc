// `modelsite i18n`: translation coverage per locale, against the default locale.
#include <algorithm>
#include <regex>

#include "core/json_source.h"
#include "core/text.h"
#include "i18n/message_keys.h"
#include "templates/templates.h"
#include "site/site.h"
#include "site/glossary_check.h"
#include "viewmodel/viewmodel.h"

namespace ms {

namespace {

std::string where(const LocaleBundle& b, std::size_t offset) {
  TextPos p = b.file.position(offset);
  return b.file.path() + ":" + std::to_string(p.line) + ":" + std::to_string(p.col);
}

std::string describe(const std::vector<MessageArgInfo>& args) {
  std::string out;
  for (const auto& a : args) {
    if (!out.empty()) out += ", ";
    out += "{" + a.name + (a.type.empty() ? "" : ", " + a.type) + "}";
  }
  return out.empty() ? "no arguments" : out;
}

// Keys the templates read as {{t.key}}; none when the templates do not load (the build says why).
std::set<std::string> template_keys(const fs::path& root) {
  std::set<std::string> keys;
  Diagnostics ignored;
  if (auto set = TemplateSet::load(root, ignored))
    for (const auto& ref : set->message_references()) keys.insert(ref.key);
  return keys;
}

bool used(const std::string& key, const std::set<std::string>& in_templates) {
  if (in_templates.count(key)) return true;
  return message_key_used(key);
}

// Plural keywords a locale needs, from ICU's rules for that locale.
}  // namespace

bool I18nReport::complete() const {
  return std::all_of(locales.begin(), locales.end(), [](const LocaleCoverage& c) {
    return c.missing.empty() && c.unused.empty() && c.mismatched.empty() && c.bodies_translated == c.bodies_total &&
           c.params_translated == c.params_total && c.glossary_findings == 0;
  });
}

std::optional<I18nReport> i18n_report(const fs::path& root, Diagnostics& diags) {
  auto cfg = load_site_config(root, diags);
  if (!cfg) return std::nullopt;
  auto bundles = load_locale_bundles(root, *cfg, diags);
  auto cat = load_catalog(root, *cfg, diags);
  if (!cat || diags.has_errors()) return std::nullopt;
  const LocaleBundle* def = nullptr;
  for (const auto& b : bundles)
    if (b.tag == cfg->default_locale) def = &b;
  if (!def) return std::nullopt;
  std::set<std::string> in_templates = template_keys(root);
  auto findings = check_glossaries(root, *cfg, bundles, *cat, diags);
  I18nReport report;
  for (const auto& b : bundles) {
    LocaleCoverage c;
    c.locale = b.tag;
    c.path = b.file.path();
    c.keys_total = def->messages.size();
    for (const auto& [key, pattern] : def->messages) {
      auto it = b.messages.find(key);
      if (it == b.messages.end()) {
        c.missing.push_back(b.file.path() + ": missing `" + key + "` (defined at " + where(*def, def->key_offsets.at(key)) + ")");
        continue;
      }
      ++c.keys_translated;
      if (&b == def) continue;
      if (it->second == pattern) ++c.keys_as_default;
      auto want = message_arguments(pattern), got = message_arguments(it->second);
      // Plural keywords differ by language on purpose; compare names and kinds only.
      auto strip = [](std::vector<MessageArgInfo> v) {
        for (auto& a : v) a.plural_keywords.clear();
        return v;
      };
      if (strip(want) != strip(got))
        c.mismatched.push_back(where(b, b.value_offsets.at(key)) + ": `" + key + "` has " + describe(got) + " but " +
                               cfg->default_locale + " has " + describe(want));
    }
    // Keys the pages read that the default locale does not define either.
    for (const auto& key : used_message_keys())
      if (!ends_with(key, ".") && !def->messages.count(key) && !b.messages.count(key))
        c.missing.push_back(b.file.path() + ": missing `" + key + "` (used by the pages, defined in no locale)");
    for (const auto& [key, pattern] : b.messages) {
      bool stale = !def->messages.count(key);
      if (stale || !used(key, in_templates))
        c.unused.push_back(where(b, b.key_offsets.at(key)) + ": `" + key + "` is " +
                           (stale ? "not in the default locale" : "not used by any page"));
    }
    for (const auto& m : cat->models)
      if (m.bodies.count(cfg->default_locale)) {
        ++c.bodies_total;
        if (m.bodies.count(b.tag)) ++c.bodies_translated;
      }
    for (const auto& p : cat->pages) {
      ++c.bodies_total;
      if (p.bodies.count(b.tag)) ++c.bodies_translated;
    }
    // A description given as a plain string is the default locale's text.
    for (const auto& [id, endpoint] : cat->endpoints)
      for (const auto& p : endpoint.parameters) {
        if (!p.description.count(cfg->default_locale) && !p.description.count("")) continue;
        ++c.params_total;
        if (p.description.count(b.tag) || (b.tag == cfg->default_locale && p.description.count(""))) ++c.params_translated;
      }
    if (auto f = findings.find(b.tag); f != findings.end()) c.glossary_findings = f->second;
    report.locales.push_back(std::move(c));
  }
  return report;
}

std::string i18n_report_text(const I18nReport& report) {
  std::string out;
  for (const auto& c : report.locales) {
    out += c.locale + ": " + std::to_string(c.keys_translated) + "/" + std::to_string(c.keys_total) + " messages, " +
           std::to_string(c.bodies_translated) + "/" + std::to_string(c.bodies_total) + " texts, " + std::to_string(c.params_translated) + "/" +
           std::to_string(c.params_total) + " parameter descriptions translated";
    if (c.keys_as_default) out += ", " + std::to_string(c.keys_as_default) + " messages still the default locale's text";
    if (!c.missing.empty()) out += ", " + std::to_string(c.missing.size()) + " missing";
    if (!c.mismatched.empty()) out += ", " + std::to_string(c.mismatched.size()) + " mismatched";
    if (!c.unused.empty()) out += ", " + std::to_string(c.unused.size()) + " unused";
    if (c.glossary_findings) out += ", " + std::to_string(c.glossary_findings) + " off the glossary";
    out += "\n";
    for (const auto& line : c.missing) out += "  " + line + "\n";
    for (const auto& line : c.mismatched) out += "  " + line + "\n";
    for (const auto& line : c.unused) out += "  " + line + "\n";
  }
  return out;
}

std::string i18n_report_json(const I18nReport& report) {
  Json locales = Json::array();
  for (const auto& c : report.locales) {
    locales.push_back({{"locale", c.locale}, {"path", c.path}, {"messages", {{"total", c.keys_total}, {"translated", c.keys_translated}, {"as_default", c.keys_as_default}}},
                       {"texts", {{"total", c.bodies_total}, {"translated", c.bodies_translated}}},
                       {"parameters", {{"total", c.params_total}, {"translated", c.params_translated}}},
                       {"glossary_findings", c.glossary_findings},
                       {"missing", c.missing}, {"mismatched", c.mismatched}, {"unused", c.unused}});
  }
  return Json{{"locales", locales}, {"complete", report.complete()}}.dump(2) + "\n";
}

}  // namespace ms
