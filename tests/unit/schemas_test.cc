// The JSON Schemas in schemas/ and the build agree on every fixed vocabulary, and every loader
// accepts the `$schema` key editors use to find them. (tests/schemas/validate.mjs runs a real
// validator over the bundled files and the invalid-input cases.)
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "config/config.h"
#include "serve/scaffold.h"
#include "test_support.h"

using namespace test;

namespace {

nlohmann::json schema(const std::string& name) { return nlohmann::json::parse(read(source_dir() / "schemas" / name)); }

std::vector<std::string> enum_of(const nlohmann::json& node) { return node.at("enum").get<std::vector<std::string>>(); }

}  // namespace

TEST_CASE("schema vocabularies are the catalog's tables", "[schemas]") {
  auto model = schema("model.schema.json");
  const auto& defs = model.at("$defs");
  CHECK(enum_of(defs.at("status")) == ms::model_statuses());
  CHECK(enum_of(defs.at("modality")) == ms::modality_names());
  CHECK(enum_of(defs.at("capability")) == ms::capability_names());
  CHECK(enum_of(defs.at("endpoint")) == ms::endpoint_names());
  CHECK(enum_of(defs.at("meter")) == ms::meter_names());
  CHECK(enum_of(schema("endpoint.schema.json").at("properties").at("id")) == ms::endpoint_names());
  CHECK(enum_of(schema("site.schema.json").at("$defs").at("snippet_target")) == ms::known_snippet_targets());
}

TEST_CASE("every schema is draft 2020-12, closed, and described", "[schemas]") {
  for (const char* name : {"site", "provider", "model", "endpoint", "locale"}) {
    DYNAMIC_SECTION(name) {
      auto s = schema(std::string(name) + ".schema.json");
      CHECK(s.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
      CHECK(s.at("description").is_string());
      // Locale files are open maps of message keys; every other file lists its keys.
      if (std::string(name) != "locale") CHECK(s.at("additionalProperties") == false);
      CHECK(s.at("properties").contains("$schema"));
    }
  }
}

TEST_CASE("the schemas built into modelsite are the ones in schemas/", "[schemas]") {
  const auto& bundled = ms::bundled_schemas();
  REQUIRE(bundled.size() == 5);
  for (const auto& [name, text] : bundled) CHECK(text == read(source_dir() / "schemas" / name));
}

TEST_CASE("every loader accepts a top-level $schema and ignores it", "[schemas]") {
  TempDir t;
  make_site(t.path, {source_dir() / "tests" / "invalid" / "base"});
  auto add_schema = [&](const std::string& rel, const std::string& schema_path) {
    std::string text = read(t.path / rel);
    write(t.path / rel, "{ \"$schema\": \"" + schema_path + "\"," + text.substr(text.find('{') + 1));
  };
  add_schema("site.json", "schemas/site.schema.json");
  add_schema("content/providers/acme.json", "../../schemas/provider.schema.json");
  add_schema("content/models/acme/alpha.json", "../../../schemas/model.schema.json");
  add_schema("locales/en.json", "../schemas/locale.schema.json");
  write(t.path / "content/endpoints/embeddings.json",
        "{ \"$schema\": \"../../schemas/endpoint.schema.json\", \"id\": \"embeddings\", \"path\": \"/embeddings\", \"title\": \"Embeddings\" }\n");
  RunResult ok = run("build --no-check --out out", t.path);
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.find("$schema") == std::string::npos);

  write(t.path / "content/providers/acme.json", "{ \"$schema\": 1, \"id\": \"acme\", \"name\": \"Acme AI\" }\n");
  RunResult bad = run("build --no-check --out out2", t.path);
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("content/providers/acme.json:1:14: error: `$schema` must be a string (the path or URL of the file's JSON Schema), not an integer [wrong-type]") !=
        std::string::npos);
  // Only at the top level: inside an object it is an unknown key like any other.
  write(t.path / "content/providers/acme.json", "{ \"id\": \"acme\", \"name\": \"Acme AI\" }\n");
  std::string model = read(t.path / "content/models/acme/alpha.json");
  model.replace(model.find("\"modalities\": {"), 15, "\"modalities\": { \"$schema\": \"x\",");
  write(t.path / "content/models/acme/alpha.json", model);
  RunResult nested = run("build --no-check --out out3", t.path);
  CHECK(nested.exit_code == 1);
  CHECK(nested.err.find("unknown key `$schema`") != std::string::npos);
}
