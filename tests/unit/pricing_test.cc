// Qualified prices: the meter table, loading and api/models.json.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "catalog/pricing.h"
#include "test_support.h"

using namespace test;

namespace {

// Every meter and every qualifier, each value as api/models.json writes it back.
const char* kEveryPrice = R"([
  { "meter": "input_tokens", "per": 1000000, "price": "3", "list_price": "3" },
  { "meter": "input_tokens", "per": 1000000, "price": "6", "above": 200000 },
  { "meter": "input_tokens", "per": 1000000, "price": "1.5", "service_tier": "batch" },
  { "meter": "input_tokens", "per": 1000000, "price": "3", "above": 200000, "service_tier": "batch" },
  { "meter": "input_tokens", "per": 1000000, "price": "1.75", "service_tier": "flex", "region": "us" },
  { "meter": "input_tokens", "per": 1000000, "price": "5.5", "service_tier": "priority", "region": "eu-west" },
  { "meter": "cached_input_tokens", "per": 1000000, "price": "0.3" },
  { "meter": "cached_input_tokens", "per": 1000000, "price": "0.6", "above": 200000 },
  { "meter": "cache_write_tokens", "per": 1000000, "price": "3.75", "ttl": "5m" },
  { "meter": "cache_write_tokens", "per": 1000000, "price": "6", "ttl": "1h" },
  { "meter": "cache_write_tokens", "per": 1000000, "price": "12", "ttl": "1h", "above": 200000 },
  { "meter": "output_tokens", "per": 1000000, "price": "12", "list_price": "15" },
  { "meter": "output_tokens", "per": 1000000, "price": "22.5", "above": 200000 },
  { "meter": "output_tokens", "per": 1000000, "price": "30", "above": 500000 },
  { "meter": "reasoning_tokens", "per": 1000000, "price": "10", "service_tier": "flex" },
  { "meter": "input_audio_tokens", "per": 1000000, "price": "32" },
  { "meter": "output_audio_tokens", "per": 1000000, "price": "64", "region": "us" },
  { "meter": "input_image_tokens", "per": 1000000, "price": "10" },
  { "meter": "output_image_tokens", "per": 1000000, "price": "40", "quality": "high" },
  { "meter": "request", "per": 1, "price": "0.0001", "service_tier": "batch" },
  { "meter": "image", "per": 1, "price": "0.011", "quality": "low", "size": "1024x1024" },
  { "meter": "image", "per": 1, "price": "0.042", "quality": "medium", "size": "1024x1536" },
  { "meter": "image", "per": 1, "price": "0.08", "quality": "hd", "size": "1792x1024", "list_price": "0.1" },
  { "meter": "image", "per": 1, "price": "0.02", "resolution": "1080p" },
  { "meter": "audio_seconds", "per": 60, "price": "0.006" },
  { "meter": "video_seconds", "per": 1, "price": "0.1", "resolution": "720p" },
  { "meter": "video_seconds", "per": 1, "price": "0.5", "quality": "high", "size": "1792x1024", "resolution": "1080p" },
  { "meter": "characters", "per": 1000000, "price": "15" },
  { "meter": "web_search_calls", "per": 1000, "price": "10" },
  { "meter": "pages", "per": 1000, "price": "1", "service_tier": "batch" }
])";

std::string model_file(const std::string& items) {
  return R"({ "id": "alpha", "name": "Alpha", "provider": "acme", "status": "active", "endpoints": ["chat.completions"],
              "pricing": { "currency": "USD", "items": )" + items + " } }\n";
}

}  // namespace

TEST_CASE("the meter table gives each meter its default per, its qualifiers and its unit message", "[pricing]") {
  std::string got;
  const char* names[] = {"above", "service_tier", "ttl", "quality", "size", "resolution", "region"};
  for (const auto& m : ms::meter_table()) {
    got += std::string(m.name) + " per " + std::to_string(m.default_per) + " " + std::string(m.unit_key) + ":";
    for (unsigned bit = 0; bit < 7; ++bit)
      if (m.qualifiers & (1u << bit)) got += std::string(" ") + names[bit];
    got += "\n";
  }
  CHECK(got ==
        "input_tokens per 1000000 meter.input_tokens: above service_tier region\n"
        "cached_input_tokens per 1000000 meter.cached_input_tokens: above service_tier region\n"
        "cache_write_tokens per 1000000 meter.cache_write_tokens: above service_tier ttl region\n"
        "output_tokens per 1000000 meter.output_tokens: above service_tier region\n"
        "reasoning_tokens per 1000000 meter.reasoning_tokens: above service_tier region\n"
        "input_audio_tokens per 1000000 meter.input_audio_tokens: above service_tier region\n"
        "output_audio_tokens per 1000000 meter.output_audio_tokens: above service_tier region\n"
        "input_image_tokens per 1000000 meter.input_image_tokens: above service_tier region\n"
        "output_image_tokens per 1000000 meter.output_image_tokens: above service_tier quality region\n"
        "request per 1 meter.request: service_tier region\n"
        "image per 1 meter.image: service_tier quality size resolution region\n"
        "audio_seconds per 1 meter.audio_seconds: service_tier region\n"
        "video_seconds per 1 meter.video_seconds: service_tier quality size resolution region\n"
        "characters per 1000000 meter.characters: service_tier region\n"
        "web_search_calls per 1000 meter.web_search_calls: service_tier region\n"
        "pages per 1000 meter.pages: service_tier region\n");
  std::vector<std::string> names_in_order(ms::meter_names().begin(), ms::meter_names().end());
  REQUIRE(names_in_order.size() == ms::meter_table().size());
  CHECK(names_in_order.front() == "input_tokens");
  CHECK(names_in_order.back() == "pages");
}

