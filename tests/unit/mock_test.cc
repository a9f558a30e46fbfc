// The OpenAI-compatible mock: MockApi in-process (every endpoint, its valid answer and each kind of
// invalid request) and MockServer over real sockets (streaming, uploads, broken clients).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "mock/mock.h"

namespace {

using Json = nlohmann::json;
using ms::MockApi;
using ms::MockRequest;
using ms::MockResponse;

std::vector<ms::MockModel> catalog() {
  return {
      {"gpt-4-0314", "openai", {"chat.completions", "responses"}},
      {"gpt-3.5-turbo-instruct", "openai", {"completions"}},
      {"text-embedding-3-small", "openai", {"embeddings"}},
      {"text-embedding-3-large", "openai", {"embeddings"}},
      {"text-embedding-ada-002", "openai", {"embeddings"}},
      {"dall-e-3", "openai", {"images.generations"}},
      {"tts-1", "openai", {"audio.speech"}},
      {"whisper-1", "openai", {"audio.transcriptions"}},
      {"text-moderation-latest", "openai", {"moderations"}},
  };
}

const MockApi& api() {
  static const MockApi a(catalog());
  return a;
}

MockRequest request(std::string method, std::string path, std::string body = "",
                    std::string content_type = "application/json", std::string auth = "Bearer sk-test") {
  MockRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  if (!content_type.empty()) r.headers["content-type"] = content_type;
  if (!auth.empty()) r.headers["authorization"] = auth;
  return r;
}

MockResponse post(const std::string& path, const std::string& body) {
  return api().handle(request("POST", path, body));
}

MockResponse post(const std::string& path, const Json& body) { return post(path, body.dump()); }

Json json_of(const MockResponse& r) { return Json::parse(r.body); }

// The status, error code and param of an error response (param "" for null).
void require_error(const MockResponse& r, int status, const std::string& code, const std::string& param = "") {
  INFO(r.body);
  REQUIRE(r.status == status);
  REQUIRE(r.content_type == "application/json");
  Json e = json_of(r).at("error");
  REQUIRE(e.at("type").is_string());
  REQUIRE(e.at("message").is_string());
  if (code.empty())
    CHECK(e.at("code").is_null());
  else
    CHECK(e.at("code") == code);
  if (param.empty())
    CHECK(e.at("param").is_null());
  else
    CHECK(e.at("param") == param);
}

// "data:" payloads of a server-sent event stream.
std::vector<std::string> sse_data(const std::string& body) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find("\n\n", pos);
    if (end == std::string::npos) end = body.size();
    std::string event = body.substr(pos, end - pos);
    std::size_t line = 0;
    while (line < event.size()) {
      std::size_t eol = event.find('\n', line);
      if (eol == std::string::npos) eol = event.size();
      std::string l = event.substr(line, eol - line);
      if (l.rfind("data: ", 0) == 0) out.push_back(l.substr(6));
      line = eol + 1;
    }
    pos = end + 2;
  }
  return out;
}

Json chat_body(const std::string& prompt = "Explain the significance of snapshot model versions in APIs.") {
  return Json{{"model", "gpt-4-0314"},
              {"messages", Json::array({Json{{"role", "system"}, {"content", "You are a helpful assistant."}},
                                        Json{{"role", "user"}, {"content", prompt}}})}};
}

const std::string kChatPath = "/v1/chat/completions";

std::string multipart_body(const std::vector<ms::MultipartPart>& parts) {
  return ms::serialize_multipart(parts, "XyZ-boundary");
}
const std::string kMultipartType = "multipart/form-data; boundary=XyZ-boundary";

MockResponse transcribe(const std::vector<ms::MultipartPart>& parts) {
  return api().handle(request("POST", "/v1/audio/transcriptions", multipart_body(parts), kMultipartType));
}

std::uint32_t le32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}

