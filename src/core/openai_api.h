// Facts of the OpenAI API that the snippets and the mock must agree on.
#pragma once
#include <string_view>

namespace ms {

// OpenAI's GPT Image models (gpt-image-1, gpt-image-1-mini, ...) answer images.generations with
// base64 data only: `response_format` "is not supported for the GPT image models, which always
// return base64-encoded images" (the images.generations reference in OpenAI's OpenAPI document).
// Every other model answers with a URL unless asked for `b64_json`. An id with a provider prefix
// (`openai/gpt-image-1`, as aggregators name it) is the same model.
inline bool images_only_base64(std::string_view model_id) {
  auto slash = model_id.rfind('/');
  std::string_view name = slash == std::string_view::npos ? model_id : model_id.substr(slash + 1);
  return name.substr(0, 9) == "gpt-image";
}

}  // namespace ms
