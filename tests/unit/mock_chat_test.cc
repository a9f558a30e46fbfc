// The mock's chat completions and legacy completions: answers, streaming and invalid requests.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

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
