#include "import/imported.h"

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

namespace ms {
namespace {

const std::vector<std::string>& meters() {
  static const std::vector<std::string> v = {
      "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens",
      "input_audio_tokens", "output_audio_tokens", "input_image_tokens", "output_image_tokens", "request",
      "image", "audio_seconds", "video_seconds", "characters", "web_search_calls", "pages"};
  return v;
}

int index_in(const std::vector<std::string>& list, const std::string& v) {
  auto it = std::find(list.begin(), list.end(), v);
  return it == list.end() ? static_cast<int>(list.size()) : static_cast<int>(it - list.begin());
}

const std::vector<std::string> kTiers = {"", "batch", "flex", "priority"};
const std::vector<std::string> kTtls = {"", "5m", "1h"};
const std::vector<std::string> kQualities = {"", "low", "medium", "high", "standard", "hd"};

// Sizes compare by width, then height ("1024x1536" before "1536x1024").
std::pair<long, long> size_key(const std::string& s) {
  std::size_t x = s.find('x');
  if (s.empty() || x == std::string::npos) return {0, 0};
  return {std::stol(s.substr(0, x)), std::stol(s.substr(x + 1))};
}

auto order_key(const ImportedPrice& p) {
  return std::make_tuple(index_in(meters(), p.meter), index_in(kTiers, p.service_tier), index_in(kTtls, p.ttl),
                         index_in(kQualities, p.quality), size_key(p.size), p.resolution.size(), p.resolution,
                         p.region, p.above);
}

void add_unique(std::vector<std::string>& list, const std::string& v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

// A fixed order for vocabulary lists, so the same source always gives the same file.
void sort_by(std::vector<std::string>& list, const std::vector<std::string>& order) {
  std::stable_sort(list.begin(), list.end(),
                   [&](const std::string& a, const std::string& b) { return index_in(order, a) < index_in(order, b); });
}

const std::vector<std::string> kModalities = {"text", "image", "audio", "video", "pdf"};
const std::vector<std::string> kEndpoints = {"chat.completions", "responses", "completions", "embeddings",
                                             "images.generations", "audio.speech", "audio.transcriptions", "moderations"};
const std::vector<std::string> kCapabilities = {
    "function-calling", "parallel-function-calling", "json-mode", "structured-outputs", "streaming", "vision",
    "reasoning", "prompt-caching", "reproducible-outputs", "fine-tuning", "batch", "web-search"};

}  // namespace

void FieldCounts::add(const FieldCounts& other, bool all_not_mapped) {
  for (const auto& [f, n] : other.mapped) (all_not_mapped ? not_mapped : mapped)[f] += n;
  for (const auto& [f, n] : other.not_mapped) not_mapped[f] += n;
}

bool ImportedPrice::same_slot(const ImportedPrice& o) const {
  return meter == o.meter && above == o.above && service_tier == o.service_tier && ttl == o.ttl &&
         quality == o.quality && size == o.size && resolution == o.resolution && region == o.region;
}

Json ImportedPrice::to_json() const {
  Json j = Json::object();
  j["meter"] = meter;
  j["per"] = per;
  j["price"] = price;
  if (above > 0) j["above"] = above;
  if (!service_tier.empty()) j["service_tier"] = service_tier;
  if (!ttl.empty()) j["ttl"] = ttl;
  if (!quality.empty()) j["quality"] = quality;
  if (!size.empty()) j["size"] = size;
  if (!resolution.empty()) j["resolution"] = resolution;
  if (!region.empty()) j["region"] = region;
  return j;
}

bool ImportedModel::add_price(ImportedPrice p) {
  for (const auto& q : prices)
    if (q.same_slot(p)) return false;
  prices.push_back(std::move(p));
  return true;
}

void ImportedModel::add_capability(const std::string& c) { add_unique(capabilities, c); }
void ImportedModel::add_endpoint(const std::string& e) { add_unique(endpoints, e); }
void ImportedModel::add_modality(bool input, const std::string& m) {
  add_unique(input ? input_modalities : output_modalities, m);
}

Json ImportedModel::owned_json() const {
  Json j = Json::object();
  j["id"] = id;
  j["name"] = name;
  j["provider"] = provider;
  j["status"] = status;
  if (!released.empty()) j["released"] = released;
  if (!deprecated_on.empty()) j["deprecated_on"] = deprecated_on;
  if (context_window) j["context_window"] = *context_window;
  if (max_output_tokens) j["max_output_tokens"] = *max_output_tokens;
  if (!knowledge_cutoff.empty()) j["knowledge_cutoff"] = knowledge_cutoff;
  if (!input_modalities.empty() || !output_modalities.empty()) {
    auto in = input_modalities, out = output_modalities;
    sort_by(in, kModalities);
    sort_by(out, kModalities);
    j["modalities"] = {{"input", in}, {"output", out}};
  }
  auto eps = endpoints;
  sort_by(eps, kEndpoints);
  j["endpoints"] = eps;
  if (!capabilities.empty()) {
    auto caps = capabilities;
    sort_by(caps, kCapabilities);
    j["capabilities"] = caps;
  }
  if (!prices.empty()) {
    auto sorted = prices;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const ImportedPrice& a, const ImportedPrice& b) { return order_key(a) < order_key(b); });
    Json items = Json::array();
    for (const auto& p : sorted) items.push_back(p.to_json());
    j["pricing"] = {{"currency", "USD"}, {"items", items}};
  }
  return j;
}