std::string base64_decode(const std::string& in) {
  static const std::string table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    auto v = table.find(c);
    REQUIRE(v != std::string::npos);
    buf = (buf << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

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

// ---------------------------------------------------------------------------------------------
// Chat completions.

TEST_CASE("chat_completion_answers_with_the_mock_text", "[mock]") {
  Json body = chat_body();
  auto r = post(kChatPath, body);
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "application/json");
  Json j = json_of(r);
  CHECK(j["id"] == "chatcmpl-" + ms::mock_hash_hex(body.dump()));
  CHECK(j["object"] == "chat.completion");
  CHECK(j["created"] == 1700000000);
  CHECK(j["model"] == "gpt-4-0314");
  REQUIRE(j["choices"].size() == 1);
  CHECK(j["choices"][0]["index"] == 0);
  CHECK(j["choices"][0]["finish_reason"] == "stop");
  CHECK(j["choices"][0]["message"]["role"] == "assistant");
  CHECK(j["choices"][0]["message"]["content"] ==
        "This is a mock answer from gpt-4-0314 to: Explain the significance of snapshot mod");
  CHECK(j["choices"][0]["message"]["refusal"].is_null());
  // 5 + 9 prompt words; 14 answer words.
  CHECK(j["usage"]["prompt_tokens"] == 14);
  CHECK(j["usage"]["completion_tokens"] == 14);
  CHECK(j["usage"]["total_tokens"] == 28);
}

TEST_CASE("chat_completion_quotes_the_last_user_text_of_content_parts", "[mock]") {
  Json body{{"model", "gpt-4-0314"},
            {"messages", Json::array({Json{{"role", "user"}, {"content", "first"}},
                                      Json{{"role", "assistant"}, {"content", nullptr}},
                                      Json{{"role", "user"},
                                           {"content", Json::array({Json{{"type", "text"}, {"text", "What's in"}},
                                                                    Json{{"type", "image_url"},
                                                                         {"image_url", {{"url", "https://x/y.png"}}}},
                                                                    Json{{"type", "text"}, {"text", "this image?"}}})}}})},
            {"n", 2}};
  Json j = json_of(post(kChatPath, body));
  REQUIRE(j["choices"].size() == 2);
  CHECK(j["choices"][1]["index"] == 1);
  CHECK(j["choices"][1]["message"]["content"] == "This is a mock answer from gpt-4-0314 to: What's in this image?");
}

TEST_CASE("chat_completion_in_json_mode_answers_json", "[mock]") {
  Json body = chat_body("List three colors");
  body["response_format"] = {{"type", "json_object"}};
  Json j = json_of(post(kChatPath, body));
  Json content = Json::parse(j["choices"][0]["message"]["content"].get<std::string>());
  CHECK(content["answer"] == "This is a mock answer from gpt-4-0314 to: List three colors");
}

TEST_CASE("chat_completion_streams_chunks_ending_in_done", "[mock]") {
  Json body = chat_body("Hi there");
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  auto r = post(kChatPath, body);
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/event-stream; charset=utf-8");
  auto data = sse_data(r.body);
  REQUIRE(data.size() >= 4);
  CHECK(data.back() == "[DONE]");
  std::string text;
  std::string finish;
  for (std::size_t i = 0; i + 1 < data.size(); ++i) {
    Json chunk = Json::parse(data[i]);
    CHECK(chunk["object"] == "chat.completion.chunk");
    CHECK(chunk["id"] == "chatcmpl-" + ms::mock_hash_hex(body.dump()));
    CHECK(chunk["model"] == "gpt-4-0314");
    for (const auto& choice : chunk["choices"]) {
      if (choice["delta"].contains("content")) text += choice["delta"]["content"].get<std::string>();
      if (!choice["finish_reason"].is_null()) finish = choice["finish_reason"];
    }
  }
  CHECK(Json::parse(data[0])["choices"][0]["delta"]["role"] == "assistant");
  CHECK(text == "This is a mock answer from gpt-4-0314 to: Hi there");
  CHECK(finish == "stop");
  Json usage_chunk = Json::parse(data[data.size() - 2]);
  CHECK(usage_chunk["choices"].empty());
  CHECK(usage_chunk["usage"]["completion_tokens"] == 10);
}

TEST_CASE("chat_completion_rejects_invalid_requests", "[mock]") {
  Json body = chat_body();
  SECTION("missing model") {
    body.erase("model");
    require_error(post(kChatPath, body), 400, "missing_required_parameter", "model");
  }
  SECTION("missing messages") {
    body.erase("messages");
    require_error(post(kChatPath, body), 400, "missing_required_parameter", "messages");
  }
  SECTION("empty messages") {
    body["messages"] = Json::array();
    require_error(post(kChatPath, body), 400, "empty_array", "messages");
  }
  SECTION("messages of the wrong type") {
    body["messages"] = "hello";
    require_error(post(kChatPath, body), 400, "invalid_type", "messages");
  }
  SECTION("a role outside the enum") {
    body["messages"][0]["role"] = "bot";
    auto r = post(kChatPath, body);
    require_error(r, 400, "invalid_value", "messages[0].role");
    CHECK(json_of(r)["error"]["message"] ==
          "Invalid value: 'bot'. Supported values are: 'developer', 'system', 'user', 'assistant', 'tool', and "
          "'function'.");
  }
  SECTION("a message without a role") {
    body["messages"][1].erase("role");
    require_error(post(kChatPath, body), 400, "missing_required_parameter", "messages[1].role");
  }
  SECTION("a user message without content") {
    body["messages"][1].erase("content");
    require_error(post(kChatPath, body), 400, "missing_required_parameter", "messages[1].content");
  }
  SECTION("content of the wrong type") {
    body["messages"][1]["content"] = 5;
    require_error(post(kChatPath, body), 400, "invalid_type", "messages[1].content");
  }
  SECTION("a content part of an unknown type") {
    body["messages"][1]["content"] = Json::array({Json{{"type", "video"}}});
    require_error(post(kChatPath, body), 400, "invalid_value", "messages[1].content[0].type");
  }
  SECTION("a tool message without tool_call_id") {
    body["messages"][1] = {{"role", "tool"}, {"content", "42"}};
    require_error(post(kChatPath, body), 400, "missing_required_parameter", "messages[1].tool_call_id");
  }
  SECTION("an unknown message field") {
    body["messages"][1]["mood"] = "happy";
    require_error(post(kChatPath, body), 400, "unknown_parameter", "messages[1].mood");
  }
  SECTION("an unknown parameter") {
    body["max_token"] = 5;
    require_error(post(kChatPath, body), 400, "unknown_parameter", "max_token");
  }
  SECTION("temperature above its maximum") {
    body["temperature"] = 3;
    require_error(post(kChatPath, body), 400, "decimal_above_max_value", "temperature");
  }
  SECTION("temperature of the wrong type") {
    body["temperature"] = "hot";
    require_error(post(kChatPath, body), 400, "invalid_type", "temperature");
  }
  SECTION("n below its minimum") {
    body["n"] = 0;
    require_error(post(kChatPath, body), 400, "integer_below_min_value", "n");
  }
  SECTION("a fractional max_tokens") {
    body["max_tokens"] = 1.5;
    require_error(post(kChatPath, body), 400, "invalid_type", "max_tokens");
  }
  SECTION("stream of the wrong type") {
    body["stream"] = "yes";
    require_error(post(kChatPath, body), 400, "invalid_type", "stream");
  }
  SECTION("stream_options without stream") {
    body["stream_options"] = {{"include_usage", true}};
    require_error(post(kChatPath, body), 400, "invalid_value", "stream_options");
  }
  SECTION("too many stop sequences") {
    body["stop"] = Json::array({"a", "b", "c", "d", "e"});
    require_error(post(kChatPath, body), 400, "array_above_max_length", "stop");
  }
  SECTION("a model of the wrong type") {
    body["model"] = 4;
    require_error(post(kChatPath, body), 400, "invalid_type", "model");
  }
  SECTION("an unknown model") {
    body["model"] = "gpt-99";
    auto r = post(kChatPath, body);
    require_error(r, 404, "model_not_found", "model");
    CHECK(json_of(r)["error"]["message"] == "The model `gpt-99` does not exist or you do not have access to it.");
  }
  SECTION("a model that does not serve chat completions") {
    body["model"] = "tts-1";
    auto r = post(kChatPath, body);
    require_error(r, 404, "model_not_found", "model");
    CHECK(json_of(r)["error"]["message"] ==
          "The model `tts-1` does not support the chat.completions endpoint (POST /v1/chat/completions); it "
          "serves: audio.speech.");
  }
  CHECK(post(kChatPath, chat_body()).status == 200);
}

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

// ---------------------------------------------------------------------------------------------
// Completions.

TEST_CASE("completion_answers_with_the_mock_text", "[mock]") {
  Json body{{"model", "gpt-3.5-turbo-instruct"}, {"prompt", "Say this is a test"}, {"max_tokens", 7}};
  auto r = post("/v1/completions", body);
  REQUIRE(r.status == 200);
  Json j = json_of(r);
  CHECK(j["id"] == "cmpl-" + ms::mock_hash_hex(body.dump()));
  CHECK(j["object"] == "text_completion");
  CHECK(j["created"] == 1700000000);
  CHECK(j["model"] == "gpt-3.5-turbo-instruct");
  CHECK(j["choices"][0]["text"] == "This is a mock completion from gpt-3.5-turbo-instruct for: Say this is a test");
  CHECK(j["choices"][0]["finish_reason"] == "stop");
  CHECK(j["choices"][0]["logprobs"].is_null());
  CHECK(j["usage"]["prompt_tokens"] == 5);
  CHECK(j["usage"]["completion_tokens"] == 13);
}

TEST_CASE("completion_streams_text_chunks_ending_in_done", "[mock]") {
  Json body{{"model", "gpt-3.5-turbo-instruct"}, {"prompt", "Once upon a time"}, {"stream", true}};
  auto r = post("/v1/completions", body);
  REQUIRE(r.status == 200);
  auto data = sse_data(r.body);
  REQUIRE(data.back() == "[DONE]");
  std::string text;
  for (std::size_t i = 0; i + 1 < data.size(); ++i) {
    Json chunk = Json::parse(data[i]);
    CHECK(chunk["object"] == "text_completion");
    text += chunk["choices"][0]["text"].get<std::string>();
  }
  CHECK(text == "This is a mock completion from gpt-3.5-turbo-instruct for: Once upon a time");
}

TEST_CASE("completion_rejects_invalid_requests", "[mock]") {
  require_error(post("/v1/completions", Json{{"model", "gpt-3.5-turbo-instruct"}}), 400, "missing_required_parameter",
                "prompt");
  require_error(post("/v1/completions", Json{{"model", "gpt-3.5-turbo-instruct"}, {"prompt", Json::array({1, "a"})}}),
                400, "invalid_type", "prompt[0]");
  require_error(post("/v1/completions", Json{{"model", "gpt-3.5-turbo-instruct"}, {"prompt", "x"}, {"logprobs", 9}}),
                400, "integer_above_max_value", "logprobs");
  require_error(post("/v1/completions", Json{{"model", "gpt-4-0314"}, {"prompt", "x"}}), 404, "model_not_found",
                "model");
  // An answer may not explode: 100 prompts times n = 128 is over the mock's 2048 choices.
  require_error(post("/v1/completions", Json{{"model", "gpt-3.5-turbo-instruct"},
                                             {"prompt", Json::array_t(100, "x")},
                                             {"n", 128}}),
                400, "invalid_value", "n");
}

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

// ---------------------------------------------------------------------------------------------
// Speech.

TEST_CASE("speech_returns_real_audio_in_each_format", "[mock]") {
  auto speak = [](const char* format) {
    Json body{{"model", "tts-1"}, {"input", "Today is a wonderful day!"}, {"voice", "alloy"}};
    if (format) body["response_format"] = format;
    auto r = post("/v1/audio/speech", body);
    REQUIRE(r.status == 200);
    return r;
  };
  SECTION("mp3 by default: an ID3 tag then MPEG-1 Layer III frames") {
    auto r = speak(nullptr);
    CHECK(r.content_type == "audio/mpeg");
    REQUIRE(r.body.substr(0, 3) == "ID3");
    std::size_t tag = 10 + ((static_cast<std::size_t>(r.body[6]) << 21) | (static_cast<std::size_t>(r.body[7]) << 14) |
                            (static_cast<std::size_t>(r.body[8]) << 7) | static_cast<std::size_t>(r.body[9]));
    CHECK(r.body.find("This is a mock speech from tts-1 (alloy) of: Today is a wonderful day!") != std::string::npos);
    REQUIRE(r.body.size() > tag + 4);
    CHECK(static_cast<unsigned char>(r.body[tag]) == 0xFF);
    CHECK((static_cast<unsigned char>(r.body[tag + 1]) & 0xFE) == 0xFA);  // MPEG-1 Layer III
    CHECK((r.body.size() - tag) % 96 == 0);
  }
  SECTION("wav: RIFF with 24 kHz 16-bit mono PCM") {
    auto r = speak("wav");
    CHECK(r.content_type == "audio/wav");
    CHECK(r.body.substr(0, 4) == "RIFF");
    CHECK(le32(r.body, 4) == r.body.size() - 8);
    CHECK(r.body.substr(8, 8) == "WAVEfmt ");
    CHECK(le32(r.body, 24) == 24000);
    auto data = r.body.find("data");
    REQUIRE(data != std::string::npos);
    CHECK(le32(r.body, data + 4) == r.body.size() - data - 8);
  }
  SECTION("pcm: raw samples") {
    auto r = speak("pcm");
    CHECK(r.content_type == "audio/pcm");
    CHECK(r.body.size() == 24000);
  }
  SECTION("flac") {
    auto r = speak("flac");
    CHECK(r.content_type == "audio/flac");
    CHECK(r.body.substr(0, 4) == "fLaC");
  }
  SECTION("opus in Ogg") {
    auto r = speak("opus");
    CHECK(r.content_type == "audio/opus");
    CHECK(r.body.substr(0, 4) == "OggS");
    CHECK(r.body.find("OpusHead") != std::string::npos);
    CHECK(r.body.find("OpusTags") != std::string::npos);
  }
  SECTION("aac in ADTS") {
    auto r = speak("aac");
    CHECK(r.content_type == "audio/aac");
    CHECK(static_cast<unsigned char>(r.body[0]) == 0xFF);
    CHECK((static_cast<unsigned char>(r.body[1]) & 0xF6) == 0xF0);
  }
}

TEST_CASE("speech_rejects_invalid_requests", "[mock]") {
  Json body{{"model", "tts-1"}, {"input", "Hello"}, {"voice", "alloy"}};
  SECTION("missing voice") {
    body.erase("voice");
    require_error(post("/v1/audio/speech", body), 400, "missing_required_parameter", "voice");
  }
  SECTION("unknown voice") {
    body["voice"] = "robot";
    require_error(post("/v1/audio/speech", body), 400, "invalid_value", "voice");
  }
  SECTION("unknown response_format") {
    body["response_format"] = "ogg";
    require_error(post("/v1/audio/speech", body), 400, "invalid_value", "response_format");
  }
  SECTION("input too long") {
    body["input"] = std::string(4097, 'a');
    require_error(post("/v1/audio/speech", body), 400, "string_above_max_length", "input");
  }
  SECTION("speed out of range") {
    body["speed"] = 5;
    require_error(post("/v1/audio/speech", body), 400, "decimal_above_max_value", "speed");
  }
  SECTION("an unknown parameter") {
    body["format"] = "mp3";
    require_error(post("/v1/audio/speech", body), 400, "unknown_parameter", "format");
  }
  SECTION("a model that does not speak") {
    body["model"] = "whisper-1";
    require_error(post("/v1/audio/speech", body), 404, "model_not_found", "model");
  }
}

// ---------------------------------------------------------------------------------------------
// Transcriptions.

TEST_CASE("transcription_returns_text_in_each_response_format", "[mock]") {
  ms::MultipartPart file{"file", std::string("speech.mp3"), "audio/mpeg", std::string(1234, 'x')};
  ms::MultipartPart model{"model", std::nullopt, "", "whisper-1"};
  const std::string text = "This is a mock transcript from whisper-1 of speech.mp3 (1234 bytes).";

  auto json = transcribe({file, model});
  REQUIRE(json.status == 200);
  CHECK(json.content_type == "application/json");
  CHECK(json_of(json)["text"] == text);

  auto plain = transcribe({model, file, {"response_format", std::nullopt, "", "text"}});
  REQUIRE(plain.status == 200);
  CHECK(plain.content_type == "text/plain; charset=utf-8");
  CHECK(plain.body == text);

  auto verbose = transcribe({file, model, {"response_format", std::nullopt, "", "verbose_json"},
                             {"timestamp_granularities[]", std::nullopt, "", "word"}});
  REQUIRE(verbose.status == 200);
  Json v = json_of(verbose);
  CHECK(v["text"] == text);
  CHECK(v["language"] == "english");
  CHECK(v["duration"] == 1.0);
  CHECK(v["words"].size() == 11);

  CHECK(transcribe({file, model, {"response_format", std::nullopt, "", "srt"}}).body ==
        "1\n00:00:00,000 --> 00:00:01,000\n" + text + "\n\n");
  // Same fields, another boundary: the same answer.
  auto other = api().handle(request("POST", "/v1/audio/transcriptions", ms::serialize_multipart({file, model}, "zz"),
                                    "multipart/form-data; boundary=zz"));
  CHECK(other.body == json.body);
}

TEST_CASE("transcription_rejects_invalid_requests", "[mock]") {
  ms::MultipartPart file{"file", std::string("a.wav"), "audio/wav", "RIFF"};
  ms::MultipartPart model{"model", std::nullopt, "", "whisper-1"};
  require_error(transcribe({model}), 400, "missing_required_parameter", "file");
  require_error(transcribe({file}), 400, "missing_required_parameter", "model");
  require_error(transcribe({{"file", std::nullopt, "", "not a file"}, model}), 400, "invalid_type", "file");
  require_error(transcribe({file, model, {"response_format", std::nullopt, "", "mp3"}}), 400, "invalid_value",
                "response_format");
  require_error(transcribe({file, model, {"temperature", std::nullopt, "", "warm"}}), 400, "invalid_type",
                "temperature");
  require_error(transcribe({file, model, {"colour", std::nullopt, "", "red"}}), 400, "unknown_parameter", "colour");
  require_error(transcribe({file, {"model", std::nullopt, "", "tts-1"}}), 404, "model_not_found", "model");
  std::string body = multipart_body({file, model});
  require_error(api().handle(request("POST", "/v1/audio/transcriptions", body.substr(0, body.size() - 10), kMultipartType)),
                400, "invalid_multipart");
  require_error(api().handle(request("POST", "/v1/audio/transcriptions", body, "multipart/form-data")), 400,
                "invalid_multipart");
}

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

// ---------------------------------------------------------------------------------------------
// The server, over real sockets.

namespace {

struct RunningServer {
  ms::MockServer server{catalog()};
  int port = -1;
  std::vector<std::string> log;
  std::mutex log_mu;
  RunningServer() {
    server.on_request([this](const ms::RecordedRequest& r) {
      std::lock_guard lock(log_mu);
      log.push_back(ms::format_log_line(r));
    });
    port = server.start(0);
    REQUIRE(port > 0);
  }
  httplib::Client client(const std::string& key = "sk-test") const {
    httplib::Client c("127.0.0.1", port);
    c.set_bearer_token_auth(key);
    c.set_read_timeout(10, 0);
    return c;
  }
  // Waits until `bearer` has `count` recorded requests (they are recorded from worker threads).
  std::vector<ms::RecordedRequest> wait_for(const std::string& bearer, std::size_t count) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      auto got = server.requests_for(bearer);
      if (got.size() >= count || std::chrono::steady_clock::now() > deadline) return got;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
};

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    REQUIRE(n > 0);
    sent += static_cast<std::size_t>(n);
  }
}

