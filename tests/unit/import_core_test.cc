// The importers' shared parts: exact prices from a number's text, number texts kept through JSON
// parsing, id folding, the content file layout.
#include <catch2/catch.hpp>

#include "catalog/pricing.h"
#include "import/convert.h"
#include "import/exact_json.h"
#include "import/imported.h"
#include "import/writer.h"

using namespace ms;

TEST_CASE("scales prices exactly from the number's text", "[import]") {
  struct Row {
    const char* text;
    int shift;
    const char* value;
  };
  const Row rows[] = {
      {"2e-07", 6, "0.2"},          {"1.25e-06", 6, "1.25"},   {"3E-7", 6, "0.3"},
      {"0", 6, "0"},                {"0.0", 6, "0"},           {"15", 6, "15000000"},
      {"0.000015", 6, "15"},        {"1.5e-5", 3, "0.015"},    {"2.0751953125e-09", 6, "0.0020751953125"},
      {"0.01", 3, "10"},            {"6.25e-08", 6, "0.0625"}, {"3.00", 0, "3"},
      {"1e-30", 0, "0.000000000000000000000000000001"}, {"+5e-6", 6, "5"}};
  for (const auto& r : rows) {
    PriceText p = scale_price(r.text, r.shift);
    INFO(r.text);
    CHECK(p.error == "");
    CHECK(p.value == r.value);
  }
}

TEST_CASE("refuses negative, non-numeric and absurd prices", "[import]") {
  CHECK(scale_price("-1e-06", 6).error == "`-1e-06` is negative");
  CHECK(scale_price("cheap", 6).error == "`cheap` is not a number");
  CHECK(scale_price("", 6).error == "is empty, not a number");
  CHECK(scale_price("1e400", 6).error == "`1e400` is out of range for a price");
  CHECK(scale_price("1e-400", 6).error == "`1e-400` is out of range for a price");
  CHECK(scale_price("1e99999", 6).error == "`1e99999` is not a number");
  CHECK(scale_price("0x10", 0).error == "`0x10` is not a number");
  CHECK(scale_price("1,5", 0).error == "`1,5` is not a number");
  CHECK(scale_price("-0", 6).value == "0");
}

TEST_CASE("keeps every float's text while parsing JSON", "[import]") {
  Diagnostics d;
  auto doc = parse_exact_json(SourceFile("s.json", R"({"a": {"p": 2e-07, "q": [1.5e-6, {"r": 3E-7}, 4]}, "b/c": 0.1})"), d);
  REQUIRE(doc);
  CHECK(doc->number_text.at("/a/p") == "2e-07");
  CHECK(doc->number_text.at("/a/q/0") == "1.5e-6");
  CHECK(doc->number_text.at("/a/q/1/r") == "3E-7");
  CHECK(doc->number_text.at("/b~1c") == "0.1");
  CHECK(doc->value["a"]["q"][2] == 4);
  CHECK(doc->decimal_text("/a/q/2", doc->value["a"]["q"][2]) == "4");
  CHECK(doc->number_text.size() == 4);
}

TEST_CASE("reports a truncated JSON source at its position", "[import]") {
  Diagnostics d;
  auto doc = parse_exact_json(SourceFile("prices.json", "{\n  \"m\": {\n    \"input_cost_per_token\": 2e-07,\n"), d);
  CHECK(!doc);
  CHECK(format_diagnostics(d) ==
        "prices.json:4:1: error: invalid JSON: parsing object key - unexpected end of input; expected string literal "
        "[json-syntax]\n");
}

TEST_CASE("folds source names into the id rule", "[import]") {
  const std::pair<const char*, const char*> rows[] = {
      {"gemini-2.5-pro", "gemini-2.5-pro"},
      {"us.anthropic.claude-3-5-haiku-20241022-v1:0", "us.anthropic.claude-3-5-haiku-20241022-v1-0"},
      {"BAAI/bge-base-en-v1.5", "baai-bge-base-en-v1.5"},
      {"claude-3-7-sonnet@20250219", "claude-3-7-sonnet-20250219"},
      {"Qwen 2.5 (72B)", "qwen-2.5-72b"},
      {"--x--", "x"},
      {"._a_b.", "a_b"},
      {"zeta-mini:free", "zeta-mini-free"},
      {"Ünïcode", "n-code"},
      {"/", ""}};
  for (const auto& [in, out] : rows) {
    INFO(in);
    CHECK(fold_id(in) == out);
  }
}

