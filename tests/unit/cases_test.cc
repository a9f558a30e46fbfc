// Invalid-input cases (tests/invalid/<case>/) and golden sites (tests/golden/<case>/), each
// checked against its exact expected output. UPDATE_GOLDEN=1 rewrites the expectations.
#include <catch2/catch.hpp>

#include <algorithm>

#include "test_support.h"

using namespace test;

namespace {

std::vector<fs::path> case_dirs(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory() && e.path().filename() != "base") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every invalid input is reported with its exact diagnostics and exit code 1", "[cases]") {
  fs::path root = source_dir() / "tests" / "invalid";
  for (const auto& dir : case_dirs(root)) {
    DYNAMIC_SECTION(dir.filename().string()) {
      TempDir site;
      make_site(site.path, {root / "base", dir});
      RunResult r = run("build --no-check --out out", site.path);
      std::string got = "exit " + std::to_string(r.exit_code) + "\n" + r.err;
      fs::path expected = dir / "expected.txt";
      if (update_golden()) write(expected, got);
      CHECK(r.exit_code == 1);
      CHECK(got == read(expected));
      CHECK_FALSE(fs::exists(site.path / "out"));
    }
  }
}

TEST_CASE("golden sites build to exactly their expected output", "[cases]") {
  fs::path root = source_dir() / "tests" / "golden";
  for (const auto& dir : case_dirs(root)) {
    if (!fs::exists(dir / "input")) continue;
    DYNAMIC_SECTION(dir.filename().string()) {
      TempDir site;
      make_site(site.path, {dir / "input"});
      RunResult r = run("build --no-check --out out", site.path);
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      auto got = snapshot(site.path / "out");
      if (update_golden()) {
        fs::remove_all(dir / "expected");
        for (const auto& [path, bytes] : got) write(dir / "expected" / path, bytes);
      }
      auto want = snapshot(dir / "expected");
      std::vector<std::string> missing, extra, differ;
      for (const auto& [path, bytes] : want) {
        auto it = got.find(path);
        if (it == got.end()) missing.push_back(path);
        else if (it->second != bytes) differ.push_back(path);
      }
      for (const auto& [path, bytes] : got)
        if (!want.count(path)) extra.push_back(path);
      INFO("missing: " << missing.size() << ", extra: " << extra.size() << ", different: " << differ.size()
                       << (differ.empty() ? "" : " (first: " + differ.front() + ")") << "; UPDATE_GOLDEN=1 rewrites");
      CHECK(missing.empty());
      CHECK(extra.empty());
      CHECK(differ.empty());
    }
  }
}
