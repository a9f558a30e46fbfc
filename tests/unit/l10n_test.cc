// Where scripts of both directions meet, messages that take numbers, the same formatting in the
// browser as at build time, and the glossary checker.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "i18n/glossary.h"
#include "i18n/locale.h"
#include "test_support.h"
#include "viewmodel/mixed_text.h"

using namespace ms;

namespace {

LocaleBundle bundle(std::string tag, std::string format_locale, std::map<std::string, std::string> messages) {
  LocaleBundle b;
  b.tag = std::move(tag);
  b.meta.format_locale = std::move(format_locale);
  b.messages = std::move(messages);
  return b;
}

// Two small locales, written here so that editing the bundled ones never breaks these tests.
std::vector<LocaleBundle> inline_bundles() {
  return {bundle("en", "en", {{"list.separator", ", "}, {"modality.flow", "{input} → {output}"},
                              {"card.meta", "{id} · {provider} <{count, plural, one {# model} other {# models}}>"}}),
          bundle("ar", "ar-u-nu-latn", {{"list.separator", "، "}, {"modality.flow", "{input} ← {output}"},
                                        {"card.meta", "{id} · {provider}"}})};
}

std::vector<LocaleBundle> project_bundles() {
  SiteConfig cfg;
  cfg.locales = {"en", "ar", "ko", "zh", "ja"};
  Diagnostics d;
  auto bundles = load_locale_bundles(MODELSITE_SOURCE_DIR, cfg, d);
  REQUIRE_FALSE(d.has_errors());
  return bundles;
}

}  // namespace

TEST_CASE("the first strong character gives a text's direction", "[l10n]") {
  CHECK(std::string(first_strong_direction("Chat Completions")) == "ltr");
  CHECK(std::string(first_strong_direction("التضمينات")) == "rtl");
  CHECK(std::string(first_strong_direction("2024 مارس")) == "rtl");
  CHECK(std::string(first_strong_direction("8,192")) == "");
  CHECK(std::string(first_strong_direction("")) == "");
}

TEST_CASE("lists isolate each item that reads against the page, joined by the locale's separator", "[l10n]") {
  auto bundles = inline_bundles();
  Localizer ar(bundles, "ar", "en"), en(bundles, "en", "en");
  CHECK(list_html(ar, {"Chat Completions", "Responses"}) ==
        "<bdi dir=\"ltr\">Chat Completions</bdi>، <bdi dir=\"ltr\">Responses</bdi>");
  CHECK(list_html(ar, {"نص", "PDF", "صورة"}) == "نص، <bdi dir=\"ltr\">PDF</bdi>، صورة");
  CHECK(list_html(en, {"Text", "العربية", "<b>"}) == "Text, <bdi dir=\"rtl\">العربية</bdi>, &lt;b&gt;");
  CHECK(list_html(ar, {"128", "A&B"}) == "128، <bdi dir=\"ltr\">A&amp;B</bdi>");
  CHECK(list_html(ar, {}) == "");
}

TEST_CASE("message_html escapes the message and places HTML arguments as given", "[l10n]") {
  auto bundles = inline_bundles();
  Localizer ar(bundles, "ar", "en"), en(bundles, "en", "en");
  CHECK(message_html(ar, "modality.flow", {{"input", "نص، <bdi dir=\"ltr\">PDF</bdi>"}, {"output", "نص"}}) ==
        "نص، <bdi dir=\"ltr\">PDF</bdi> ← نص");
  CHECK(message_html(en, "card.meta", {{"id", "<bdi>a&amp;b</bdi>"}, {"provider", "Acme"}},
                     {MessageArg::num("count", 2)}) == "<bdi>a&amp;b</bdi> · Acme &lt;2 models&gt;");
  // A fragment that looks like another argument's marker stays as written.
  CHECK(message_html(en, "modality.flow", {{"input", "{output}"}, {"output", "x"}}) == "{output} → x");
}

