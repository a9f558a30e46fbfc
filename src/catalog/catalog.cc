#include "catalog/catalog.h"

namespace ms {

const std::vector<std::string>& model_statuses() {
  static const std::vector<std::string> v = {"active", "preview", "deprecated", "retired", "coming-soon"};
  return v;
}
const std::vector<std::string>& modality_names() {
  static const std::vector<std::string> v = {"text", "image", "audio", "video", "pdf"};
  return v;
}
const std::vector<std::string>& capability_names() {
  static const std::vector<std::string> v = {
      "function-calling", "parallel-function-calling", "json-mode", "structured-outputs",
      "streaming", "vision", "reasoning", "prompt-caching", "reproducible-outputs",
      "fine-tuning", "batch", "web-search"};
  return v;
}
const std::vector<std::string>& endpoint_names() {
  static const std::vector<std::string> v = {
      "chat.completions", "responses", "completions", "embeddings", "images.generations",
      "audio.speech", "audio.transcriptions", "moderations"};
  return v;
}
const Provider* Catalog::provider(std::string_view id) const {
  for (const auto& p : providers)
    if (p.id == id) return &p;
  return nullptr;
}

const Model* Catalog::model(std::string_view id) const {
  auto it = model_index.find(std::string(id));
  return it == model_index.end() ? nullptr : &models[it->second];
}

}  // namespace ms