TEST_CASE("lays out a model file like the content format", "[import]") {
  ImportedModel m;
  m.id = "m1";
  m.name = "M1";
  m.provider = "acme";
  m.endpoints = {"chat.completions"};
  m.input_modalities = {"image", "text"};
  m.output_modalities = {"text"};
  m.add_price({"output_tokens", 1000000, "15", 0, "", "", "", "", "", ""});
  m.add_price({"input_tokens", 1000000, "6", 200000, "", "", "", "", "", ""});
  m.add_price({"input_tokens", 1000000, "3", 0, "", "", "", "", "", ""});
  m.add_price({"input_tokens", 1000000, "1.5", 0, "batch", "", "", "", "", ""});
  CHECK_FALSE(m.add_price({"input_tokens", 1000000, "9", 0, "", "", "", "", "", ""}));
  CHECK(format_content_json(m.owned_json()) ==
        "{\n"
        "  \"id\": \"m1\",\n"
        "  \"name\": \"M1\",\n"
        "  \"provider\": \"acme\",\n"
        "  \"status\": \"active\",\n"
        "  \"modalities\": { \"input\": [\"text\", \"image\"], \"output\": [\"text\"] },\n"
        "  \"endpoints\": [\"chat.completions\"],\n"
        "  \"pricing\": {\n"
        "    \"currency\": \"USD\",\n"
        "    \"items\": [\n"
        "      { \"meter\": \"input_tokens\", \"per\": 1000000, \"price\": \"3\" },\n"
        "      { \"meter\": \"input_tokens\", \"per\": 1000000, \"price\": \"6\", \"above\": 200000 },\n"
        "      { \"meter\": \"input_tokens\", \"per\": 1000000, \"price\": \"1.5\", \"service_tier\": \"batch\" },\n"
        "      { \"meter\": \"output_tokens\", \"per\": 1000000, \"price\": \"15\" }\n"
        "    ]\n"
        "  }\n"
        "}");
}

TEST_CASE("allows qualifiers only on their meters", "[import]") {
  std::string why;
  CHECK(qualifiers_allowed({"cache_write_tokens", 1000000, "6", 200000, "", "1h", "", "", "", ""}, &why));
  CHECK_FALSE(qualifiers_allowed({"input_tokens", 1000000, "6", 0, "", "1h", "", "", "", ""}, &why));
  CHECK(why == "`ttl` is only for cache writes");
  CHECK_FALSE(qualifiers_allowed({"audio_seconds", 1, "6", 128000, "", "", "", "", "", ""}, &why));
  CHECK(why == "`above` is only for token meters");
  CHECK(qualifiers_allowed({"image", 1, "0.04", 0, "", "", "hd", "1024x1792", "", ""}, &why));
  CHECK_FALSE(qualifiers_allowed({"image", 1, "0.04", 0, "", "", "ultra", "", "", ""}, &why));
  CHECK(qualifiers_allowed({"video_seconds", 1, "0.3", 0, "", "", "", "", "1080p", ""}, &why));
  CHECK_FALSE(qualifiers_allowed({"video_seconds", 1, "0.3", 0, "", "", "", "", "1080", ""}, &why));
}

