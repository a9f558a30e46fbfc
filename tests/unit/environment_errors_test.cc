// Diagnostics that content cannot cause, only the site's folder or the machine: each shown with
// its exact output (the invalid-input cases cover everything an author can write).
#include <catch2/catch.hpp>

#include <unistd.h>

#include "test_support.h"

using namespace test;

namespace {

void minimal_site(const fs::path& dir) {
  fs::path invalid = source_dir() / "tests" / "invalid";
  make_site(dir, {invalid / "base"});
}

}  // namespace

TEST_CASE("a root without site.json is named as such", "[diagnostics]") {
  TempDir t;
  RunResult r = run("build --no-check --out out", t.path);
  CHECK(r.exit_code == 1);
  CHECK(r.err == "site.json: error: cannot read site.json (is --root the site's folder?) [missing-file]\n"
                 "1 error, 0 warnings\n");
}

TEST_CASE("a site without page templates says so", "[diagnostics]") {
  TempDir t;
  minimal_site(t.path);
  for (const auto& e : fs::directory_iterator(t.path / "templates"))
    if (e.path().extension() == ".mustache") fs::remove(e.path());
  RunResult r = run("build --no-check --out out", t.path);
  CHECK(r.exit_code == 1);
  CHECK(r.err == "templates: error: no templates/*.mustache found [missing-templates]\n1 error, 0 warnings\n");
  CHECK_FALSE(fs::exists(t.path / "out"));
}

TEST_CASE("a content file that cannot be read is named", "[diagnostics]") {
  TempDir t;
  minimal_site(t.path);
  fs::create_symlink(t.path / "nowhere.json", t.path / "content" / "models" / "acme" / "beta.json");
  RunResult r = run("build --no-check --out out", t.path);
  CHECK(r.exit_code == 1);
  CHECK(r.err == "content/models/acme/beta.json: error: cannot read the file [unreadable-file]\n1 error, 0 warnings\n");
}

TEST_CASE("a folder modelsite did not write is named with the reason it is refused", "[diagnostics]") {
  TempDir t;
  minimal_site(t.path);
  write(t.path / "out" / "notes.txt", "keep me");
  RunResult r = run("build --no-check --out out", t.path);
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "out: error: the output folder is not empty and was not written by modelsite (no .modelsite-output file); "
        "refusing to replace it. Choose another --out or empty it yourself [output-not-ours]\n1 error, 0 warnings\n");
}

TEST_CASE("untranslated prose is one summary warning per locale", "[diagnostics]") {
  TempDir t;
  minimal_site(t.path);
  RunResult r = run("build --no-check --out out", t.path);
  CHECK(r.exit_code == 0);
  CHECK(r.err.rfind("locales/ar.json: warning: 1 of 1 texts have no `ar` translation; their pages show the `en` "
                    "text with a notice [untranslated-bodies]\n0 errors, 1 warning\n",
                    0) == 0);
}

TEST_CASE("a check without its runtimes exits 2 naming the missing tool", "[diagnostics]") {
  TempDir t;
  minimal_site(t.path);
  fs::create_directories(t.path / "empty-bin");
  RunResult r = run("check --target curl", t.path, "PATH=" + (t.path / "empty-bin").string());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error: `curl` is not installed") != std::string::npos);
  CHECK(r.err.find("[missing-tool]") != std::string::npos);
}
