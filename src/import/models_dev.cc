// A models.dev tree (github.com/sst/models.dev): `providers/<p>/provider.toml` and one TOML file per
// model under `providers/<p>/models/` (sub-folders allowed); `base_model = "<path>"` makes a model
// start from `models/<path>.toml` and override it. Costs are USD per 1M tokens.
#include <toml++/toml.h>

#include <algorithm>

#include "core/fs.h"
#include "core/text.h"
#include "import/convert.h"
#include "import/sources.h"

namespace ms {
namespace {

struct TomlFile {
  SourceFile file;
  toml::table table;
};

// The byte offset of a toml++ position (1-based line and column) in the file's text.
std::size_t offset_of(const SourceFile& f, const toml::source_position& p) {
  const std::string& t = f.text();
  std::size_t off = 0;
  for (std::uint32_t line = 1; line < p.line && off < t.size(); ++line) {
    std::size_t nl = t.find('\n', off);
    off = nl == std::string::npos ? t.size() : nl + 1;
  }
  // Columns count code points; step over UTF-8 continuation bytes.
  for (std::uint32_t col = 1; col < p.column && off < t.size(); ++col) {
    ++off;
    while (off < t.size() && (static_cast<unsigned char>(t[off]) & 0xC0) == 0x80) ++off;
  }
  return std::min(off, t.size());
}

std::optional<TomlFile> read_toml(const fs::path& path, const std::string& shown, Diagnostics& diags) {
  auto text = read_file(path);
  if (!text) {
    diags.error(shown, "import-unreadable", "cannot read the file");
    return std::nullopt;
  }
  TomlFile f{SourceFile(shown, *text), {}};
  try {
    f.table = toml::parse(f.file.text(), shown);
  } catch (const toml::parse_error& e) {
    diags.error(f.file, offset_of(f.file, e.source().begin), "toml-syntax", "invalid TOML: " + std::string(e.description()));
    return std::nullopt;
  }
  return f;
}

// Where each value of a model's tables sits in its file, by dotted path ("cost.input"). Kept
// aside because a copy of a toml++ node (the `base_model` merge) has no source position.
struct Where {
  const SourceFile* file = nullptr;
  std::size_t offset = 0;
};
using Positions = std::map<std::string, Where>;

void index_positions(const toml::table& t, const std::string& prefix, const SourceFile& f, Positions& out) {
  for (const auto& [k, node] : t) {
    std::string path = prefix + std::string(k.str());
    out[path] = {&f, offset_of(f, node.source().begin)};
    if (node.is_table()) index_positions(*node.as_table(), path + ".", f, out);
  }
}

// The number as written in the TOML text at its position (underscores removed), so a price
// converts exactly.
std::optional<std::string> number_text(const Where& w, const toml::node& n) {
  if (!n.is_number() || !w.file) return std::nullopt;
  const std::string& t = w.file->text();
  std::size_t end = w.offset;
  while (end < t.size() && std::string_view("+-.0123456789eE_").find(t[end]) != std::string_view::npos) ++end;
  std::string s;
  for (std::size_t i = w.offset; i < end; ++i)
    if (t[i] != '_') s += t[i];
  if (s.empty()) return std::nullopt;
  return s;
}

struct Ctx {
  const Positions& where;
  ImportedModel& model;
  Diagnostics& diags;
  FieldCounts& fields;

