// The mock's Responses endpoint: answers, input lists, streaming and invalid requests.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

// ---------------------------------------------------------------------------------------------
// Responses.

TEST_CASE("responses_answers_with_output_text", "[mock]") {
  Json body{{"model", "gpt-4-0314"},
            {"instructions", "Be brief."},
            {"input", "Tell me a three sentence bedtime story about a unicorn."}};
  auto r = post("/v1/responses", body);
  REQUIRE(r.status == 200);
  Json j = json_of(r);
  CHECK(j["id"] == "resp_" + ms::mock_hash_hex(body.dump()));
  CHECK(j["object"] == "response");
  CHECK(j["created_at"] == 1700000000);
  CHECK(j["status"] == "completed");
  CHECK(j["model"] == "gpt-4-0314");
  CHECK(j["instructions"] == "Be brief.");
  REQUIRE(j["output"].size() == 1);
  CHECK(j["output"][0]["type"] == "message");
  CHECK(j["output"][0]["role"] == "assistant");
  CHECK(j["output"][0]["content"][0]["type"] == "output_text");
  CHECK(j["output"][0]["content"][0]["text"] ==
        "This is a mock response from gpt-4-0314 to: Tell me a three sentence bedtime story a");
  CHECK(!j.contains("output_text"));  // an SDK convenience, not part of the wire format
  CHECK(j["usage"]["input_tokens"] == 12);
  CHECK(j["usage"]["output_tokens"] == 16);
  CHECK(j["usage"]["total_tokens"] == 28);
}

TEST_CASE("responses_quotes_the_last_user_message_of_an_input_list", "[mock]") {
  Json body{{"model", "gpt-4-0314"},
            {"input", Json::array({Json{{"role", "user"},
                                        {"content", Json::array({Json{{"type", "input_text"}, {"text", "Describe"}},
                                                                 Json{{"type", "input_image"},
                                                                      {"image_url", "https://x/y.png"}}})}}})}};
  Json j = json_of(post("/v1/responses", body));
  CHECK(j["output"][0]["content"][0]["text"] == "This is a mock response from gpt-4-0314 to: Describe");
}

TEST_CASE("responses_streams_events_ending_in_completed", "[mock]") {
  Json body{{"model", "gpt-4-0314"}, {"input", "Hello"}, {"stream", true}};
  auto r = post("/v1/responses", body);
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/event-stream; charset=utf-8");
  auto data = sse_data(r.body);
  REQUIRE(data.size() >= 5);
  std::string text;
  for (const auto& d : data) {
    Json e = Json::parse(d);
    if (e["type"] == "response.output_text.delta") text += e["delta"].get<std::string>();
  }
  CHECK(Json::parse(data.front())["type"] == "response.created");
  Json last = Json::parse(data.back());
  CHECK(last["type"] == "response.completed");
  CHECK(last["response"]["output"][0]["content"][0]["text"] == text);
  CHECK(text == "This is a mock response from gpt-4-0314 to: Hello");
}

TEST_CASE("responses_rejects_invalid_requests", "[mock]") {
  require_error(post("/v1/responses", Json{{"input", "x"}}), 400, "missing_required_parameter", "model");
  require_error(post("/v1/responses", Json{{"model", "gpt-4-0314"}, {"input", 3}}), 400, "invalid_type", "input");
  require_error(post("/v1/responses", Json{{"model", "gpt-4-0314"},
                                           {"input", Json::array({Json{{"role", "robot"}, {"content", "x"}}})}}),
                400, "invalid_value", "input[0].role");
  require_error(post("/v1/responses", Json{{"model", "gpt-4-0314"}, {"input", "x"}, {"max_output_tokens", 3}}), 400,
                "integer_below_min_value", "max_output_tokens");
  require_error(post("/v1/responses", Json{{"model", "whisper-1"}, {"input", "x"}}), 404, "model_not_found", "model");
}
