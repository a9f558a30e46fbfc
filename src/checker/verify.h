// What a snippet run must show: the request the mock received, the output, the saved file; and
// for a snippet that cannot run here, what its syntax tree says it would send.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "checker/checker.h"
#include "mock/mock.h"

namespace ms {

std::string trim_end(std::string s);
std::string first_line(const std::string& s);
std::vector<std::string> split_lines(const std::string& s);
// A line diff (longest common subsequence): "-" canonical only, "+" received only.
std::string line_diff(const std::string& expected, const std::string& got);

// What the snippet must print, derived from the mock's answer; nullopt when the answer has no
// text form.
std::optional<std::string> expected_stdout(const SnippetJob& job, const MockResponse& resp);
// The first image's base64 data (`data[0].b64_json`) of an images.generations answer.
std::optional<std::string> base64_image(const MockResponse& resp);
// The mock received exactly the canonical request (method, path, key, body or form); else
// res.error and res.diff say how it differs.
bool check_request(const SnippetJob& job, const RecordedRequest& got, const std::string& key, SnippetResult& res);

// The SDK method an endpoint's snippets call on the client: "chat.completions.create",
// "images.generate", ...
std::string sdk_method(const std::string& endpoint);
// Compares what the static reader found (its JSON output) with the canonical request: one call
// of the endpoint's method, on a client made with the mock's base URL and the key from
// `key_env`, with keyword arguments equal to the canonical body (or form).
bool check_static(const SnippetJob& job, const std::string& found_json, const std::string& base_url,
                  const std::string& key_env, SnippetResult& res);

// The shape of a snippet: endpoint, streaming or not, target, and the structure of its request
// (keys and value types, no values), e.g. a vision request differs from a text-only one.
std::string snippet_shape(const SnippetJob& job);
// The identity of a snippet, independent of its text and of the rest of the catalog:
// model, endpoint, variant and target. Shards are cut by its hash.
std::string snippet_identity(const SnippetJob& job);

}  // namespace ms
