// Test driver for the snippet property test: renders snippets for generated cases.
//
//   snippet_cases --base-url URL [--key-env NAME] [--targets curl,js-fetch,...]
//
// stdin: one JSON object per line, a case:
//   {"id", "system"?, "prompt"?, "endpoint"? (chat.completions), "stream"?, "image_input"?,
//    "image_url"?, "voice"?, "audio_file"?}
// stdout: one JSON object per line for each case and target:
//   {"case" (0-based line), "target", "file", "code", "canonical_body" (the exact body text, or
//    null for multipart), "method", "path", "content_type", "form", "output_file", "input_file"}
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "snippets/snippets.h"

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::optional<std::string> opt_string(const ms::Json& j, const char* key) {
  if (auto it = j.find(key); it != j.end() && it->is_string()) return it->get<std::string>();
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  ms::ApiConfig api;
  std::vector<std::string> targets = {"curl", "python-openai", "python-requests", "js-fetch",
                                      "js-openai"};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::cerr << "snippet_cases: " << arg << " needs a value\n";
      return 2;
    }
    if (arg == "--base-url")
      api.base_url = argv[++i];
    else if (arg == "--key-env")
      api.key_env = argv[++i];
    else if (arg == "--targets")
      targets = split(argv[++i], ',');
    else {
      std::cerr << "snippet_cases: unknown option " << arg << "\n";
      return 2;
    }
  }

  std::string line;
  std::size_t index = 0;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    try {
      ms::Json c = ms::Json::parse(line);
      ms::Model model;
      model.id = c.at("id").get<std::string>();
      model.input_modalities = {"text"};
      if (c.value("image_input", false)) model.input_modalities.push_back("image");
      model.example.system = opt_string(c, "system");
      model.example.prompt = opt_string(c, "prompt");
      model.example.image_url = opt_string(c, "image_url");
      model.example.voice = opt_string(c, "voice");
      model.example.audio_file = opt_string(c, "audio_file");
      std::string endpoint = c.value("endpoint", std::string("chat.completions"));
      ms::CanonicalRequest req = ms::canonical_request(model, endpoint, c.value("stream", false));

      ms::Json form = ms::Json::array();
      for (const ms::FormField& f : req.form)
        form.push_back({{"name", f.name}, {"value", f.value}, {"is_file", f.is_file}});
      for (const std::string& target : targets) {
        ms::Json out = {
            {"case", index},
            {"target", target},
            {"file", ms::target_file_name(target)},
            {"code", ms::render_snippet(req, target, api)},
            {"canonical_body",
             req.json_body ? ms::Json(ms::canonical_json_text(*req.json_body)) : ms::Json()},
            {"method", req.method},
            {"path", req.path},
            {"content_type", req.content_type},
            {"form", form},
            {"output_file", req.output_file},
            {"input_file", req.input_file},
        };
        std::cout << out.dump() << '\n';
      }
    } catch (const std::exception& e) {
      std::cerr << "snippet_cases: case " << index << ": " << e.what() << "\n";
      return 1;
    }
    ++index;
  }
  return 0;
}
