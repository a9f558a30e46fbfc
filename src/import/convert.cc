#include "import/convert.h"

#include <cmath>

#include "core/decimal.h"
#include "core/text.h"

namespace ms {

std::optional<std::int64_t> positive_count(const nlohmann::json& v) {
  constexpr double kLargest = 9007199254740992.0;  // 2^53: every whole number up to it is exact
  if (v.is_number_integer()) {
    auto n = v.get<std::int64_t>();
    if (n >= 1 && n <= static_cast<std::int64_t>(kLargest)) return n;
    return std::nullopt;
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d >= 1 && d <= kLargest && std::floor(d) == d) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

PriceText scale_price(std::string_view text, int shift) {
  std::string t(text);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.erase(t.begin());
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
  if (t.empty()) return {"", "is empty, not a number"};
  auto d = Decimal::parse(t);
  if (!d) return {"", "`" + t + "` is not a number"};
  if (d->negative()) return {"", "`" + t + "` is negative"};
  std::string out = d->shifted(shift).to_string();
  std::size_t dot = out.find('.');
  std::size_t int_digits = dot == std::string::npos ? out.size() : dot;
  std::size_t frac_digits = dot == std::string::npos ? 0 : out.size() - dot - 1;
  if (int_digits > 15 || frac_digits > 30) return {"", "`" + t + "` is out of range for a price"};
  return {out, ""};
}

std::string fold_id(std::string_view name) {
  std::string out;
  bool pending_dash = false;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    char l = (u >= 'A' && u <= 'Z') ? static_cast<char>(u - 'A' + 'a') : c;
    bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '.' || l == '_' || l == '-';
    if (!keep || l == '-') {
      pending_dash = true;
      continue;
    }
    if (out.empty() && (l == '.' || l == '_')) continue;  // an id starts with a letter or digit
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += l;
  }
  while (!out.empty() && (out.back() == '.' || out.back() == '_')) out.pop_back();
  return out;
}

bool is_date(std::string_view s, bool allow_month) { return is_valid_date(s, allow_month); }

}  // namespace ms

namespace ms {
namespace {
struct KnownProvider {
  const char* id;
  const char* name;
  const char* website;
};
const KnownProvider kKnownProviders[] = {
    {"openai", "OpenAI", "https://openai.com"},
    {"anthropic", "Anthropic", "https://www.anthropic.com"},
    {"gemini", "Google Gemini API", "https://ai.google.dev"},
    {"google", "Google", "https://ai.google.dev"},
    {"vertex_ai-language-models", "Google Vertex AI", "https://cloud.google.com/vertex-ai"},
    {"azure", "Azure OpenAI", "https://azure.microsoft.com/products/ai-services/openai-service"},
    {"bedrock", "Amazon Bedrock", "https://aws.amazon.com/bedrock/"},
    {"mistral", "Mistral AI", "https://mistral.ai"},
    {"deepseek", "DeepSeek", "https://www.deepseek.com"},
    {"xai", "xAI", "https://x.ai"},
    {"cohere", "Cohere", "https://cohere.com"},
    {"groq", "Groq", "https://groq.com"},
    {"openrouter", "OpenRouter", "https://openrouter.ai"},
    {"together_ai", "Together AI", "https://www.together.ai"},
    {"fireworks_ai", "Fireworks AI", "https://fireworks.ai"},
    {"perplexity", "Perplexity", "https://www.perplexity.ai"},
    {"meta-llama", "Meta", "https://llama.meta.com"},
};
}  // namespace

std::string provider_display_name(const std::string& id) {
  for (const auto& p : kKnownProviders)
    if (id == p.id) return p.name;
  return id;
}

std::string provider_website(const std::string& id) {
  for (const auto& p : kKnownProviders)
    if (id == p.id) return p.website;
  return "";
}

}  // namespace ms
