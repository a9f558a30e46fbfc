// The whole build on the bundled catalog and on small variants of it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>

#include "site/memo_file.h"
#include "test_support.h"

using namespace test;

namespace {

// A copy of the bundled site (site.json, content/, templates/, locales/) to change freely.
void copy_bundled(const fs::path& to) {
  for (const char* part : {"content", "templates", "locales"}) copy_tree(source_dir() / part, to / part);
  fs::copy_file(source_dir() / "site.json", to / "site.json");
}

std::string section(const std::string& html, const std::string& from, const std::string& to) {
  auto a = html.find(from);
  if (a == std::string::npos) return "";
  auto b = html.find(to, a);
  return html.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

}  // namespace

TEST_CASE("two builds of the same input are byte-identical", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out a", t.path).exit_code == 0);
  REQUIRE(run("build --no-check --out b", t.path).exit_code == 0);
  auto a = snapshot(t.path / "a"), b = snapshot(t.path / "b");
  CHECK(a.size() > 200);
  CHECK(a == b);
}

TEST_CASE("the bundled catalog has a page per model and locale and exact prices in api/models.json", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  RunResult r = run("build --no-check --out site", t.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto models = nlohmann::json::parse(read(t.path / "site" / "api" / "models.json"))["models"];
  CHECK(models.size() == 38);
  for (const auto& m : models)
    for (const char* locale : {"en", "ar", "ko", "zh", "ja"}) {
      fs::path page = t.path / "site" / locale / "models" / m["provider"].get<std::string>() / m["id"].get<std::string>() / "index.html";
      INFO(page);
      REQUIRE(fs::exists(page));
      // Every bundled model has English prose (ids with dots, like gpt-4.1, included).
      CHECK(read(page).find("<div class=\"prose\" lang=\"") != std::string::npos);
    }
  auto find = [&](const std::string& id) {
    for (const auto& m : models)
      if (m["id"] == id) return m;
    return nlohmann::json();
  };
  CHECK(find("gpt-4-0314")["pricing"] == nlohmann::json::parse(R"({"currency": "USD", "items": [
    {"meter": "input_tokens", "per": 1000000, "price": "24", "list_price": "30", "discount": "0.2"},
    {"meter": "output_tokens", "per": 1000000, "price": "48", "list_price": "60", "discount": "0.2"}]})"));
  CHECK(find("gpt-4-v")["pricing"]["items"][0] == nlohmann::json::parse(
      R"({"meter": "request", "per": 1, "price": "0.04", "list_price": "0.05", "discount": "0.2"})"));
  for (const char* f : {"index.html", "404.html", "sitemap.xml", "robots.txt", "en/index.html", "en/models/index.html",
                        "en/pricing/index.html", "en/deprecations/index.html", "en/endpoints/index.html",
                        "en/about/index.html", "ja/about/index.html", "ar/404.html"})
    CHECK(fs::exists(t.path / "site" / f));
}

TEST_CASE("the gpt-4-0314 page shows its prices, discount, context and retirement in every locale", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  struct Expect {
    const char* locale;
    const char* in_price;
    const char* in_list;
    const char* discount;
    const char* context;
    const char* retired;
  };
  // Arabic pages use Latin digits (ar-u-nu-latn), like the seed pages.
  const Expect rows[] = {
      {"en", "$24.00", "$30.00", "-20%", "8,192 tokens", "Retired on March 26, 2026"},
      {"ar", "\u200F24.00\u00A0US$", "\u200F30.00\u00A0US$", "\u200E-20\u200E%\u200E", "8,192 رمزًا", "26 مارس 2026"},
      {"ko", "US$24.00", "US$30.00", "-20%", "8,192 토큰", "2026년 3월 26일"},
      {"zh", "US$24.00", "US$30.00", "-20%", "8,192 个 token", "2026年3月26日"},
      {"ja", "$24.00", "$30.00", "-20%", "8,192トークン", "2026年3月26日"},
  };
  for (const auto& e : rows) {
    INFO(e.locale);
    std::string html = read(t.path / "site" / e.locale / "models/openai/gpt-4-0314/index.html");
    std::string pricing = section(html, "<table class=\"price-table\">", "</table>");
    CHECK(pricing.find(std::string("<bdi dir=\"ltr\">") + e.in_price + "</bdi>") != std::string::npos);
    CHECK(pricing.find(std::string("<s><bdi dir=\"ltr\">") + e.in_list + "</bdi></s>") != std::string::npos);
    CHECK(pricing.find(std::string("<span class=\"discount\"><bdi dir=\"ltr\">") + e.discount + "</bdi></span>") != std::string::npos);
    CHECK(html.find(e.context) != std::string::npos);
    CHECK(html.find(e.retired) != std::string::npos);
    CHECK(html.find("badge status-retired") != std::string::npos);
    CHECK(html.find(std::string("href=\"../../../../") + e.locale + "/models/openai/gpt-5/\"") != std::string::npos);
    CHECK(html.find(std::string("href=\"../../../../") + e.locale + "/models/openai/gpt-4.1/\"") != std::string::npos);
  }
  std::string ar = read(t.path / "site/ar/models/openai/gpt-4-0314/index.html");
  CHECK(ar.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  CHECK(ar.find("<pre dir=\"ltr\"") != std::string::npos);
  std::string v = read(t.path / "site/en/models/openai/gpt-4-v/index.html");
  std::string vp = section(v, "<table class=\"price-table\">", "</table>");
  CHECK(vp.find("<th scope=\"row\">per request</th><td class=\"num\"><bdi dir=\"ltr\">$0.04</bdi></td>") != std::string::npos);
  CHECK(vp.find("<s><bdi dir=\"ltr\">$0.05</bdi></s>") != std::string::npos);
}

TEST_CASE("every page links to all its translations and the sitemap carries the alternates", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  std::string ko = read(t.path / "site/ko/pricing/index.html");
  for (const char* l : {"en", "ar", "ko", "zh", "ja"}) {
    CHECK(ko.find(std::string("<link rel=\"alternate\" hreflang=\"") + l + "\" href=\"https://models.example.com/" + l + "/pricing/\">") != std::string::npos);
    CHECK(ko.find(std::string("<a href=\"../../") + l + "/pricing/\" lang=\"" + l + "\"") != std::string::npos);
  }
  CHECK(ko.find("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://models.example.com/en/pricing/\">") != std::string::npos);
  std::string sitemap = read(t.path / "site/sitemap.xml");
  CHECK(sitemap.find("<loc>https://models.example.com/ja/models/openai/gpt-4-0314/</loc>\n"
                     "    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://models.example.com/en/models/openai/gpt-4-0314/\"/>") != std::string::npos);
  CHECK(sitemap.find("hreflang=\"x-default\" href=\"https://models.example.com/en/models/openai/gpt-4-0314/\"") != std::string::npos);
}

TEST_CASE("a failed build leaves the previous site exactly as it was", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  auto before = snapshot(t.path / "site");
  write(t.path / "content/models/openai/gpt-4.json", "{ \"id\": \"gpt-4\", }");
  RunResult r = run("build --no-check --out site", t.path);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("content/models/openai/gpt-4.json:1:16: error: trailing comma") != std::string::npos);
  CHECK(snapshot(t.path / "site") == before);
  for (const auto& e : fs::directory_iterator(t.path)) {
    std::string name = e.path().filename().string();
    CHECK(name.find("site.tmp") != 0);
    CHECK(name.find("site.old") != 0);
  }
}

TEST_CASE("a folder modelsite did not write is refused as --out, not emptied", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  write(t.path / "mine" / "notes.txt", "keep me");
  RunResult r = run("build --no-check --out mine", t.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("mine: error: the output folder is not empty and was not written by modelsite") != std::string::npos);
  CHECK(read(t.path / "mine" / "notes.txt") == "keep me");
  CHECK(snapshot(t.path / "mine").size() == 1);
}

TEST_CASE("markup and script links in a model description render inert", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  write(t.path / "content/models/openai/gpt-4.md",
        "## Overview\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) and "
        "<img src=x onerror=alert(2)>\n");
  auto j = nlohmann::json::parse(read(t.path / "content/models/openai/gpt-4.json"), nullptr, true, true);
  j["name"] = "GPT-4 </script><script>alert(3)</script>";
  write(t.path / "content/models/openai/gpt-4.json", j.dump(2));
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  std::string html = read(t.path / "site/en/models/openai/gpt-4/index.html");
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("onerror") == std::string::npos);
  CHECK(html.find("<a href=\"\">click</a>") != std::string::npos);
  CHECK(html.find("<h1>GPT-4 &lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;</h1>") != std::string::npos);
  CHECK(html.find("\"name\":\"GPT-4 \\u003c/script\\u003e\\u003cscript\\u003ealert(3)\\u003c/script\\u003e\"") != std::string::npos);
}