  Where at(const std::string& field) const {
    auto it = where.find(field);
    return it == where.end() ? Where{} : it->second;
  }
  void bad(const std::string& field, const std::string& why) {
    std::string msg = "model `" + model.source_key + "`, field `" + field + "`: " + why + "; field skipped";
    Where w = at(field);
    if (w.file) diags.warning(*w.file, w.offset, "import-bad-value", msg);
    else diags.warning("", "import-bad-value", msg);
  }
};

struct CostKey {
  const char* key;
  const char* meter;
};
const CostKey kCosts[] = {{"input", "input_tokens"},         {"output", "output_tokens"},
                          {"cache_read", "cached_input_tokens"}, {"cache_write", "cache_write_tokens"},
                          {"reasoning", "reasoning_tokens"},   {"input_audio", "input_audio_tokens"},
                          {"output_audio", "output_audio_tokens"}};

void map_costs(Ctx& c, const toml::table& cost, const std::string& prefix, std::int64_t above) {
  for (const auto& [k, node] : cost) {
    std::string key(k.str());
    std::string field = prefix + key;
    if (key == "context_over_200k" && node.is_table() && above == 0) {
      map_costs(c, *node.as_table(), field + ".", 200000);
      continue;
    }
    const CostKey* known = nullptr;
    for (const auto& ck : kCosts)
      if (key == ck.key) known = &ck;
    if (!known) { c.fields.skip(field); continue; }
    auto text = number_text(c.at(field), node);
    PriceText pt = text ? scale_price(*text, 0) : PriceText{"", "is not a number"};
    if (!pt.error.empty()) {
      c.bad(field, "the price " + pt.error);
      c.fields.skip(field);
      continue;
    }
    ImportedPrice p;
    p.meter = known->meter;
    p.per = 1000000;
    p.price = pt.value;
    p.above = above;
    if (c.model.add_price(p)) c.fields.map(field);
    else c.fields.skip(field);
  }
}

bool map_date(Ctx& c, const toml::node& n, const std::string& field, bool allow_month, std::string& out) {
  std::string s;
  if (auto d = n.as_date()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->get().year, d->get().month, d->get().day);
    s = buf;
  } else if (auto str = n.value<std::string>()) {
    s = *str;
  }
  if (!is_date(s, allow_month)) {
    c.bad(field, std::string("`") + (s.empty() ? "?" : s) + "` is not a date " + (allow_month ? "YYYY-MM or YYYY-MM-DD" : "YYYY-MM-DD"));
    return false;
  }
  out = s;
  return true;
}

bool map_limit(Ctx& c, const toml::node& n, const std::string& field, std::optional<std::int64_t>& out) {
  std::optional<std::int64_t> v;
  if (n.is_integer()) v = positive_count(*n.value<std::int64_t>());
  else if (n.is_floating_point()) v = positive_count(*n.value<double>());
  if (!v) {
    c.bad(field, "expected a positive whole number of tokens");
    return false;
  }
  out = *v;
  return true;
}

bool map_modalities(Ctx& c, const toml::table& t) {
  bool all = true;
  for (const auto& [k, node] : t) {
    bool input = k.str() == "input";
    if ((!input && k.str() != "output") || !node.is_array()) { all = false; continue; }
    for (const auto& x : *node.as_array()) {
      auto s = x.value<std::string>();
      if (s && (*s == "text" || *s == "image" || *s == "audio" || *s == "video" || *s == "pdf")) c.model.add_modality(input, *s);
      else all = false;
    }
  }
  return all;
}

const std::pair<const char*, const char*> kFlags[] = {
    {"tool_call", "function-calling"}, {"reasoning", "reasoning"}, {"structured_output", "structured-outputs"}};

bool map_field(Ctx& c, const std::string& key, const toml::node& n) {
  ImportedModel& m = c.model;
  if (key == "name" && n.is_string()) { m.name = *n.value<std::string>(); return true; }
  if (key == "release_date") return map_date(c, n, key, false, m.released);
  if (key == "knowledge") return map_date(c, n, key, true, m.knowledge_cutoff);
  if (key == "status" && n.is_string()) {
    std::string s = *n.value<std::string>();
    if (s == "deprecated") m.status = "deprecated";
    else if (s == "alpha" || s == "beta") m.status = "preview";
    else { c.bad(key, "unknown status `" + s + "`"); return false; }
    m.status_from_source = true;
    return true;
  }
  for (const auto& [flag, cap] : kFlags)
    if (key == flag && n.is_boolean()) {
      if (*n.value<bool>()) m.add_capability(cap);
      return true;
    }
  if (key == "modalities" && n.is_table()) return map_modalities(c, *n.as_table());
  return false;
}

void map_limits(Ctx& c, const toml::table& t) {
  for (const auto& [k, node] : t) {
    std::string field = "limit." + std::string(k.str());
    bool ok = false;
    if (k.str() == "context") ok = map_limit(c, node, field, c.model.context_window);
    else if (k.str() == "output") ok = map_limit(c, node, field, c.model.max_output_tokens);
    if (ok) c.fields.map(field);
    else c.fields.skip(field);
  }
}

void map_model(Ctx& c, const toml::table& t) {
  for (const auto& [k, node] : t) {
    std::string key(k.str());
    if (key == "cost" && node.is_table()) { map_costs(c, *node.as_table(), "cost.", 0); continue; }
    if (key == "limit" && node.is_table()) { map_limits(c, *node.as_table()); continue; }
    if (key == "base_model") { c.fields.map(key); continue; }
    if (map_field(c, key, node)) c.fields.map(key);
    else c.fields.skip(key);
  }
  ImportedModel& m = c.model;
  bool text_out = m.output_modalities.empty() ||
                  std::find(m.output_modalities.begin(), m.output_modalities.end(), "text") != m.output_modalities.end();
  if (text_out) m.add_endpoint("chat.completions");
  else if (std::find(m.output_modalities.begin(), m.output_modalities.end(), "image") != m.output_modalities.end())
    m.add_endpoint("images.generations");
}

// `over` on top of `base`: tables merge key by key, anything else replaces.
void merge_into(toml::table& base, const toml::table& over) {
  for (const auto& [k, node] : over) {
    toml::node* b = base.get(k);
    if (b && b->is_table() && node.is_table()) merge_into(*b->as_table(), *node.as_table());
    else base.insert_or_assign(k, node);
  }
}

// Every *.toml under dir, sorted, with its path relative to dir (no extension).
void collect_models(const fs::path& dir, const std::string& rel, std::vector<std::pair<std::string, fs::path>>& out) {
  for (const auto& f : list_files(dir, ".toml")) out.emplace_back(rel + f.stem().string(), f);
  for (const auto& d : list_dirs(dir)) collect_models(d, rel + d.filename().string() + "/", out);
}

struct Reader {
  const fs::path& dir;
  const std::string& shown;
  Diagnostics& diags;
  ImportData& data;
  std::map<std::string, std::unique_ptr<TomlFile>> bases;  // base_model path -> file (null: unreadable)

