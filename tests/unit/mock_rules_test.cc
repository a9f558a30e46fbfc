// The mock's helpers the checker relies on to predict answers, and the rules every endpoint
// shares (authorization, paths and methods, content types, body limits, malformed bodies,
// determinism).
#include <optional>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

// ---------------------------------------------------------------------------------------------
// Helpers the checker relies on to predict answers.

TEST_CASE("excerpt_collapses_whitespace_and_keeps_forty_code_points", "[mock]") {
  CHECK(ms::mock_excerpt("  Hello \n\t world  ") == "Hello world");
  CHECK(ms::mock_excerpt("") == "");
  CHECK(ms::mock_excerpt("Explain the significance of snapshot model versions in APIs.") ==
        "Explain the significance of snapshot mod");
  // A cut right after a space drops the space.
  CHECK(ms::mock_excerpt(std::string(39, 'a') + " bcd") == std::string(39, 'a'));
  // Code points, not bytes.
  std::string arabic;
  for (int i = 0; i < 45; ++i) arabic += "\xd8\xb9";  // ع
  std::string expected;
  for (int i = 0; i < 40; ++i) expected += "\xd8\xb9";
  CHECK(ms::mock_excerpt(arabic) == expected);
}

TEST_CASE("token_count_is_whitespace_separated_words", "[mock]") {
  CHECK(ms::mock_token_count("") == 0);
  CHECK(ms::mock_token_count("one") == 1);
  CHECK(ms::mock_token_count("  one\ttwo\nthree  ") == 3);
}

TEST_CASE("hash_is_fnv1a_64_in_hex", "[mock]") {
  CHECK(ms::mock_hash_hex("") == "cbf29ce484222325");
  CHECK(ms::mock_hash_hex("a") == "af63dc4c8601ec8c");
}

TEST_CASE("multipart_round_trips_and_rejects_truncated_bodies", "[mock]") {
  std::vector<ms::MultipartPart> parts = {{"model", std::nullopt, "", "whisper-1"},
                                          {"file", std::string("a b.wav"), "audio/wav", std::string("RIFF\0\r\n--x", 10)}};
  std::string body = ms::serialize_multipart(parts, "B0undary");
  auto parsed = ms::parse_multipart("multipart/form-data; boundary=\"B0undary\"", body);
  REQUIRE(parsed);
  REQUIRE(parsed->size() == 2);
  CHECK((*parsed)[0].name == "model");
  CHECK(!(*parsed)[0].filename);
  CHECK((*parsed)[0].data == "whisper-1");
  CHECK((*parsed)[1].filename == std::optional<std::string>("a b.wav"));
  CHECK((*parsed)[1].content_type == "audio/wav");
  CHECK((*parsed)[1].data == std::string("RIFF\0\r\n--x", 10));

  CHECK(!ms::parse_multipart("multipart/form-data; boundary=B0undary", body.substr(0, body.size() - 20)));
  CHECK(!ms::parse_multipart("multipart/form-data", body));
  CHECK(!ms::parse_multipart("multipart/form-data; boundary=other", body));
}

TEST_CASE("multipart_names_with_backslashes_round_trip", "[mock]") {
  // A backslash in a quoted parameter escapes the next character, so the serializer escapes it.
  std::vector<ms::MultipartPart> parts = {{"a\\b", std::string("C:\\audio\\a.wav"), "audio/wav", "RIFF"}};
  std::string body = ms::serialize_multipart(parts, "B0undary");
  CHECK(body.find("name=\"a\\\\b\"; filename=\"C:\\\\audio\\\\a.wav\"") != std::string::npos);
  auto parsed = ms::parse_multipart("multipart/form-data; boundary=B0undary", body);
  REQUIRE(parsed);
  REQUIRE(parsed->size() == 1);
  CHECK((*parsed)[0].name == "a\\b");
  CHECK((*parsed)[0].filename == std::optional<std::string>("C:\\audio\\a.wav"));
}

// ---------------------------------------------------------------------------------------------
// Rules shared by every endpoint.

TEST_CASE("requires_bearer_authorization", "[mock]") {
  std::string body = chat_body().dump();
  require_error(api().handle(request("POST", kChatPath, body, "application/json", "")), 401, "invalid_api_key");
  require_error(api().handle(request("POST", kChatPath, body, "application/json", "Basic abc")), 401,
                "invalid_api_key");
  require_error(api().handle(request("POST", kChatPath, body, "application/json", "Bearer   ")), 401,
                "invalid_api_key");
  require_error(api().handle(request("GET", "/v1/models", "", "", "")), 401, "invalid_api_key");
  CHECK(api().handle(request("POST", kChatPath, body, "application/json", "bearer k")).status == 200);
}

