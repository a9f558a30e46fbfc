#include "site/search_index.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "site/search_text.h"

namespace ms {

namespace {

using OJson = nlohmann::ordered_json;

std::string dump(const OJson& j) { return j.dump(-1, ' ', false, OJson::error_handler_t::replace) + "\n"; }

// Markdown as readers see it, near enough for search: link targets and HTML tags dropped (the
// remaining punctuation separates terms anyway).
std::string prose_text(const std::string& markdown) {
  std::string out;
  out.reserve(markdown.size());
  for (std::size_t i = 0; i < markdown.size(); ++i) {
    char c = markdown[i];
    if (c == ']' && i + 1 < markdown.size() && markdown[i + 1] == '(') {
      std::size_t close = markdown.find(')', i);
      if (close != std::string::npos) {
        out += ' ';
        i = close;
        continue;
      }
    }
    if (c == '<') {
      std::size_t close = markdown.find('>', i);
      if (close != std::string::npos) {
        out += ' ';
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

// term -> weight for one model in one locale.
std::unordered_map<std::string, int> document_terms(const SiteContext& ctx, const Model& m, const std::string& locale,
                                                    ProseTerms& prose) {
  std::unordered_map<std::string, int> weights;
  auto field = [&](const std::string& text, int weight) {
    std::vector<std::string> terms = search_terms(text);
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (const auto& t : terms) weights[t] += weight;
  };
  const Localizer& loc = ctx.loc(locale);
  field(m.name, kWeightName);
  field(m.id, kWeightId);
  const Provider* p = ctx.catalog->provider(m.provider);
  field((p ? p->name : m.provider) + " " + m.provider, kWeightProvider);
  if (!m.family.empty()) field(m.family, kWeightFamily);
  std::string caps;
  for (const auto& c : m.capabilities) caps += c + " " + loc.message("capability." + c) + " ";
  field(caps, kWeightCapability);
  auto body = m.bodies.find(locale);
  if (body == m.bodies.end()) body = m.bodies.find(ctx.config->default_locale);
  if (body != m.bodies.end())
    for (const auto& [t, n] : prose.of(body->second)) weights[t] += std::min(n, kWeightProseMax);
  return weights;
}

void append_number(std::string& out, std::size_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

}  // namespace

std::uint32_t search_shard_count(std::size_t docs) {
  return static_cast<std::uint32_t>(std::clamp<std::size_t>((docs + 39) / 40, 1, 128));
}

std::vector<std::string> search_file_paths(const std::string& locale, std::size_t docs) {
  std::string dir = locale + "/search/";
  std::vector<std::string> out = {dir + "meta.json"};
  for (std::uint32_t k = 0; k < search_shard_count(docs); ++k) out.push_back(dir + "shard-" + std::to_string(k) + ".json");
  for (std::size_t k = 0; k * kSearchChunk < docs; ++k) out.push_back(dir + "docs-" + std::to_string(k) + ".json");
  return out;
}

const ProseTerms::Terms& ProseTerms::of(const ProseBody& body) {
  std::string key = Hasher().add(body.markdown).hex();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = cache_.find(key);
    asked_ = true;
    if (found != cache_.end()) {
      found->second.used = build_;
      return found->second.terms;
    }
  }
  std::map<std::string, int> counts;
  for (auto& t : search_terms(prose_text(body.markdown))) counts[std::move(t)]++;
  Terms terms(counts.begin(), counts.end());
  std::lock_guard<std::mutex> lock(mutex_);
  ++cut_;
  auto& entry = cache_.emplace(std::move(key), Entry{std::move(terms), build_}).first->second;
  entry.used = build_;
  return entry.terms;
}

void ProseTerms::begin_build() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (asked_) std::erase_if(cache_, [&](const auto& e) { return e.second.used != build_; });
  asked_ = false;
  ++build_;
  cut_ = 0;
}

std::vector<SearchFile> search_index_files(const SiteContext& ctx, const std::string& locale, ProseTerms& prose) {
  const auto& models = ctx.catalog->models;
  const std::uint32_t shards = search_shard_count(models.size());
  // term -> postings (document, weight), documents ascending; a shard's terms are sorted when
  // it is written.
  using Postings = std::vector<std::pair<std::size_t, int>>;
  std::vector<std::unordered_map<std::string, Postings>> index(shards);
  for (std::size_t d = 0; d < models.size(); ++d)
    for (auto& [term, weight] : document_terms(ctx, models[d], locale, prose))
      index[search_shard(term, shards)][term].emplace_back(d, weight);

  std::vector<std::string> paths = search_file_paths(locale, models.size());
  std::vector<SearchFile> out;
  out.push_back({paths[0], ""});  // meta.json, once the others are made
  // Written by hand: a shard holds thousands of terms and their postings.
  for (std::uint32_t k = 0; k < shards; ++k) {
    std::vector<const std::pair<const std::string, Postings>*> terms;
    terms.reserve(index[k].size());
    for (const auto& entry : index[k]) terms.push_back(&entry);
    std::sort(terms.begin(), terms.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    std::string json = "{";
    for (const auto* entry : terms) {
      const auto& [term, postings] = *entry;
      if (json.size() > 1) json += ',';
      json += OJson(term).dump(-1, ' ', false, OJson::error_handler_t::replace);
      json += ":[";
      std::size_t last = 0;
      for (std::size_t i = 0; i < postings.size(); ++i) {
        if (i) json += ',';
        append_number(json, postings[i].first - last);
        json += ',';
        append_number(json, static_cast<std::size_t>(postings[i].second));
        last = postings[i].first;
      }
      json += ']';
    }
    json += "}\n";
    out.push_back({paths[1 + k], std::move(json)});
  }
  for (std::size_t k = 0; k * kSearchChunk < models.size(); ++k) {
    OJson docs = OJson::array();
    for (std::size_t d = k * kSearchChunk; d < std::min(models.size(), (k + 1) * kSearchChunk); ++d) {
      const Model& m = models[d];
      const Provider* p = ctx.catalog->provider(m.provider);
      docs.push_back({m.name, m.id, p ? p->name : m.provider, url_of(model_path(locale, m))});
    }
    out.push_back({paths[1 + shards + k], dump(docs)});
  }
  Hasher all;
  for (std::size_t i = 1; i < out.size(); ++i) all.add(out[i].content);
  OJson meta = {{"version", all.hex().substr(0, 10)}, {"shards", shards}, {"chunk", kSearchChunk}, {"docs", models.size()}};
  out[0].content = dump(meta);
  return out;
}

}  // namespace ms
