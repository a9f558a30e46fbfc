// The site search's index, written by the build: per locale, one document per model (name, id,
// provider, family, capabilities in the locale's words and ids, and the prose the locale's page
// shows), cut into files so that a query loads only what it needs:
//
//   <locale>/search/meta.json        {"version", "shards", "chunk", "docs"}
//   <locale>/search/shard-<k>.json   {"<term>": [doc, weight, doc delta, weight, ...], ...}
//   <locale>/search/docs-<k>.json    [[name, id, provider name, site-relative path], ...]
//
// A term is in the shard search_shard(term, shards) names (site/search_text.h); documents are
// numbered in catalog order and `chunk` of them share a docs file. The script
// (templates/assets/search.js) folds and cuts the query by the same rules.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "viewmodel/viewmodel.h"

namespace ms {

// Documents per docs file.
constexpr std::size_t kSearchChunk = 64;
// Shards for a catalog of `docs` models (one per 40 documents, at most 128).
std::uint32_t search_shard_count(std::size_t docs);

struct SearchFile {
  std::string path, content;
};

// The terms of prose bodies with their counts, each body cut once (the locales that show the
// default locale's text share it). Safe to use from several threads.
class ProseTerms {
 public:
  const std::vector<std::pair<std::string, int>>& of(const ProseBody& body);

 private:
  std::mutex mutex_;
  std::map<const ProseBody*, std::vector<std::pair<std::string, int>>> cache_;
};
// One locale's index as it was last made. A long-lived caller (serve) keeps it from one build to
// the next, so that the next index cuts only the documents whose inputs changed and rewrites only
// the shards whose postings changed; a build on its own starts from an empty one.
struct SearchIndexState {
  struct Term {
    std::uint32_t shard;
    std::string term;
    int weight;
    bool operator==(const Term&) const = default;
  };
  std::uint32_t shards = 0;
  std::vector<std::string> keys;            // per document: a hash of everything its terms come from
  std::vector<std::vector<Term>> terms;     // per document, by shard, then term
  std::vector<std::string> shard_json;
  std::size_t documents_cut = 0, shards_made = 0;  // by the last index
  std::vector<std::string> docs_keys, docs_json;   // per docs file: a hash of what it shows, its text
  std::size_t docs_made = 0;                        // by the last index
};

// Site-relative paths of a locale's files, meta.json first, then the shards, then the docs.
std::vector<std::string> search_file_paths(const std::string& locale, std::size_t docs);
// The files themselves, in the same order. meta.json's `version` is a hash of the other files'
// contents (the script adds it to their URLs, so a new index is never read from a stale cache).
// `basis`: a hash of everything besides a model's own files that its document depends on (the
// global fingerprint of src/site/pages.h); documents whose model files and basis are unchanged
// are not cut again.
std::vector<SearchFile> search_index_files(const SiteContext& ctx, const std::string& locale, const std::string& basis,
                                          ProseTerms& prose, SearchIndexState& state);

// Field weights: a term's weight in a document is the sum over the fields it occurs in.
constexpr int kWeightName = 16, kWeightId = 16, kWeightProvider = 8, kWeightFamily = 8, kWeightCapability = 4;
// Prose counts 1 per occurrence, up to this.
constexpr int kWeightProseMax = 3;

}  // namespace ms
