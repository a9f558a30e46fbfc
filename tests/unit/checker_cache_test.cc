// Shards, merged reports and the check's cache: what a CI matrix and a warm re-check rely on.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <set>

#include "checker/checker.h"
#include "checker/verdicts.h"
#include "core/text.h"
#include "test_support.h"

using namespace ms;

namespace {

const ApiConfig kApi{"https://api.example.com/v1", "EXAMPLE_API_KEY", ""};

Model model_named(const std::string& id) {
  Model m;
  m.id = id;
  m.name = id;
  m.provider = "acme";
  m.status = "active";
  m.endpoints = {"chat.completions", "embeddings"};
  m.source_path = "content/models/acme/" + id + ".json";
  m.example.prompt = "Say hello to " + id + ".";
  return m;
}

std::vector<SnippetJob> jobs_of(const Model& m, const std::vector<std::string>& targets) {
  std::vector<SnippetJob> out;
  for (const auto& endpoint : m.endpoints)
    for (bool stream : {false, true}) {
      if (stream && !supports_streaming(endpoint)) continue;
      CanonicalRequest req = canonical_request(m, endpoint, stream);
      for (const auto& t : targets) out.push_back({m.id, m.source_path, endpoint, stream, t, {"en"}, render_snippet(req, t, kApi), req});
    }
  return out;
}

struct TestCatalog {
  std::vector<Model> models;
  std::map<std::string, int> made;  // model id -> times its snippets were made
  std::vector<std::string> targets = {"curl", "js-fetch"};

  std::vector<ModelSnippets> snippets() {
    std::vector<ModelSnippets> out;
    for (const auto& m : models)
      out.push_back(ModelSnippets{m.id, m.source_path, m.example.prompt.value_or(""), [this, m] {
                                    ++made[m.id];
                                    return jobs_of(m, targets);
                                  }});
    return out;
  }
  std::vector<MockModel> mock() const {
    std::vector<MockModel> out;
    for (const auto& m : models) out.push_back({m.id, m.provider, m.endpoints});
    return out;
  }
};

CheckReport check(TestCatalog& cat, const fs::path& cache, int shard = 1, int shards = 1) {
  CheckOptions o;
  o.jobs = 2;
  o.api_base_url = kApi.base_url;
  o.key_env = kApi.key_env;
  o.node_modules = test::source_dir() / "node_modules";
  o.cache_dir = cache;
  o.shard_index = shard;
  o.shard_count = shards;
  test::TempDir work;
  o.work_dir = work.path / "work";
  Diagnostics d;
  CheckReport r = run_checks(cat.snippets(), cat.mock(), o, d);
  REQUIRE_FALSE(d.has_errors());
  return r;
}

std::string identity(const SnippetJob& j) { return j.model_id + " " + j.endpoint + (j.stream ? " stream " : " ") + j.target; }

}  // namespace

TEST_CASE("shards are cut by snippet identity: every snippet in exactly one, stable when other models change", "[checker][shard]") {
  std::vector<SnippetJob> all;
  for (int i = 0; i < 300; ++i)
    for (auto& j : jobs_of(model_named("m-" + std::to_string(i)), {"curl", "python-openai", "python-requests", "js-fetch", "js-openai"}))
      all.push_back(std::move(j));
  std::map<int, int> sizes;
  for (const auto& j : all) {
    int s = shard_of(j, 4);
    REQUIRE(s >= 1);
    REQUIRE(s <= 4);
    ++sizes[s];
    // The same snippet with another text (its model edited) stays in its shard.
    SnippetJob edited = j;
    edited.code += "\n";
    CHECK(shard_of(edited, 4) == s);
  }
  REQUIRE(sizes.size() == 4);
  for (const auto& [s, n] : sizes) {
    INFO("shard " << s << ": " << n << " of " << all.size());
    CHECK(n > static_cast<int>(all.size()) / 4 * 8 / 10);  // roughly even
  }
  CHECK(shard_of(all[0], 1) == 1);
}

TEST_CASE("the union of the shards' checks is every snippet exactly once, and their reports merge into one", "[checker][shard]") {
  TestCatalog cat;
  for (const char* id : {"alpha", "beta", "gamma"}) cat.models.push_back(model_named(id));
  test::TempDir cache;
  CheckReport whole = check(cat, "");
  REQUIRE(whole.failed == 0);
  REQUIRE(whole.jobs.size() == 3 * 3 * 2);
  std::multiset<std::string> seen;
  std::vector<std::string> texts;
  for (int k = 1; k <= 3; ++k) {
    CheckReport part = check(cat, "", k, 3);
    CHECK(part.shard_index == k);
    for (const auto& j : part.jobs) seen.insert(identity(j));
    texts.push_back(report_json(part));
  }
  std::multiset<std::string> expected;
  for (const auto& j : whole.jobs) expected.insert(identity(j));
  CHECK(seen == expected);

  std::string error;
  auto merged = merge_reports(texts, {"1.json", "2.json", "3.json"}, error);
  REQUIRE(merged);
  CHECK(error == "");
  CHECK(merged->jobs.size() == whole.jobs.size());
  CHECK(merged->passed == whole.passed);
  CHECK(merged->failed == 0);
  for (std::size_t i = 0; i < whole.jobs.size(); ++i) CHECK(identity(merged->jobs[i]) == identity(whole.jobs[i]));

  CHECK_FALSE(merge_reports({texts[0], texts[0], texts[2]}, {"1.json", "1-again.json", "3.json"}, error));
  CHECK(error == "1-again.json: shard 1/3 is given twice");
  CHECK_FALSE(merge_reports({texts[0], texts[2]}, {"1.json", "3.json"}, error));
  CHECK(error == "the report of shard 2/3 is missing");
  CHECK_FALSE(merge_reports({"{}"}, {"x.json"}, error));
  CHECK(error == "x.json: not a report written by `modelsite check --report`");
}

