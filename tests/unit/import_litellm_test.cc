// `modelsite import litellm` on a hand-made cost map (tests/import/litellm.json) with every kind
// of field the real one has, then re-imports: idempotent, one changed price, author edits,
// vanished models, a source that cannot be read.
#include "import_support.h"

using namespace test;

namespace {
const std::string kFixture = "tests/import/litellm.json";
}

TEST_CASE("imports a LiteLLM cost map into content files", "[import]") {
  TempDir root;
  RunResult r = import_into(root.path, "litellm", kFixture);
  CHECK(r.exit_code == 0);
  check_golden("litellm", root.path, r);
}

TEST_CASE("re-importing the same LiteLLM file changes no byte", "[import]") {
  TempDir root;
  REQUIRE(import_into(root.path, "litellm", kFixture).exit_code == 0);
  auto before = snapshot(root.path);
  RunResult again = import_into(root.path, "litellm", kFixture);
  CHECK(again.exit_code == 0);
  CHECK(snapshot(root.path) == before);
  CHECK(again.out.substr(again.out.rfind("imported")) ==
        "imported 8 models from 2 providers: 0 new, 0 changed, 8 unchanged; 18 fields not mapped\n");
}

TEST_CASE("a changed LiteLLM price rewrites only that model's file", "[import]") {
  TempDir root, src;
  REQUIRE(import_into(root.path, "litellm", kFixture).exit_code == 0);
  auto before = snapshot(root.path);
  std::string text = read(source_dir() / kFixture);
  std::string from = R"("acme-tts": { "litellm_provider": "acme", "mode": "audio_speech", "input_cost_per_character": 1.5e-05 })";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(),
               R"("acme-tts": { "litellm_provider": "acme", "mode": "audio_speech", "input_cost_per_character": 3E-5 })");
  write(src.path / "prices.json", text);
  RunResult r = import_into(root.path, "litellm", (src.path / "prices.json").string());
  CHECK(r.exit_code == 0);
  auto after = snapshot(root.path);
  std::vector<std::string> changed;
  for (const auto& [path, body] : after)
    if (before[path] != body) changed.push_back(path);
  CHECK(changed == std::vector<std::string>{"content/models/acme/acme-tts.json"});
  CHECK(after["content/models/acme/acme-tts.json"].find(R"({ "meter": "characters", "per": 1000000, "price": "30" })") !=
        std::string::npos);
  CHECK(r.out.substr(r.out.rfind("imported")) ==
        "imported 8 models from 2 providers: 0 new, 1 changed, 7 unchanged; 18 fields not mapped\n");
}

// The author's edit of an imported file: a family, a status, replacements, an example.
std::string author_edit(std::string text) {
  text.replace(text.find("  \"status\": \"active\",\n"), std::string("  \"status\": \"active\",\n").size(),
               "  \"family\": \"whisper\",\n  \"status\": \"retired\",\n  \"replacements\": [\"acme-tts\"],\n");
  text.replace(text.rfind("}"), 1, "  ,\"example\": { \"prompt\": \"Say hi\" }\n}");
  return text;
}

TEST_CASE("re-import keeps the author's keys and files byte for byte", "[import]") {
  TempDir root;
  REQUIRE(import_into(root.path, "litellm", kFixture).exit_code == 0);
  fs::path model = root.path / "content/models/acme/acme-whisper.json";
  write(model, author_edit(read(model)));
  write(root.path / "content/models/acme/acme-whisper.md", "Prose by the author.\n");
  write(root.path / "content/models/acme/acme-whisper.ar.md", "نص المؤلف.\n");
  auto before = snapshot(root.path);
  RunResult r = import_into(root.path, "litellm", kFixture);
  CHECK(r.exit_code == 0);
  CHECK(snapshot(root.path) == before);
}

TEST_CASE("a re-import that changes a price keeps the author's keys in that file", "[import]") {
  TempDir root, src;
  REQUIRE(import_into(root.path, "litellm", kFixture).exit_code == 0);
  fs::path model = root.path / "content/models/acme/acme-whisper.json";
  write(model, author_edit(read(model)));
  std::string text = read(source_dir() / kFixture);
  std::string from = R"("input_cost_per_second": 0.0001)";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), R"("input_cost_per_second": 0.00015)");
  write(src.path / "prices.json", text);
  RunResult r = import_into(root.path, "litellm", (src.path / "prices.json").string());
  CHECK(r.exit_code == 0);
  CHECK(read(model) ==
        "{\n"
        "  \"id\": \"acme-whisper\",\n"
        "  \"name\": \"acme-whisper\",\n"
        "  \"provider\": \"acme\",\n"
        "  \"family\": \"whisper\",\n"
        "  \"status\": \"retired\",\n"
        "  \"replacements\": [\"acme-tts\"],\n"
        "  \"modalities\": { \"input\": [\"audio\"], \"output\": [\"text\"] },\n"
        "  \"endpoints\": [\"audio.transcriptions\"],\n"
        "  \"pricing\": {\n"
        "    \"currency\": \"USD\",\n"
        "    \"items\": [\n"
        "      { \"meter\": \"audio_seconds\", \"per\": 1, \"price\": \"0.00015\" }\n"
        "    ]\n"
        "  },\n"
        "  \"example\": {\n"
        "    \"prompt\": \"Say hi\"\n"
        "  }\n"
        "}\n");
}

