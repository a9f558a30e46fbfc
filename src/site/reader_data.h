// The data files readers' scripts load: each locale's catalog rows (filtering and sorting across
// all models) and search index. Made from the whole catalog; each file's fingerprint says when
// it must be made again.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "site/search_index.h"
#include "viewmodel/viewmodel.h"

namespace ms {

struct ReaderDataFile {
  std::string path, fingerprint;
  std::function<std::string()> make;  // called at most once per file, in order
};

// Every locale's list data and search index files. Sets ctx.list_data (the URL of each locale's
// rows with a version from their inputs), which the catalog pages link. `global` and
// `everything` are the fingerprints of the site's configuration and program, and of the catalog
// data; the search index also depends on every model's prose.
// `kept`: each locale's search index as an earlier build left it (see SearchIndexState), updated
// as the index is made; nullptr for a build on its own.
std::vector<ReaderDataFile> reader_data_files(SiteContext& ctx, const std::string& global, const std::string& everything,
                                              std::map<std::string, SearchIndexState>* kept);

}  // namespace ms
