// `modelsite check` on a site written by the test: after each kind of edit, exactly the snippets
// whose text (or whose way of running) changed run again; every other result comes from the
// cache. A cache that answered an edited snippet from an old result would publish an unchecked
// snippet as checked.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace test;

namespace {

// "model: R ran, C cached" per model, from the check's report.
std::string check(const fs::path& root) {
  RunResult r = run("check --report report.json", root);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto report = nlohmann::json::parse(read(root / "report.json"));
  REQUIRE(report["failed"] == 0);
  std::map<std::string, std::pair<int, int>> counts;
  for (const auto& s : report["snippets"]) {
    auto& c = counts[s["model"].get<std::string>()];
    (s["cached"].get<bool>() ? c.second : c.first) += 1;
  }
  std::string out;
  for (const auto& [model, c] : counts)
    out += model + ": " + std::to_string(c.first) + " ran, " + std::to_string(c.second) + " cached\n";
  return out;
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read(file);
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  write(file, text.replace(at, from.size(), to));
}

}  // namespace

TEST_CASE("after each kind of edit exactly the affected snippets run again, the rest come from the cache", "[checker][cache][site]") {
  TempDir t;
  make_site(t.path, {source_dir() / "tests/invalid/base"});
  const fs::path models = t.path / "content/models/acme";
  std::string beta = read(models / "alpha.json");
  auto id = beta.find("\"alpha\"");
  beta.replace(id, 7, "\"beta\"");
  write(models / "beta.json", beta);
  write(models / "beta.md", "Beta is the second test model.\n");
  replace_in(t.path / "site.json", "\"snippets\": [\"curl\"]", "\"snippets\": [\"curl\", \"python-requests\"]");
  // chat.completions, plain and streamed, in two targets: four snippets per model.
  const std::string all_ran = "alpha: 4 ran, 0 cached\nbeta: 4 ran, 0 cached\n";
  const std::string all_cached = "alpha: 0 ran, 4 cached\nbeta: 0 ran, 4 cached\n";

  CHECK(check(t.path) == all_ran);
  CHECK(check(t.path) == all_cached);

  SECTION("prose is not in any snippet: nothing runs") {
    write(models / "alpha.md", read(models / "alpha.md") + "\nOne more sentence.\n");
    CHECK(check(t.path) == all_cached);
  }
  SECTION("a model's example prompt: only that model's snippets run") {
    replace_in(models / "beta.json", "\"endpoints\"", "\"example\": { \"prompt\": \"Say \\\"hi\\\" and $HOME.\" },\n  \"endpoints\"");
    CHECK(check(t.path) == "alpha: 0 ran, 4 cached\nbeta: 4 ran, 0 cached\n");
    CHECK(check(t.path) == all_cached);
  }
  SECTION("a model's price is not in any snippet, but the file changed: its snippets are made again and match the cache") {
    replace_in(models / "alpha.json", "\"price\": \"24\"", "\"price\": \"25\"");
    CHECK(check(t.path) == all_cached);
  }
  SECTION("the site's key variable is in every snippet: all run") {
    replace_in(t.path / "site.json", "TEST_API_KEY", "OTHER_API_KEY");
    CHECK(check(t.path) == all_ran);
  }
  SECTION("the API base URL is in every snippet: all run") {
    replace_in(t.path / "site.json", "https://api.test.example.com/v1", "https://api.other.example.com/v2");
    CHECK(check(t.path) == all_ran);
  }
  SECTION("a model's endpoints: its new snippets run, its unchanged ones come from the cache") {
    replace_in(models / "alpha.json", "\"endpoints\": [\"chat.completions\"]", "\"endpoints\": [\"chat.completions\", \"embeddings\"]");
    CHECK(check(t.path) == "alpha: 2 ran, 4 cached\nbeta: 0 ran, 4 cached\n");
  }
}
