// The site search: text folding and terms (the same rules as templates/assets/site.js), and the
// index and list data a build writes for the bundled catalog.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "site/site.h"
#include "site/search_text.h"
#include "test_support.h"

using namespace test;
using Strings = std::vector<std::string>;

TEST_CASE("search text is folded: NFKC, lower case, Arabic as readers type it", "[search]") {
  struct Case { const char* in; const char* out; };
  const Case cases[] = {
      {"GPT-4o Mini", "gpt-4o mini"},
      {"ＧＰＴ４", "gpt4"},                           // full-width forms (NFKC)
      {"المؤرَّخة", "المورخه"},                        // shadda dropped, hamza on waw, ta marbuta
      {"أحمد إلى آخر", "احمد الي اخر"},                // alef forms, alef maqsura
      {"نـمـوذج", "نموذج"},                            // tatweel
      {"٢٠٢٣ و۱۴", "2023 و14"},                        // Arabic-Indic and extended digits
      {"ﻻ", "لا"},                                     // a presentation form (NFKC)
      {"ｶﾀｶﾅ", "カタカナ"},                            // half-width katakana (NFKC)
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(ms::fold_search_text(c.in) == c.out);
  }
}

TEST_CASE("search terms: words, and pairs of characters in Han, kana and Hangul runs", "[search]") {
  CHECK(ms::search_terms("GPT-4o mini (0314)") == Strings{"gpt", "4o", "mini", "0314"});
  CHECK(ms::search_terms("大语言模型") == Strings{"大语", "语言", "言模", "模型", "型"});
  CHECK(ms::search_terms("모델은 빠르다") == Strings{"모델", "델은", "은", "빠르", "르다", "다"});
  CHECK(ms::search_terms("GPT-4は速い") == Strings{"gpt", "4", "は速", "速い", "い"});
  CHECK(ms::search_terms("ラー") == Strings{"ラー", "ー"});
  CHECK(ms::search_terms("الانحدار، والمؤرَّخة") == Strings{"الانحدار", "والمورخه"});
  CHECK(ms::search_terms("**bold** [link](https://x.y)") == Strings{"bold", "link", "https", "x", "y"});
}

namespace {
std::uint32_t fnv(const std::string& key) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : key) h = (h ^ c) * 16777619u;
  return h;
}
}  // namespace

TEST_CASE("a term's shard is FNV-1a of its first two characters, or first one in Han, kana, Hangul", "[search]") {
  CHECK(ms::search_shard("gpt", 50) == fnv("gp") % 50);
  CHECK(ms::search_shard("g", 50) == fnv("g") % 50);
  CHECK(ms::search_shard("模型", 50) == fnv("模") % 50);
  CHECK(ms::search_shard("模", 50) == fnv("模") % 50);
  CHECK(ms::search_shard("الانحدار", 7) == fnv("ال") % 7);
  CHECK(ms::search_shard("gpt", 1) == 0);
  // Pinned values, the same the page script computes (tests/browser/search.mjs checks it too).
  CHECK(fnv("gp") == 0x4f208bc2u);
}

namespace {
nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read(p)); }

// The documents a term's postings name (delta-coded), from the shard the term belongs to.
std::vector<std::size_t> postings(const fs::path& site, const std::string& locale, const std::string& term) {
  auto meta = read_json(site / locale / "search" / "meta.json");
  auto shard = read_json(site / locale / "search" / ("shard-" + std::to_string(ms::search_shard(term, meta["shards"])) + ".json"));
  std::vector<std::size_t> docs;
  if (!shard.contains(term)) return docs;
  std::size_t doc = 0;
  for (std::size_t i = 0; i < shard[term].size(); i += 2) docs.push_back(doc += shard[term][i].get<std::size_t>());
  return docs;
}
std::string doc_id(const fs::path& site, const std::string& locale, std::size_t doc) {
  auto meta = read_json(site / locale / "search" / "meta.json");
  std::size_t chunk = meta["chunk"];
  auto docs = read_json(site / locale / "search" / ("docs-" + std::to_string(doc / chunk) + ".json"));
  return docs[doc % chunk][1];
}
}  // namespace

TEST_CASE("the build writes each locale's search index and list data for every model", "[search][site]") {
  TempDir t;
  for (const char* part : {"content", "templates", "locales"}) copy_tree(source_dir() / part, t.path / part);
  fs::copy_file(source_dir() / "site.json", t.path / "site.json");
  REQUIRE(run("build --no-check --out site", t.path).exit_code == 0);
  const fs::path site = t.path / "site";
  auto models = read_json(site / "api" / "models.json")["models"];
  REQUIRE(models.size() == 38);
  for (const char* locale : {"en", "ar", "ko", "zh", "ja"}) {
    INFO(locale);
    auto meta = read_json(site / locale / "search" / "meta.json");
    CHECK(meta["docs"] == 38);
    CHECK(meta["shards"] == 1);
    CHECK(meta["chunk"] == 64);
    CHECK(meta["version"].get<std::string>().size() == 10);
    auto rows = read_json(site / locale / "models" / "rows.json");
    REQUIRE(rows["rows"].size() == 38);
    CHECK(rows["rows"][0][0] == models[0]["id"]);
  }
  // Translated prose, folded as a reader types it: only the model whose translation has the word.
  auto ids = [&](const std::string& locale, const std::string& term) {
    Strings out;
    for (auto d : postings(site, locale, term)) out.push_back(doc_id(site, locale, d));
    return out;
  };
  CHECK(ids("ar", "ثبتت") == Strings{"gpt-4-0314"});
  CHECK(ids("ja", "回帰") == Strings{"gpt-4-0314"});
  CHECK(ids("zh", "回归") == Strings{"gpt-4-0314"});
  CHECK(ids("ko", "회귀") == Strings{"gpt-4-0314"});
  CHECK(ids("en", "回归").empty());
  // A capability in the locale's words (ko: 함수 호출 = function calling) and by its id.
  Strings calling;
  for (const auto& m : models)
    if (m.contains("capabilities") && std::find(m["capabilities"].begin(), m["capabilities"].end(), "function-calling") != m["capabilities"].end())
      calling.push_back(m["id"]);
  REQUIRE(calling.size() > 3);
  for (const char* term : {"함수", "calling"}) {
    Strings found = ids("ko", term);
    for (const auto& id : calling) CHECK(std::find(found.begin(), found.end(), id) != found.end());
  }
  // The rows carry the strings the static pages show.
  auto rows = read_json(site / "en" / "models" / "rows.json");
  const auto& cols = rows["columns"];
  auto col = [&](const char* name) { return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin()); };
  for (const auto& r : rows["rows"]) {
    if (r[col("id")] != "gpt-4-0314") continue;
    CHECK(r[col("context")] == "8K");
    CHECK(r[col("context_sort")] == "8192");
    CHECK(r[col("input_sort")] == "24");
    CHECK(r[col("input_html")] == "<bdi dir=\"ltr\">$24.00</bdi>");
    CHECK(r[col("path")] == "en/models/openai/gpt-4-0314/");
  }
}

