// `modelsite new`: every scaffold builds at once, nothing is overwritten, site.json keeps its text.
#include <catch2/catch.hpp>

#include <regex>

#include "serve/scaffold.h"
#include "test_support.h"

using namespace test;

namespace {

void copy_bundled(const fs::path& to) {
  for (const char* part : {"content", "templates", "locales"}) copy_tree(source_dir() / part, to / part);
  fs::copy_file(source_dir() / "site.json", to / "site.json");
}

}  // namespace

TEST_CASE("each kind of scaffold builds at once", "[new]") {
  TempDir t;
  copy_bundled(t.path);
  RunResult p = run("new provider newco", t.path);
  CHECK(p.exit_code == 0);
  CHECK(p.err.find("created content/providers/newco.json\n") != std::string::npos);
  CHECK(p.err.find("created schemas/model.schema.json\n") != std::string::npos);  // the site had none
  CHECK(run("new model newco/newco-1", t.path).exit_code == 0);
  CHECK(run("new model newco/newco-2 --from gpt-4-0314", t.path).exit_code == 0);
  RunResult l = run("new locale fr", t.path);
  CHECK(l.exit_code == 0);
  CHECK(l.err == "created locales/fr.json\nedited  site.json\n");
  CHECK(run("new page about-us", t.path).exit_code == 0);

  RunResult b = run("build --no-check --out out", t.path);
  INFO(b.err);
  REQUIRE(b.exit_code == 0);
  CHECK(fs::exists(t.path / "out/en/models/newco/newco-1/index.html"));
  CHECK(fs::exists(t.path / "out/fr/models/newco/newco-2/index.html"));
  CHECK(fs::exists(t.path / "out/fr/about-us/index.html"));
  CHECK(read(t.path / "out/fr/index.html").find("<html lang=\"fr\"") != std::string::npos);

  std::string copied = read(t.path / "content/models/newco/newco-2.json");
  CHECK(copied.find("\"id\": \"newco-2\"") != std::string::npos);
  CHECK(copied.find("\"provider\": \"newco\"") != std::string::npos);
  CHECK(copied.find("// Facts from") != std::string::npos);  // the source's comments are kept
  std::string fr = read(t.path / "locales/fr.json");
  CHECK(fr.find("\"@meta\": { \"name\": \"français\", \"format_locale\": \"fr\", \"fallback\": [\"en\"] }") != std::string::npos);
  CHECK(fr.find("\"$schema\": \"../schemas/locale.schema.json\"") != std::string::npos);

  // i18n shows the new locale's messages as still to translate.
  RunResult i = run("i18n", t.path);
  std::regex fr_line(R"(\nfr: (\d+)/\1 messages, 0/\d+ texts translated, \1 messages still the default locale's text\n)");
  CHECK(std::regex_search(i.out, fr_line));
}

TEST_CASE("new refuses to overwrite and names what is wrong", "[new]") {
  TempDir t;
  copy_bundled(t.path);
  std::string before = read(t.path / "content/models/openai/gpt-4-0314.json");
  RunResult m = run("new model openai/gpt-4-0314", t.path);
  CHECK(m.exit_code == 1);
  CHECK(m.err == "modelsite new model: content/models/openai/gpt-4-0314.json already exists; modelsite new never overwrites a file "
                 "(remove it first, or pick another name)\n");
  CHECK(read(t.path / "content/models/openai/gpt-4-0314.json") == before);
  CHECK_FALSE(fs::exists(t.path / "schemas"));  // nothing at all was written

  CHECK(run("new provider openai", t.path).exit_code == 1);
  RunResult l = run("new locale ko", t.path);
  CHECK(l.exit_code == 1);
  CHECK(l.err == "modelsite new locale: locale `ko` is already in site.json\n");
  write(t.path / "content/pages/about.md", "# About\n");
  CHECK(run("new page about", t.path).exit_code == 1);
  CHECK(read(t.path / "content/pages/about.md") == "# About\n");

  RunResult np = run("new model nope/x", t.path);
  CHECK(np.exit_code == 1);
  CHECK(np.err == "modelsite new model: no provider `nope` (content/providers/nope.json); create it with `modelsite new provider nope`\n");
  CHECK(run("new model Bad/Id", t.path).exit_code == 2);
  CHECK(run("new model no-slash", t.path).exit_code == 2);
  CHECK(run("new page models", t.path).exit_code == 2);
  CHECK(run("new locale zz-!!", t.path).exit_code == 2);
  CHECK(run("new widget x", t.path).exit_code == 2);
}

TEST_CASE("a new locale is added to site.json by editing its text", "[new]") {
  CHECK(ms::add_locale_to_site_json("{\n  // sites\n  \"locales\": [\"en\", \"ar\"], // two\n  \"title\": \"x\"\n}\n", "fr") ==
        "{\n  // sites\n  \"locales\": [\"en\", \"ar\", \"fr\"], // two\n  \"title\": \"x\"\n}\n");
  CHECK(ms::add_locale_to_site_json("{ \"locales\": [\n    \"en\",\n    \"ar\" // Arabic\n  ] }", "pt-BR") ==
        "{ \"locales\": [\n    \"en\",\n    \"ar\",\n    \"pt-BR\" // Arabic\n  ] }");
  CHECK(ms::add_locale_to_site_json("{ \"locales\": [] }", "fr") == "{ \"locales\": [\"fr\"] }");
  CHECK_FALSE(ms::add_locale_to_site_json("{ \"title\": \"x\" }", "fr"));
}
