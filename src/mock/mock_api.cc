// MockApi: routes, authentication, content negotiation, validation against the request schemas,
// and deterministic answers in the official response shapes.
//
// Checks run in this order, the first failure answers: route (404 unknown_url / 405
// method_not_allowed), Authorization (401 invalid_api_key), Content-Type (415
// unsupported_media_type), size (413 request_too_large), encoding and syntax (400 invalid_utf8 /
// invalid_json / invalid_multipart), the request schema (400 with param and code), endpoint rules
// (400), then the model (404 model_not_found).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/json_source.h"
#include "core/text.h"
#include "mock/answers.h"
#include "mock/mock.h"
#include "mock/schema.h"

namespace ms {

namespace {

using namespace mock_detail;

constexpr std::size_t kExcerptCodePoints = 40;
constexpr std::size_t kMaxChoices = 2048;               // completions: prompts x n
constexpr std::size_t kMaxEmbeddingValues = 1u << 20;   // embeddings: inputs x dimensions
constexpr std::size_t kMaxModerationInputs = 2048;

struct Route {
  const char* path;
  const char* method;
  const char* endpoint;  // catalog endpoint name, or "models"
};

constexpr Route kRoutes[] = {
    {"/v1/chat/completions", "POST", "chat.completions"},
    {"/v1/responses", "POST", "responses"},
    {"/v1/completions", "POST", "completions"},
    {"/v1/embeddings", "POST", "embeddings"},
    {"/v1/images/generations", "POST", "images.generations"},
    {"/v1/audio/speech", "POST", "audio.speech"},
    {"/v1/audio/transcriptions", "POST", "audio.transcriptions"},
    {"/v1/moderations", "POST", "moderations"},
    {"/v1/models", "GET", "models"},
};

const std::string* find_header(const MockRequest& req, std::string_view name) {
  if (auto it = req.headers.find(std::string(name)); it != req.headers.end()) return &it->second;
  for (const auto& [k, v] : req.headers)
    if (lower(k) == name) return &v;
  return nullptr;
}

MockResponse invalid(std::string_view message, std::string_view param, std::string_view code) {
  return mock_error(400, message, "invalid_request_error", param, code);
}

// Media type (lowercased, without parameters) and the charset parameter.
std::string media_type(std::string_view content_type) {
  return lower(trim(content_type.substr(0, content_type.find(';'))));
}

std::string header_param(std::string_view content_type, std::string_view name) {
  std::size_t i = content_type.find(';');
  while (i != std::string_view::npos) {
    std::size_t next = content_type.find(';', i + 1);
    std::string_view p = trim(content_type.substr(i + 1, next == std::string_view::npos ? content_type.npos : next - i - 1));
    std::size_t eq = p.find('=');
    if (eq != std::string_view::npos && lower(trim(p.substr(0, eq))) == name) {
      std::string_view v = trim(p.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    i = next;
  }
  return "";
}

// ---------------------------------------------------------------------------------------------

OJson model_object(const MockModel& m) {
  return OJson{{"id", m.id}, {"object", "model"}, {"created", MockApi::kCreated}, {"owned_by", m.owned_by}};
}

// Turns the form fields of a transcription request into a JSON object for the schema check.
std::optional<MockResponse> form_to_json(const std::vector<MultipartPart>& parts, Json& out, Upload& upload) {
  out = Json::object();
  bool have_file = false;
  for (const auto& p : parts) {
    if (p.name == "file") {
      if (!p.filename)
        return invalid("Invalid type for 'file': expected a file upload, but got a form field instead.", "file",
                       "invalid_type");
      if (have_file) return invalid("Only one 'file' may be uploaded.", "file", "invalid_value");
      have_file = true;
      if (!is_valid_utf8(*p.filename))
        return invalid("The file name is not valid UTF-8.", "file", "invalid_utf8");
      upload.filename = *p.filename;
      upload.size = p.data.size();
      out["file"] = upload.filename;
      continue;
    }
    if (!is_valid_utf8(p.name) || !is_valid_utf8(p.data))
      return invalid("The form field '" + (is_valid_utf8(p.name) ? p.name : std::string("?")) + "' is not valid UTF-8.",
                     is_valid_utf8(p.name) ? p.name : "", "invalid_utf8");
    bool is_array = p.name.size() > 2 && p.name.compare(p.name.size() - 2, 2, "[]") == 0;
    std::string name = is_array ? p.name.substr(0, p.name.size() - 2) : p.name;
    Json value = p.data;
    if (name == "temperature") {
      Json parsed = Json::parse(p.data, nullptr, false);
      if (!parsed.is_discarded() && parsed.is_number()) value = parsed;
    } else if (name == "stream") {
      if (p.data == "true") value = true;
      if (p.data == "false") value = false;
    } else if (name == "chunking_strategy" && !p.data.empty() && p.data[0] == '{') {
      Json parsed = Json::parse(p.data, nullptr, false);
      if (!parsed.is_discarded()) value = parsed;
    }
    if (is_array) {
      if (!out.contains(name) || !out[name].is_array()) out[name] = Json::array();
      out[name].push_back(value);
    } else {
      out[name] = value;
    }
  }
  return std::nullopt;
}

struct BearerCheck {
  bool ok = false;
  std::string message;
};

BearerCheck check_bearer(const MockRequest& req) {
  const std::string* auth = find_header(req, "authorization");
  if (!auth || trim(*auth).empty())
    return {false,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using "
            "Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."};
  std::string_view v = trim(*auth);
  if (v.size() < 7 || lower(v.substr(0, 7)) != "bearer " || trim(v.substr(7)).empty())
    return {false, "Incorrect API key provided: the Authorization header must be 'Bearer <API key>'."};
  return {true, ""};
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string mock_excerpt(std::string_view text) {
  std::string collapsed;
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !collapsed.empty();
      continue;
    }
    if (pending_space) collapsed += ' ';
    pending_space = false;
    collapsed += c;
  }
  std::size_t count = 0, cut = collapsed.size();
  for (std::size_t i = 0; i < collapsed.size(); ++i) {
    if ((static_cast<unsigned char>(collapsed[i]) & 0xC0) == 0x80) continue;
    if (count == kExcerptCodePoints) {
      cut = i;
      break;
    }
    ++count;
  }
  collapsed.resize(cut);
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

std::size_t mock_token_count(std::string_view text) { return split_words(text).size(); }

std::string mock_request_model(const MockRequest& req) {
  const std::string* ct = find_header(req, "content-type");
  if (!ct) return "";
  std::string type = media_type(*ct);
  if (type == "multipart/form-data") {
    if (auto parts = parse_multipart(*ct, req.body))
      for (const auto& p : *parts)
        if (p.name == "model" && !p.filename && is_valid_utf8(p.data)) return p.data;
    return "";
  }
  if (req.body.size() > MockApi::kMaxJsonBody || json_nesting_beyond(req.body) || !is_valid_utf8(req.body))
    return "";
  Json body = Json::parse(req.body, nullptr, false);
  if (body.is_object() && body.contains("model") && body["model"].is_string()) return body["model"].get<std::string>();
  return "";
}

std::string mock_hash_hex(std::string_view bytes) {
  static const char* const digits = "0123456789abcdef";
  std::uint64_t h = fnv1a64(bytes);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = digits[h & 0xF];
    h >>= 4;
  }
  return out;
}

MockResponse mock_error(int status, std::string_view message, std::string_view type, std::string_view param,
                        std::string_view code) {
  OJson error{{"message", message},
              {"type", type},
              {"param", param.empty() ? OJson(nullptr) : OJson(param)},
              {"code", code.empty() ? OJson(nullptr) : OJson(code)}};
  MockResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = dump_json(OJson{{"error", std::move(error)}}, 2) + "\n";
  return r;
}

MockApi::MockApi(std::vector<MockModel> models) : models_(std::move(models)) {
  for (std::size_t i = 0; i < models_.size(); ++i) index_.emplace(models_[i].id, i);  // the first of a duplicate id wins
}

const MockModel* MockApi::find_model(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &models_[it->second];
}

MockResponse MockApi::handle(const MockRequest& req) const {
  MockResponse r = answer(req);
  if (r.json) {
    r.body = dump_json(*r.json);
    r.json.reset();
  }
  return r;
}

namespace {

using Refusal = std::optional<MockResponse>;

// A member of the body, or null when it is absent (the body is const here, so `operator[]` would
// not insert one).
const Json& member(const Json& body, const char* key) {
  static const Json null_value;
  auto it = body.find(key);
  return it == body.end() ? null_value : *it;
}

// The request's Content-Type (JSON, or multipart for transcriptions), charset and size.
Refusal check_content(const MockRequest& req, const std::string& endpoint, const std::string& path,
                      std::string& ct) {
  const bool multipart = endpoint == "audio.transcriptions";
  const std::string* ct_header = find_header(req, "content-type");
  ct = ct_header ? *ct_header : "";
  std::string expected = multipart ? "multipart/form-data" : "application/json";
  if (media_type(ct) != expected)
    return mock_error(415,
                      "Unsupported Content-Type " + (ct.empty() ? std::string("(none)") : "'" + ct + "'") + " for " +
                          req.method + " " + path + ": expected " + expected + ".",
                      "invalid_request_error", "", "unsupported_media_type");
  if (!multipart) {
    std::string charset = lower(header_param(ct, "charset"));
    if (!charset.empty() && charset != "utf-8" && charset != "utf8")
      return mock_error(415, "Unsupported charset '" + charset + "': the body must be UTF-8 JSON.",
                        "invalid_request_error", "", "unsupported_media_type");
  }
  std::size_t limit = multipart ? MockApi::kMaxMultipartBody : MockApi::kMaxJsonBody;
  if (req.body.size() > limit)
    return mock_error(413,
                      "Request body too large for " + path + ": " + std::to_string(req.body.size()) +
                          " bytes; the limit is " + std::to_string(limit) + " bytes.",
                      "invalid_request_error", "", "request_too_large");

  return std::nullopt;
}

// The body parsed (form fields as JSON for multipart), and the canonical text its hash is made of.
Refusal parse_body(const MockRequest& req, bool multipart, const std::string& ct, Json& body, Upload& upload,
                   std::string& canonical_text) {
  if (multipart) {
    auto parts = parse_multipart(ct, req.body);
    if (!parts)
      return invalid("Could not parse the multipart/form-data body (missing boundary, malformed or truncated).", "",
                     "invalid_multipart");
    if (auto err = form_to_json(*parts, body, upload)) return *err;
    Json fingerprint = body;
    for (const auto& p : *parts)
      if (p.name == "file") fingerprint["file"] = {{"filename", upload.filename}, {"data", mock_hash_hex(p.data)}};
    canonical_text = dump_json(fingerprint);
  } else {
    if (!is_valid_utf8(req.body)) return invalid("The request body is not valid UTF-8.", "", "invalid_utf8");
    if (trim(req.body).empty())
      return invalid("We could not parse the JSON body of your request: the body is empty. The OpenAI API expects a "
                     "JSON payload.",
                     "", "invalid_json");
    if (json_nesting_beyond(req.body))
      return invalid("We could not parse the JSON body of your request: it is nested more than " +
                         std::to_string(kMaxJsonDepth) + " levels deep.",
                     "", "invalid_json");
    try {
      body = Json::parse(req.body);
    } catch (const Json::parse_error& e) {
      std::string what = e.what();
      if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
      return invalid("We could not parse the JSON body of your request (" + what +
                         "). The OpenAI API expects a JSON payload.",
                     "", "invalid_json");
    }
    if (!body.is_object())
      return invalid("Invalid type for body: expected an object, but got " + mock_detail::json_type_phrase(body) +
                         " instead.",
                     "", "invalid_type");
    canonical_text = dump_json(canonical(body));
  }

  return std::nullopt;
}

// Rules across fields that the request schema cannot say.
Refusal check_rules(const std::string& endpoint, const Json& body) {
  auto unsupported_stream = [&](const char* param) {
    return invalid("The mock does not stream " + endpoint + " responses; leave '" + param + "' unset.", param,
                   "unsupported_value");
  };
  if ((endpoint == "chat.completions" || endpoint == "completions") && body.contains("stream_options") &&
      !body["stream_options"].is_null() && !flag(body, "stream"))
    return invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options",
                   "invalid_value");
  if ((endpoint == "images.generations" || endpoint == "audio.transcriptions") && flag(body, "stream"))
    return unsupported_stream("stream");
  if (endpoint == "audio.speech" && string_or(body, "stream_format", "audio") == "sse")
    return unsupported_stream("stream_format");
  if (endpoint == "moderations" && member(body, "input").is_array() && member(body, "input").empty())
    return invalid("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array "
                   "instead.",
                   "input", "empty_array");

  return std::nullopt;
}

// Bounds on the size of an answer, so that a 1 MiB request cannot ask for gigabytes.
Refusal check_bounds(const std::string& endpoint, const Json& body, const std::string& model) {
  if (endpoint == "embeddings" && body.contains("dimensions")) {
    if (model.rfind("text-embedding-ada", 0) == 0)
      return invalid("This model does not support specifying dimensions.", "dimensions", "invalid_value");
    auto d = static_cast<std::size_t>(optional_int(body, "dimensions").value_or(1));
    if (d > native_embedding_dimensions(model))
      return invalid("Invalid 'dimensions': " + std::to_string(d) + " is more than the model's " +
                         std::to_string(native_embedding_dimensions(model)) + " dimensions.",
                     "dimensions", "invalid_value");
  }

  if (endpoint == "completions") {
    const Json& prompt = member(body, "prompt");
    std::size_t prompts = prompt.is_array() && !prompt.empty() && !prompt[0].is_number() ? prompt.size() : 1;
    auto n = static_cast<std::size_t>(optional_int(body, "n").value_or(1));
    if (prompts * n > kMaxChoices)
      return invalid("The mock answers at most " + std::to_string(kMaxChoices) + " choices per request; " +
                         std::to_string(prompts) + " prompts times n = " + std::to_string(n) + " is more.",
                     "n", "invalid_value");
  }
  if (endpoint == "embeddings") {
    const Json& input = member(body, "input");
    std::size_t items = input.is_array() && !input.empty() && !input[0].is_number() ? input.size() : 1;
    auto dims = static_cast<std::size_t>(
        optional_int(body, "dimensions").value_or(static_cast<std::int64_t>(native_embedding_dimensions(model))));
    if (items * dims > kMaxEmbeddingValues)
      return invalid("The mock answers at most " + std::to_string(kMaxEmbeddingValues) +
                         " embedding values per request; " + std::to_string(items) + " inputs of " +
                         std::to_string(dims) + " dimensions are more.",
                     "input", "invalid_value");
  }
  if (endpoint == "moderations" && member(body, "input").is_array() && member(body, "input").size() > kMaxModerationInputs)
    return invalid("The mock moderates at most " + std::to_string(kMaxModerationInputs) + " inputs per request.",
                   "input", "invalid_value");

  return std::nullopt;
}

MockResponse dispatch(const std::string& endpoint, const Call& call, const Upload& upload) {
  if (endpoint == "chat.completions") return answer_chat_completions(call);
  if (endpoint == "responses") return answer_responses(call);
  if (endpoint == "completions") return answer_completions(call);
  if (endpoint == "embeddings") return answer_embeddings(call);
  if (endpoint == "images.generations") return answer_images(call);
  if (endpoint == "audio.speech") return answer_speech(call);
  if (endpoint == "audio.transcriptions") return answer_transcriptions(call, upload);
  return answer_moderations(call);
}

}  // namespace

// The model a request names (or the API's default where the endpoint has one): it must be in the
// catalog and serve the endpoint.
std::optional<MockResponse> MockApi::resolve_model(const std::string& endpoint, const Json& body,
                                                   std::string_view route, std::string& model) const {
  if (body.contains("model") && body["model"].is_string()) {
    model = body["model"].get<std::string>();
    const MockModel* m = find_model(model);
    if (!m)
      return mock_error(404, "The model `" + model + "` does not exist or you do not have access to it.",
                        "invalid_request_error", "model", "model_not_found");
    if (std::find(m->endpoints.begin(), m->endpoints.end(), endpoint) == m->endpoints.end())
      return mock_error(404,
                        "The model `" + model + "` does not support the " + endpoint + " endpoint (" + std::string(route) +
                            "); it serves: " +
                            (m->endpoints.empty() ? std::string("no endpoint") : join(m->endpoints, ", ")) + ".",
                        "invalid_request_error", "model", "model_not_found");
  } else if (endpoint == "images.generations") {
    model = "dall-e-2";  // the API's default
  } else {
    model = "omni-moderation-latest";  // moderations: the API's default
  }
  return std::nullopt;
}

MockResponse MockApi::answer(const MockRequest& req) const {
  std::string path = req.path.substr(0, req.path.find('?'));
  std::string method = req.method == "HEAD" ? "GET" : req.method;

  // Route.
  const Route* route = nullptr;
  std::string model_path_id;
  for (const auto& r : kRoutes)
    if (path == r.path) route = &r;
  if (!route && path.rfind("/v1/models/", 0) == 0 && path.size() > std::strlen("/v1/models/")) {
    static constexpr Route retrieve{"/v1/models/{model}", "GET", "models"};
    route = &retrieve;
    model_path_id = path.substr(std::strlen("/v1/models/"));
  }
  if (!route)
    return mock_error(404, "Invalid URL (" + req.method + " " + path + ")", "invalid_request_error", "", "unknown_url");
  if (method != route->method) {
    auto r = mock_error(405, "Method " + req.method + " is not allowed on " + path + "; use " + route->method + ".",
                        "invalid_request_error", "", "method_not_allowed");
    r.headers["Allow"] = route->method;
    return r;
  }

  // Authentication.
  if (auto auth = check_bearer(req); !auth.ok)
    return mock_error(401, auth.message, "invalid_request_error", "", "invalid_api_key");

  // The catalog.
  const std::string endpoint = route->endpoint;
  if (endpoint == "models") {
    if (model_path_id.empty()) {
      OJson data = OJson::array();
      for (const auto& m : models_) data.push_back(model_object(m));
      return json_response(OJson{{"object", "list"}, {"data", std::move(data)}});
    }
    if (const MockModel* m = find_model(model_path_id)) return json_response(model_object(*m));
    return mock_error(404, "The model `" + model_path_id + "` does not exist or you do not have access to it.",
                      "invalid_request_error", "model", "model_not_found");
  }

  // Content type, size, syntax, the endpoint's schema, rules across fields, the model, bounds.
  const bool multipart = endpoint == "audio.transcriptions";
  std::string ct;
  if (auto r = check_content(req, endpoint, path, ct)) return *r;
  Json body;
  Upload upload;
  std::string canonical_text;
  if (auto r = parse_body(req, multipart, ct, body, upload, canonical_text)) return *r;
  if (auto e = mock_detail::validate_schema(mock_detail::request_schema(endpoint), mock_detail::request_schema_defs(), body))
    return invalid(e->message, e->param, e->code);
  if (auto r = check_rules(endpoint, body)) return *r;
  std::string model;
  if (auto r = resolve_model(endpoint, body, std::string(route->method) + " " + route->path, model)) return *r;
  if (auto r = check_bounds(endpoint, body, model)) return *r;
  return dispatch(endpoint, Call{body, model, mock_hash_hex(canonical_text)}, upload);
}

}  // namespace ms