namespace {

// Every file of every locale's search index in a built site, by path.
std::map<std::string, std::string> search_files(const fs::path& site) {
  std::map<std::string, std::string> out;
  for (const auto& [path, content] : snapshot(site))
    if (path.find("/search/") != std::string::npos) out[path] = content;
  return out;
}

std::size_t documents_cut(const ms::BuildMemo& memo) {
  std::size_t n = 0;
  for (const auto& [locale, state] : memo.search) n += state.documents_cut;
  return n;
}

std::size_t shards_made(const ms::BuildMemo& memo) {
  std::size_t n = 0;
  for (const auto& [locale, state] : memo.search) n += state.shards_made;
  return n;
}

}  // namespace

TEST_CASE("an index kept between builds gives what a fresh build gives, cutting only what changed", "[search][serve]") {
  TempDir t;
  for (const char* part : {"content", "templates", "locales"}) copy_tree(source_dir() / part, t.path / part);
  fs::copy_file(source_dir() / "site.json", t.path / "site.json");
  ms::BuildMemo memo;
  ms::BuildOptions kept;
  kept.root = t.path;
  kept.out = t.path / "kept";
  kept.check = false;
  kept.memo = &memo;
  std::size_t written = 0;
  auto same_as_fresh = [&](const char* name) {
    ms::BuildOptions fresh = kept;
    fresh.memo = nullptr;
    fresh.out = t.path / name;
    REQUIRE(ms::build_site(fresh).exit_code == 0);
    auto r = ms::build_site(kept);
    INFO(ms::format_diagnostics(r.diags));
    REQUIRE(r.exit_code == 0);
    written = r.files_written;
    auto expected = search_files(fresh.out);
    REQUIRE(expected.size() == 5 * 3);  // meta, one shard and one docs file per locale
    CHECK(search_files(kept.out) == expected);
    // The list data's version the memo kept, and every other file, as a fresh build makes them.
    CHECK(snapshot(kept.out) == snapshot(fresh.out));
  };
  same_as_fresh("fresh-1");
  CHECK(documents_cut(memo) == 5 * 38);

  // English prose of one model: that model's documents are cut again (in every locale: a document
  // is known by its model's files), and only the en shard changes (the other locales have their own
  // translation of this text).
  const fs::path model = t.path / "content" / "models" / "openai" / "gpt-4-0314";
  write(model.string() + ".md", read(model.string() + ".md") + "\nQuixotically zanzibarian.\n");
  same_as_fresh("fresh-2");
  CHECK(documents_cut(memo) == 5);
  CHECK(memo.search.at("en").shards_made == 1);
  CHECK(shards_made(memo) == 1);
  // Written: the model's page in the five locales, en's shard and meta.json (the other search
  // files and the list data have the content they had).
  CHECK(written == 5 + 2);
  // A list page that must be made again while the catalog data is unchanged links the rows by the
  // version the memo kept.
  fs::remove(kept.out / "en" / "models" / "index.html");
  fs::remove(t.path / ".kept.modelsite-previous" / "en" / "models" / "index.html");  // the spare's copy
  same_as_fresh("fresh-2b");
  CHECK(written == 1);

  // A price is not searched: no shard is made again.
  std::string json = read(model.string() + ".json");
  json.replace(json.find("\"price\": \"24\""), 13, "\"price\": \"23\"");
  write(model.string() + ".json", json);
  same_as_fresh("fresh-3");
  CHECK(documents_cut(memo) == 5);
  CHECK(shards_made(memo) == 0);
  CHECK(memo.search.at("en").docs_made == 0);

  // The model's name, searched in every locale.
  json.replace(json.find("\"GPT-4 (0314)\""), 14, "\"GPT-4 Snapshot (0314)\"");
  write(model.string() + ".json", json);
  same_as_fresh("fresh-4");
  CHECK(documents_cut(memo) == 5);
  CHECK(shards_made(memo) == 5);
  CHECK(memo.search.at("en").docs_made == 1);  // the docs file that shows the name

  // One model fewer: every document is numbered again, so the index is made afresh.
  for (const auto& f : fs::directory_iterator(model.parent_path()))
    if (f.path().filename().string().rfind("davinci-002.", 0) == 0) fs::remove(f.path());
  same_as_fresh("fresh-5");
  CHECK(documents_cut(memo) == 5 * 37);
}