// Sends raw bytes on a fresh connection and reads one response (headers and Content-Length body).
std::string raw_exchange(int port, const std::string& data) {
  int fd = connect_to(port);
  send_all(fd, data);
  std::string reply;
  char buf[4096];
  for (;;) {
    auto head_end = reply.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string head = reply.substr(0, head_end);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto cl = head.find("content-length:");
      std::size_t length = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15));
      if (reply.size() >= head_end + 4 + length) break;
    }
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

}  // namespace

TEST_CASE("server_answers_and_records_requests_per_bearer", "[mock]") {
  RunningServer s;
  CHECK(s.server.port() == s.port);
  auto cli = s.client("key-one");
  auto res = cli.Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  Json j = Json::parse(res->body);
  CHECK(j["choices"][0]["message"]["content"] ==
        "This is a mock answer from gpt-4-0314 to: Explain the significance of snapshot mod");

  // Determinism over the wire.
  auto again = cli.Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(again);
  CHECK(again->body == res->body);

  auto other = s.client("key-two").Get("/v1/models");
  REQUIRE(other);
  CHECK(other->status == 200);

  auto one = s.wait_for("key-one", 2);
  REQUIRE(one.size() == 2);
  CHECK(one[0].bearer == "key-one");
  CHECK(one[0].request.method == "POST");
  CHECK(one[0].request.path == "/v1/chat/completions");
  CHECK(one[0].request.headers.at("authorization") == "Bearer key-one");
  CHECK(one[0].request.headers.at("content-type") == "application/json");
  CHECK(one[0].request.body == chat_body().dump());
  CHECK(one[0].response.body == res->body);
  CHECK(s.wait_for("key-two", 1).size() == 1);

  s.server.clear_requests_for("key-one");
  CHECK(s.server.requests_for("key-one").empty());
  CHECK(s.server.requests_for("key-two").size() == 1);
  {
    std::lock_guard lock(s.log_mu);
    REQUIRE(s.log.size() == 3);
    CHECK(s.log[0] == "POST /v1/chat/completions 200 " + std::to_string(res->body.size()) + " B gpt-4-0314");
  }
}

