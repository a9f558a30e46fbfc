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

// The terms of prose texts with their counts, each text cut once (the locales that show the
// default locale's text share it), found again by the text itself. Kept across builds, it cuts
// only the texts that changed: begin_build() forgets the texts that the previous build's index
// did not use (a build that made no index forgets nothing).
// of() is safe to use from several threads.
class ProseTerms {
 public:
  using Terms = std::vector<std::pair<std::string, int>>;
  const Terms& of(const ProseBody& body);
  void begin_build();
  std::size_t cut() const { return cut_; }  // texts cut since begin_build()

 private:
  struct Entry {
    Terms terms;
    std::uint64_t used = 0;  // the last build that asked for it
  };
  std::mutex mutex_;
  std::map<std::string, Entry> cache_;  // by the text's hash
  std::uint64_t build_ = 0;
  bool asked_ = false;  // of() was called since begin_build()
  std::size_t cut_ = 0;
};
// Site-relative paths of a locale's files, meta.json first, then the shards, then the docs.
std::vector<std::string> search_file_paths(const std::string& locale, std::size_t docs);
// The files themselves, in the same order. meta.json's `version` is a hash of the other files'
// contents (the script adds it to their URLs, so a new index is never read from a stale cache).
std::vector<SearchFile> search_index_files(const SiteContext& ctx, const std::string& locale, ProseTerms& prose);

// Field weights: a term's weight in a document is the sum over the fields it occurs in.
constexpr int kWeightName = 16, kWeightId = 16, kWeightProvider = 8, kWeightFamily = 8, kWeightCapability = 4;
// Prose counts 1 per occurrence, up to this.
constexpr int kWeightProseMax = 3;

}  // namespace ms