TEST_CASE("a key removed from ko.json is named by i18n, fails --strict and falls back with a warning", "[site][i18n]") {
  TempDir t;
  copy_bundled(t.path);
  std::string ko = read(t.path / "locales/ko.json");
  std::regex line(R"(\n  "pricing\.official_price": "[^"]*",)");
  std::string removed = std::regex_replace(ko, line, "");
  REQUIRE(removed != ko);
  write(t.path / "locales/ko.json", removed);

  RunResult i = run("i18n", t.path);
  CHECK(i.exit_code == 0);
  std::regex named(R"(locales/ko\.json: missing `pricing\.official_price` \(defined at locales/en\.json:\d+:3\))");
  CHECK(std::regex_search(i.out, named));
  CHECK(run("i18n --strict", t.path).exit_code == 1);
  RunResult j = run("i18n --format json", t.path);
  auto report = nlohmann::json::parse(j.out);
  CHECK(report["complete"] == false);

  RunResult b = run("build --no-check --out site", t.path);
  CHECK(b.exit_code == 0);
  CHECK(b.err.find("locales/ko.json: warning: locale `ko` has no message `pricing.official_price`; pages use the `en` text [missing-translation]") != std::string::npos);
  CHECK(read(t.path / "site/ko/models/openai/gpt-4-0314/index.html").find("<th scope=\"col\">Official price</th>") != std::string::npos);
  RunResult s = run("build --no-check --strict --out strict-site", t.path);
  CHECK(s.exit_code == 1);
  CHECK(s.err.find("locales/ko.json: error: locale `ko` has no message `pricing.official_price`") != std::string::npos);
  CHECK_FALSE(fs::exists(t.path / "strict-site"));
}

TEST_CASE("untranslated prose falls back to the default locale, marked with its own lang and dir", "[site][i18n]") {
  TempDir t;
  copy_bundled(t.path);
  fs::remove(t.path / "content/models/openai/gpt-4.ar.md");
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  std::string ar = read(t.path / "site/ar/models/openai/gpt-4/index.html");
  CHECK(ar.find("<div class=\"prose\" lang=\"en\" dir=\"ltr\">") != std::string::npos);
  CHECK(ar.find("<p class=\"notice\" role=\"note\">") != std::string::npos);
  std::string translated = read(t.path / "site/ar/models/openai/gpt-4-0314/index.html");
  CHECK(translated.find("<div class=\"prose\" lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  CHECK(translated.find("class=\"notice\"") == std::string::npos);
}

TEST_CASE("command line mistakes exit 2 with a message", "[site]") {
  TempDir t;
  CHECK(run("frobnicate", t.path).exit_code == 2);
  RunResult r = run("build --jobs zero", t.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("option --jobs needs a number from 1 to 256, not `zero`") != std::string::npos);
  CHECK(run("check --target cobol", t.path).exit_code == 2);
  CHECK(run("--version", t.path).out == "modelsite 0.1.0\n");
}

TEST_CASE("an update in place sees a new link to nothing, and edits behind a link to a provider's folder", "[site]") {
  TempDir t;
  make_site(t.path / "site-root", {source_dir() / "tests/invalid/base"});
  const fs::path root = t.path / "site-root";
  // The acme folder lives elsewhere; content/models/acme is a link to it.
  fs::rename(root / "content/models/acme", t.path / "shared-acme");
  fs::create_directory_symlink(t.path / "shared-acme", root / "content/models/acme");
  REQUIRE(run("build --no-check --out site", root).exit_code == 0);
  CHECK(read(root / "site/en/models/acme/alpha/index.html").find("<h1>Alpha</h1>") != std::string::npos);

  // An edit in the linked folder: the page follows.
  std::string json = read(t.path / "shared-acme/alpha.json");
  write(t.path / "shared-acme/alpha.json", std::regex_replace(json, std::regex("\"name\": \"Alpha\""), "\"name\": \"Alpha Two\""));
  RunResult edited = run("build --no-check --out site", root);
  CHECK(edited.exit_code == 0);
  CHECK(read(root / "site/en/models/acme/alpha/index.html").find("<h1>Alpha Two</h1>") != std::string::npos);

  // A link to nothing where a model's data would be: the same error a fresh build gives, and
  // the site as it was.
  fs::create_symlink(t.path / "nowhere.json", t.path / "shared-acme/beta.json");
  RunResult dangling = run("build --no-check --out site", root);
  CHECK(dangling.exit_code == 1);
  CHECK(dangling.err == "content/models/acme/beta.json: error: cannot read the file [unreadable-file]\n1 error, 0 warnings\n");
  CHECK(read(root / "site/en/models/acme/alpha/index.html").find("<h1>Alpha Two</h1>") != std::string::npos);

  // A link back up the tree is walked once, not forever.
  fs::remove(t.path / "shared-acme/beta.json");
  fs::create_directory_symlink(root / "content", t.path / "shared-acme/loop");
  CHECK(run("build --no-check --out site", root).exit_code == 0);
}

TEST_CASE("the search index kept in .modelsite-cache/derived is used when whole and ignored when damaged", "[site][search]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  const fs::path memo = t.path / ".modelsite-cache/derived";
  REQUIRE(fs::exists(memo));
  const std::string whole = read(memo);
  REQUIRE(whole.starts_with("modelsite derived memo 2\n"));
  CHECK_FALSE(fs::exists(t.path / ".modelsite-cache/derived.tmp"));
  // Each edit changes a word of gpt-4's prose; the site must equal a full build of the same input.
  auto edit_and_compare = [&](const std::string& word) {
    write(t.path / "content/models/openai/gpt-4.md", read(t.path / "content/models/openai/gpt-4.md") + "\n" + word + "\n");
    RunResult r = run("build --no-check --out site", t.path);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    fs::remove_all(t.path / "full");
    fs::path kept = t.path / "kept-memo";
    fs::copy_file(memo, kept, fs::copy_options::overwrite_existing);
    fs::remove(memo);  // the full build starts from nothing
    REQUIRE(run("build --no-check --out full", t.path).exit_code == 0);
    fs::copy_file(kept, memo, fs::copy_options::overwrite_existing);
    CHECK(snapshot(t.path / "site") == snapshot(t.path / "full"));
    CHECK(read(t.path / "site/en/search/meta.json") == read(t.path / "full/en/search/meta.json"));
  };
  edit_and_compare("Zanzibarian");
  // Cut short, one byte changed, another format: each is ignored, and the build is still exact.
  write(memo, whole.substr(0, whole.size() / 2));
  edit_and_compare("Quokkalike");
  std::string flipped = read(memo);
  flipped[flipped.size() / 3] ^= 0x20;
  write(memo, flipped);
  edit_and_compare("Axolotlish");
  write(memo, "modelsite derived memo 0\n");
  edit_and_compare("Pangolinous");
  CHECK(read(t.path / "site/en/search/meta.json").find("\"docs\":38") != std::string::npos);

  // A whole memo is trusted: a docs file it holds that no edit touches is published as it is
  // (here altered on purpose, written back through the memo itself), so the build did use it.
  {
    ms::DerivedMemo m(memo);
    for (const char* locale : {"en", "ar", "ko", "zh", "ja"}) {
      ms::SearchIndexState state = m.take_search(locale);
      REQUIRE(state.docs_json.size() == 1);
      if (std::string(locale) == "en") {
        REQUIRE(state.docs_json[0].find("\"GPT-4 (0314)\"") != std::string::npos);
        state.docs_json[0] = std::regex_replace(state.docs_json[0], std::regex("\"GPT-4 \\(0314\\)\""), "\"GPT-4 (0315)\"");
      }
      m.put_search(locale, state);
    }
    m.commit();
  }
  write(t.path / "content/models/openai/gpt-4.md", read(t.path / "content/models/openai/gpt-4.md") + "\nOkapiform\n");
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  std::string docs = read(t.path / "site/en/search/docs-0.json");
  CHECK(docs.find("\"GPT-4 (0315)\"") != std::string::npos);
  CHECK(docs.find("\"GPT-4 (0314)\"") == std::string::npos);
}

TEST_CASE("an incremental build after edits equals a full build, and a no-op build writes nothing", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);

  RunResult noop = run("build --no-check --out site", t.path);
  CHECK(noop.exit_code == 0);
  CHECK(noop.err.find("built 227 pages (0 files) into site") != std::string::npos);

  // A file saved again without changes: read again, but nothing to write.
  write(t.path / "content/models/openai/gpt-4.json", read(t.path / "content/models/openai/gpt-4.json"));
  RunResult touched = run("build --no-check --verbose --out site", t.path);
  CHECK(touched.err.find("built 227 pages (0 files) into site") != std::string::npos);
  CHECK(touched.err.find("  load ") != std::string::npos);

  // Prose of one model: only its own pages, in every locale, and the search index of the one
  // locale that shows that text (en: meta.json and its one shard; every other locale has its own
  // translation of gpt-4, and the docs files show no prose).
  write(t.path / "content/models/openai/gpt-4.md", read(t.path / "content/models/openai/gpt-4.md") + "\nOne more line.\n");
  RunResult prose = run("build --no-check --out site", t.path);
  CHECK(prose.err.find("built 227 pages (7 files) into site") != std::string::npos);
  // Its Korean translation removed: its pages again, and the Korean search index (meta.json and
  // its shard), since the Korean page now falls back to the English text.
  fs::remove(t.path / "content/models/openai/gpt-4.ko.md");
  RunResult fallback = run("build --no-check --out site", t.path);
  CHECK(fallback.err.find("built 227 pages (7 files) into site") != std::string::npos);

  // Data of one model, and a model removed: lists, cards and the removed pages follow.
  std::string json = read(t.path / "content/models/openai/gpt-4.json");
  write(t.path / "content/models/openai/gpt-4.json", std::regex_replace(json, std::regex("\"context_window\": 8192"), "\"context_window\": 8193"));
  for (const char* file : {"json", "md", "ar.md", "ko.md", "zh.md", "ja.md"})
    fs::remove(t.path / "content/models/openai" / (std::string("babbage-002.") + file));
  RunResult data = run("build --no-check --out site", t.path);
  INFO(data.err);
  CHECK(data.exit_code == 0);
  CHECK_FALSE(fs::exists(t.path / "site/en/models/openai/babbage-002"));

  REQUIRE(run("build --no-check --out full", t.path).exit_code == 0);
  auto incremental = snapshot(t.path / "site"), full = snapshot(t.path / "full");
  CHECK(incremental.size() == full.size());
  CHECK(incremental == full);
}

TEST_CASE("a template error while updating in place leaves the previous site and no temporary files", "[site]") {
  TempDir t;
  copy_bundled(t.path);
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  auto before = snapshot(t.path / "site");
  // Valid syntax, but the partial it names does not exist: found when the templates load.
  std::string model = read(t.path / "templates/model.mustache");
  write(t.path / "templates/model.mustache", model + "{{> no-such-partial}}\n");
  RunResult r = run("build --no-check --out site", t.path);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("error: unknown partial `no-such-partial`") != std::string::npos);
  CHECK(snapshot(t.path / "site") == before);
}
