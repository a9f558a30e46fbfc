// `modelsite import openrouter` and `modelsite import models.dev` on hand-made sources in their
// published formats (tests/import/openrouter.json, tests/import/models.dev/), with bad values,
// a TOML syntax error, `base_model` inheritance and re-imports.
#include "import_support.h"

using namespace test;

TEST_CASE("imports OpenRouter's models JSON into content files", "[import]") {
  TempDir root;
  RunResult r = import_into(root.path, "openrouter", "tests/import/openrouter.json");
  CHECK(r.exit_code == 0);
  check_golden("openrouter", root.path, r);
}

TEST_CASE("a source description becomes the model's prose once", "[import]") {
  TempDir root;
  REQUIRE(import_into(root.path, "openrouter", "tests/import/openrouter.json").exit_code == 0);
  fs::path prose = root.path / "content/models/acme/acme-large.md";
  CHECK(read(prose) == "Acme Large is a **reasoning** model for long documents.\n");
  write(prose, "The author's own words.\n");
  auto edited = snapshot(root.path);
  RunResult again = import_into(root.path, "openrouter", "tests/import/openrouter.json");
  CHECK(again.exit_code == 0);
  CHECK(snapshot(root.path) == edited);
  // Deleted by the author: it stays deleted.
  fs::remove(prose);
  auto without = snapshot(root.path);
  CHECK(import_into(root.path, "openrouter", "tests/import/openrouter.json").exit_code == 0);
  CHECK(snapshot(root.path) == without);
}

TEST_CASE("imports a models.dev tree into content files", "[import]") {
  TempDir root;
  RunResult r = import_into(root.path, "models.dev", "tests/import/models.dev");
  // The TOML syntax error is an error; every other model is imported.
  CHECK(r.exit_code == 1);
  check_golden("models.dev", root.path, r);
}

TEST_CASE("re-importing a models.dev tree is idempotent and follows base_model changes", "[import]") {
  TempDir root, tree;
  copy_tree(source_dir() / "tests/import/models.dev", tree.path);
  REQUIRE(import_into(root.path, "models.dev", tree.path.string()).exit_code == 1);
  auto before = snapshot(root.path);
  CHECK(import_into(root.path, "models.dev", tree.path.string()).exit_code == 1);
  CHECK(snapshot(root.path) == before);

  // A price in the base model reaches the model that inherits it, and nothing else.
  fs::path base = tree.path / "models/acme/acme-see-base.toml";
  std::string text = read(base);
  text.replace(text.find("input = 0.5"), 11, "input = 0.75");
  write(base, text);
  RunResult r = import_into(root.path, "models.dev", tree.path.string());
  auto after = snapshot(root.path);
  std::vector<std::string> changed;
  for (const auto& [path, body] : after)
    if (before[path] != body) changed.push_back(path);
  CHECK(changed == std::vector<std::string>{"content/models/acme/vision-acme-see.json"});
  CHECK(after["content/models/acme/vision-acme-see.json"].find(
            R"({ "meter": "input_tokens", "per": 1000000, "price": "0.75" })") != std::string::npos);

  // A model whose file stops parsing is not "vanished": --prune keeps it.
  fs::path large = tree.path / "providers/acme/models/acme-large.toml";
  write(large, read(large) + "[broken\n");
  RunResult pruned = import_into(root.path, "models.dev", tree.path.string(), " --prune");
  CHECK(pruned.out.find("deleted") == std::string::npos);
  CHECK(fs::exists(root.path / "content/models/acme/acme-large.json"));

  // A model removed from the tree is reported, then deleted with --prune.
  fs::remove(tree.path / "providers/zeta/models/zeta-free.toml");
  RunResult kept = import_into(root.path, "models.dev", tree.path.string());
  CHECK(kept.out.find("no longer in the source, kept (--prune deletes them) (1):\n  zeta/zeta-free (zeta/zeta-free)\n") !=
        std::string::npos);
  CHECK(fs::exists(root.path / "content/models/zeta/zeta-free.json"));
  RunResult gone = import_into(root.path, "models.dev", tree.path.string(), " --prune");
  CHECK(gone.out.find("deleted content/models/zeta/zeta-free.json\n") != std::string::npos);
  CHECK(!fs::exists(root.path / "content/models/zeta/zeta-free.json"));
}

TEST_CASE("a folder that is not a models.dev tree writes nothing", "[import]") {
  TempDir root, empty;
  RunResult r = import_into(root.path, "models.dev", empty.path.string());
  CHECK(r.exit_code == 1);
  CHECK(r.err == empty.path.string() + ": error: no providers/ folder: not a models.dev tree [import-unreadable]\n"
                 "1 error, 0 warnings\nnothing was written\n");
  CHECK(snapshot(root.path).empty());
}

TEST_CASE("import refuses unknown sources and options", "[import]") {
  TempDir root;
  RunResult r = run("import csv x --root '" + root.path.string() + "'", source_dir());
  CHECK(r.exit_code == 2);
  CHECK(r.err == "modelsite import: unknown source `csv` (sources: litellm, models.dev, openrouter)\n(see modelsite --help)\n");
  RunResult o = run("import litellm tests/import/litellm.json --fast", source_dir());
  CHECK(o.exit_code == 2);
  CHECK(o.err == "modelsite import: unknown option `--fast` for import\n(see modelsite --help)\n");
  RunResult n = run("import openrouter", source_dir());
  CHECK(n.exit_code == 2);
  CHECK(n.err == "modelsite import: import openrouter needs the source file\n(see modelsite --help)\n");
}
