// Shared by the mock's unit tests: an in-process MockApi over a small catalog, request builders
// and readers for the answers (errors, server-sent events, multipart bodies, little-endian words,
// base64).
#pragma once
#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mock/mock.h"

namespace mocktest {

using Json = nlohmann::json;
using ms::MockApi;
using ms::MockRequest;
using ms::MockResponse;

inline std::vector<ms::MockModel> catalog() {
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

inline const MockApi& api() {
  static const MockApi a(catalog());
  return a;
}

inline MockRequest request(std::string method, std::string path, std::string body = "",
                           std::string content_type = "application/json",
                           std::string auth = "Bearer sk-test") {
  MockRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  if (!content_type.empty()) r.headers["content-type"] = content_type;
  if (!auth.empty()) r.headers["authorization"] = auth;
  return r;
}

inline MockResponse post(const std::string& path, const std::string& body) {
  return api().handle(request("POST", path, body));
}

inline MockResponse post(const std::string& path, const Json& body) {
  return post(path, body.dump());
}

inline Json json_of(const MockResponse& r) { return Json::parse(r.body); }

// The status, error code and param of an error response (param "" for null).
inline void require_error(const MockResponse& r, int status, const std::string& code,
                          const std::string& param = "") {
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
inline std::vector<std::string> sse_data(const std::string& body) {
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

inline Json chat_body(
    const std::string& prompt = "Explain the significance of snapshot model versions in APIs.") {
  return Json{{"model", "gpt-4-0314"},
              {"messages",
               Json::array({Json{{"role", "system"}, {"content", "You are a helpful assistant."}},
                            Json{{"role", "user"}, {"content", prompt}}})}};
}

inline const std::string kChatPath = "/v1/chat/completions";

inline std::string multipart_body(const std::vector<ms::MultipartPart>& parts) {
  return ms::serialize_multipart(parts, "XyZ-boundary");
}
inline const std::string kMultipartType = "multipart/form-data; boundary=XyZ-boundary";

inline MockResponse transcribe(const std::vector<ms::MultipartPart>& parts) {
  return api().handle(
      request("POST", "/v1/audio/transcriptions", multipart_body(parts), kMultipartType));
}

inline std::uint32_t le32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}

inline std::string base64_decode(const std::string& in) {
  static const std::string table =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
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

}  // namespace mocktest
