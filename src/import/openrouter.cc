// OpenRouter's public models API (GET https://openrouter.ai/api/v1/models): `{"data": [model]}`,
// prices as decimal strings in USD per token (or per request, image, search).
#include <algorithm>

#include "import/convert.h"
#include "import/exact_json.h"
#include "import/sources.h"

namespace ms {
namespace {

struct OpenRouterPrice {
  const char* field;
  const char* meter;
  int shift;
  std::int64_t per;
  bool keep_zero;  // "0" is a real price (a free model), not "does not apply"
};

const OpenRouterPrice kPrices[] = {
    {"prompt", "input_tokens", 6, 1000000, true},
    {"completion", "output_tokens", 6, 1000000, true},
    {"input_cache_read", "cached_input_tokens", 6, 1000000, false},
    {"input_cache_write", "cache_write_tokens", 6, 1000000, false},
    {"internal_reasoning", "reasoning_tokens", 6, 1000000, false},
    {"request", "request", 0, 1, false},
    {"image", "image", 0, 1, false},
    {"web_search", "web_search_calls", 3, 1000, false},
};

const std::pair<const char*, const char*> kParamCapabilities[] = {
    {"tools", "function-calling"},          {"parallel_tool_calls", "parallel-function-calling"},
    {"response_format", "json-mode"},       {"structured_outputs", "structured-outputs"},
    {"reasoning", "reasoning"},             {"include_reasoning", "reasoning"},
    {"seed", "reproducible-outputs"},       {"web_search_options", "web-search"}};

struct Ctx {
  const ExactJson& doc;
  const std::string& path;
  Diagnostics& diags;
  FieldCounts& fields;
};

void map_pricing(Ctx& c, ImportedModel& m, const std::string& ptr, const Json& pricing) {
  for (const auto& [field, v] : pricing.items()) {
    std::string name = "pricing." + field;
    const OpenRouterPrice* known = nullptr;
    for (const auto& p : kPrices)
      if (field == p.field) known = &p;
    if (!known) { c.fields.skip(name); continue; }
    auto text = c.doc.decimal_text(ptr + "/pricing/" + field, v);
    PriceText pt = text ? scale_price(*text, known->shift) : PriceText{"", std::string("is ") + json_type_name(v) + ", not a number"};
    if (!pt.error.empty()) {
      bad_value(c.diags, c.path, m.source_key, name, "the price " + pt.error);
      c.fields.skip(name);
      continue;
    }
    c.fields.map(name);
    if (pt.value == "0" && !known->keep_zero) continue;
    ImportedPrice p;
    p.meter = known->meter;
    p.per = known->per;
    p.price = pt.value;
    m.add_price(p);
  }
}

void map_modalities(Ctx& c, ImportedModel& m, const Json& arch) {
  for (const auto& [field, v] : arch.items()) {
    bool input = field == "input_modalities";
    if ((!input && field != "output_modalities") || !v.is_array()) { c.fields.skip("architecture." + field); continue; }
    bool all = true;
    for (const auto& x : v) {
      std::string s = x.is_string() ? x.get<std::string>() : "";
      if (s == "file") s = "pdf";  // OpenRouter's "file" input is documents (PDF)
      if (s == "text" || s == "image" || s == "audio" || s == "video" || s == "pdf") m.add_modality(input, s);
      else all = false;
    }
    if (all) c.fields.map("architecture." + field);
    else c.fields.skip("architecture." + field);
  }
}

void map_limits(Ctx& c, ImportedModel& m, const Json& top) {
  for (const auto& [field, v] : top.items()) {
    std::string name = "top_provider." + field;
    if (field == "max_completion_tokens" && (v.is_null() || positive_count(v))) {
      if (!v.is_null()) m.max_output_tokens = positive_count(v);
      c.fields.map(name);
    } else if (field == "max_completion_tokens") {
      bad_value(c.diags, c.path, m.source_key, name, "expected a positive whole number, not " + v.dump());
      c.fields.skip(name);
    } else {
      c.fields.skip(name);
    }
  }
}

// The display name without OpenRouter's "Maker: " prefix ("OpenAI: GPT-4o" -> "GPT-4o").
std::string display_name(const std::string& name) {
  std::size_t colon = name.find(": ");
  return colon == std::string::npos ? name : name.substr(colon + 2);
}

void map_field(Ctx& c, ImportedModel& m, const std::string& ptr, const std::string& field, const Json& v) {
  bool mapped = true;
  if (field == "id") {
  } else if (field == "name" && v.is_string()) {
    m.name = display_name(v.get<std::string>());
  } else if (field == "description" && v.is_string()) {
    m.description = v.get<std::string>();
  } else if (field == "context_length" && positive_count(v)) {
    m.context_window = positive_count(v);
  } else if (field == "context_length") {
    bad_value(c.diags, c.path, m.source_key, field, "expected a positive whole number, not " + v.dump());
    mapped = false;
  } else if (field == "pricing" && v.is_object()) {
    map_pricing(c, m, ptr, v);
    return;
  } else if (field == "architecture" && v.is_object()) {
    map_modalities(c, m, v);
    return;
  } else if (field == "top_provider" && v.is_object()) {
    map_limits(c, m, v);
    return;
  } else if (field == "supported_parameters" && v.is_array()) {
    for (const auto& p : v)
      for (const auto& [param, cap] : kParamCapabilities)
        if (p == param) m.add_capability(cap);
  } else {
    mapped = false;
  }
  if (mapped) c.fields.map(field);
  else c.fields.skip(field);
}

}  // namespace

std::optional<ImportData> import_openrouter(const SourceFile& file, Diagnostics& diags) {
  auto doc = parse_exact_json(file, diags);
  if (!doc) return std::nullopt;
  if (!doc->value.is_object() || !doc->value.contains("data") || !doc->value["data"].is_array()) {
    diags.error(file, 0, "import-bad-source", "an OpenRouter models list is an object with a `data` array");
    return std::nullopt;
  }
  ImportData data;
  data.source = "openrouter";
  Ctx c{*doc, file.path(), diags, data.fields};
  std::map<std::string, ImportedProvider> providers;
  const Json& list = doc->value["data"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& e = list[i];
    std::string ptr = json_pointer_append("/data", i);
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string()) {
      diags.warning(file.path(), "import-bad-value", "data[" + std::to_string(i) + "] has no string `id`; skipped");
      ++data.skipped["no `id`"];
      continue;
    }
    std::string key = e["id"].get<std::string>();
    std::size_t slash = key.find('/');
    std::string provider = fold_id(slash == std::string::npos ? "openrouter" : key.substr(0, slash));
    std::string model = slash == std::string::npos ? key : key.substr(slash + 1);
    if (provider.empty() || fold_id(model).empty()) {
      bad_value(diags, file.path(), key, "id", "no id can be made of this name");
      ++data.skipped["no id can be made of the name"];
      continue;
    }
    ImportedModel m;
    m.source_key = key;
    m.provider = provider;
    m.id = fold_id(model);
    m.name = model;
    m.add_endpoint("chat.completions");  // every OpenRouter model is served through chat completions
    for (const auto& [field, v] : e.items()) map_field(c, m, ptr, field, v);
    if (m.input_modalities.empty()) m.add_modality(true, "text");
    providers.emplace(provider, ImportedProvider{provider, provider_display_name(provider), provider_website(provider)});
    data.models.push_back(std::move(m));
  }
  for (auto& [id, p] : providers) data.providers.push_back(p);
  return data;
}

}  // namespace ms
