#include "import/writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/json_source.h"
#include "core/text.h"

namespace ms {
namespace {

// The content format's key order (README "Models"); keys not listed follow, by name.
const std::vector<std::string> kModelKeys = {
    "id", "name", "provider", "family", "status", "released", "deprecated_on", "retired_on", "replacements",
    "context_window", "max_output_tokens", "knowledge_cutoff", "modalities", "endpoints", "capabilities",
    "commercial_use", "pricing", "example"};
const std::vector<std::string> kPriceKeys = {"meter", "per", "price", "list_price", "above", "service_tier",
                                             "ttl", "quality", "size", "resolution", "region"};
const std::vector<std::string> kOtherKeys = {"id", "name", "website", "currency", "items", "input", "output"};

// The keys an import owns and may overwrite; everything else in a file is the author's.
const std::vector<std::string> kOwnedKeys = {
    "id", "name", "provider", "status", "released", "deprecated_on", "context_window", "max_output_tokens",
    "knowledge_cutoff", "modalities", "endpoints", "capabilities", "pricing"};

std::vector<std::string> ordered_keys(const Json& obj, const std::vector<std::string>& order) {
  std::vector<std::string> keys;
  for (const auto& k : order)
    if (obj.contains(k)) keys.push_back(k);
  for (const auto& [k, v] : obj.items())
    if (std::find(order.begin(), order.end(), k) == order.end()) keys.push_back(k);
  return keys;
}

bool is_scalar_list(const Json& v) {
  return v.is_array() && std::all_of(v.begin(), v.end(), [](const Json& x) { return x.is_primitive(); });
}

bool inline_object(const Json& v) {
  if (!v.is_object()) return false;
  for (const auto& [k, x] : v.items())
    if (!x.is_primitive() && !is_scalar_list(x)) return false;
  return true;
}

void format_value(const Json& v, const std::vector<std::string>& order, int indent, bool flat, std::string& out);

void format_object(const Json& v, const std::vector<std::string>& order, int indent, bool flat, std::string& out) {
  auto keys = ordered_keys(v, order);
  if (keys.empty()) { out += "{}"; return; }
  std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  out += flat ? "{ " : "{\n";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!flat) out += pad;
    out += Json(keys[i]).dump() + ": ";
    const Json& child = v[keys[i]];
    bool child_flat = flat || (inline_object(child) && keys[i] != "example") || is_scalar_list(child);
    const auto& child_order = keys[i] == "items" ? kPriceKeys : kOtherKeys;
    format_value(child, child_order, indent + 2, child_flat, out);
    if (i + 1 < keys.size()) out += ",";
    out += flat ? " " : "\n";
  }
  if (!flat) out += std::string(static_cast<std::size_t>(indent), ' ');
  out += "}";
}

void format_value(const Json& v, const std::vector<std::string>& order, int indent, bool flat, std::string& out) {
  if (v.is_object()) { format_object(v, order, indent, flat, out); return; }
  if (!v.is_array()) { out += v.dump(-1, ' ', false, Json::error_handler_t::replace); return; }
  if (v.empty()) { out += "[]"; return; }
  std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  out += flat ? "[" : "[\n";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!flat) out += pad;
    format_value(v[i], order, indent + 2, flat || inline_object(v[i]) || v[i].is_primitive(), out);
    if (i + 1 < v.size()) out += flat ? ", " : ",";
    if (!flat) out += "\n";
  }
  if (!flat) out += std::string(static_cast<std::size_t>(indent), ' ');
  out += "]";
}

fs::path manifest_path(const fs::path& root, const std::string& source) {
  return root / ".modelsite-import" / (source + ".json");
}

std::string errno_text() { return std::strerror(errno); }

