// The mock's image generations: URL and b64_json answers and invalid requests.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

// ---------------------------------------------------------------------------------------------
// Images.

TEST_CASE("image_generation_answers_with_a_url_from_the_request_hash", "[mock]") {
  Json body{{"model", "dall-e-3"}, {"prompt", "A cute baby sea otter"}, {"size", "1024x1024"}};
  auto r = post("/v1/images/generations", body);
  REQUIRE(r.status == 200);
  Json j = json_of(r);
  CHECK(j["created"] == 1700000000);
  REQUIRE(j["data"].size() == 1);
  CHECK(j["data"][0]["url"] == "https://mock.invalid/images/" + ms::mock_hash_hex(body.dump()) + ".png");
  CHECK(j["data"][0]["revised_prompt"] == "A cute baby sea otter");
}

TEST_CASE("image_generation_answers_b64_json_with_a_real_png", "[mock]") {
  Json body{{"model", "dall-e-3"}, {"prompt", "A lighthouse"}, {"response_format", "b64_json"}, {"n", 2}};
  Json j = json_of(post("/v1/images/generations", body));
  REQUIRE(j["data"].size() == 2);
  std::string png = base64_decode(j["data"][0]["b64_json"].get<std::string>());
  REQUIRE(png.size() > 33);
  CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(png.substr(12, 4) == "IHDR");
  CHECK(png.substr(png.size() - 8, 4) == "IEND");
}

TEST_CASE("image_generation_rejects_invalid_requests", "[mock]") {
  require_error(post("/v1/images/generations", Json{{"model", "dall-e-3"}}), 400, "missing_required_parameter", "prompt");
  require_error(post("/v1/images/generations", Json{{"model", "dall-e-3"}, {"prompt", "x"}, {"size", "1000x1000"}}), 400,
                "invalid_value", "size");
  require_error(post("/v1/images/generations", Json{{"model", "dall-e-3"}, {"prompt", "x"}, {"n", 11}}), 400,
                "integer_above_max_value", "n");
  require_error(post("/v1/images/generations", Json{{"model", "dall-e-3"}, {"prompt", "x"}, {"response_format", "gif"}}),
                400, "invalid_value", "response_format");
  require_error(post("/v1/images/generations", Json{{"model", "dall-e-3"}, {"prompt", 5}}), 400, "invalid_type", "prompt");
  require_error(post("/v1/images/generations", Json{{"model", "tts-1"}, {"prompt", "x"}}), 404, "model_not_found",
                "model");
}
