// LiteLLM's cost map: one object per model name, prices per token (or image, second, character,
// query, page) in keys whose suffixes carry the qualifiers (`_above_200k_tokens`, `_batches`,
// `_priority`, `_flex`, `_above_1hr`), image prices by quality and size in models named
// `<quality>/<W>-x-<H>/<model>`.
#include <algorithm>
#include <regex>

#include "core/decimal.h"
#include "import/convert.h"
#include "import/exact_json.h"
#include "import/sources.h"

namespace ms {
namespace {

struct PriceBase {
  const char* key;
  const char* meter;  // "" = depends on the mode (see meter_for)
  int shift;          // the source's unit to the item's `per`
  std::int64_t per;
};

// Longest prefix wins, so `input_cost_per_image_token` is not read as `input_cost_per_image`.
const PriceBase kBases[] = {
    {"input_cost_per_token_cache_hit", "cached_input_tokens", 6, 1000000},
    {"input_cost_per_token", "input_tokens", 6, 1000000},
    {"output_cost_per_token", "output_tokens", 6, 1000000},
    {"cache_read_input_token_cost", "cached_input_tokens", 6, 1000000},
    {"cache_creation_input_token_cost", "cache_write_tokens", 6, 1000000},
    {"output_cost_per_reasoning_token", "reasoning_tokens", 6, 1000000},
    {"input_cost_per_audio_token", "input_audio_tokens", 6, 1000000},
    {"output_cost_per_audio_token", "output_audio_tokens", 6, 1000000},
    {"input_cost_per_image_token", "input_image_tokens", 6, 1000000},
    {"output_cost_per_image_token", "output_image_tokens", 6, 1000000},
    {"output_cost_per_image", "image", 0, 1},
    {"input_cost_per_image", "", 0, 1},
    {"output_cost_per_video_per_second", "video_seconds", 0, 1},
    {"input_cost_per_video_per_second", "video_seconds", 0, 1},
    {"input_cost_per_audio_per_second", "audio_seconds", 0, 1},
    {"output_cost_per_second", "", 0, 1},
    {"input_cost_per_second", "audio_seconds", 0, 1},
    {"input_cost_per_character", "characters", 6, 1000000},
    {"output_cost_per_character", "characters", 6, 1000000},
    {"input_cost_per_query", "request", 0, 1},
    {"input_cost_per_request", "request", 0, 1},
    {"ocr_cost_per_page", "pages", 3, 1000},
};

const PriceBase* find_base(const std::string& key) {
  const PriceBase* best = nullptr;
  for (const auto& b : kBases) {
    std::string_view k(b.key);
    if (key.compare(0, k.size(), k) == 0 && (!best || k.size() > std::string_view(best->key).size())) best = &b;
  }
  return best;
}

// The meter of a base whose meaning depends on the model's mode.
std::string meter_for(const PriceBase& b, const std::string& mode) {
  if (*b.meter) return b.meter;
  std::string k = b.key;
  if (k == "input_cost_per_image") return mode == "image_generation" || mode == "image_edit" ? "image" : "";
  if (k == "output_cost_per_second") return mode == "video_generation" ? "video_seconds" : "audio_seconds";
  return "";
}

// Reads the qualifier suffixes after a base (`_above_200k_tokens_priority`); false when some
// part has no qualifier in the content format.
bool read_suffixes(std::string rest, ImportedPrice& p) {
  static const std::regex above_tokens("^_above_([0-9]+)k_tokens"), resolution("^_([0-9]+p)");
  std::smatch m;
  while (!rest.empty()) {
    auto take = [&](const char* s) {
      std::size_t n = std::char_traits<char>::length(s);
      if (rest.compare(0, n, s) != 0) return false;
      rest.erase(0, n);
      return true;
    };
    if (take("_batches")) p.service_tier = "batch";
    else if (take("_priority")) p.service_tier = "priority";
    else if (take("_flex")) p.service_tier = "flex";
    else if (take("_above_1hr")) p.ttl = "1h";
    else if (std::regex_search(rest, m, above_tokens)) {
      p.above = std::stoll(m[1].str()) * 1000;
      rest.erase(0, static_cast<std::size_t>(m.length(0)));
    } else if (std::regex_search(rest, m, resolution)) {
      p.resolution = m[1].str();
      rest.erase(0, static_cast<std::size_t>(m.length(0)));
    } else {
      return false;
    }
  }
  return true;
}

struct EntryContext {
  const ExactJson& doc;
  const std::string& path;  // display path of the source
  Diagnostics& diags;
  FieldCounts& fields;
};

std::string entry_pointer(const std::string& key, const std::string& field) {
  return json_pointer_append(json_pointer_append("", key), field);
}

enum class Mapped { no, yes, not_a_price };

// One price field: mapped, not mapped (no meter or qualifier for it, a bad value, or a second
// price for a slot already priced), or not a price field at all.
Mapped map_price(EntryContext& c, ImportedModel& m, const std::string& key, const std::string& field,
                 const Json& v, const std::string& mode) {
  const PriceBase* b = find_base(field);
  if (!b) return Mapped::not_a_price;
  ImportedPrice p;
  p.meter = meter_for(*b, mode);
  p.per = b->per;
  if (p.meter.empty() || !read_suffixes(field.substr(std::string_view(b->key).size()), p)) return Mapped::no;
  if (!qualifiers_allowed(p, nullptr)) return Mapped::no;
  auto text = c.doc.decimal_text(entry_pointer(key, field), v);
  if (!text || !v.is_number()) {
    bad_value(c.diags, c.path, key, field, std::string("the price is ") + json_type_name(v) + ", not a number");
    return Mapped::no;
  }
  PriceText pt = scale_price(*text, b->shift);
  if (!pt.error.empty()) {
    bad_value(c.diags, c.path, key, field, "the price " + pt.error);
    return Mapped::no;
  }
  p.price = pt.value;
  return m.add_price(std::move(p)) ? Mapped::yes : Mapped::no;
}

// `search_context_cost_per_query`: {search_context_size_low, _medium, _high} per query. The
// content format has one web-search price, so the medium size (the providers' default) is mapped
// and the others only when they are the same price.
void map_search(EntryContext& c, ImportedModel& m, const std::string& key, const Json& v) {
  const std::string field = "search_context_cost_per_query";
  if (!v.is_object()) {
    bad_value(c.diags, c.path, key, field, "expected an object of prices by search context size");
    c.fields.skip(field);
    return;
  }
  std::string medium_price;
  if (auto it = v.find("search_context_size_medium"); it != v.end()) {
    auto text = c.doc.decimal_text(entry_pointer(key, field) + "/search_context_size_medium", *it);
    PriceText pt = text && it->is_number() ? scale_price(*text, 3) : PriceText{"", "is not a number"};
    if (pt.error.empty()) {
      medium_price = pt.value;
      ImportedPrice p;
      p.meter = "web_search_calls";
      p.per = 1000;
      p.price = pt.value;
      m.add_price(p);
    } else {
      bad_value(c.diags, c.path, key, field + ".search_context_size_medium", "the price " + pt.error);
    }
  }
  for (const auto& [size, price] : v.items()) {
    std::string sub = field + "." + size;
    auto text = c.doc.decimal_text(entry_pointer(key, field) + "/" + size, price);
    PriceText pt = text && price.is_number() ? scale_price(*text, 3) : PriceText{"", "x"};
    bool same = !medium_price.empty() && pt.error.empty() && pt.value == medium_price;
    if (same) c.fields.map(sub);
    else c.fields.skip(sub);
  }
}

const std::pair<const char*, const char*> kModeEndpoints[] = {
    {"chat", "chat.completions"},         {"responses", "responses"},
    {"completion", "completions"},        {"embedding", "embeddings"},
    {"image_generation", "images.generations"}, {"audio_speech", "audio.speech"},
    {"audio_transcription", "audio.transcriptions"}, {"moderation", "moderations"}};

const std::pair<const char*, const char*> kPathEndpoints[] = {
    {"/v1/chat/completions", "chat.completions"}, {"/v1/responses", "responses"},
    {"/v1/completions", "completions"},           {"/v1/embeddings", "embeddings"},
    {"/v1/images/generations", "images.generations"}, {"/v1/audio/speech", "audio.speech"},
    {"/v1/audio/transcriptions", "audio.transcriptions"}, {"/v1/moderations", "moderations"}};

const std::pair<const char*, const char*> kFlagCapabilities[] = {
    {"supports_function_calling", "function-calling"},
    {"supports_parallel_function_calling", "parallel-function-calling"},
    {"supports_response_schema", "structured-outputs"},
    {"supports_native_streaming", "streaming"},
    {"supports_vision", "vision"},
    {"supports_reasoning", "reasoning"},
    {"supports_prompt_caching", "prompt-caching"},
    {"supports_web_search", "web-search"}};

// Input modalities implied by flags; `supports_vision` is both a capability and image input.
const std::pair<const char*, const char*> kFlagInputs[] = {
    {"supports_vision", "image"}, {"supports_pdf_input", "pdf"}, {"supports_audio_input", "audio"},
    {"supports_video_input", "video"}};

// What a mode says about modalities: inputs and outputs.
void mode_modalities(ImportedModel& m, const std::string& mode) {
  auto io = [&](const char* in, const char* out) {
    m.add_modality(true, in);
    if (*out) m.add_modality(false, out);
  };
  if (mode == "chat" || mode == "completion" || mode == "responses") io("text", "text");
  else if (mode == "embedding" || mode == "moderation" || mode == "rerank") io("text", "");
  else if (mode == "image_generation") io("text", "image");
  else if (mode == "image_edit") { io("text", "image"); m.add_modality(true, "image"); }
  else if (mode == "audio_speech") io("text", "audio");
  else if (mode == "audio_transcription") io("audio", "text");
  else if (mode == "video_generation") io("text", "video");
}

bool map_flag(ImportedModel& m, const std::string& field, const Json& v) {
  bool known = false;
  for (const auto& [flag, cap] : kFlagCapabilities)
    if (field == flag) {
      known = true;
      if (v == true) m.add_capability(cap);
    }
  for (const auto& [flag, modality] : kFlagInputs)
    if (field == flag) {
      known = true;
      if (v == true) m.add_modality(true, modality);
    }
  if (field == "supports_audio_output") {
    known = true;
    if (v == true) m.add_modality(false, "audio");
  }
  return known && v.is_boolean();
}

bool map_modalities(ImportedModel& m, const std::string& field, const Json& v) {
  bool input = field == "supported_modalities";
  if (!input && field != "supported_output_modalities") return false;
  if (!v.is_array()) return false;
  static const std::vector<std::string> known = {"text", "image", "audio", "video", "pdf"};
  bool all = true;
  for (const auto& x : v) {
    if (x.is_string() && std::find(known.begin(), known.end(), x.get<std::string>()) != known.end())
      m.add_modality(input, x.get<std::string>());
    else all = false;  // e.g. "code": no such modality
  }
  return all;
}

bool map_endpoints(ImportedModel& m, const Json& v) {
  if (!v.is_array()) return false;
  bool all = true;
  for (const auto& x : v) {
    if (!x.is_string()) { all = false; continue; }
    std::string path = x.get<std::string>();
    bool found = false;
    for (const auto& [p, e] : kPathEndpoints)
      if (path == p) { m.add_endpoint(e); found = true; }
    if (path == "/v1/batch") { m.add_capability("batch"); found = true; }
    all = all && found;
  }
  return all;
}

bool map_limit(EntryContext& c, const std::string& key, const std::string& field, const Json& v,
               std::optional<std::int64_t>& out) {
  auto n = positive_count(v);
  if (!n) {
    bad_value(c.diags, c.path, key, field, "expected a positive whole number of tokens, not " + v.dump());
    return false;
  }
  out = *n;
  return true;
}

// Every field but the prices: returns whether it was mapped.
bool map_fact(EntryContext& c, ImportedModel& m, const std::string& key, const std::string& field, const Json& v) {
  if (field == "litellm_provider") return true;
  if (field == "mode") {
    if (!v.is_string()) return false;
    for (const auto& [mode, ep] : kModeEndpoints)
      if (v == mode) m.add_endpoint(ep);
    mode_modalities(m, v.get<std::string>());
    return true;
  }
  if (field == "max_input_tokens") return map_limit(c, key, field, v, m.context_window);
  if (field == "max_output_tokens") return map_limit(c, key, field, v, m.max_output_tokens);
  if (field == "deprecation_date") {
    if (!v.is_string() || !is_date(v.get<std::string>(), false)) {
      bad_value(c.diags, c.path, key, field, "expected a date YYYY-MM-DD, not " + v.dump());
      return false;
    }
    m.deprecated_on = v.get<std::string>();
    m.status = "deprecated";
    m.status_from_source = true;
    return true;
  }
  if (field == "supported_endpoints") return map_endpoints(m, v);
  if (map_modalities(m, field, v)) return true;
  return map_flag(m, field, v);
}

// The model name without LiteLLM's routing prefix: `gemini/gemini-2.5-pro` under provider
// `gemini`, `vertex_ai/claude-...` under `vertex_ai-anthropic_models`.
std::string strip_route(const std::string& key, const std::string& provider) {
  std::size_t slash = key.find('/');
  if (slash == std::string::npos) return key;
  std::string seg = key.substr(0, slash);
  bool match = provider == seg || (provider.size() > seg.size() && provider.compare(0, seg.size(), seg) == 0 &&
                                   (provider[seg.size()] == '-' || provider[seg.size()] == '_'));
  return match ? key.substr(slash + 1) : key;
}

// After all fields: the plain cache-write price is the 5-minute one when a 1-hour one is listed;
// batch prices mean the batch capability.
void finish_model(ImportedModel& m) {
  bool has_1h = std::any_of(m.prices.begin(), m.prices.end(), [](const ImportedPrice& p) { return p.ttl == "1h"; });
  if (has_1h)
    for (auto& p : m.prices)
      if (p.meter == "cache_write_tokens" && p.ttl.empty()) p.ttl = "5m";
  if (std::any_of(m.prices.begin(), m.prices.end(), [](const ImportedPrice& p) { return p.service_tier == "batch"; }))
    m.add_capability("batch");
}

ImportedModel read_entry(EntryContext& c, const std::string& key, const std::string& name, const Json& entry,
                         const std::string& provider) {
  ImportedModel m;
  m.source_key = key;
  m.provider = provider;
  m.name = name;
  m.id = fold_id(name);
  std::string mode = entry.value("mode", std::string());
  for (const auto& [field, v] : entry.items()) {
    Mapped p = map_price(c, m, key, field, v, mode);
    bool mapped = p == Mapped::yes;
    if (p == Mapped::not_a_price) {
      if (field == "search_context_cost_per_query") { map_search(c, m, key, v); continue; }
      mapped = map_fact(c, m, key, field, v);
    }
    if (mapped) c.fields.map(field);
    else c.fields.skip(field);
  }
  finish_model(m);
  return m;
}

struct ImageVariant {
  std::string key, route, base, quality, size;  // route: the key's prefix before the variant part
  const Json* entry;
};

// `hd/1024-x-1792/dall-e-3`: an image price by quality and size for the model `dall-e-3`.
std::optional<ImageVariant> image_variant(const std::string& key, const std::string& name, const Json& entry) {
  static const std::regex re("^(?:(low|medium|high|standard|hd)/)?([0-9]+)-x-([0-9]+)/(?!(?:[0-9]+|max)-steps/)([^/].*)$");
  std::smatch mt;
  if (!std::regex_match(name, mt, re)) return std::nullopt;
  return ImageVariant{key, key.substr(0, key.size() - name.size()), mt[4].str(), mt[1].str(),
                      mt[2].str() + "x" + mt[3].str(), &entry};
}

// The variant's price per image: `input_cost_per_image` / `output_cost_per_image` as LiteLLM
// lists them for these names, else the per-pixel price times the size's pixels (exact).
void apply_variant(EntryContext& c, ImportedModel& m, const ImageVariant& v) {
  ImportedPrice p;
  p.meter = "image";
  p.per = 1;
  p.quality = v.quality;
  p.size = v.size;
  std::string used;
  for (const char* f : {"output_cost_per_image", "input_cost_per_image"}) {
    auto it = v.entry->find(f);
    if (!used.empty() || it == v.entry->end() || !it->is_number()) continue;
    PriceText pt = scale_price(c.doc.decimal_text(entry_pointer(v.key, f), *it).value_or("x"), 0);
    if (pt.error.empty() && !(pt.value == "0" && std::string(f) == "input_cost_per_image")) { p.price = pt.value; used = f; }
  }
  if (used.empty())
    if (auto it = v.entry->find("input_cost_per_pixel"); it != v.entry->end() && it->is_number()) {
      auto text = c.doc.decimal_text(entry_pointer(v.key, "input_cost_per_pixel"), *it);
      auto px = Decimal::parse(text.value_or("x"));
      std::size_t x = v.size.find('x');
      if (px && !px->negative()) {
        p.price = px->times(std::stoll(v.size.substr(0, x))).times(std::stoll(v.size.substr(x + 1))).to_string();
        used = "input_cost_per_pixel";
      }
    }
  bool added = !used.empty() && m.add_price(p);
  for (const auto& [field, val] : v.entry->items()) {
    if (field == used && added) c.fields.map(field);
    else if (field == "litellm_provider" || field == "mode") c.fields.map(field);
    else c.fields.skip(field);
  }
}

}  // namespace

void bad_value(Diagnostics& diags, const std::string& path, const std::string& model, const std::string& field,
               const std::string& why) {
  diags.warning(path, "import-bad-value", "model `" + model + "`, field `" + field + "`: " + why + "; field skipped");
}

std::optional<ImportData> import_litellm(const SourceFile& file, Diagnostics& diags) {
  auto doc = parse_exact_json(file, diags);
  if (!doc) return std::nullopt;
  if (!doc->value.is_object()) {
    diags.error(file, 0, "import-bad-source", "a LiteLLM cost map is a JSON object of models");
    return std::nullopt;
  }
  ImportData data;
  data.source = "litellm";
  EntryContext c{*doc, file.path(), diags, data.fields};
  std::map<std::string, ImportedProvider> providers;
  std::vector<ImageVariant> variants;
  std::map<std::string, std::string> variant_provider;
  for (const auto& [key, entry] : doc->value.items()) {
    // `sample_spec` documents the format; `fallback_generalizations` and `last_updated` are not models.
    if (key == "sample_spec" || !entry.is_object() || !entry.contains("litellm_provider") ||
        !entry["litellm_provider"].is_string()) {
      ++data.skipped["not a model (`sample_spec`, `fallback_generalizations`, `last_updated`)"];
      continue;
    }
    std::string source_provider = entry["litellm_provider"].get<std::string>();
    std::string provider = fold_id(source_provider);
    std::string name = strip_route(key, source_provider);
    if (provider.empty() || fold_id(name).empty()) {
      bad_value(diags, file.path(), key, "litellm_provider", "no id can be made of this model's name");
      ++data.skipped["no id can be made of the name"];
      continue;
    }
    providers.emplace(provider, ImportedProvider{provider, provider_display_name(provider), provider_website(provider)});
    if (auto v = image_variant(key, name, entry)) {
      variant_provider[key] = provider;
      variants.push_back(*v);
      continue;
    }
    FieldCounts counts;
    EntryContext ec{*doc, file.path(), diags, counts};
    ImportedModel m = read_entry(ec, key, name, entry, provider);
    // The content format needs an endpoint; rerank, realtime, search, OCR, video and image-edit
    // models have none of its endpoints.
    bool importable = !m.endpoints.empty();
    data.fields.add(counts, !importable);
    if (!importable) {
      ++data.skipped["mode `" + entry.value("mode", std::string("?")) + "`: no endpoint of the content format"];
      continue;
    }
    data.models.push_back(std::move(m));
  }
  // Image prices by quality and size join their model (made from the first variant when the
  // source lists no plain entry for it).
  for (const auto& v : variants) {
    std::string provider = variant_provider[v.key];
    std::string id = fold_id(v.base);
    std::string base_key = v.route + v.base;
    auto it = std::find_if(data.models.begin(), data.models.end(),
                           [&](const ImportedModel& m) { return m.provider == provider && m.source_key == base_key; });
    if (it == data.models.end()) {
      ImportedModel m;
      m.source_key = base_key;
      m.provider = provider;
      m.name = v.base;
      m.id = fold_id(v.base);
      m.add_endpoint("images.generations");
      mode_modalities(m, "image_generation");
      data.models.push_back(std::move(m));
      it = data.models.end() - 1;
    }
    apply_variant(c, *it, v);
  }
  for (auto& [id, p] : providers) data.providers.push_back(p);
  return data;
}

}  // namespace ms