TEST_CASE("unknown_paths_are_404_and_wrong_methods_405", "[mock]") {
  require_error(api().handle(request("POST", "/v1/chat/complete", "{}")), 404, "unknown_url");
  require_error(api().handle(request("POST", "/chat/completions", "{}")), 404, "unknown_url");
  require_error(api().handle(request("GET", "/", "")), 404, "unknown_url");
  auto r = api().handle(request("GET", kChatPath, ""));
  require_error(r, 405, "method_not_allowed");
  CHECK(r.headers.at("Allow") == "POST");
  auto d = api().handle(request("DELETE", "/v1/models/gpt-4-0314", ""));
  require_error(d, 405, "method_not_allowed");
  CHECK(d.headers.at("Allow") == "GET");
  // Routing comes before authentication, as on the real API.
  require_error(api().handle(request("POST", "/v1/nope", "{}", "application/json", "")), 404, "unknown_url");
}

TEST_CASE("json_endpoints_refuse_other_content_types_with_415", "[mock]") {
  std::string body = chat_body().dump();
  require_error(api().handle(request("POST", kChatPath, body, "text/plain")), 415, "unsupported_media_type");
  require_error(api().handle(request("POST", kChatPath, body, "application/x-www-form-urlencoded")), 415,
                "unsupported_media_type");
  require_error(api().handle(request("POST", kChatPath, body, "")), 415, "unsupported_media_type");
  require_error(api().handle(request("POST", kChatPath, body, "application/json; charset=latin1")), 415,
                "unsupported_media_type");
  CHECK(api().handle(request("POST", kChatPath, body, "Application/JSON; charset=UTF-8")).status == 200);
  // Transcriptions want multipart.
  require_error(api().handle(request("POST", "/v1/audio/transcriptions", R"({"model":"whisper-1"})")), 415,
                "unsupported_media_type");
}

TEST_CASE("bodies_over_the_limit_are_413", "[mock]") {
  Json body = chat_body(std::string(MockApi::kMaxJsonBody, 'a'));
  require_error(post(kChatPath, body), 413, "request_too_large");
  std::string upload(MockApi::kMaxMultipartBody + 1, 'x');
  require_error(api().handle(request("POST", "/v1/audio/transcriptions", upload, kMultipartType)), 413,
                "request_too_large");
}

TEST_CASE("malformed_bodies_are_400", "[mock]") {
  std::string good = chat_body().dump();
  SECTION("truncated json") { require_error(post(kChatPath, good.substr(0, good.size() / 2)), 400, "invalid_json"); }
  SECTION("empty body") { require_error(post(kChatPath, std::string("")), 400, "invalid_json"); }
  SECTION("trailing garbage") { require_error(post(kChatPath, good + "x"), 400, "invalid_json"); }
  SECTION("invalid utf-8") {
    std::string bad = "{\"model\":\"gpt-4-0314\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}";
    require_error(post(kChatPath, bad), 400, "invalid_utf8");
  }
  SECTION("lone surrogate escape") {
    require_error(post(kChatPath, std::string(R"({"model":"gpt-4-0314","messages":[{"role":"user","content":"\udc00"}]})")),
                  400, "invalid_json");
  }
  SECTION("deep nesting") { require_error(post(kChatPath, std::string(100000, '[')), 400, "invalid_json"); }
  SECTION("not an object") { require_error(post(kChatPath, std::string("[1,2]")), 400, "invalid_type"); }
  SECTION("binary junk") { require_error(post(kChatPath, std::string("\0\1\2\3", 4)), 400, "invalid_json"); }
  // The API still answers afterwards.
  CHECK(post(kChatPath, good).status == 200);
}

TEST_CASE("answers_are_deterministic_and_independent_of_json_formatting", "[mock]") {
  std::string compact = R"({"model":"gpt-4-0314","messages":[{"role":"user","content":"Hi"}],"temperature":1})";
  std::string spaced = "{ \"temperature\": 1.0,\n  \"messages\": [ {\"content\": \"Hi\", \"role\": \"user\"} ],\n"
                       "  \"model\": \"gpt-4-0314\" }";
  auto a = post(kChatPath, compact);
  auto b = post(kChatPath, compact);
  auto c = post(kChatPath, spaced);
  REQUIRE(a.status == 200);
  CHECK(a.body == b.body);
  CHECK(a.body == c.body);
  CHECK(json_of(a)["id"] == "chatcmpl-" + ms::mock_hash_hex(Json::parse(compact).dump()));
  auto d = post(kChatPath, chat_body("Something else"));
  CHECK(json_of(d)["id"] != json_of(a)["id"]);
}