TEST_CASE("messages that take numbers, exactly as ko, zh and ja readers see them", "[l10n]") {
  auto bundles = project_bundles();
  struct Row {
    const char* locale;
    const char* key;
    std::vector<MessageArg> args;
    const char* expected;
  };
  const Row rows[] = {
      {"ko", "model.tokens", {MessageArg::num("count", 8192)}, "8,192 토큰"},
      {"zh", "model.tokens", {MessageArg::num("count", 8192)}, "8,192 个 token"},
      {"ja", "model.tokens", {MessageArg::num("count", 8192)}, "8,192トークン"},
      {"ko", "catalog.shown_of", {MessageArg::num("shown", 3), MessageArg::num("total", 38)}, "모델 38개 중 3개 표시 중"},
      {"zh", "catalog.shown_of", {MessageArg::num("shown", 3), MessageArg::num("total", 38)}, "共 38 个模型，显示 3 个"},
      {"ja", "catalog.shown_of", {MessageArg::num("shown", 3), MessageArg::num("total", 38)}, "全38件中3件のモデルを表示中"},
      {"ar", "catalog.shown_of", {MessageArg::num("shown", 3), MessageArg::num("total", 38)}, "يُعرض 3 من أصل 38 نموذجًا"},
      {"en", "catalog.shown_of", {MessageArg::num("shown", 1), MessageArg::num("total", 1)}, "1 of 1 model shown"},
      {"ko", "endpoints.summary", {MessageArg::str("path", "P"), MessageArg::num("count", 1200)}, "P · 모델 1,200개"},
      {"zh", "endpoints.summary", {MessageArg::str("path", "P"), MessageArg::num("count", 24)}, "P · 24 个模型"},
      {"ja", "endpoints.summary", {MessageArg::str("path", "P"), MessageArg::num("count", 24)}, "P · 24件のモデル"},
      {"ar", "endpoints.summary", {MessageArg::str("path", "P"), MessageArg::num("count", 2)}, "P · نموذجان"},
      {"zh", "status.retired_since", {MessageArg::str("date", "2026年3月26日")}, "已于2026年3月26日停用"},
      {"zh", "status.deprecated_since", {MessageArg::str("date", "2024年6月13日")}, "自2024年6月13日起弃用"},
      {"ko", "home.lead", {MessageArg::num("models", 38), MessageArg::num("providers", 3)},
       "제공업체 3곳의 모델 38개를 공식 가격, 할인 정보, 그리고 매 릴리스 전에 실행해 검증하는 코드 예제와 함께 소개합니다."},
      {"ja", "model.deprecated_on", {}, "非推奨日"},
      {"ko", "model.knowledge_cutoff", {}, "학습 데이터 기준일"},
      {"ar", "model.knowledge_cutoff", {}, "تاريخ انتهاء بيانات التدريب"},
      {"zh", "modality.image", {}, "图片"},
      {"ar", "modality.flow", {MessageArg::str("input", "نص"), MessageArg::str("output", "صورة")}, "نص ← صورة"},
      {"ja", "modality.flow", {MessageArg::str("input", "テキスト"), MessageArg::str("output", "画像")}, "テキスト → 画像"},
  };
  std::map<std::string, std::unique_ptr<Localizer>> locs;
  for (const char* tag : {"en", "ar", "ko", "zh", "ja"}) locs[tag] = std::make_unique<Localizer>(bundles, tag, "en");
  for (const auto& r : rows) {
    INFO(r.locale << " " << r.key);
    CHECK(locs[r.locale]->message(r.key, r.args) == r.expected);
    CHECK(locs[r.locale]->source_locale(r.key) == r.locale);
  }
}

