// The mock's moderations and models endpoints, and its request log line.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

// ---------------------------------------------------------------------------------------------
// Moderations and models.

TEST_CASE("moderation_flags_inputs_with_trigger_words", "[mock]") {
  Json body{{"model", "text-moderation-latest"}, {"input", Json::array({"I want to kill them.", "Lovely weather."})}};
  auto r = post("/v1/moderations", body);
  REQUIRE(r.status == 200);
  Json j = json_of(r);
  CHECK(j["id"] == "modr-" + ms::mock_hash_hex(body.dump()));
  CHECK(j["model"] == "text-moderation-latest");
  REQUIRE(j["results"].size() == 2);
  CHECK(j["results"][0]["flagged"] == true);
  CHECK(j["results"][0]["categories"]["violence"] == true);
  CHECK(j["results"][0]["categories"]["hate"] == false);
  CHECK(j["results"][0]["categories"].size() == 13);
  CHECK(j["results"][0]["category_scores"]["violence"] == 0.99);
  CHECK(j["results"][1]["flagged"] == false);
  // Whole words only.
  CHECK(json_of(post("/v1/moderations", Json{{"input", "Whatever skills you steal."}}))["results"][0]["categories"] ==
        json_of(post("/v1/moderations", Json{{"input", "STEAL"}}))["results"][0]["categories"]);
  CHECK(json_of(post("/v1/moderations", Json{{"input", "Whatever skills."}}))["results"][0]["flagged"] == false);
  CHECK(json_of(post("/v1/moderations", Json{{"input", "hello"}}))["model"] == "omni-moderation-latest");
}

TEST_CASE("moderation_rejects_invalid_requests", "[mock]") {
  require_error(post("/v1/moderations", Json{{"model", "text-moderation-latest"}}), 400, "missing_required_parameter",
                "input");
  require_error(post("/v1/moderations", Json{{"input", 5}}), 400, "invalid_type", "input");
  require_error(post("/v1/moderations", Json{{"input", "x"}, {"model", "gpt-4-0314"}}), 404, "model_not_found", "model");
}

TEST_CASE("models_are_listed_and_retrieved_from_the_catalog", "[mock]") {
  auto list = api().handle(request("GET", "/v1/models", "", ""));
  REQUIRE(list.status == 200);
  Json j = json_of(list);
  CHECK(j["object"] == "list");
  REQUIRE(j["data"].size() == catalog().size());
  CHECK(j["data"][0] == Json{{"id", "gpt-4-0314"}, {"object", "model"}, {"created", 1700000000}, {"owned_by", "openai"}});
  auto one = api().handle(request("GET", "/v1/models/tts-1", "", ""));
  REQUIRE(one.status == 200);
  CHECK(json_of(one)["id"] == "tts-1");
  require_error(api().handle(request("GET", "/v1/models/gpt-99", "", "")), 404, "model_not_found", "model");
}

TEST_CASE("log_line_names_method_path_status_size_and_model", "[mock]") {
  ms::RecordedRequest r;
  r.request = request("POST", kChatPath, chat_body().dump());
  r.response = post(kChatPath, chat_body());
  CHECK(ms::format_log_line(r) ==
        "POST /v1/chat/completions 200 " + std::to_string(r.response.body.size()) + " B gpt-4-0314");
  r.request = request("GET", "/v1/models", "", "");
  CHECK(ms::format_log_line(r).rfind("GET /v1/models 200 ", 0) == 0);
  CHECK(ms::format_log_line(r).substr(ms::format_log_line(r).size() - 4) == " B -");
}