TEST_CASE("server_streams_chat_chunks_as_server_sent_events", "[mock]") {
  RunningServer s;
  Json body = chat_body("Stream this please");
  body["stream"] = true;
  auto res = s.client().Post("/v1/chat/completions", body.dump(), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").rfind("text/event-stream", 0) == 0);
  auto data = sse_data(res->body);
  REQUIRE(data.size() > 3);
  CHECK(data.back() == "[DONE]");
  std::string text;
  for (std::size_t i = 0; i + 1 < data.size(); ++i) {
    Json chunk = Json::parse(data[i]);
    CHECK(chunk["object"] == "chat.completion.chunk");
    if (chunk["choices"][0]["delta"].contains("content"))
      text += chunk["choices"][0]["delta"]["content"].get<std::string>();
  }
  CHECK(text == "This is a mock answer from gpt-4-0314 to: Stream this please");
}

TEST_CASE("server_accepts_multipart_uploads_and_records_the_raw_body", "[mock]") {
  RunningServer s;
  httplib::MultipartFormDataItems items = {{"file", std::string("RIFF\0\0\0\0WAVE", 12), "hello.wav", "audio/wav"},
                                           {"model", "whisper-1", "", ""},
                                           {"response_format", "text", "", ""}};
  auto res = s.client("upload").Post("/v1/audio/transcriptions", items);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "This is a mock transcript from whisper-1 of hello.wav (12 bytes).");
  auto rec = s.wait_for("upload", 1);
  REQUIRE(rec.size() == 1);
  auto parts = ms::parse_multipart(rec[0].request.headers.at("content-type"), rec[0].request.body);
  REQUIRE(parts);
  CHECK(parts->size() == 3);
}