TEST_CASE("the catalog count formats in the browser exactly as ICU formats it at build time", "[l10n]") {
  // site.js's formatMessage in Node (Intl.PluralRules and Intl.NumberFormat), against ICU here,
  // for every locale's catalog.shown_of and patterns that use the rest of the supported syntax.
  auto bundles = project_bundles();
  std::vector<std::int64_t> counts = {0, 1, 2, 3, 4, 10, 11, 12, 38, 99, 100, 101, 102, 103, 111, 1000, 1001, 12345};
  nlohmann::json cases = nlohmann::json::array();
  std::vector<std::string> expected;
  for (const char* tag : {"en", "ar", "ko", "zh", "ja"}) {
    std::vector<LocaleBundle> with_extra = bundles;
    for (auto& b : with_extra)
      if (b.tag == tag) {
        b.messages["test.exact"] = "{total, plural, =0 {none of {shown}} =1 {just one} other {# (''{shown}'') '{'x'}'}}";
        b.messages["test.offset"] = "{total, plural, offset:1 =0 {nobody} =1 {{shown}} other {{shown} and # more}}";
      }
    Localizer loc(with_extra, tag, "en");
    for (const char* key : {"catalog.shown_of", "test.exact", "test.offset"})
      for (std::int64_t total : counts) {
        std::int64_t shown = total / 3;
        expected.push_back(loc.message(key, {MessageArg::num("shown", shown), MessageArg::num("total", total)}));
        cases.push_back({{"pattern", loc.pattern(key)}, {"locale", loc.format_locale()},
                         {"args", {{"shown", shown}, {"total", total}}}});
      }
  }
  test::TempDir t;
  test::write(t.path / "cases.json", cases.dump());
  test::write(t.path / "format.js",
              "const fs = require('fs'), vm = require('vm');\n"
              "const ctx = { window: {}, navigator: {}, Intl,\n"
              "  document: { readyState: 'complete', querySelector: () => null, querySelectorAll: () => [] } };\n"
              "vm.runInNewContext(fs.readFileSync(process.argv[2], 'utf8'), ctx);\n"
              "const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));\n"
              "const out = cases.map((c) => ctx.window.modelsite.formatMessage(c.pattern, c.args, c.locale));\n"
              "fs.writeFileSync(process.argv[4], JSON.stringify(out));\n");
  std::string cmd = "node '" + (t.path / "format.js").string() + "' '" +
                    (test::source_dir() / "templates/assets/site.js").string() + "' '" + (t.path / "cases.json").string() +
                    "' '" + (t.path / "out.json").string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto got = nlohmann::json::parse(test::read(t.path / "out.json"));
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(cases[i].dump());
    CHECK(got[i].get<std::string>() == expected[i]);
  }
}

TEST_CASE("a glossary reports each rejected variant at its position with the preferred term", "[l10n]") {
  test::TempDir t;
  test::write(t.path / "locales/glossary/zh.json", R"({ "terms": [
    { "concept": "image", "preferred": "图片", "rejected": ["图像"], "note": "图片 throughout." },
    { "concept": "a date in running text", "preferred": "于2026年", "patterns": ["\\p{Han}\\s+\\d{4}年", "(unclosed"] }
  ] })");
  SiteConfig cfg;
  cfg.locales = {"en", "zh"};
  Diagnostics d;
  auto glossaries = load_glossaries(t.path, cfg, d);
  REQUIRE(glossaries.size() == 1);
  CHECK(format_diagnostics(d) ==
        "locales/glossary/zh.json:3:103: error: `(unclosed` is not a valid ICU regular expression (U_REGEX_MISMATCHED_PAREN) [bad-pattern]\n"
        "      { \"concept\": \"a date in running text\", \"preferred\": \"于2026年\", \"patterns\": [\"\\\\p{Han}\\\\s+\\\\d{4}年\", \"(unclosed\"] }\n"
        "  " + std::string(102, ' ') + "^\n");
  Diagnostics found;
  SourceFile file("content/x.zh.md", "第一行\n图像生成于 2026年上线，图像。\n");
  check_terms(glossaries[0], file, 0, file.text().size(), found);
  CHECK(format_diagnostics(found) ==
        "content/x.zh.md:2:1: warning: `图像` is not the zh term for image; write `图片` (locales/glossary/zh.json) [glossary-term]\n"
        "  图像生成于 2026年上线，图像。\n"
        "  ^\n"
        "  note: 图片 throughout.\n"
        "content/x.zh.md:2:5: warning: `于 2026年` is not the zh term for a date in running text; write `于2026年` (locales/glossary/zh.json) [glossary-term]\n"
        "  图像生成于 2026年上线，图像。\n"
        "      ^\n"
        "content/x.zh.md:2:15: warning: `图像` is not the zh term for image; write `图片` (locales/glossary/zh.json) [glossary-term]\n"
        "  图像生成于 2026年上线，图像。\n"
        "                ^\n"
        "  note: 图片 throughout.\n");
  // Only the given range is read.
  Diagnostics part;
  check_terms(glossaries[0], file, file.text().find("上线"), file.text().size(), part);
  CHECK(part.warning_count() == 1);
}