bool is_token_meter(const std::string& meter) {
  return meter.size() > 7 && meter.compare(meter.size() - 7, 7, "_tokens") == 0;
}

bool qualifiers_allowed(const ImportedPrice& p, std::string* why) {
  auto fail = [&](const std::string& w) {
    if (why) *why = w;
    return false;
  };
  if (index_in(meters(), p.meter) == static_cast<int>(meters().size())) return fail("unknown meter " + p.meter);
  if (p.above > 0 && !is_token_meter(p.meter)) return fail("`above` is only for token meters");
  if (!p.ttl.empty() && p.meter != "cache_write_tokens") return fail("`ttl` is only for cache writes");
  bool visual = p.meter == "image" || p.meter == "video_seconds";
  if (!p.quality.empty() && !visual && p.meter != "output_image_tokens") return fail("`quality` is not for " + p.meter);
  if ((!p.size.empty() || !p.resolution.empty()) && !visual) return fail("`size` and `resolution` are not for " + p.meter);
  if (index_in(kTiers, p.service_tier) == static_cast<int>(kTiers.size())) return fail("unknown service tier");
  if (index_in(kTtls, p.ttl) == static_cast<int>(kTtls.size())) return fail("unknown ttl");
  if (index_in(kQualities, p.quality) == static_cast<int>(kQualities.size())) return fail("unknown quality");
  static const std::regex size_re("[1-9][0-9]*x[1-9][0-9]*"), res_re("[1-9][0-9]*p");
  if (!p.size.empty() && !std::regex_match(p.size, size_re)) return fail("size must be <W>x<H>");
  if (!p.resolution.empty() && !std::regex_match(p.resolution, res_re)) return fail("resolution must be <N>p");
  return true;
}

void assign_ids(ImportData& data, const std::map<std::string, std::string>& previous,
                const std::map<std::string, std::string>& reserved) {
  std::sort(data.providers.begin(), data.providers.end(),
            [](const ImportedProvider& a, const ImportedProvider& b) { return a.id < b.id; });
  auto& ms = data.models;
  auto prefixed = [](const ImportedModel& m) { return m.source_key.find('/') != std::string::npos; };
  std::sort(ms.begin(), ms.end(), [&](const ImportedModel& a, const ImportedModel& b) {
    return std::make_tuple(a.id, prefixed(a), a.provider, a.source_key) <
           std::make_tuple(b.id, prefixed(b), b.provider, b.source_key);
  });
  std::set<std::string> taken;
  std::vector<bool> done(ms.size(), false);
  // Ids this source gave before keep their model when still free.
  for (std::size_t i = 0; i < ms.size(); ++i) {
    auto it = previous.find(ms[i].source_key);
    if (it == previous.end()) continue;
    std::string want = it->second.substr(it->second.find('/') + 1);
    auto r = reserved.find(want);
    bool free = !taken.count(want) && (r == reserved.end() || r->second == it->second);
    if (it->second == ms[i].provider + "/" + want && free && !want.empty()) {
      if (want != ms[i].id) data.renamed.push_back(ms[i].source_key + " -> " + ms[i].provider + "/" + want);
      ms[i].id = want;
      taken.insert(want);
      done[i] = true;
    }
  }
  auto unavailable = [&](const std::string& id, const std::string& provider) {
    auto r = reserved.find(id);
    return taken.count(id) || (r != reserved.end() && r->second != provider + "/" + id);
  };
  for (std::size_t i = 0; i < ms.size(); ++i) {
    if (done[i]) continue;
    std::string id = ms[i].id;
    if (unavailable(id, ms[i].provider)) {
      std::string base = id + "-" + ms[i].provider;
      id = base;
      for (int n = 2; unavailable(id, ms[i].provider); ++n) id = base + "-" + std::to_string(n);
      data.renamed.push_back(ms[i].source_key + " -> " + ms[i].provider + "/" + id);
    }
    ms[i].id = id;
    taken.insert(id);
  }
  std::sort(data.renamed.begin(), data.renamed.end());
  std::sort(ms.begin(), ms.end(), [](const ImportedModel& a, const ImportedModel& b) {
    return std::tie(a.provider, a.id) < std::tie(b.provider, b.id);
  });
}

}  // namespace ms