// The file's JSON object, or nothing (reported) when it cannot be read or parsed.
std::optional<Json> read_existing(const fs::path& root, const fs::path& path, Diagnostics& diags) {
  std::string shown = display_path(root, path);
  auto text = read_file(path);
  if (!text) {
    diags.warning(shown, "import-unreadable", "cannot read the existing file; it is left as it is");
    return std::nullopt;
  }
  Diagnostics local;
  auto doc = parse_json_document(SourceFile(shown, std::move(*text)), local);
  if (!doc || !doc->value.is_object()) {
    diags.append(local);
    diags.warning(shown, "import-unreadable", "the existing file is not a JSON object; it is left as it is");
    return std::nullopt;
  }
  return std::move(doc->value);
}

enum class Outcome { created, changed, unchanged, failed };

Outcome write_model(const ImportedModel& m, const fs::path& path, bool exists, const WriteOptions& opt,
                    Diagnostics& diags) {
  Json merged = Json::object();
  Json owned = m.owned_json();
  if (exists) {
    auto old = read_existing(opt.root, path, diags);
    if (!old) return Outcome::failed;
    merged = *old;
    // A new file starts active; afterwards the status is the author's unless the source has one.
    if (!m.status_from_source && merged.contains("status")) owned.erase("status");
    for (const auto& k : kOwnedKeys)
      if (owned.contains(k)) merged[k] = owned[k];
    if (merged == *old) return Outcome::unchanged;
  } else {
    merged = owned;
  }
  std::string err = write_file_atomically(path, format_content_json(merged) + "\n");
  if (!err.empty()) {
    diags.error(display_path(opt.root, path), "import-write-failed", err);
    return Outcome::failed;
  }
  return exists ? Outcome::changed : Outcome::created;
}

// `<id>.md` or `<id>.<locale>.md`.
bool is_prose_of(const std::string& name, const std::string& id) {
  if (name == id + ".md") return true;
  if (!starts_with(name, id + ".") || !ends_with(name, ".md")) return false;
  std::string locale = name.substr(id.size() + 1, name.size() - id.size() - 4);
  return !locale.empty() && locale.find('.') == std::string::npos;
}

bool has_prose(const fs::path& dir, const std::string& id) {
  if (fs::exists(dir / (id + ".md"))) return true;
  for (const auto& p : list_files(dir, ".md"))
    if (is_prose_of(p.filename().string(), id)) return true;
  return false;
}

void write_provider(const ImportedProvider& p, const WriteOptions& opt, WriteSummary& s, Diagnostics& diags) {
  fs::path path = opt.root / "content" / "providers" / (p.id + ".json");
  if (fs::exists(path)) return;  // the author's from the moment it exists
  Json j = {{"id", p.id}, {"name", p.name}};
  if (!p.website.empty()) j["website"] = p.website;
  std::string err = write_file_atomically(path, format_content_json(j) + "\n");
  if (!err.empty()) diags.error(display_path(opt.root, path), "import-write-failed", err);
  else ++s.providers_created;
}

void prune_model(const std::string& target, const WriteOptions& opt, WriteSummary& s, Diagnostics& diags) {
  std::size_t slash = target.find('/');
  fs::path dir = opt.root / "content" / "models" / target.substr(0, slash);
  std::string id = target.substr(slash + 1);
  std::vector<fs::path> doomed = {dir / (id + ".json")};
  for (const auto& p : list_files(dir, ".md"))
    if (is_prose_of(p.filename().string(), id)) doomed.push_back(p);
  for (const auto& p : doomed) {
    std::error_code ec;
    if (!fs::exists(p)) continue;
    if (fs::remove(p, ec)) s.pruned.push_back(display_path(opt.root, p));
    else diags.error(display_path(opt.root, p), "import-write-failed", "cannot delete: " + ec.message());
  }
}

}  // namespace

std::string format_content_json(const Json& value) {
  std::string out;
  format_value(value, value.contains("meter") ? kPriceKeys : kModelKeys, 0, false, out);
  return out;
}