  std::string show(const fs::path& p) const { return shown + "/" + fs::relative(p, dir).generic_string(); }

  const TomlFile* base(const std::string& name) {
    auto it = bases.find(name);
    if (it != bases.end()) return it->second.get();
    fs::path p = dir / "models" / (name + ".toml");
    std::unique_ptr<TomlFile> f;
    if (fs::exists(p))
      if (auto t = read_toml(p, show(p), diags)) f = std::make_unique<TomlFile>(std::move(*t));
    return (bases[name] = std::move(f)).get();
  }

  void model(const std::string& provider, const std::string& rel, const fs::path& path) {
    auto f = read_toml(path, show(path), diags);
    if (!f) {
      data.unreadable.insert(provider + "/" + rel);
      return;
    }
    ImportedModel m;
    m.source_key = provider + "/" + rel;
    m.provider = fold_id(provider);
    m.id = fold_id(rel);
    m.name = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
    Positions where;
    toml::table merged = f->table;
    if (auto b = f->table["base_model"].value<std::string>()) {
      const TomlFile* bf = base(*b);
      if (!bf) {
        diags.warning(f->file, offset_of(f->file, f->table["base_model"].node()->source().begin), "import-bad-value",
                      "model `" + m.source_key + "`, field `base_model`: no file models/" + *b + ".toml; only this file's fields are used");
      } else {
        merged = bf->table;
        merge_into(merged, f->table);
        index_positions(bf->table, "", bf->file, where);
      }
    }
    index_positions(f->table, "", f->file, where);
    FieldCounts counts;
    Ctx c{where, m, diags, counts};
    map_model(c, merged);
    bool importable = !m.id.empty() && !m.endpoints.empty();
    data.fields.add(counts, !importable);
    if (!importable) {
      ++data.skipped[m.id.empty() ? "no id can be made of the name" : "no text or image output: no endpoint of the content format"];
      return;
    }
    data.models.push_back(std::move(m));
  }

  void provider(const fs::path& pdir) {
    std::string id = pdir.filename().string();
    ImportedProvider p{fold_id(id), id, ""};
    fs::path toml_path = pdir / "provider.toml";
    if (auto f = fs::exists(toml_path) ? read_toml(toml_path, show(toml_path), diags) : std::nullopt) {
      for (const auto& [k, node] : f->table) {
        std::string field = "provider." + std::string(k.str());
        auto s = node.value<std::string>();
        bool ok = false;
        if (k.str() == "name" && s) { p.name = *s; ok = true; }
        if (k.str() == "doc" && s && (starts_with(*s, "https://") || starts_with(*s, "http://"))) { p.website = *s; ok = true; }
        if (ok) data.fields.map(field);
        else data.fields.skip(field);
      }
    }
    if (p.id.empty()) return;
    data.providers.push_back(p);
    std::vector<std::pair<std::string, fs::path>> files;
    collect_models(pdir / "models", "", files);
    for (const auto& [rel, path] : files) model(id, rel, path);
  }
};

}  // namespace

std::optional<ImportData> import_models_dev(const fs::path& dir, const std::string& shown, Diagnostics& diags) {
  if (!fs::is_directory(dir / "providers")) {
    diags.error(shown, "import-unreadable", "no providers/ folder: not a models.dev tree");
    return std::nullopt;
  }
  ImportData data;
  data.source = "models.dev";
  Reader r{dir, shown, diags, data, {}};
  for (const auto& pdir : list_dirs(dir / "providers")) r.provider(pdir);
  return data;
}

}  // namespace ms
