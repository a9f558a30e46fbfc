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

class DerivedMemo;  // site/memo_file.h

// A locale's list data as an earlier build made it: the fingerprint of its inputs and the URL
// (with the content's version) the catalog pages link. A long-lived caller (serve) keeps it so
// that a build whose catalog data did not change does not make the rows again just to learn
// their version.
struct KeptRows {
  std::string fingerprint, url;
};

struct ReaderDataFile {
  std::string path, fingerprint;
  std::function<std::string()> make;  // called at most once per file, in order
};

// Every locale's list data and search index files. Sets ctx.list_data (the URL of each locale's
// rows with a version from their inputs), which the catalog pages link. `global` and
// `everything` are the fingerprints of the site's configuration and program, and of the catalog
// data; the search index also depends on every model's prose.
// The search files are made here (from `kept`, each locale's index as an earlier build left it,
// see SearchIndexState, or afresh when nullptr) and fingerprinted by their own content, so that a
// file whose content did not change is kept, not written again. `disk`, used when `kept` is
// nullptr: the index an earlier build left on disk, taken for each locale's turn and given back
// after it (src/site/memo_file.h). `rows`: each locale's KeptRows, or nullptr.
std::vector<ReaderDataFile> reader_data_files(SiteContext& ctx, const std::string& global, const std::string& everything,
                                              std::map<std::string, SearchIndexState>* kept,
                                              std::map<std::string, KeptRows>* rows = nullptr,
                                              DerivedMemo* disk = nullptr);

}  // namespace ms
