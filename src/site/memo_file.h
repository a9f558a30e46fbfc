// What a build on its own keeps on disk for the next build of the same project: each locale's
// search index state, the list data versions and the sitemap paths (`.modelsite-cache/derived`,
// written during the derive stage). Without it, every `modelsite build` cut the whole catalog's search
// documents again for any edit (about 1 s at 2,000 models in four locales); with it, only the
// documents whose inputs changed. The catalog memo is not kept: parsing is cheaper than reading it.
//
// Everything in the file is keyed by its inputs (src/site/search_index.h), so a file from another
// build of the same project is as good as this one's; a file that is damaged, cut short or of an
// older format is ignored (the build then makes everything, as without it). Since the file holds
// only what inputs give, it may be written before the build publishes: a build that fails later
// leaves a file as good as one that succeeded.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "site/search_index.h"
#include "site/site.h"

namespace ms {

// The file is a list of sections (`sitemaps`, `rows <locale>`, `search <locale>`), each with the
// hash of its bytes, and ends with an `end` section: a file cut short lacks it.
class DerivedMemo {
 public:
  // Reads what an earlier build left in `file` (nothing, when it is missing or not whole) and
  // starts writing its successor beside it.
  explicit DerivedMemo(std::filesystem::path file);
  ~DerivedMemo();
  DerivedMemo(const DerivedMemo&) = delete;
  DerivedMemo& operator=(const DerivedMemo&) = delete;

  KeptSitemaps sitemaps;
  std::map<std::string, KeptRows> rows;  // by locale

  // The locale's search index as the earlier build left it (empty if none); it is forgotten here,
  // so that only one locale's index is decoded in memory at a time.
  SearchIndexState take_search(const std::string& locale);
  // Writes the locale's index as this build made it into the successor at once.
  void put_search(const std::string& locale, const SearchIndexState& state);
  // Adds the sitemaps and rows and puts the successor in place of the file (a reader sees the old
  // file or the new one). A failure only costs the next build its head start: not reported.
  void commit();

 private:
  void put(std::string_view bytes);
  void section(const std::string& tag, std::string_view payload);
  std::filesystem::path file_, tmp_;
  std::map<std::string, std::string> search_;  // by locale, encoded
  int fd_ = -1;
  bool failed_ = false;
};

}  // namespace ms
