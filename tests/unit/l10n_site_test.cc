// The bundled site in every locale: parameter references, mixed-direction markup, the glossary.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <regex>

#include "test_support.h"

using namespace test;

namespace {

void copy_bundled(const fs::path& to) {
  for (const char* part : {"content", "templates", "locales"}) copy_tree(source_dir() / part, to / part);
  fs::copy_file(source_dir() / "site.json", to / "site.json");
}

// Replaces the one occurrence of `from` in the file (the test fails when it is not there).
void replace_once(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read(file);
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  write(file, text.replace(at, from.size(), to));
}

std::string row_of(const std::string& html, const std::string& param) {
  std::string start = "<tr><td><code dir=\"ltr\">" + param + "</code>";
  auto a = html.find(start);
  if (a == std::string::npos) return "";
  return html.substr(a, html.find("</tr>", a) + 5 - a);
}

}  // namespace

TEST_CASE("model pages show the parameter reference in their own language", "[site][l10n]") {
  TempDir t;
  copy_bundled(t.path);
  RunResult r = run("build --no-check --out site", t.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("parameter descriptions") == std::string::npos);  // all translated: no warning
  struct Row {
    const char* locale;
    const char* param;
    const char* row;
  };
  const Row rows[] = {
      {"en", "temperature", "<tr><td><code dir=\"ltr\">temperature</code></td><td><code dir=\"ltr\">number</code></td><td>No</td><td>Sampling temperature between 0 and 2; higher values give more random output, lower values more focused output.</td></tr>"},
      {"ko", "max_completion_tokens", "<tr><td><code dir=\"ltr\">max_completion_tokens</code></td><td><code dir=\"ltr\">integer</code></td><td>아니요</td><td>생성되는 토큰 수의 상한으로, 추론 토큰도 포함됩니다.</td></tr>"},
      {"zh", "stream", "<tr><td><code dir=\"ltr\">stream</code></td><td><code dir=\"ltr\">boolean</code></td><td>否</td><td>设为 true 时，回答会在生成过程中以服务器发送事件（SSE）的形式分段发送。</td></tr>"},
      {"ja", "model", "<tr><td><code dir=\"ltr\">model</code></td><td><code dir=\"ltr\">string</code></td><td>はい</td><td>使用するモデルのID。</td></tr>"},
      {"ar", "messages", "<tr><td><code dir=\"ltr\">messages</code></td><td><code dir=\"ltr\">array</code></td><td>نعم</td><td>المحادثة حتى الآن، في صورة قائمة رسائل لكلٍّ منها دور مثل system أو user أو assistant.</td></tr>"},
  };
  for (const auto& row : rows) {
    INFO(row.locale << " " << row.param);
    std::string html = read(t.path / "site" / row.locale / "models/openai/gpt-4-0314/index.html");
    CHECK(row_of(html, row.param) == row.row);
  }
  std::string speech = read(t.path / "site/ja/models/openai/tts-1/index.html");
  CHECK(row_of(speech, "speed") == "<tr><td><code dir=\"ltr\">speed</code></td><td><code dir=\"ltr\">number</code></td><td>いいえ</td><td>再生速度。0.25～4.0の範囲で指定し、デフォルトは1.0です。</td></tr>");

  RunResult i = run("i18n", t.path);
  CHECK(i.exit_code == 0);
  CHECK(i.out.find("ko: ") != std::string::npos);
  for (const char* locale : {"en", "ar", "ko", "zh", "ja"})
    CHECK(std::regex_search(i.out, std::regex(std::string("\n?") + locale + R"(: \d+/\d+ messages, \d+/\d+ texts, 59/59 parameter descriptions translated)")));
}

