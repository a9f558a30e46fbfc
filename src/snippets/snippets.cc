// Canonical requests and the table of snippet targets.
#include "snippets/snippets.h"

#include <algorithm>
#include <stdexcept>

#include "core/openai_api.h"
#include "snippets/render.h"

namespace ms {
namespace {

// Example inputs used when a model's `example` block leaves them out.
constexpr const char* kDefaultPrompt = "Say hello in one short sentence.";
constexpr const char* kDefaultVisionPrompt = "What is in this image?";
constexpr const char* kImageFile = "image.png";
constexpr const char* kDefaultImageUrl = "https://example.com/images/lighthouse.jpg";
constexpr const char* kDefaultEmbeddingInput = "The quick brown fox jumps over the lazy dog.";
constexpr const char* kDefaultImagePrompt = "A watercolor painting of a lighthouse at dawn.";
constexpr const char* kDefaultSpeechInput = "Hello! This is a test of text to speech.";
constexpr const char* kDefaultModerationInput = "I want to buy a new phone.";
constexpr const char* kDefaultVoice = "alloy";
constexpr const char* kDefaultAudioFile = "speech.mp3";
constexpr const char* kSpeechFormat = "mp3";

struct EndpointInfo {
  const char* id;
  const char* path;
  bool streams;
};

constexpr EndpointInfo kEndpoints[] = {
    {"chat.completions", "/chat/completions", true},
    {"responses", "/responses", false},
    {"completions", "/completions", false},
    {"embeddings", "/embeddings", false},
    {"images.generations", "/images/generations", false},
    {"audio.speech", "/audio/speech", false},
    {"audio.transcriptions", "/audio/transcriptions", false},
    {"moderations", "/moderations", false},
};

const EndpointInfo* find_endpoint(const std::string& id) {
  for (const EndpointInfo& e : kEndpoints)
    if (id == e.id) return &e;
  return nullptr;
}

struct TargetInfo {
  const char* id;
  const char* language;
  const char* file_name;
  const char* label;
  std::string (*render)(const CanonicalRequest&, const ApiConfig&);
};

const TargetInfo kTargets[] = {
    {"curl", "bash", "snippet.sh", "curl", snippet_detail::render_curl},
    {"python-openai", "python", "snippet.py", "Python (openai)",
     snippet_detail::render_python_openai},
    {"python-requests", "python", "snippet.py", "Python (requests)",
     snippet_detail::render_python_requests},
    {"js-fetch", "javascript", "snippet.mjs", "JavaScript (fetch)",
     snippet_detail::render_js_fetch},
    {"js-openai", "javascript", "snippet.mjs", "JavaScript (openai)",
     snippet_detail::render_js_openai},
};

const TargetInfo& find_target(const std::string& id) {
  for (const TargetInfo& t : kTargets)
    if (id == t.id) return t;
  throw std::invalid_argument("unknown snippet target `" + id + "`");
}

bool has(const std::vector<std::string>& list, const char* item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string prompt_or(const Model& model, const char* fallback) {
  return model.example.prompt.value_or(fallback);
}

Json chat_body(const Model& model) {
  Json messages = Json::array();
  if (model.example.system)
    messages.push_back({{"role", "system"}, {"content", *model.example.system}});
  if (has(model.input_modalities, "image")) {
    Json parts = Json::array();
    parts.push_back({{"type", "text"}, {"text", prompt_or(model, kDefaultVisionPrompt)}});
    parts.push_back({{"type", "image_url"},
                     {"image_url", {{"url", model.example.image_url.value_or(kDefaultImageUrl)}}}});
    messages.push_back({{"role", "user"}, {"content", parts}});
  } else {
    messages.push_back({{"role", "user"}, {"content", prompt_or(model, kDefaultPrompt)}});
  }
  return {{"model", model.id}, {"messages", messages}};
}

}  // namespace

bool supports_streaming(const std::string& endpoint) {
  const EndpointInfo* e = find_endpoint(endpoint);
  return e && e->streams;
}

CanonicalRequest canonical_request(const Model& model, const std::string& endpoint, bool stream) {
  const EndpointInfo* info = find_endpoint(endpoint);
  if (!info) throw std::invalid_argument("unknown endpoint `" + endpoint + "`");
  if (stream && !info->streams)
    throw std::invalid_argument("endpoint `" + endpoint + "` has no streaming variant");

  CanonicalRequest req;
  req.model_id = model.id;
  req.endpoint = endpoint;
  req.stream = stream;
  req.path = info->path;
  req.content_type = "application/json";
  const std::string& id = model.id;

  if (endpoint == "chat.completions") {
    Json body = chat_body(model);
    if (stream) body["stream"] = true;
    req.json_body = std::move(body);
  } else if (endpoint == "responses") {
    Json body = {{"model", id}, {"input", prompt_or(model, kDefaultPrompt)}};
    if (model.example.system) body["instructions"] = *model.example.system;
    req.json_body = std::move(body);
  } else if (endpoint == "completions") {
    req.json_body =
        Json{{"model", id}, {"prompt", prompt_or(model, kDefaultPrompt)}, {"max_tokens", 64}};
  } else if (endpoint == "embeddings") {
    // Both openai SDKs ask for base64 unless told otherwise; naming the API's default keeps the
    // body the same in every target.
    req.json_body = Json{{"model", id},
                         {"input", prompt_or(model, kDefaultEmbeddingInput)},
                         {"encoding_format", "float"}};
  } else if (endpoint == "images.generations") {
    req.json_body = Json{{"model", id},
                         {"prompt", prompt_or(model, kDefaultImagePrompt)},
                         {"n", 1},
                         {"size", "1024x1024"}};
    if (images_only_base64(id)) req.image_file = kImageFile;
  } else if (endpoint == "audio.speech") {
    req.json_body = Json{{"model", id},
                         {"input", prompt_or(model, kDefaultSpeechInput)},
                         {"voice", model.example.voice.value_or(kDefaultVoice)},
                         {"response_format", kSpeechFormat}};
    req.output_file = std::string("speech.") + kSpeechFormat;
  } else if (endpoint == "audio.transcriptions") {
    req.content_type = "multipart/form-data";
    req.input_file = model.example.audio_file.value_or(kDefaultAudioFile);
    req.form = {{"model", id, false}, {"file", req.input_file, true}};
  } else if (endpoint == "moderations") {
    req.json_body = Json{{"model", id}, {"input", prompt_or(model, kDefaultModerationInput)}};
  }
  return req;
}

std::string render_snippet(const CanonicalRequest& req, const std::string& target,
                           const ApiConfig& api) {
  const TargetInfo& t = find_target(target);
  if (!snippet_detail::is_env_name(api.key_env))
    throw std::invalid_argument("api.key_env `" + api.key_env + "` is not a variable name");
  return t.render(req, api);
}

std::string target_language(const std::string& target) { return find_target(target).language; }
std::string target_file_name(const std::string& target) { return find_target(target).file_name; }
std::string target_label(const std::string& target) { return find_target(target).label; }

}  // namespace ms