TEST_CASE("server_rejects_bad_transport_and_keeps_serving", "[mock]") {
  RunningServer s;
  auto cli = s.client();
  SECTION("wrong method") {
    auto res = cli.Put("/v1/chat/completions", "{}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 405);
    CHECK(res->get_header_value("Allow") == "POST");
  }
  SECTION("unknown path") {
    auto res = cli.Get("/v2/models");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(Json::parse(res->body)["error"]["code"] == "unknown_url");
  }
  SECTION("no key") {
    httplib::Client anon("127.0.0.1", s.port);
    auto res = anon.Post("/v1/chat/completions", chat_body().dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(Json::parse(res->body)["error"]["code"] == "invalid_api_key");
  }
  SECTION("wrong content type") {
    auto res = cli.Post("/v1/chat/completions", chat_body().dump(), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 415);
  }
  SECTION("a JSON body over 1 MiB") {
    auto res = cli.Post("/v1/chat/completions", chat_body(std::string(2u << 20, 'a')).dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(Json::parse(res->body)["error"]["code"] == "request_too_large");
  }
  SECTION("an upload over 25 MiB") {
    httplib::MultipartFormDataItems items = {{"file", std::string(26u << 20, 'x'), "big.wav", "audio/wav"},
                                             {"model", "whisper-1", "", ""}};
    auto res = cli.Post("/v1/audio/transcriptions", items);
    REQUIRE(res);
    CHECK(res->status == 413);
  }
  SECTION("truncated JSON") {
    auto res = cli.Post("/v1/chat/completions", R"({"model":"gpt-4-0314","messages":[)", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(Json::parse(res->body)["error"]["code"] == "invalid_json");
  }
  SECTION("invalid UTF-8") {
    auto res = cli.Post("/v1/chat/completions", "{\"model\":\"\xc3\x28\"}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(Json::parse(res->body)["error"]["code"] == "invalid_utf8");
  }
  SECTION("a garbage request line") {
    std::string reply = raw_exchange(s.port, "HELLO\r\n\r\n");
    CHECK(reply.rfind("HTTP/1.1 400", 0) == 0);
  }
  SECTION("a POST without Content-Length") {
    std::string reply = raw_exchange(s.port,
                                     "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                                     "Content-Type: application/json\r\n\r\n{}");
    CHECK(reply.rfind("HTTP/1.1 411", 0) == 0);
  }
  SECTION("a request URI over 8 KiB") {
    std::string reply = raw_exchange(s.port, "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(reply.rfind("HTTP/1.1 414", 0) == 0);
  }
  auto ok = cli.Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("server_survives_clients_that_vanish_mid_request", "[mock]") {
  RunningServer s;
  SECTION("half a body, then disconnect") {
    int fd = connect_to(s.port);
    send_all(fd,
             "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer vanished\r\n"
             "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":");
    ::close(fd);
    auto rec = s.wait_for("vanished", 1);
    REQUIRE(rec.size() == 1);
    CHECK(rec[0].response.status == 400);
    CHECK(Json::parse(rec[0].response.body)["error"]["code"] == "incomplete_body");
  }
  SECTION("half the headers, then disconnect") {
    int fd = connect_to(s.port);
    send_all(fd, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Le");
    ::close(fd);
  }
  SECTION("a stalled client does not block others") {
    int fd = connect_to(s.port);
    send_all(fd,
             "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer slow\r\n"
             "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    auto start = std::chrono::steady_clock::now();
    auto res = s.client().Get("/v1/models");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    ::close(fd);
  }
  auto res = s.client().Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("server_stops_restarts_and_reports_a_busy_port", "[mock]") {
  ms::MockServer a(catalog());
  CHECK(a.port() == -1);
  int port = a.start(0);
  REQUIRE(port > 0);
  ms::MockServer b(catalog());
  CHECK(b.start(port) == -1);
  a.stop();
  CHECK(a.port() == -1);
  a.stop();  // twice is fine
  int again = a.start(0);
  REQUIRE(again > 0);
  httplib::Client cli("127.0.0.1", again);
  cli.set_bearer_token_auth("k");
  auto res = cli.Get("/v1/models/whisper-1");
  REQUIRE(res);
  CHECK(res->status == 200);
}