TEST_CASE("a missing description falls back with its own lang and dir, counted by i18n, an error under --strict", "[site][l10n]") {
  TempDir t;
  copy_bundled(t.path);
  replace_once(t.path / "content/endpoints/chat.completions.json",
               ",\n        \"ar\": \"درجة حرارة أخذ العينات بين 0 و2؛ فالقيم الأعلى تعطي مخرجات أكثر عشوائية، والقيم الأدنى مخرجات أكثر تركيزًا.\"", "");
  RunResult r = run("build --no-check --out site", t.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("locales/ar.json: warning: 1 of 59 parameter descriptions have no `ar` translation; pages show the `en` text [missing-translation]") != std::string::npos);
  std::string ar = read(t.path / "site/ar/models/openai/gpt-4-0314/index.html");
  CHECK(row_of(ar, "temperature") == "<tr><td><code dir=\"ltr\">temperature</code></td><td><code dir=\"ltr\">number</code></td><td>لا</td><td lang=\"en\" dir=\"ltr\">Sampling temperature between 0 and 2; higher values give more random output, lower values more focused output.</td></tr>");
  CHECK(row_of(ar, "top_p").find("<td>أخذ العينات النووي") != std::string::npos);

  RunResult i = run("i18n", t.path);
  CHECK(i.out.find("ar: ") != std::string::npos);
  CHECK(std::regex_search(i.out, std::regex(R"(\nar: \d+/\d+ messages, \d+/\d+ texts, 58/59 parameter descriptions translated)")));
  CHECK(std::regex_search(i.out, std::regex(R"(\nko: \d+/\d+ messages, \d+/\d+ texts, 59/59 parameter descriptions translated)")));
  auto json = nlohmann::json::parse(run("i18n --format json", t.path).out);
  CHECK(json["locales"][1]["locale"] == "ar");
  CHECK(json["locales"][1]["parameters"] == nlohmann::json::parse(R"({"total": 59, "translated": 58})"));
  CHECK(json["complete"] == false);

  RunResult s = run("build --no-check --strict --out strict", t.path);
  CHECK(s.exit_code == 1);
  CHECK(s.err.find("content/endpoints/chat.completions.json: error: no `ar` description of parameter `temperature`; pages show the `en` text [missing-translation]") != std::string::npos);
}

TEST_CASE("Arabic pages isolate each Latin item and take separators and arrows from the locale", "[site][l10n]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  std::string model = read(t.path / "site/ar/models/openai/gpt-4.1/index.html");
  CHECK(model.find("<div><dt>نقاط النهاية</dt><dd><bdi dir=\"ltr\">Chat Completions</bdi>، <bdi dir=\"ltr\">Responses</bdi></dd></div>") != std::string::npos);
  std::string vision = read(t.path / "site/ar/models/openai/gpt-4-v/index.html");
  CHECK(vision.find("<div><dt>الإدخال</dt><dd>نص، صورة</dd></div>") != std::string::npos);
  std::string catalog = read(t.path / "site/ar/models/index.html");
  CHECK(catalog.find("<td>نص، صورة ← نص</td>") != std::string::npos);
  CHECK(catalog.find("→") == std::string::npos);
  CHECK(read(t.path / "site/en/models/index.html").find("<td>Text, Image → Text</td>") != std::string::npos);
  CHECK(read(t.path / "site/ja/models/index.html").find("<td>テキスト、画像 → テキスト</td>") != std::string::npos);
  std::string home = read(t.path / "site/ar/index.html");
  CHECK(home.find("<span class=\"card-meta\"><bdi dir=\"ltr\" class=\"mono\">claude-opus-4.6</bdi> · <bdi dir=\"ltr\">Anthropic</bdi></span>") != std::string::npos);
  std::string endpoints = read(t.path / "site/ar/endpoints/index.html");
  CHECK(endpoints.find("<p><code dir=\"ltr\">POST /v1/moderations</code> · ") != std::string::npos);
  std::string deprecations = read(t.path / "site/zh/deprecations/index.html");
  CHECK(deprecations.find("<td><a href=\"../../zh/models/openai/gpt-5/\"><bdi dir=\"ltr\" class=\"mono\">gpt-5</bdi></a>、<a href=\"../../zh/models/openai/gpt-4.1/\"><bdi dir=\"ltr\" class=\"mono\">gpt-4.1</bdi></a>") != std::string::npos);
  CHECK(read(t.path / "site/zh/models/openai/gpt-4-0314/index.html").find("已于2026年3月26日停用") != std::string::npos);
  CHECK(read(t.path / "site/ko/models/openai/gpt-4-0314/index.html").find("<dd>8,192 토큰</dd>") != std::string::npos);
}

