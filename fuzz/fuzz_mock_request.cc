// The mock's request handling: method, path, headers and body from the input (lines: method,
// path, then "name: value" headers up to an empty line, then the body). Every answer is
// deterministic, and every error is in OpenAI's shape {"error": {"message", "type", "param",
// "code"}} with a message.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "mock/mock.h"

namespace {

const ms::MockApi& api() {
  static const ms::MockApi a({{"gpt-4-0314", "openai", {"chat.completions", "responses"}},
                              {"gpt-3.5-turbo-instruct", "openai", {"completions"}},
                              {"text-embedding-3-small", "openai", {"embeddings"}},
                              {"dall-e-3", "openai", {"images.generations"}},
                              {"tts-1", "openai", {"audio.speech"}},
                              {"whisper-1", "openai", {"audio.transcriptions"}},
                              {"text-moderation-latest", "openai", {"moderations"}}});
  return a;
}

std::string_view next_line(std::string_view& in) {
  std::size_t nl = in.find('\n');
  std::string_view line = in.substr(0, nl);
  in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ms::MockRequest req;
  req.method = std::string(next_line(in));
  req.path = std::string(next_line(in));
  for (std::string_view line; !in.empty() && !(line = next_line(in)).empty();) {
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    req.headers.emplace(name, std::string(value));
  }
  req.body = std::string(in);
  ms::MockResponse r = api().handle(req);
  ms::MockResponse again = api().handle(req);
  if (r.status != again.status || r.body != again.body || r.content_type != again.content_type) std::abort();
  if (r.status < 100 || r.status > 599) std::abort();
  if (r.status >= 400) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded() || !j.contains("error")) std::abort();
    const auto& e = j["error"];
    if (!e.is_object() || !e["message"].is_string() || e["message"].get<std::string>().empty() || !e["type"].is_string() ||
        !e.contains("param") || !e.contains("code"))
      std::abort();
  }
  return 0;
}
