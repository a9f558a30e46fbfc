// Formatter example tables: (locale, input, expected) rows, checked against ICU/CLDR output.
#include <catch2/catch.hpp>

#include "i18n/locale.h"

using namespace ms;

namespace {

std::vector<LocaleBundle> project_bundles(const std::string& ar_format_locale) {
  SiteConfig cfg;
  cfg.locales = {"en", "ar", "ko", "zh", "ja"};
  Diagnostics d;
  auto bundles = load_locale_bundles(MODELSITE_SOURCE_DIR, cfg, d);
  REQUIRE_FALSE(d.has_errors());
  for (auto& b : bundles)
    if (b.tag == "ar") b.meta.format_locale = ar_format_locale;
  return bundles;
}

struct Row {
  const char* locale;
  const char* input;
  const char* expected;
};

}  // namespace

TEST_CASE("formatters follow CLDR for every locale", "[i18n]") {
  // "ar" uses Arabic-Indic digits; "ar-latn" is ar with ar-u-nu-latn (Latin digits).
  const Row integers[] = {{"en", "8192", "8,192"}, {"ar", "8192", "٨٬١٩٢"}, {"ar-latn", "8192", "8,192"},
                          {"ko", "8192", "8,192"}, {"zh", "8192", "8,192"}, {"ja", "8192", "8,192"}};
  const Row compacts[] = {{"en", "8192", "8K"},     {"en", "32768", "32K"},  {"en", "128000", "128K"},
                          {"en", "1000000", "1M"},  {"ar", "1000000", "١\u00A0مليون"}, {"ko", "1000000", "100만"},
                          {"zh", "1000000", "100万"}, {"ja", "128000", "12万"},  {"zh", "8192", "8192"}};
  const Row prices[] = {{"en", "24", "$24.00"},          {"en", "0.0000025", "$0.0000025"}, {"en", "0.2", "$0.20"},
                        {"ar", "24", "\u200F٢٤٫٠٠\u00A0US$"},       {"ar-latn", "0.04", "\u200F0.04\u00A0US$"},    {"ko", "24", "US$24.00"},
                        {"zh", "48", "US$48.00"},        {"ja", "0.04", "$0.04"}};
  const Row percents[] = {{"en", "-0.2", "-20%"},   {"en", "-0.125", "-12.5%"}, {"ar", "-0.2", "\u061C-٢٠٪\u061C"},
                          {"ar-latn", "-0.2", "\u200E-20\u200E%\u200E"}, {"ko", "-0.2", "-20%"},   {"ja", "-0.2", "-20%"}};
  const Row dates[] = {{"en", "2023-03-14", "March 14, 2023"}, {"en", "2021-09", "September 2021"},
                       {"ar", "2023-03-14", "١٤ مارس ٢٠٢٣"},   {"ar-latn", "2021-09", "سبتمبر 2021"},
                       {"ko", "2023-03-14", "2023년 3월 14일"}, {"zh", "2021-09", "2021年9月"},
                       {"ja", "2026-03-26", "2026年3月26日"}};
  const Row tokens[] = {{"en", "1", "1 token"},       {"en", "8192", "8,192 tokens"}, {"ar", "0", "لا رموز"},
                        {"ar", "1", "رمز واحد"},       {"ar", "2", "رمزان"},          {"ar", "3", "٣ رموز"},
                        {"ar", "11", "١١ رمزًا"},       {"ar", "100", "١٠٠ رمز"},       {"ar-latn", "8192", "8,192 رمزًا"},
                        {"ko", "1", "1 토큰"},       {"zh", "8192", "8,192 个 token"}, {"ja", "1", "1トークン"}};

  auto arabic = project_bundles("ar");
  auto latin = project_bundles("ar-u-nu-latn");
  std::map<std::string, std::unique_ptr<Localizer>> locs;
  for (const char* tag : {"en", "ar", "ko", "zh", "ja"}) locs[tag] = std::make_unique<Localizer>(arabic, tag, "en");
  locs["ar-latn"] = std::make_unique<Localizer>(latin, "ar", "en");

  auto check = [&](const char* kind, const Row& r, const std::string& got) {
    INFO(kind << " " << r.locale << " " << r.input);
    CHECK(got == r.expected);
  };
  for (const auto& r : integers) check("integer", r, locs[r.locale]->integer(std::stoll(r.input)));
  for (const auto& r : compacts) check("compact", r, locs[r.locale]->compact(std::stoll(r.input)));
  for (const auto& r : prices) check("price", r, locs[r.locale]->price(*Decimal::parse(r.input), "USD"));
  for (const auto& r : percents) check("percent", r, locs[r.locale]->percent(*Decimal::parse(r.input)));
  for (const auto& r : dates) check("date", r, locs[r.locale]->date(r.input));
  for (const auto& r : tokens)
    check("tokens", r, locs[r.locale]->message("model.tokens", {MessageArg::num("count", std::stoll(r.input))}));
}

TEST_CASE("Arabic uses six plural categories and CJK only other", "[i18n]") {
  SiteConfig cfg;
  cfg.locales = {"en", "ar", "ko", "zh", "ja"};
  Diagnostics d;
  auto bundles = load_locale_bundles(MODELSITE_SOURCE_DIR, cfg, d);
  for (const auto& b : bundles) {
    for (const auto& [key, pattern] : b.messages) {
      for (const auto& arg : message_arguments(pattern)) {
        if (arg.type != "plural") continue;
        INFO(b.tag << " " << key);
        if (b.tag == "ar") CHECK(arg.plural_keywords == std::set<std::string>{"zero", "one", "two", "few", "many", "other"});
        if (b.tag == "ko" || b.tag == "zh" || b.tag == "ja") CHECK(arg.plural_keywords == std::set<std::string>{"other"});
      }
    }
  }
}

TEST_CASE("direction comes from ICU", "[i18n]") {
  CHECK(locale_is_rtl("ar"));
  CHECK(locale_is_rtl("ar-u-nu-latn"));
  CHECK(locale_is_rtl("he"));
  CHECK_FALSE(locale_is_rtl("ja"));
  CHECK_FALSE(locale_is_rtl("en"));
}

TEST_CASE("a missing key falls back through @meta.fallback and is recorded", "[i18n]") {
  SiteConfig cfg;
  cfg.locales = {"en", "ko"};
  Diagnostics d;
  auto bundles = load_locale_bundles(MODELSITE_SOURCE_DIR, cfg, d);
  for (auto& b : bundles)
    if (b.tag == "ko") b.messages.erase("pricing.title");
  Localizer ko(bundles, "ko", "en");
  CHECK(ko.message("pricing.title") == "Pricing");
  CHECK(ko.source_locale("pricing.title") == "en");
  CHECK(ko.fallbacks() == std::set<std::string>{"pricing.title"});
  CHECK(ko.message("no.such.key") == "no.such.key");
  CHECK(ko.missing() == std::set<std::string>{"no.such.key"});
}
