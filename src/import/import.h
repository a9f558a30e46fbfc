// `modelsite import`: read a source, then merge it into the site's content/ (see writer.h).
#pragma once
#include <functional>
#include <string>

#include "core/diagnostics.h"
#include "core/fs.h"
#include "import/imported.h"
#include "import/writer.h"

namespace ms {

struct ImportOptions {
  std::string source;  // litellm | models.dev | openrouter
  fs::path input;      // the file (litellm, openrouter) or folder (models.dev)
  fs::path root = ".";
  std::string only_provider;  // --provider: import only this provider's models
  bool prune = false;
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct ImportReport {
  Diagnostics diags;
  bool read = false;  // false: the source could not be read and nothing was written
  FieldCounts fields;
  std::map<std::string, std::size_t> skipped;
  std::vector<std::string> renamed;
  WriteSummary written;
  int exit_code = 0;  // 0 done, 1 the source could not be read or a write failed
};

const std::vector<std::string>& import_sources();
ImportReport run_import(const ImportOptions& opt);

// The summary: the final line is
// `imported N models from M providers: X new, Y changed, Z unchanged; K fields not mapped`,
// preceded by the fields not mapped (with counts), ids made unique, vanished and pruned models.
std::string format_import_summary(const ImportReport& r);

}  // namespace ms
