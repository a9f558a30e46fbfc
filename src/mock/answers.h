// Internal to the mock: the answer of each endpoint to a request that passed validation, and the
// small text and JSON helpers the answers and MockApi share.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mock/mock.h"

namespace ms::mock_detail {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

// A validated request: its body (form fields as JSON for transcriptions), the model it names (or
// the API's default), and the FNV-1a hash of its canonical form (16 hex digits).
struct Call {
  const Json& body;
  std::string model;
  std::string hash;
};

// The uploaded file of a transcription request.
struct Upload {
  std::string filename;
  std::size_t size = 0;
};

MockResponse answer_chat_completions(const Call& c);
MockResponse answer_responses(const Call& c);
MockResponse answer_completions(const Call& c);
MockResponse answer_embeddings(const Call& c);
MockResponse answer_images(const Call& c);
MockResponse answer_speech(const Call& c);
MockResponse answer_transcriptions(const Call& c, const Upload& file);
MockResponse answer_moderations(const Call& c);

// 3072 for *-3-large models, 1536 otherwise.
std::size_t native_embedding_dimensions(const std::string& model);

bool is_space(char c);  // ASCII whitespace
std::string lower(std::string_view s);
std::string_view trim(std::string_view s);
std::vector<std::string> split_words(std::string_view text);
std::string join(const std::vector<std::string>& items, std::string_view sep);
std::uint64_t fnv1a64(std::string_view bytes);
// Integral floats become integers so that 1 and 1.0 hash alike whatever the client's encoder.
Json canonical(const Json& v);
MockResponse json_response(OJson body, int status = 200);
// Serializes without ever throwing: invalid UTF-8 (possible only in a parser's message quoting the
// bytes it stopped at) becomes U+FFFD.
inline std::string dump_json(const OJson& v, int indent = -1) {
  return v.dump(indent, ' ', false, OJson::error_handler_t::replace);
}
inline std::string dump_json(const Json& v, int indent = -1) {
  return v.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// Members of a validated body: an integer (nothing when absent or null), a true boolean, a string.
std::optional<std::int64_t> optional_int(const Json& body, const char* key);
bool flag(const Json& body, const char* key);
std::string string_or(const Json& body, const char* key, std::string fallback);

// The next number of a SplitMix64 sequence (the embeddings' deterministic vectors).
std::uint64_t splitmix64(std::uint64_t& state);
// `prefix`, then a space and an excerpt of `text` when it has one (the mock's answer texts).
std::string with_excerpt(std::string prefix, std::string_view text);

}  // namespace ms::mock_detail