TEST_CASE("a warm check answers from the cache without making snippets, and after an edit only that model's snippets run", "[checker][cache]") {
  TestCatalog cat;
  for (const char* id : {"alpha", "beta", "gamma"}) cat.models.push_back(model_named(id));
  test::TempDir cache;
  CheckReport cold = check(cat, cache.path);
  REQUIRE(cold.failed == 0);
  CHECK(cold.cached == 0);
  CHECK(cold.models_cached == 0);
  CHECK(cat.made == std::map<std::string, int>{{"alpha", 1}, {"beta", 1}, {"gamma", 1}});

  CheckReport warm = check(cat, cache.path);
  CHECK(warm.cached == warm.jobs.size());
  CHECK(warm.models_cached == 3);
  CHECK(warm.passed == cold.passed);
  CHECK(warm.standalone == cold.standalone);
  CHECK(cat.made == std::map<std::string, int>{{"alpha", 1}, {"beta", 1}, {"gamma", 1}});  // nothing made again
  CHECK(report_json(warm).find("\"cached\": 18,") != std::string::npos);

  cat.models[1].example.prompt = "Say goodbye.";  // beta edited
  CheckReport edited = check(cat, cache.path);
  CHECK(cat.made["beta"] == 2);
  CHECK(cat.made["alpha"] == 1);
  CHECK(edited.models_cached == 2);
  std::size_t ran = 0;
  for (std::size_t i = 0; i < edited.jobs.size(); ++i) {
    INFO(identity(edited.jobs[i]));
    CHECK(edited.results[i].cached == (edited.jobs[i].model_id != "beta"));
    if (!edited.results[i].cached) ++ran;
  }
  CHECK(ran == 6);
  CHECK(edited.failed == 0);
}

TEST_CASE("failed snippets leave no cache entry: the next check runs them again", "[checker][cache]") {
  TestCatalog cat;
  cat.models.push_back(model_named("alpha"));
  cat.targets = {"curl"};
  test::TempDir cache;
  // The mock does not know the model: every snippet fails with a 404.
  CheckOptions o;
  o.api_base_url = kApi.base_url;
  o.key_env = kApi.key_env;
  o.cache_dir = cache.path;
  test::TempDir work;
  o.work_dir = work.path / "work";
  Diagnostics d;
  CheckReport failing = run_checks(cat.snippets(), {}, o, d);
  CHECK(failing.failed == failing.jobs.size());
  CHECK_FALSE(fs::exists(cache.path / "checks" / "models"));
  CheckReport again = check(cat, cache.path);
  CHECK(again.cached == 0);
  CHECK(again.failed == 0);
  CHECK(cat.made["alpha"] == 2);
  // Only complete entries exist: no temporary files are left behind.
  for (const auto& e : fs::recursive_directory_iterator(cache.path)) CHECK(e.path().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("the verdict log trusts only whole lines, and drops what no check uses any more", "[checker][cache]") {
  test::TempDir dir;
  fs::path path = dir.path / "checks" / "verdicts";
  {
    VerdictLog log(path);
    CHECK_FALSE(log.find("0123456789abcdef"));
    log.record("0123456789abcdef", "passed");
    log.record("fedcba9876543210", "verified");
    log.record("not-a-key", "passed");       // never written
    log.record("00000000000000aa", "failed");  // only passed and verified are
  }
  CHECK(test::read(path) == "0123456789abcdef passed\nfedcba9876543210 verified\n");
  // A check killed in the middle of a line, and a line of another form.
  std::ofstream(path, std::ios::app) << "0000000000000001 wrong\n1111111111111111 pass";
  {
    VerdictLog log(path);
    CHECK(log.find("0123456789abcdef") == "passed");
    CHECK(log.find("fedcba9876543210") == "verified");
    CHECK_FALSE(log.find("0000000000000001"));
    CHECK_FALSE(log.find("1111111111111111"));
    log.compact();  // few lines: left as they are
    CHECK(log.lines_read() == 3);
  }
  // Verdicts of other runtimes and versions pile up: a run that looked up only two rewrites the file.
  {
    std::ofstream out(path, std::ios::trunc);
    for (int i = 0; i < 100100; ++i) {
      char key[17];
      std::snprintf(key, sizeof key, "%016x", i);
      out << key << " passed\n";
    }
  }
  VerdictLog log(path);
  CHECK(log.find("0000000000000010") == "passed");
  log.record("00000000000000ff", "verified");
  log.record("ffffffffffffffff", "passed");
  log.compact();
  CHECK(test::read(path) == "0000000000000010 passed\n00000000000000ff verified\nffffffffffffffff passed\n");
  log.record("eeeeeeeeeeeeeeee", "passed");  // appended to the new file
  CHECK(test::read(path) == "0000000000000010 passed\n00000000000000ff verified\nffffffffffffffff passed\neeeeeeeeeeeeeeee passed\n");
}