TEST_CASE("every locale follows its glossary, and a term changed back is reported where it is", "[site][l10n]") {
  TempDir t;
  copy_bundled(t.path);
  RunResult clean = run("build --no-check --out site", t.path);
  REQUIRE(clean.exit_code == 0);
  CHECK(clean.err.find("[glossary-term]") == std::string::npos);
  CHECK(run("i18n", t.path).out.find("off the glossary") == std::string::npos);

  // The wording a native review fixed, put back one by one.
  replace_once(t.path / "locales/ko.json", "{count, plural, other {# 토큰}}", "{count, plural, other {#개 토큰}}");
  replace_once(t.path / "locales/ar.json", "\"model.knowledge_cutoff\": \"تاريخ انتهاء بيانات التدريب\"", "\"model.knowledge_cutoff\": \"تاريخ قطع المعرفة\"");
  replace_once(t.path / "locales/ja.json", "\"model.deprecated_on\": \"非推奨日\"", "\"model.deprecated_on\": \"非推奨化日\"");
  replace_once(t.path / "locales/zh.json", "\"modality.image\": \"图片\"", "\"modality.image\": \"图像\"");
  replace_once(t.path / "content/models/openai/gpt-4-0314.zh.md", "已于2026年3月26日停用", "已于 2026年3月26日 停用");
  replace_once(t.path / "content/pages/about.ko.md", "공식 가격을 공개한", "공식 정가를 공개한");
  replace_once(t.path / "content/endpoints/images.generations.json", "要生成的图片数量", "要生成的图像数量");
  RunResult r = run("build --no-check --out site", t.path);
  CHECK(r.exit_code == 0);
  std::vector<std::string> found;
  std::regex warning(R"(([^\n:]*):\d+:\d+: warning: (`[^`]*`) is not the (\w+) term for [^\n]*\[glossary-term\])");
  for (std::sregex_iterator it(r.err.begin(), r.err.end(), warning), end; it != end; ++it)
    found.push_back((*it)[1].str() + " " + (*it)[2].str() + " " + (*it)[3].str());
  std::sort(found.begin(), found.end());
  CHECK(found == std::vector<std::string>{
                     "content/endpoints/images.generations.json `图像` zh",
                     "content/models/openai/gpt-4-0314.zh.md `26日 停` zh",
                     "content/models/openai/gpt-4-0314.zh.md `于 2026年` zh",
                     "content/pages/about.ko.md `정가` ko",
                     "locales/ar.json `قطع المعرفة` ar",
                     "locales/ja.json `非推奨化` ja",
                     "locales/ko.json `#개 토큰` ko",
                     "locales/zh.json `图像` zh",
                 });
  // The position is the variant's own line and column (columns count characters).
  std::string ja = read(t.path / "locales/ja.json");
  std::size_t at = ja.find("非推奨化日");
  std::size_t line = 1 + std::count(ja.begin(), ja.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  CHECK(r.err.find("locales/ja.json:" + std::to_string(line) + ":27: warning: `非推奨化` is not the ja term for deprecated; write `非推奨` (locales/glossary/ja.json) [glossary-term]\n"
                   "    \"model.deprecated_on\": \"非推奨化日\",\n"
                   "                            ^\n"
                   "  note: 非推奨 (非推奨日, 非推奨とする); 非推奨化日 reads as a literal rendering of 'deprecation date'.\n") != std::string::npos);
  RunResult i = run("i18n --strict", t.path);
  CHECK(i.exit_code == 1);
  CHECK(i.out.find("zh: ") != std::string::npos);
  CHECK(std::regex_search(i.out, std::regex(R"(\nzh: [^\n]*, 4 off the glossary\n)")));
}