TEST_CASE("a model file the import did not make is left alone", "[import]") {
  TempDir root;
  write(root.path / "content/models/acme/acme-tts.json", "// mine\n{ \"id\": \"acme-tts\" }\n");
  RunResult r = import_into(root.path, "litellm", kFixture);
  CHECK(r.exit_code == 0);
  CHECK(read(root.path / "content/models/acme/acme-tts.json") == "// mine\n{ \"id\": \"acme-tts\" }\n");
  CHECK(r.out.find("left alone, not made by this import (1):\n  acme/acme-tts\n") != std::string::npos);
}

TEST_CASE("vanished models are reported, and deleted only with --prune", "[import]") {
  TempDir root, src;
  REQUIRE(import_into(root.path, "litellm", kFixture).exit_code == 0);
  write(root.path / "content/models/acme/acme-tts.md", "Speech.\n");
  std::string text = read(source_dir() / kFixture);
  std::string line = R"(  "acme-tts": { "litellm_provider": "acme", "mode": "audio_speech", "input_cost_per_character": 1.5e-05 },)";
  REQUIRE(text.find(line) != std::string::npos);
  text.erase(text.find(line), line.size() + 1);
  write(src.path / "prices.json", text);

  RunResult kept = import_into(root.path, "litellm", (src.path / "prices.json").string());
  CHECK(kept.exit_code == 0);
  CHECK(fs::exists(root.path / "content/models/acme/acme-tts.json"));
  CHECK(kept.out.find("no longer in the source, kept (--prune deletes them) (1):\n  acme/acme-tts (acme-tts)\n") !=
        std::string::npos);

  RunResult pruned = import_into(root.path, "litellm", (src.path / "prices.json").string(), " --prune");
  CHECK(pruned.exit_code == 0);
  CHECK(!fs::exists(root.path / "content/models/acme/acme-tts.json"));
  CHECK(!fs::exists(root.path / "content/models/acme/acme-tts.md"));
  CHECK(pruned.out.find("deleted content/models/acme/acme-tts.json\ndeleted content/models/acme/acme-tts.md\n") !=
        std::string::npos);
  RunResult after = import_into(root.path, "litellm", (src.path / "prices.json").string());
  CHECK(after.out.find("no longer in the source") == std::string::npos);
}

TEST_CASE("a source that cannot be read writes nothing", "[import]") {
  TempDir root, src;
  REQUIRE(import_into(root.path, "litellm", kFixture).exit_code == 0);
  auto before = snapshot(root.path);
  std::string text = read(source_dir() / kFixture);
  write(src.path / "cut.json", text.substr(0, text.find("\"acme-image\"")));
  RunResult r = import_into(root.path, "litellm", (src.path / "cut.json").string());
  CHECK(r.exit_code == 1);
  CHECK(r.out == "");
  CHECK(r.err.find("cut.json:23:3: error: invalid JSON: parsing object key - unexpected end of input; expected string literal "
                    "[json-syntax]\n") !=
        std::string::npos);
  CHECK(r.err.find("nothing was written\n") != std::string::npos);
  CHECK(snapshot(root.path) == before);

  RunResult missing = import_into(root.path, "litellm", (src.path / "none.json").string());
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == (src.path / "none.json").string() + ": error: cannot read the source file [import-unreadable]\n"
                       "1 error, 0 warnings\nnothing was written\n");
  CHECK(snapshot(root.path) == before);
}

TEST_CASE("the --provider option imports one provider's models", "[import]") {
  TempDir root;
  RunResult r = import_into(root.path, "litellm", kFixture, " --provider other");
  CHECK(r.exit_code == 0);
  // Without the other providers' models there is no collision: the plain id.
  CHECK(fs::exists(root.path / "content/models/other/acme-sonnet.json"));
  CHECK(!fs::exists(root.path / "content/models/acme"));
  CHECK(!fs::exists(root.path / "content/providers/acme.json"));
  CHECK(r.out.substr(r.out.rfind("imported")) ==
        "imported 1 model from 1 provider: 1 new, 0 changed, 0 unchanged; 18 fields not mapped\n");
}

TEST_CASE("a source of the wrong shape is named as such and writes nothing", "[import]") {
  TempDir root, src;
  write(src.path / "list.json", "[{\"model\": \"x\"}]\n");
  RunResult r = import_into(root.path, "litellm", (src.path / "list.json").string());
  CHECK(r.exit_code == 1);
  CHECK(r.err == (src.path / "list.json").string() +
                     ":1:1: error: a LiteLLM cost map is a JSON object of models [import-bad-source]\n"
                     "  [{\"model\": \"x\"}]\n  ^\n1 error, 0 warnings\nnothing was written\n");
  CHECK(snapshot(root.path).empty());
}
