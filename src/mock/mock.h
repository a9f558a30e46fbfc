// The OpenAI-compatible mock endpoint: a pure request -> response function (MockApi) and a small
// HTTP server around it (MockServer) bound to 127.0.0.1, used by `modelsite check` and
// `modelsite mock`.
//
// Answers are deterministic: the same request (the same JSON value, whatever its whitespace or
// key order) gives byte-identical responses. <hash> is mock_hash_hex() of the canonical body (the
// parsed JSON re-serialized compactly with sorted keys, integral numbers without ".0"); times are
// MockApi::kCreated. What a snippet prints is easy to predict; <excerpt> is mock_excerpt() of the
// quoted text, and " <excerpt>" is left out when the excerpt is empty:
//   chat.completions   choices[i].message.content =
//                        "This is a mock answer from <model> to: <excerpt>" of the last user
//                        message (its text parts joined by spaces); JSON {"answer": ...} when
//                        response_format is json_object/json_schema. id "chatcmpl-<hash>".
//   responses          output[0].content[0].text (SDKs: output_text) =
//                        "This is a mock response from <model> to: <excerpt>" of the input string
//                        or the last user message of the input list. id "resp_<hash>".
//   completions        choices[i].text = "This is a mock completion from <model> for: <excerpt>"
//                        of each prompt string (the prompt itself first when echo). id "cmpl-<hash>".
//   embeddings         one vector per input of `dimensions`, else 3072 (*-3-large) or 1536 floats,
//                        unit length, from a hash of model and input; base64 = little-endian float32.
//   images.generations data[i].url = "https://mock.invalid/images/<hash>.png" (i = 0) or
//                        ".../<hash>-<i>.png"; b64_json (always for gpt-image-*) = an 8x8 PNG.
//   audio.speech       half a second of silence in response_format (default mp3), titled
//                        "This is a mock speech from <model> (<voice>) of: <excerpt>" in its metadata.
//   audio.transcriptions text = "This is a mock transcript from <model> of <filename> (<N> bytes)."
//                        (json {"text", "usage"}; text/srt/vtt as text/plain; verbose_json).
//   moderations        flagged when the input has one of the words kill, hate, idiot, suicide,
//                        nsfw, steal (ASCII letters, any case; "skills" is not "kill"): violence,
//                        hate, harassment, self-harm, sexual, illicit. id "modr-<hash>".
// Usage counts whitespace-separated words (mock_token_count). max_tokens and the like are
// validated but never shorten an answer.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ms {

struct MockModel {
  std::string id;
  std::string owned_by;
  std::vector<std::string> endpoints;  // "chat.completions", "audio.speech", ... (catalog names)
};

// Transport-independent request.
struct MockRequest {
  std::string method, path;                    // path without query, e.g. "/v1/chat/completions"
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

struct MockResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  // A JSON answer from MockApi::answer(): the value, with `body` left empty. handle() serializes
  // it into `body` (compact, in this field order) and resets it.
  std::shared_ptr<const nlohmann::ordered_json> json;
  std::map<std::string, std::string> headers;  // extra headers, e.g. "Allow" on a 405
};

struct RecordedRequest {
  MockRequest request;
  MockResponse response;
  std::string bearer;  // the token after "Bearer ", "" when none
};

// One part of a multipart/form-data body.
struct MultipartPart {
  std::string name;
  std::optional<std::string> filename;  // set for file uploads
  std::string content_type;             // "" when the part has none
  std::string data;
};

// Parses a multipart/form-data body given the request's Content-Type header (which carries the
// boundary). Returns nothing when the header has no boundary or the body is malformed or
// truncated (no closing boundary).
std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                          std::string_view body);
// Serializes parts with `boundary` (CRLF line ends, closing boundary); the inverse of
// parse_multipart (for building canonical transcription requests and tests).
std::string serialize_multipart(const std::vector<MultipartPart>& parts, std::string_view boundary);

// Whitespace runs (space, tab, CR, LF, FF, VT) become one space, the ends are trimmed, then the
// first 40 Unicode code points are kept (and trimmed again).
std::string mock_excerpt(std::string_view text);
// Tokens as the mock counts them: whitespace-separated words.
std::size_t mock_token_count(std::string_view text);
// The "model" a request names (JSON body or form field), "" when none.
std::string mock_request_model(const MockRequest& req);
// FNV-1a 64-bit as 16 lowercase hex digits.
std::string mock_hash_hex(std::string_view bytes);

class MockApi {  // the pure part: no sockets; usable in-process (e.g. for example responses on pages)
 public:
  static constexpr const char* version = "1";  // bump when answers change (cache key)
  static constexpr long long kCreated = 1700000000;
  static constexpr std::size_t kMaxJsonBody = 1u << 20;             // 1 MiB
  static constexpr std::size_t kMaxMultipartBody = 25u << 20;       // 25 MiB

  explicit MockApi(std::vector<MockModel> models);
  MockResponse handle(const MockRequest& req) const;  // thread-safe, deterministic
  // The same answer before a JSON body is serialized (MockResponse::json set, body empty): for
  // callers that read the value, such as the example responses on model pages.
  MockResponse answer(const MockRequest& req) const;

  const std::vector<MockModel>& models() const { return models_; }
  const MockModel* find_model(std::string_view id) const;

 private:
  // The model a validated body names (or the endpoint's default); an error answer when it is not
  // in the catalog or does not serve the endpoint (`route` is "METHOD /path", for the message).
  std::optional<MockResponse> resolve_model(const std::string& endpoint, const nlohmann::json& body,
                                            std::string_view route, std::string& model) const;

  std::vector<MockModel> models_;
  std::map<std::string, std::size_t, std::less<>> index_;  // id -> position in models_
};

// OpenAI's error shape {"error": {"message", "type", "param", "code"}}; an empty param or code is
// written as null.
MockResponse mock_error(int status, std::string_view message, std::string_view type,
                        std::string_view param = {}, std::string_view code = {});

class MockServer {
 public:
  explicit MockServer(std::vector<MockModel> models);
  ~MockServer();  // stops
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Binds 127.0.0.1:port (0 = ephemeral) and serves on a background thread; returns the bound
  // port or -1.
  int start(int port = 0);
  void stop();
  int port() const;
  // Called after each request (e.g. for one log line per request), from the server's worker
  // threads; set before start().
  void on_request(std::function<void(const RecordedRequest&)> cb);
  // Requests recorded so far whose bearer token equals `bearer` (the checker gives each snippet
  // run its own key), in arrival order. Bodies are the raw bytes the client sent (multipart
  // included), cut one byte past the endpoint's limit; requests whose body never fully arrived
  // are recorded with a 400 "incomplete_body" (or 408 "timeout" after 30 s).
  std::vector<RecordedRequest> requests_for(const std::string& bearer) const;
  void clear_requests_for(const std::string& bearer);
  const MockApi& api() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One line per request for `modelsite mock`: "POST /v1/chat/completions 200 312 B gpt-4-0314"
// (the response body size; "-" when the request names no model).
std::string format_log_line(const RecordedRequest& r);

}  // namespace ms