TEST_CASE("api/models.json round-trips every qualified item of a hand-written model exactly", "[pricing]") {
  TempDir t;
  make_site(t.path, {source_dir() / "tests" / "invalid" / "base"});
  write(t.path / "content" / "models" / "acme" / "alpha.json", model_file(kEveryPrice));
  RunResult r = run("build --no-check --out out", t.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto pricing = nlohmann::json::parse(read(t.path / "out" / "api" / "models.json"))["models"][0]["pricing"];
  auto source = nlohmann::json::parse(kEveryPrice);
  REQUIRE(pricing["items"].size() == source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    nlohmann::json got = pricing["items"][i];
    INFO(got.dump());
    if (source[i].contains("list_price")) {
      // 1 - price / list_price, exact.
      CHECK(got["discount"] == (i == 0 ? "0" : "0.2"));
      got.erase("discount");
    }
    CHECK(got == source[i]);
  }
}

TEST_CASE("an item without `per` is priced per its meter's default quantity", "[pricing]") {
  TempDir t;
  make_site(t.path, {source_dir() / "tests" / "invalid" / "base"});
  write(t.path / "content" / "models" / "acme" / "alpha.json",
        model_file(R"([{ "meter": "input_tokens", "price": "3" }, { "meter": "web_search_calls", "price": "10" },
                       { "meter": "image", "price": "0.04", "quality": "standard", "size": "1024x1024" }])"));
  RunResult r = run("build --no-check --out out", t.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto items = nlohmann::json::parse(read(t.path / "out" / "api" / "models.json"))["models"][0]["pricing"]["items"];
  CHECK(items == nlohmann::json::parse(R"([{"meter": "input_tokens", "per": 1000000, "price": "3"},
    {"meter": "web_search_calls", "per": 1000, "price": "10"},
    {"meter": "image", "per": 1, "price": "0.04", "quality": "standard", "size": "1024x1024"}])"));
}

TEST_CASE("the bundled catalog publishes its qualified prices", "[pricing]") {
  TempDir t;
  for (const char* part : {"content", "templates", "locales"}) copy_tree(source_dir() / part, t.path / part);
  fs::copy_file(source_dir() / "site.json", t.path / "site.json");
  RunResult r = run("build --no-check --out out", t.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto models = nlohmann::json::parse(read(t.path / "out" / "api" / "models.json"))["models"];
  auto items_of = [&](const std::string& id) {
    for (const auto& m : models)
      if (m["id"] == id) return m["pricing"]["items"];
    return nlohmann::json();
  };
  CHECK(items_of("claude-sonnet-4.6")[3] == nlohmann::json::parse(
      R"({"meter": "cache_write_tokens", "per": 1000000, "price": "6", "list_price": "6", "discount": "0", "ttl": "1h"})"));
  CHECK(items_of("gpt-5.4-mini")[1] == nlohmann::json::parse(
      R"({"meter": "input_tokens", "per": 1000000, "price": "0.375", "list_price": "0.375", "discount": "0", "service_tier": "batch"})"));
  CHECK(items_of("dall-e-3")[5] == nlohmann::json::parse(
      R"({"meter": "image", "per": 1, "price": "0.12", "list_price": "0.12", "discount": "0", "quality": "hd", "size": "1792x1024"})"));
  CHECK(items_of("whisper-1") == nlohmann::json::parse(
      R"([{"meter": "audio_seconds", "per": 1, "price": "0.0001", "list_price": "0.0001", "discount": "0"}])"));
  std::string page = read(t.path / "out" / "ar" / "models" / "openai" / "gpt-5.4-mini" / "index.html");
  // A column per service tier, the Arabic unit outside the isolated amount.
  CHECK(page.find("<th scope=\"col\">دفعات</th><th scope=\"col\">مرن</th><th scope=\"col\">أولوية</th>") != std::string::npos);
  CHECK(page.find("<th scope=\"row\">لكل مليون رمز إدخال</th><td class=\"num\"><bdi dir=\"ltr\">") != std::string::npos);
}
