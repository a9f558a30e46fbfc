#include "site/search_index.h"
#include "i18n/message_keys.h"

#include <algorithm>
#include <array>
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

// The texts of one model's document in one locale, each with its weight: a term's weight is the
// sum over the fields it occurs in, plus its count in the prose (at most kWeightProseMax).
struct DocumentFields {
  std::vector<std::pair<std::string, int>> fields;
  const ProseBody* body = nullptr;
};

DocumentFields document_fields(const SiteContext& ctx, const Model& m, const std::string& locale) {
  DocumentFields d;
  const Localizer& loc = ctx.loc(locale);
  d.fields.emplace_back(m.name, kWeightName);
  d.fields.emplace_back(m.id, kWeightId);
  const Provider* p = ctx.catalog->provider(m.provider);
  d.fields.emplace_back((p ? p->name : m.provider) + " " + m.provider, kWeightProvider);
  if (!m.family.empty()) d.fields.emplace_back(m.family, kWeightFamily);
  std::string caps;
  for (const auto& c : m.capabilities) caps += c + " " + loc.message(key<"capability.">(c)) + " ";
  d.fields.emplace_back(caps, kWeightCapability);
  auto body = m.bodies.find(locale);
  if (body == m.bodies.end()) body = m.bodies.find(ctx.config->default_locale);
  if (body != m.bodies.end()) d.body = &body->second;
  return d;
}

// A document's terms with their weights, by shard, then term.
std::vector<SearchIndexState::Term> document_terms(const DocumentFields& d, std::uint32_t shards, ProseTerms& prose) {
  std::unordered_map<std::string, int> weights;
  for (const auto& [text, weight] : d.fields) {
    std::vector<std::string> terms = search_terms(text);
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (const auto& t : terms) weights[t] += weight;
  }
  if (d.body)
    for (const auto& [t, n] : prose.of(*d.body)) weights[t] += std::min(n, kWeightProseMax);
  std::vector<SearchIndexState::Term> out;
  out.reserve(weights.size());
  for (auto& [term, weight] : weights) out.push_back({search_shard(term, shards), term, weight});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.shard != b.shard ? a.shard < b.shard : a.term < b.term;
  });
  return out;
}

// Marks the shards in which two versions of a document's terms differ.
void mark_changes(const std::vector<SearchIndexState::Term>& a, const std::vector<SearchIndexState::Term>& b,
                  std::vector<bool>& dirty) {
  auto before = [](const auto& x, const auto& y) { return x.shard != y.shard ? x.shard < y.shard : x.term < y.term; };
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && before(a[i], b[j]))) {
      dirty[a[i++].shard] = true;
    } else if (i == a.size() || before(b[j], a[i])) {
      dirty[b[j++].shard] = true;
    } else {
      if (a[i].weight != b[j].weight) dirty[a[i].shard] = true;
      ++i, ++j;
    }
  }
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

const std::vector<std::pair<std::string, int>>& ProseTerms::of(const ProseBody& body) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = cache_.find(&body);
    if (found != cache_.end()) return found->second;
  }
  std::map<std::string, int> counts;
  for (auto& t : search_terms(prose_text(body.markdown))) counts[std::move(t)]++;
  std::vector<std::pair<std::string, int>> terms(counts.begin(), counts.end());
  std::lock_guard<std::mutex> lock(mutex_);
  return cache_.emplace(&body, std::move(terms)).first->second;
}

namespace {

// One shard's file: its terms in order, each with the documents that have it.
std::string shard_json(const SearchIndexState& state, std::uint32_t k) {
  // term -> postings (document, weight), documents ascending.
  std::map<std::string_view, std::vector<std::pair<std::size_t, int>>> postings;
  auto first = [](const SearchIndexState::Term& t, std::uint32_t shard) { return t.shard < shard; };
  for (std::size_t d = 0; d < state.terms.size(); ++d) {
    const auto& terms = state.terms[d];
    for (auto it = std::lower_bound(terms.begin(), terms.end(), k, first); it != terms.end() && it->shard == k; ++it)
      postings[it->term].emplace_back(d, it->weight);
  }
  // Written by hand: a shard holds thousands of terms and their postings.
  std::string json = "{";
  for (const auto& [term, list] : postings) {
    if (json.size() > 1) json += ',';
    json += OJson(std::string(term)).dump(-1, ' ', false, OJson::error_handler_t::replace);
    json += ":[";
    std::size_t last = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) json += ',';
      append_number(json, list[i].first - last);
      json += ',';
      append_number(json, static_cast<std::size_t>(list[i].second));
      last = list[i].first;
    }
    json += ']';
  }
  return json + "}\n";
}

}  // namespace

