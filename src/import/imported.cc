#include "import/imported.h"

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

#include "catalog/pricing.h"

namespace ms {
namespace {

int index_in(const std::vector<std::string>& list, const std::string& v) {
  auto it = std::find(list.begin(), list.end(), v);
  return it == list.end() ? static_cast<int>(list.size()) : static_cast<int>(it - list.begin());
}

// Meters sort in the catalog table's order (the order pages list them); unknown ones last.
int meter_rank(const std::string& meter) { return index_in(meter_names(), meter); }

// An optional qualifier value sorts absent first, then in its name table's order, unknown last.
int qualifier_rank(const std::vector<std::string>& names, const std::string& v) {
  return v.empty() ? 0 : 1 + index_in(names, v);
}
bool known_qualifier(const std::vector<std::string>& names, const std::string& v) {
  return qualifier_rank(names, v) <= static_cast<int>(names.size());
}

// Sizes compare by width, then height ("1024x1536" before "1536x1024").
std::pair<long, long> size_key(const std::string& s) {
  std::size_t x = s.find('x');
  if (s.empty() || x == std::string::npos) return {0, 0};
  return {std::stol(s.substr(0, x)), std::stol(s.substr(x + 1))};
}

auto order_key(const ImportedPrice& p) {
  return std::make_tuple(meter_rank(p.meter), qualifier_rank(service_tier_names(), p.service_tier),
                         qualifier_rank(cache_ttl_names(), p.ttl), qualifier_rank(image_quality_names(), p.quality),
                         size_key(p.size), p.resolution.size(), p.resolution, p.region, p.above);
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

bool qualifiers_allowed(const ImportedPrice& p, std::string* why) {
  auto fail = [&](const std::string& w) {
    if (why) *why = w;
    return false;
  };
  const MeterInfo* info = find_meter(p.meter);
  if (!info) return fail("unknown meter " + p.meter);
  auto allows = [&](Qualifier q) { return (info->qualifiers & q) != 0; };
  if (p.above > 0 && !allows(kAbove)) return fail("`above` is only for token meters");
  if (!p.service_tier.empty() && !allows(kServiceTier)) return fail("`service_tier` is not for " + p.meter);
  if (!p.ttl.empty() && !allows(kTtl)) return fail("`ttl` is only for cache writes");
  if (!p.quality.empty() && !allows(kQuality)) return fail("`quality` is not for " + p.meter);
  if ((!p.size.empty() && !allows(kSize)) || (!p.resolution.empty() && !allows(kResolution)))
    return fail("`size` and `resolution` are not for " + p.meter);
  if (!p.region.empty() && !allows(kRegion)) return fail("`region` is not for " + p.meter);
  if (!known_qualifier(service_tier_names(), p.service_tier)) return fail("unknown service tier");
  if (!known_qualifier(cache_ttl_names(), p.ttl)) return fail("unknown ttl");
  if (!known_qualifier(image_quality_names(), p.quality)) return fail("unknown quality");
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
