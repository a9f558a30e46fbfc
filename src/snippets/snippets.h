// Snippets: one canonical request per (model, endpoint), rendered as code for each target.
//
// The canonical request is the contract between the page and `modelsite check`: every target
// renders the same request, and the mock must receive exactly its body. Strings reach the code
// only through the literal helpers below (escaping from the data, per language), so a snippet
// runs as printed whatever the model id or prompt holds.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "config/config.h"
#include "core/json_source.h"

namespace ms {

struct FormField {
  std::string name;
  std::string value;
  bool is_file = false;  // value is the file name the snippet uploads
};

struct CanonicalRequest {
  std::string model_id, endpoint;  // "chat.completions"
  bool stream = false;
  std::string method = "POST";
  std::string path;               // relative to api.base_url, e.g. "/chat/completions"
  std::string content_type;       // "application/json" or "multipart/form-data"
  std::optional<Json> json_body;  // exact body for JSON requests
  std::vector<FormField> form;    // for multipart
  std::string output_file;        // audio.speech: "speech.mp3"
  std::string input_file;         // audio.transcriptions: the file the snippet uploads
  std::string image_file;         // images.generations from a model that answers in base64 only
                                  // (images_only_base64): the PNG the snippet decodes it into
};

// The endpoints for which a streaming variant exists.
bool supports_streaming(const std::string& endpoint);

// Throws std::invalid_argument for an unknown endpoint, or stream on one without streaming.
CanonicalRequest canonical_request(const Model& model, const std::string& endpoint,
                                   bool stream = false);

// The body text the curl snippet sends: 2-space indented JSON, keys in display order ("model"
// first), non-ASCII text kept as UTF-8, invisible and bidi-control characters escaped.
std::string canonical_json_text(const Json& body);

// Target ids: "curl", "python-openai", "python-requests", "js-fetch", "js-openai".
// Throws std::invalid_argument for an unknown target or a key_env that is not a variable name.
std::string render_snippet(const CanonicalRequest& req, const std::string& target,
                           const ApiConfig& api);

// The language of a target for syntax classes and file names: "bash", "python", "javascript".
std::string target_language(const std::string& target);
std::string target_file_name(const std::string& target);  // snippet.sh, snippet.py, snippet.mjs
// Display label: "curl", "Python (openai)", "Python (requests)", "JavaScript (fetch)",
// "JavaScript (openai)".
std::string target_label(const std::string& target);

// String literal escaping (exposed for tests).
// POSIX shell: the bytes in single quotes, each ' written as '\''.
std::string shell_single_quote(std::string_view s);
// A double-quoted Python literal that evaluates to exactly s (invalid UTF-8 becomes U+FFFD).
// Printable Unicode stays readable; control, invisible and bidi-control characters are escaped.
std::string python_string_literal(std::string_view s);
// A double-quoted JavaScript literal, same rules (JSON-compatible escapes).
std::string js_string_literal(std::string_view s);

}  // namespace ms