std::vector<SearchFile> search_index_files(const SiteContext& ctx, const std::string& locale, const std::string& basis,
                                          ProseTerms& prose, SearchIndexState& state) {
  const auto& models = ctx.catalog->models;
  const std::uint32_t shards = search_shard_count(models.size());
  // The previous index's documents are reused by position: postings name documents by number.
  const bool incremental = state.shards == shards && state.keys.size() == models.size();
  if (!incremental) {
    state = SearchIndexState{};
    state.shards = shards;
    state.keys.resize(models.size());
  }
  state.terms.resize(models.size());
  state.shard_json.resize(shards);
  state.documents_cut = state.shards_made = 0;
  std::vector<bool> dirty(shards, !incremental);
  for (std::size_t d = 0; d < models.size(); ++d) {
    // A document is made from its model's files and from what `basis` covers (providers' names,
    // the locale's capability names, the default locale).
    std::string key = Hasher().add(basis).add(models[d].source_hash).hex();
    if (incremental && key == state.keys[d]) continue;
    DocumentFields fields = document_fields(ctx, models[d], locale);
    auto terms = document_terms(fields, shards, prose);
    if (incremental) mark_changes(state.terms[d], terms, dirty);
    state.keys[d] = std::move(key);
    state.terms[d] = std::move(terms);
    ++state.documents_cut;
  }
  for (std::uint32_t k = 0; k < shards; ++k)
    if (dirty[k]) state.shard_json[k] = shard_json(state, k), ++state.shards_made;

  std::vector<std::string> paths = search_file_paths(locale, models.size());
  std::vector<SearchFile> out;
  out.push_back({paths[0], ""});  // meta.json, once the others are made
  for (std::uint32_t k = 0; k < shards; ++k) out.push_back({paths[1 + k], state.shard_json[k]});
  // A docs file is made again only when a name, id, provider or path it shows changed.
  const std::size_t chunks = (models.size() + kSearchChunk - 1) / kSearchChunk;
  state.docs_keys.resize(chunks);
  state.docs_json.resize(chunks);
  state.docs_made = 0;
  for (std::size_t k = 0; k < chunks; ++k) {
    std::vector<std::array<std::string, 4>> rows;
    Hasher key;
    for (std::size_t d = k * kSearchChunk; d < std::min(models.size(), (k + 1) * kSearchChunk); ++d) {
      const Model& m = models[d];
      const Provider* p = ctx.catalog->provider(m.provider);
      rows.push_back({m.name, m.id, p ? p->name : m.provider, url_of(model_path(locale, m))});
      for (const auto& field : rows.back()) key.add(field);
    }
    std::string hex = key.hex();
    if (hex != state.docs_keys[k] || state.docs_json[k].empty()) {
      OJson docs = OJson::array();
      for (auto& r : rows) docs.push_back({std::move(r[0]), std::move(r[1]), std::move(r[2]), std::move(r[3])});
      state.docs_json[k] = dump(docs);
      state.docs_keys[k] = std::move(hex);
      ++state.docs_made;
    }
    out.push_back({paths[1 + shards + k], state.docs_json[k]});
  }
  Hasher all;
  for (std::size_t i = 1; i < out.size(); ++i) all.add(out[i].content);
  OJson meta = {{"version", all.hex().substr(0, 10)}, {"shards", shards}, {"chunk", kSearchChunk}, {"docs", models.size()}};
  out[0].content = dump(meta);
  return out;
}

}  // namespace ms
