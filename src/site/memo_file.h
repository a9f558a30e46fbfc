// The parts of a build's memo that a build on its own keeps on disk for the next build of the same
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

#include "site/site.h"

namespace ms {

// Fills `memo`'s search, rows and sitemaps from `file`; leaves them empty and returns false when
// the file is missing or not whole.
bool load_derived_memo(const std::filesystem::path& file, BuildMemo& memo);
// Writes them to `file` (a temporary file renamed over it: a reader sees the old file or the new
// one). A failure only costs the next build its head start, so it is not reported.
void save_derived_memo(const std::filesystem::path& file, const BuildMemo& memo);

}  // namespace ms
