// The mock's embeddings: deterministic unit vectors, dimensions, base64 and invalid requests.
#include <cstdint>
#include <cstring>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

// ---------------------------------------------------------------------------------------------
// Embeddings.

TEST_CASE("embedding_has_1536_deterministic_unit_floats", "[mock]") {
  Json body{{"model", "text-embedding-ada-002"}, {"input", "The food was delicious and the waiter..."}};
  auto r = post("/v1/embeddings", body);
  REQUIRE(r.status == 200);
  Json j = json_of(r);
  CHECK(j["object"] == "list");
  CHECK(j["model"] == "text-embedding-ada-002");
  REQUIRE(j["data"].size() == 1);
  CHECK(j["data"][0]["object"] == "embedding");
  CHECK(j["data"][0]["index"] == 0);
  const auto& v = j["data"][0]["embedding"];
  REQUIRE(v.size() == 1536);
  double norm = 0;
  for (const auto& x : v) norm += x.get<double>() * x.get<double>();
  CHECK(norm == Approx(1.0).epsilon(1e-4));
  CHECK(j["usage"]["prompt_tokens"] == 7);
  CHECK(j["usage"]["total_tokens"] == 7);
  CHECK(post("/v1/embeddings", body).body == r.body);
  CHECK(json_of(post("/v1/embeddings", Json{{"model", "text-embedding-3-large"}, {"input", "x"}}))["data"][0]["embedding"]
            .size() == 3072);
}

TEST_CASE("embedding_honours_dimensions_and_base64", "[mock]") {
  Json body{{"model", "text-embedding-3-small"}, {"input", Json::array({"one", "two"})}, {"dimensions", 8}};
  Json floats = json_of(post("/v1/embeddings", body));
  REQUIRE(floats["data"].size() == 2);
  CHECK(floats["data"][1]["index"] == 1);
  REQUIRE(floats["data"][0]["embedding"].size() == 8);
  CHECK(floats["data"][0]["embedding"] != floats["data"][1]["embedding"]);

  body["encoding_format"] = "base64";
  Json b64 = json_of(post("/v1/embeddings", body));
  std::string bytes = base64_decode(b64["data"][0]["embedding"].get<std::string>());
  REQUIRE(bytes.size() == 8 * 4);
  for (std::size_t i = 0; i < 8; ++i) {
    std::uint32_t bits = le32(bytes, i * 4);
    float f;
    std::memcpy(&f, &bits, 4);
    CHECK(static_cast<double>(f) == floats["data"][0]["embedding"][i].get<double>());
  }
}

TEST_CASE("embedding_rejects_invalid_requests", "[mock]") {
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-3-small"}}), 400, "missing_required_parameter",
                "input");
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-3-small"}, {"input", Json::array()}}), 400,
                "empty_array", "input");
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-3-small"}, {"input", "x"}, {"encoding_format", "hex"}}),
                400, "invalid_value", "encoding_format");
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-3-small"}, {"input", "x"}, {"dimensions", 0}}), 400,
                "integer_below_min_value", "dimensions");
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-ada-002"}, {"input", "x"}, {"dimensions", 8}}), 400,
                "invalid_value", "dimensions");
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-3-small"}, {"input", "x"}, {"dimensions", 2000}}),
                400, "invalid_value", "dimensions");
  require_error(post("/v1/embeddings", Json{{"model", "gpt-4-0314"}, {"input", "x"}}), 404, "model_not_found", "model");
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-3-small"}, {"input", "x"}, {"dimensions", 1e300}}),
                400, "invalid_value", "dimensions");
  require_error(post("/v1/embeddings", Json{{"model", "text-embedding-3-large"}, {"input", Json::array_t(2048, "x")}}),
                400, "invalid_value", "input");
}
