// What a build on its own keeps on disk for the next build of the same
// project: each locale's search index state, the list data versions and the sitemap paths
// (`.modelsite-cache/derived`). Without it, every `modelsite build` cut the whole catalog's search
// documents again for any edit (about 1 s at 2,000 models in four locales); with it, only the
// documents whose inputs changed. The catalog memo is not kept: parsing is cheaper than reading it.
//
// Everything in the file is keyed by its inputs (src/site/search_index.h), so a file from another
// build of the same project is as good as this one's; a file that is damaged, cut short or of an
// older format is ignored (the build then makes everything, as without it).
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "site/site.h"

namespace ms {

// What the file holds. Each locale's search index stays encoded until its turn comes in the
// build (reader_data_files), so that only one locale's index is decoded in memory at a time.
struct DerivedMemo {
  KeptSitemaps sitemaps;
  std::map<std::string, KeptRows> rows;      // by locale
  std::map<std::string, std::string> search;  // by locale: encode_search_state()
};

// Fills `memo` from `file`; leaves it empty and returns false when the file is missing or not
// whole.
bool load_derived_memo(const std::filesystem::path& file, DerivedMemo& memo);
// Writes it to `file` (a temporary file renamed over it: a reader sees the old file or the new
// one). A failure only costs the next build its head start, so it is not reported.
void save_derived_memo(const std::filesystem::path& file, const DerivedMemo& memo);

std::string encode_search_state(const SearchIndexState& state);
// False (and `state` empty) when `text` is not an encoded state.
bool decode_search_state(std::string_view text, SearchIndexState& state);

}  // namespace ms
