// Helpers for the import tests: run `modelsite import` on a fixture into a throwaway root and
// compare what it wrote with a golden tree (tests/import/expected/<name>/; UPDATE_GOLDEN=1
// rewrites it).
#pragma once
#include <catch2/catch.hpp>

#include "test_support.h"

namespace test {

inline RunResult import_into(const fs::path& root, const std::string& source, const std::string& input,
                             const std::string& extra = "") {
  return run("import " + source + " '" + input + "' --root '" + root.string() + "'" + extra, source_dir());
}

// The whole root plus the command's output, against tests/import/expected/<name>/.
inline void check_golden(const std::string& name, const fs::path& root, const RunResult& r) {
  auto got = snapshot(root);
  got["stdout.txt"] = r.out;
  got["stderr.txt"] = r.err;
  got["exit.txt"] = std::to_string(r.exit_code) + "\n";
  fs::path dir = source_dir() / "tests" / "import" / "expected" / name;
  if (update_golden()) {
    fs::remove_all(dir);
    for (const auto& [path, text] : got) write(dir / path, text);
  }
  auto want = snapshot(dir);
  for (const auto& [path, text] : want) {
    INFO(name << ": " << path << " (UPDATE_GOLDEN=1 rewrites)");
    REQUIRE(got.count(path) == 1);
    CHECK(got[path] == text);
  }
  for (const auto& [path, text] : got) {
    INFO(name << ": unexpected file " << path);
    CHECK(want.count(path) == 1);
  }
}

}  // namespace test
