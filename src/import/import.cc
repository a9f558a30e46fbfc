#include "import/import.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "import/sources.h"

namespace ms {

const std::vector<std::string>& import_sources() {
  static const std::vector<std::string> v = {"litellm", "models.dev", "openrouter"};
  return v;
}

namespace {

std::optional<ImportData> read_source(const ImportOptions& opt, Diagnostics& diags) {
  std::string shown = opt.input.string();
  if (opt.source == "models.dev") return import_models_dev(opt.input, shown, diags);
  auto text = read_file(opt.input);
  if (!text) {
    diags.error(shown, "import-unreadable", "cannot read the source file");
    return std::nullopt;
  }
  if (!is_valid_utf8(*text)) {
    diags.error(shown, "bad-encoding", "the file is not valid UTF-8");
    return std::nullopt;
  }
  SourceFile file(shown, std::move(*text));
  if (opt.source == "litellm") return import_litellm(file, diags);
  return import_openrouter(file, diags);
}

}  // namespace

ImportReport run_import(const ImportOptions& opt) {
  ImportReport r;
  auto data = read_source(opt, r.diags);
  if (!data) {
    r.exit_code = 1;
    return r;
  }
  r.read = true;
  if (!opt.only_provider.empty()) {
    auto& ms = data->models;
    ms.erase(std::remove_if(ms.begin(), ms.end(), [&](const ImportedModel& m) { return m.provider != opt.only_provider; }),
             ms.end());
  }
  // A provider is written only with at least one model (a source may list providers whose
  // models all have no endpoint of the content format).
  std::set<std::string> used;
  for (const auto& m : data->models) used.insert(m.provider);
  auto& ps = data->providers;
  ps.erase(std::remove_if(ps.begin(), ps.end(), [&](const ImportedProvider& p) { return !used.count(p.id); }), ps.end());
  ImportManifest previous = read_manifest(opt.root, data->source, r.diags);
  std::map<std::string, std::string> reserved = existing_model_ids(opt.root);
  for (const auto& [key, target] : previous.models) {
    auto it = reserved.find(target.substr(target.find('/') + 1));
    if (it != reserved.end() && it->second == target) reserved.erase(it);
  }
  assign_ids(*data, previous.models, reserved);
  WriteOptions wo;
  wo.root = opt.root;
  wo.prune = opt.prune;
  wo.only_provider = opt.only_provider;
  wo.progress = opt.progress;
  r.written = write_import(*data, previous, wo, r.diags);
  r.fields = std::move(data->fields);
  r.skipped = std::move(data->skipped);
  r.renamed = std::move(data->renamed);
  if (r.diags.has_errors()) r.exit_code = 1;
  return r;
}

namespace {

// "1 model", "2 models".
std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string format_import_summary(const ImportReport& r) {
  std::string out;
  const auto& w = r.written;
  std::size_t not_mapped = 0;
  for (const auto& [f, n] : r.fields.not_mapped) not_mapped += n;
  if (!r.fields.not_mapped.empty()) {
    out += "fields not mapped (field: times):\n";
    for (const auto& [f, n] : r.fields.not_mapped) out += "  " + f + ": " + std::to_string(n) + "\n";
  }
  for (const auto& [why, n] : r.skipped) out += "not imported: " + count(n, "source entry", "source entries") + ", " + why + "\n";
  if (!r.renamed.empty()) {
    out += "ids made unique (" + std::to_string(r.renamed.size()) + "):\n";
    for (const auto& s : r.renamed) out += "  " + s + "\n";
  }
  if (!w.author_files.empty()) {
    out += "left alone, not made by this import (" + std::to_string(w.author_files.size()) + "):\n";
    for (const auto& s : w.author_files) out += "  " + s + "\n";
  }
  if (!w.vanished.empty()) {
    out += "no longer in the source, kept (--prune deletes them) (" + std::to_string(w.vanished.size()) + "):\n";
    for (const auto& s : w.vanished) out += "  " + s + "\n";
  }
  for (const auto& s : w.pruned) out += "deleted " + s + "\n";
  if (w.providers_created) out += count(w.providers_created, "provider file", "provider files") + " created\n";
  if (w.prose_created) out += count(w.prose_created, "prose file", "prose files") + " created from source descriptions\n";
  if (w.without_prose)
    out += count(w.without_prose, "model has", "models have") + " no prose: " + (w.without_prose == 1 ? "its" : "their") +
           " pages show facts, prices and examples\n";
  out += "imported " + count(w.models, "model", "models") + " from " + count(w.providers, "provider", "providers") +
         ": " + std::to_string(w.created) + " new, " + std::to_string(w.changed) + " changed, " +
         std::to_string(w.unchanged) + " unchanged; " + std::to_string(not_mapped) + " fields not mapped\n";
  return out;
}

}  // namespace ms