std::string write_file_atomically(const fs::path& path, const std::string& content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return "cannot create the folder: " + ec.message();
  fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot create " + tmp.filename().string() + ": " + errno_text();
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string e = "cannot write: " + errno_text();
      ::close(fd);
      ::unlink(tmp.c_str());
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    std::string e = "cannot write: " + errno_text();
    ::unlink(tmp.c_str());
    return e;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string e = "cannot rename into place: " + errno_text();
    ::unlink(tmp.c_str());
    return e;
  }
  return "";
}

ImportManifest read_manifest(const fs::path& root, const std::string& source, Diagnostics& diags) {
  ImportManifest m;
  fs::path path = manifest_path(root, source);
  if (!fs::exists(path)) return m;
  auto j = read_existing(root, path, diags);
  if (!j) return m;
  if (auto it = j->find("models"); it != j->end() && it->is_object())
    for (const auto& [k, v] : it->items())
      if (v.is_string()) m.models[k] = v.get<std::string>();
  if (auto it = j->find("prose"); it != j->end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) m.prose.insert(v.get<std::string>());
  return m;
}

std::map<std::string, std::string> existing_model_ids(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& dir : list_dirs(root / "content" / "models"))
    for (const auto& f : list_files(dir, ".json"))
      out.emplace(f.stem().string(), dir.filename().string() + "/" + f.stem().string());
  return out;
}

WriteSummary write_import(const ImportData& data, const ImportManifest& previous, const WriteOptions& opt,
                          Diagnostics& diags) {
  WriteSummary s;
  s.models = data.models.size();
  s.providers = data.providers.size();
  for (const auto& p : data.providers) write_provider(p, opt, s, diags);
  ImportManifest next;
  std::set<std::string> mine;
  for (const auto& [key, target] : previous.models) mine.insert(target);
  next.prose = previous.prose;
  std::size_t done = 0;
  for (const auto& m : data.models) {
    std::string target = m.provider + "/" + m.id;
    fs::path dir = opt.root / "content" / "models" / m.provider;
    fs::path path = dir / (m.id + ".json");
    bool exists = fs::exists(path);
    if (exists && !mine.count(target)) {
      s.author_files.push_back(target);
    } else {
      switch (write_model(m, path, exists, opt, diags)) {
        case Outcome::created: ++s.created; break;
        case Outcome::changed: ++s.changed; break;
        case Outcome::unchanged: ++s.unchanged; break;
        case Outcome::failed: break;
      }
      next.models[m.source_key] = target;
      if (!m.description.empty() && !next.prose.count(target) && !has_prose(dir, m.id)) {
        std::string err = write_file_atomically(dir / (m.id + ".md"), m.description + "\n");
        if (!err.empty()) diags.error(display_path(opt.root, dir / (m.id + ".md")), "import-write-failed", err);
        else ++s.prose_created;
        next.prose.insert(target);
      }
    }
    if (!has_prose(dir, m.id)) ++s.without_prose;
    if (opt.progress) opt.progress(++done, data.models.size());
  }
  for (const auto& [key, target] : previous.models) {
    if (next.models.count(key)) continue;
    if (data.unreadable.count(key)) {  // still in the source, only unreadable this time
      next.models[key] = target;
      continue;
    }
    std::string provider = target.substr(0, target.find('/'));
    bool in_scope = opt.only_provider.empty() || provider == opt.only_provider;
    bool taken_again = std::any_of(next.models.begin(), next.models.end(),
                                   [&](const auto& kv) { return kv.second == target; });
    if (!in_scope || taken_again) {
      if (!taken_again) next.models[key] = target;
      continue;
    }
    if (opt.prune) {
      prune_model(target, opt, s, diags);
      next.prose.erase(target);
    } else {
      s.vanished.push_back(target + " (" + key + ")");
      next.models[key] = target;
    }
  }
  Json manifest = {{"source", data.source}, {"models", next.models}, {"prose", next.prose}};
  std::string err = write_file_atomically(manifest_path(opt.root, data.source), manifest.dump(2) + "\n");
  if (!err.empty()) diags.error(display_path(opt.root, manifest_path(opt.root, data.source)), "import-write-failed", err);
  return s;
}

}  // namespace ms
