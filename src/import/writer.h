// Writes imported data into a site's content/ safely: each file atomically (a temporary file in
// the same folder, then a rename), only when its content changes, keeping every key and file the
// importer does not own. What a source created is remembered in `.modelsite-import/<source>.json`
// so that a later import knows which files are its own and which models vanished.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/fs.h"
#include "import/imported.h"

namespace ms {

struct WriteOptions {
  fs::path root = ".";
  bool prune = false;
  std::string only_provider;  // "" = all; otherwise vanished models are looked for only there
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct WriteSummary {
  std::size_t models = 0, providers = 0;
  std::size_t created = 0, changed = 0, unchanged = 0;
  std::size_t providers_created = 0, prose_created = 0;
  std::vector<std::string> author_files;  // "provider/id": not made by this source, left alone
  std::vector<std::string> vanished;      // "provider/id (source key)" no longer in the source
  std::vector<std::string> pruned;        // files deleted by --prune
  std::size_t without_prose = 0;          // models with no prose file in any locale
};

// What a previous import from the same source recorded (source key -> "provider/id", and the
// models whose prose it wrote).
struct ImportManifest {
  std::map<std::string, std::string> models;
  std::set<std::string> prose;
};
ImportManifest read_manifest(const fs::path& root, const std::string& source, Diagnostics& diags);

// Existing model files under content/models: id -> "provider/id".
std::map<std::string, std::string> existing_model_ids(const fs::path& root);

WriteSummary write_import(const ImportData& data, const ImportManifest& previous, const WriteOptions& opt,
                          Diagnostics& diags);

// The text of a content JSON file: two-space indents, price items and short lists on one line,
// top-level keys in the content format's order, then any others by name.
std::string format_content_json(const Json& value);

// Writes `content` to `path` through a temporary file in the same folder and a rename; creates
// the folder. Returns "" or what failed.
std::string write_file_atomically(const fs::path& path, const std::string& content);

}  // namespace ms