// Every meter and qualifier value of the catalog's table (catalog/pricing.h) is accepted on the
// meters that allow it and refused on the others, and items come out in the table's order.
TEST_CASE("validates and orders prices by the catalog's meter table", "[import]") {
  ImportedModel m;
  m.id = "m1";
  m.name = "M1";
  m.provider = "acme";
  std::vector<std::string> expected;
  const auto& table = meter_table();
  // Added backwards, so only the sort can put them in the table's order.
  for (auto it = table.rbegin(); it != table.rend(); ++it) {
    const std::string meter(it->name);
    INFO(meter);
    const ImportedPrice base{meter, it->default_per, "1", 0, "", "", "", "", "", ""};
    std::vector<std::string> in_order = {meter + "///"};
    auto offer = [&](Qualifier bit, ImportedPrice p, const std::string& label) {
      std::string why;
      CHECK(qualifiers_allowed(p, &why) == ((it->qualifiers & bit) != 0));
      if ((it->qualifiers & bit) == 0) return;
      CHECK(m.add_price(p));
      in_order.push_back(meter + "/" + label);
    };
    CHECK(qualifiers_allowed(base, nullptr));
    for (const auto& q : image_quality_names()) {
      ImportedPrice p = base;
      p.quality = q;
      offer(kQuality, p, "//" + q);
    }
    for (const auto& t : cache_ttl_names()) {
      ImportedPrice p = base;
      p.ttl = t;
      offer(kTtl, p, "/" + t + "/");
    }
    for (const auto& t : service_tier_names()) {
      ImportedPrice p = base;
      p.service_tier = t;
      offer(kServiceTier, p, t + "//");
    }
    ImportedPrice above = base, size = base, resolution = base, region = base;
    above.above = 128000;
    size.size = "1024x1024";
    resolution.resolution = "720p";
    region.region = "eu";
    const std::pair<Qualifier, ImportedPrice> others[] = {
        {kAbove, above}, {kSize, size}, {kResolution, resolution}, {kRegion, region}};
    for (const auto& [bit, p] : others) CHECK(qualifiers_allowed(p, nullptr) == ((it->qualifiers & bit) != 0));
    CHECK(m.add_price(base));
    expected.insert(expected.begin(), in_order.begin(), in_order.end());
  }
  std::vector<std::string> got;
  const Json owned = m.owned_json();
  for (const auto& item : owned.at("pricing").at("items"))
    got.push_back(item.at("meter").get<std::string>() + "/" + item.value("service_tier", "") + "/" +
                  item.value("ttl", "") + "/" + item.value("quality", ""));
  CHECK(got == expected);
  // Values outside the table's vocabularies are refused.
  CHECK_FALSE(qualifiers_allowed({"input_tokens", 1000000, "1", 0, "standard", "", "", "", "", ""}, nullptr));
  CHECK_FALSE(qualifiers_allowed({"image", 1, "1", 0, "", "", "ultra", "", "", ""}, nullptr));
  CHECK_FALSE(qualifiers_allowed({"cache_write_tokens", 1000000, "1", 0, "", "2h", "", "", "", ""}, nullptr));
  CHECK_FALSE(qualifiers_allowed({"inputs_tokens", 1000000, "1", 0, "", "", "", "", "", ""}, nullptr));
}

TEST_CASE("makes colliding ids unique and keeps earlier ids stable", "[import]") {
  auto model = [](std::string key, std::string provider, std::string id) {
    ImportedModel m;
    m.source_key = std::move(key);
    m.provider = std::move(provider);
    m.id = std::move(id);
    return m;
  };
  ImportData d;
  d.models = {model("other/m", "other", "m"), model("acme/m", "acme", "m"), model("m", "acme", "m"),
              model("x", "acme", "taken")};
  assign_ids(d, {}, {{"taken", "zzz/taken"}});
  REQUIRE(d.models.size() == 4);
  CHECK(d.models[0].source_key == "m");
  CHECK(d.models[0].id == "m");
  CHECK(d.models[1].id == "m-acme");
  CHECK(d.models[2].id == "taken-acme");
  CHECK(d.models[3].id == "m-other");
  CHECK(d.renamed == std::vector<std::string>{"acme/m -> acme/m-acme", "other/m -> other/m-other", "x -> acme/taken-acme"});

  // The next import keeps what was given before, even when a new model would sort first.
  ImportData again;
  again.models = {model("other/m", "other", "m"), model("m", "acme", "m")};
  assign_ids(again, {{"other/m", "other/m"}}, {});
  CHECK(again.models[0].id == "m-acme");
  CHECK(again.models[1].id == "m");
}

TEST_CASE("reports a number beyond floating point's range at its position", "[import]") {
  Diagnostics d;
  auto doc = parse_exact_json(SourceFile("prices.json", "{\n  \"m\": { \"max_tokens\": 1e400 }\n}\n"), d);
  CHECK(!doc);
  CHECK(format_diagnostics(d) ==
        "prices.json:2:24: error: invalid JSON: the number `1e400` is out of range [json-syntax]\n"
        "    \"m\": { \"max_tokens\": 1e400 }\n"
        "                         ^\n");
}
