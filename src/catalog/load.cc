// Loading and validating content/: every problem is reported with its position, then the caller
// stops if any is an error.
#include <algorithm>
#include <set>

#include "catalog/catalog.h"
#include "core/hash.h"
#include "core/json_source.h"
#include "core/parallel.h"
#include "core/text.h"

namespace ms {
namespace {

// One model file's result: the model (when it is valid) and its parsed document.
struct LoadedModel {
  std::optional<Model> model;
  std::shared_ptr<const JsonDocument> doc;  // kept for positions in later checks
};

}  // namespace

struct CatalogMemo::Entry {
  std::string text;       // the file as it was read
  mutable std::optional<FileStat> stat;  // the stat that proves `text` (settled), if any
  std::string providers;  // the provider ids it was validated against
  LoadedModel loaded;
  Diagnostics diags;
};

namespace {

// The provider ids, in order: a model file is validated against them.
std::string provider_list_key(const Catalog& cat) {
  std::string key;
  for (const auto& p : cat.providers) key += p.id + '\n';
  return key;
}

// Translations into locales the site does not have, gathered per file: one warning per locale,
// at its first use, says how many were left out (a site that drops a locale would otherwise get
// one warning per translated description).
class UnusedLocales {
 public:
  void note(const std::string& locale, std::size_t offset) {
    for (auto& u : seen_)
      if (u.locale == locale) { ++u.count; return; }
    seen_.push_back({locale, offset, 1});
  }
  void report(Diagnostics& diags, const SourceFile& file) {
    std::sort(seen_.begin(), seen_.end(), [](const Use& a, const Use& b) { return a.offset < b.offset; });
    for (const auto& u : seen_) {
      std::string which = u.count == 1 ? "this description is"
                                       : "this description and " + std::to_string(u.count - 1) + " more in this file are";
      diags.warning(file, u.offset, "unknown-locale",
                    "`" + u.locale + "` is not one of the site's locales; " + which + " not used");
    }
  }

 private:
  struct Use { std::string locale; std::size_t offset; std::size_t count; };
  std::vector<Use> seen_;
};

struct Loader {
  const fs::path& root;
  const SiteConfig& config;
  Diagnostics& diags;
  CatalogMemo* memo = nullptr;
  const FileStats* sources = nullptr;
  std::map<std::string, CatalogMemo::Text> next_bodies;  // the memo's prose after this load

  // The file's stat as this build's stamp took it, when it can prove the file unchanged.
  std::optional<FileStat> settled_stat(const std::string& shown) const {
    if (!sources) return std::nullopt;
    auto it = sources->files.find(shown);
    if (it == sources->files.end() || !sources->settled(it->second)) return std::nullopt;
    return it->second;
  }

  std::optional<JsonDocument> read_json(const fs::path& path, std::optional<std::string> text = std::nullopt) {
    std::string shown = display_path(root, path);
    if (!text) text = read_file(path);
    if (!text) {
      diags.error(shown, "unreadable-file", "cannot read the file");
      return std::nullopt;
    }
    if (!is_valid_utf8(*text)) {
      diags.error(shown, "bad-encoding", "the file is not valid UTF-8");
      return std::nullopt;
    }
    auto doc = parse_json_document(SourceFile(shown, std::move(*text)), diags);
    if (doc && !doc->value.is_object()) {
      diags.error(doc->file, doc->value_offset(""), "wrong-type",
                  std::string("the file must hold a JSON object, not ") + json_type_name(doc->value));
      return std::nullopt;
    }
    return doc;
  }

  // A value from a fixed vocabulary, with a hint when it is close to a known one.
  bool check_vocabulary(const JsonDocument& doc, const std::string& pointer, const std::string& value,
                        const std::vector<std::string>& vocabulary, const char* what, const char* code) {
    if (std::find(vocabulary.begin(), vocabulary.end(), value) != vocabulary.end()) return true;
    std::vector<std::string_view> known(vocabulary.begin(), vocabulary.end());
    std::string msg = std::string("unknown ") + what + " `" + value + "`";
    std::string hint = closest_match(value, known);
    if (!hint.empty()) msg += " (did you mean `" + hint + "`?)";
    diags.error(doc.file, doc.value_offset(pointer), code, msg);
    return false;
  }

  void check_list(const JsonDocument& doc, ObjectReader& r, std::string_view key,
                  std::vector<std::string>& out, const std::vector<std::string>& vocabulary,
                  const char* what, const char* code, bool required = false) {
    auto list = r.string_list(key, required);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string& v = (*list)[i];
      std::string ptr = json_pointer_append(r.pointer(key), i);
      if (!check_vocabulary(doc, ptr, v, vocabulary, what, code)) continue;
      if (std::find(out.begin(), out.end(), v) != out.end()) {
        diags.error(doc.file, doc.value_offset(ptr), "duplicate-value", std::string(what) + " `" + v + "` is listed twice");
        continue;
      }
      out.push_back(v);
    }
  }

  void check_id(const JsonDocument& doc, ObjectReader& r, const std::string& id, const std::string& stem) {
    if (!is_valid_id(id)) {
      diags.error(doc.file, r.value_offset("id"), "bad-id",
                  "id `" + id + "` must match ^[a-z0-9][a-z0-9._-]*$ (lowercase letters, digits, '.', '_', '-')");
    } else if (id != stem) {
      diags.error(doc.file, r.value_offset("id"), "id-mismatch",
                  "id `" + id + "` differs from the file name `" + stem + "`");
    }
  }

  std::string date(const JsonDocument& doc, ObjectReader& r, std::string_view key, bool allow_month) {
    auto v = r.string(key);
    if (!v) return "";
    if (!is_valid_date(*v, allow_month)) {
      diags.error(doc.file, r.value_offset(key), "bad-date",
                  "`" + std::string(key) + "` must be a date " + (allow_month ? "YYYY-MM or YYYY-MM-DD" : "YYYY-MM-DD") +
                      ", not `" + *v + "`");
      return "";
    }
    return *v;
  }

  void load_providers(Catalog& cat) {
    for (const auto& path : list_files(root / "content" / "providers", ".json")) {
      auto doc = read_json(path);
      if (!doc) continue;
      ObjectReader r(*doc, "", doc->value, diags, {"id", "name", "website"});
      Provider p;
      p.source_path = doc->file.path();
      auto id = r.string("id", true);
      auto name = r.string("name", true);
      auto website = r.string("website");
      if (id) check_id(*doc, r, *id, path.stem().string());
      if (website && !starts_with(*website, "https://") && !starts_with(*website, "http://"))
        diags.error(doc->file, r.value_offset("website"), "bad-url", "`website` must start with https:// or http://");
      if (!id || !name) continue;
      p.id = *id;
      p.name = *name;
      p.website = website.value_or("");
      cat.providers.push_back(std::move(p));
    }
  }

  std::optional<Pricing> pricing(const JsonDocument& doc, ObjectReader& r) {
    const Json* obj = r.object("pricing");
    if (!obj) return std::nullopt;
    return load_pricing(doc, "/pricing", *obj, diags);
  }

  // Parses and validates one model file; safe to run for many files at once (each call has its
  // own Loader with its own diagnostics; the catalog is only read).
  LoadedModel load_model(const fs::path& path, const std::string& provider_dir, const Catalog& cat,
                         std::optional<std::string> text = std::nullopt) {
    LoadedModel out;
    auto doc = read_json(path, std::move(text));
    if (!doc) return out;
    ObjectReader r(*doc, "", doc->value, diags,
                   {"id", "name", "provider", "family", "status", "released", "deprecated_on",
                    "retired_on", "replacements", "context_window", "max_output_tokens",
                    "knowledge_cutoff", "modalities", "endpoints", "capabilities", "commercial_use",
                    "pricing", "example"});
    std::size_t errors_before = diags.error_count();
    Model m;
    m.source_path = doc->file.path();
    m.data_hash = m.source_hash = hash_hex(doc->file.text());
    auto id = r.string("id", true);
    auto name = r.string("name", true);
    auto provider = r.string("provider", true);
    auto status = r.string("status", true);
    if (id) {
      check_id(*doc, r, *id, path.stem().string());
      m.id = *id;
    }
    if (name) m.name = *name;
    if (provider) {
      m.provider = *provider;
      if (!cat.provider(*provider)) {
        std::vector<std::string> ids;
        for (const auto& p : cat.providers) ids.push_back(p.id);
        check_vocabulary(*doc, "/provider", *provider, ids, "provider", "unknown-provider");
      } else if (*provider != provider_dir) {
        diags.error(doc->file, r.value_offset("provider"), "provider-mismatch",
                    "provider `" + *provider + "` differs from the folder `content/models/" + provider_dir + "/`");
      }
    }
    if (status) {
      m.status = *status;
      check_vocabulary(*doc, "/status", *status, model_statuses(), "status", "unknown-status");
    }
    if (auto v = r.string("family")) m.family = *v;
    m.released = date(*doc, r, "released", false);
    m.deprecated_on = date(*doc, r, "deprecated_on", false);
    m.retired_on = date(*doc, r, "retired_on", false);
    m.knowledge_cutoff = date(*doc, r, "knowledge_cutoff", true);
    if (auto v = r.string_list("replacements")) m.replacements = *v;
    m.context_window = r.integer("context_window", false, 1);
    m.max_output_tokens = r.integer("max_output_tokens", false, 1);
    if (const Json* mod = r.object("modalities")) {
      ObjectReader mr(*doc, "/modalities", *mod, diags, {"input", "output"});
      check_list(*doc, mr, "input", m.input_modalities, modality_names(), "modality", "unknown-modality");
      check_list(*doc, mr, "output", m.output_modalities, modality_names(), "modality", "unknown-modality");
    }
    check_list(*doc, r, "endpoints", m.endpoints, endpoint_names(), "endpoint", "unknown-endpoint", true);
    if (r.has("endpoints") && m.endpoints.empty() && diags.error_count() == errors_before)
      diags.error(doc->file, r.value_offset("endpoints"), "missing-field", "`endpoints` must list at least one endpoint");
    check_list(*doc, r, "capabilities", m.capabilities, capability_names(), "capability", "unknown-capability");
    m.commercial_use = r.boolean("commercial_use");
    m.pricing = pricing(*doc, r);
    if (const Json* ex = r.object("example")) {
      ObjectReader er(*doc, "/example", *ex, diags, {"system", "prompt", "image_url", "voice", "audio_file"});
      m.example.system = er.string("system");
      m.example.prompt = er.string("prompt");
      m.example.image_url = er.string("image_url");
      m.example.voice = er.string("voice");
      m.example.audio_file = er.string("audio_file");
      if (m.example.audio_file && (m.example.audio_file->find('/') != std::string::npos || !is_valid_id(*m.example.audio_file)))
        diags.error(doc->file, er.value_offset("audio_file"), "bad-file-name",
                    "`audio_file` must be a plain file name like `speech.mp3`");
    }
    if (diags.error_count() > errors_before || !id || !name || !provider || !status) return out;
    out.model = std::move(m);
    out.doc = std::make_shared<const JsonDocument>(std::move(*doc));
    return out;
  }

  // load_model through the memo: the last result when the file's text and the provider list are
  // unchanged, else a fresh result (with the diagnostics it reported), which the memo keeps.
  std::shared_ptr<const CatalogMemo::Entry> remembered_model(const CatalogMemo& m, const fs::path& path, const std::string& dir,
                                                             const Catalog& cat, const std::string& providers, char& reused) {
    auto it = m.models.find(path.string());
    const CatalogMemo::Entry* last = it != m.models.end() && it->second->providers == providers ? it->second.get() : nullptr;
    std::optional<FileStat> now = settled_stat(display_path(root, path));
    if (last && now && last->stat == now) {
      reused = 2;  // not even read
      return it->second;
    }
    auto text = read_file(path);
    if (text && last && last->text == *text) {
      reused = 1;
      last->stat = now;
      return it->second;
    }
    auto fresh = std::make_shared<CatalogMemo::Entry>();
    if (text) fresh->text = *text;
    fresh->stat = now;
    fresh->providers = providers;
    fresh->loaded = load_model(path, dir, cat, std::move(text));
    fresh->diags = diags;  // this worker's own: only this file's
    return fresh;
  }

  struct PendingReplacements {
    std::string model;
    std::vector<std::string> ids;
    std::shared_ptr<const JsonDocument> doc;
  };
  std::vector<PendingReplacements> pending_replacements;

  // <stem>.md is the default locale; <stem>.<locale>.md a translation.
  void attach_bodies(const fs::path& dir, std::map<std::string, std::map<std::string, ProseBody>>& out,
                     const char* what, int jobs = 1) {
    std::vector<fs::path> paths = list_files(dir, ".md");
    std::set<std::string> names;
    for (const auto& p : paths) names.insert(p.filename().string());
    struct Entry {
      std::string stem, locale, shown;
      std::optional<std::string> text;
      std::optional<FileStat> stat;  // settled, before the read
      bool unread = false;           // the text is the memo's
    };
    std::vector<Entry> entries;
    for (const auto& path : paths) {
      std::string name = path.filename().string();
      Entry e;
      e.stem = name.substr(0, name.size() - 3);
      e.locale = config.default_locale;
      e.shown = display_path(root, path);
      for (const auto& l : config.locales) {
        if (l != config.default_locale && ends_with(e.stem, "." + l)) {
          e.locale = l;
          e.stem = e.stem.substr(0, e.stem.size() - l.size() - 1);
          break;
        }
      }
      if (e.locale == config.default_locale) {
        // "<stem>.<xx>.md" next to "<stem>.md": a translation into a locale the site lacks.
        // The suffix must look like a language tag, and no model may be named by the whole stem
        // (ids may contain dots: gpt-4.1).
        auto dot = e.stem.rfind('.');
        auto locale_like = [](std::string_view t) {
          std::size_t letters = 0;
          while (letters < t.size() && t[letters] >= 'a' && t[letters] <= 'z') ++letters;
          return (letters == 2 || letters == 3) && (letters == t.size() || t[letters] == '-');
        };
        if (dot != std::string::npos && locale_like(std::string_view(e.stem).substr(dot + 1)) &&
            names.count(e.stem.substr(0, dot) + ".md") && !fs::exists(dir / (e.stem + ".json"))) {
          diags.warning(e.shown, "unknown-locale",
                        "`" + e.stem.substr(dot + 1) + "` is not one of the site's locales; this " + what +
                            " translation is not used");
          continue;
        }
      }
      entries.push_back(std::move(e));
    }
    run_parallel(entries.size(), jobs, [&](std::size_t i, int) {
      Entry& e = entries[i];
      if (memo) {
        e.stat = settled_stat(e.shown);
        auto last = memo->bodies.find(e.shown);
        if (e.stat && last != memo->bodies.end() && last->second.stat == e.stat) {
          e.text = last->second.text;
          e.unread = true;
          return;
        }
      }
      e.text = read_file(dir / (fs::path(e.shown).filename()));
    });
    for (auto& e : entries) {
      if (!e.text) { diags.error(e.shown, "unreadable-file", "cannot read the file"); continue; }
      // The memo keeps only valid texts: one taken from it needs no second look.
      if (!e.unread && !is_valid_utf8(*e.text)) { diags.error(e.shown, "bad-encoding", "the file is not valid UTF-8"); continue; }
      if (memo) {
        next_bodies[e.shown] = {*e.text, e.stat};
        memo->unread += e.unread;
      }
      auto& body = out[e.stem][e.locale];
      body.path = e.shown;
      body.markdown = std::move(*e.text);
    }
  }

  void load_models(Catalog& cat, int jobs) {
    // Model files are read, parsed and validated in parallel, then merged in file order so the
    // diagnostics and the catalog do not depend on thread timing.
    std::vector<std::pair<fs::path, std::string>> files_to_load;
    for (const auto& dir : list_dirs(root / "content" / "models"))
      for (const auto& path : list_files(dir, ".json")) files_to_load.emplace_back(path, dir.filename().string());
    std::vector<LoadedModel> loaded(files_to_load.size());
    std::vector<Diagnostics> file_diags(files_to_load.size());
    std::vector<std::shared_ptr<const CatalogMemo::Entry>> memo_entries(memo ? files_to_load.size() : 0);
    std::vector<char> reused(memo_entries.size(), 0);
    const std::string providers_key = memo ? provider_list_key(cat) : std::string();
    run_parallel(files_to_load.size(), jobs, [&](std::size_t i, int) {
      const auto& [path, dir] = files_to_load[i];
      Loader worker{root, config, file_diags[i], nullptr, sources, {}, {}};
      if (!memo) {
        loaded[i] = worker.load_model(path, dir, cat);
        return;
      }
      memo_entries[i] = worker.remembered_model(*memo, path, dir, cat, providers_key, reused[i]);
      const auto& entry = memo_entries[i];
      loaded[i] = entry->loaded;
      file_diags[i] = entry->diags;
    });
    if (memo) {
      // Only the files of this load are kept: a deleted file's entry goes with it.
      memo->models.clear();
      memo->reused = memo->parsed = 0;
      for (std::size_t i = 0; i < files_to_load.size(); ++i) {
        (reused[i] ? memo->reused : memo->parsed) += 1;
        memo->unread += reused[i] == 2;
        memo->models[files_to_load[i].first.string()] = std::move(memo_entries[i]);
      }
    }
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < loaded.size(); ++i) {
      diags.append(file_diags[i]);
      if (!loaded[i].model) continue;
      Model& m = *loaded[i].model;
      const JsonDocument& doc = *loaded[i].doc;
      auto [it, inserted] = seen.emplace(m.id, m.source_path);
      if (!inserted) {
        diags.error(doc.file, doc.value_offset("/id"), "duplicate-id", "model id `" + m.id + "` is already used");
        diags.add_note_to_last("first defined in " + it->second);
        continue;
      }
      // Replacement ids are checked once every model is known; only files that name some keep
      // their parsed document (with its positions) until then.
      if (!m.replacements.empty()) pending_replacements.push_back({m.id, m.replacements, loaded[i].doc});
      loaded[i].doc.reset();
      cat.models.push_back(std::move(m));
    }
    std::map<std::pair<std::string, std::string>, Model*> by_file;  // (folder, id) -> model
    for (auto& m : cat.models) by_file[{m.provider, m.id}] = &m;
    std::set<std::pair<std::string, std::string>> json_files;
    for (const auto& [path, dir] : files_to_load) json_files.insert({dir, path.stem().string()});
    for (const auto& dir : list_dirs(root / "content" / "models")) {
      std::string provider_dir = dir.filename().string();
      std::map<std::string, std::map<std::string, ProseBody>> bodies;
      attach_bodies(dir, bodies, "model", jobs);
      for (auto& [stem, by_locale] : bodies) {
        auto it = by_file.find({provider_dir, stem});
        if (it != by_file.end()) {
          Model& m = *it->second;
          m.bodies = std::move(by_locale);
          Hasher h;
          h.add(m.source_hash);
          for (const auto& [locale, body] : m.bodies) h.add(locale).add(body.markdown);
          m.source_hash = h.hex();
        } else if (!json_files.count({provider_dir, stem})) {
          for (const auto& [locale, body] : by_locale)
            diags.error(body.path, "orphan-body", "no model `" + stem + "` in content/models/" + provider_dir + "/ for this prose");
        }
      }
    }
    std::sort(cat.models.begin(), cat.models.end(), [](const Model& a, const Model& b) {
      return a.provider != b.provider ? a.provider < b.provider : a.id < b.id;
    });
    for (std::size_t i = 0; i < cat.models.size(); ++i) {
      cat.model_index[cat.models[i].id] = i;
      if (!cat.models[i].family.empty()) cat.by_family[cat.models[i].family].push_back(i);
      cat.by_provider[cat.models[i].provider].push_back(i);
    }
    for (const auto& pr : pending_replacements) {
      for (std::size_t i = 0; i < pr.ids.size(); ++i) {
        if (cat.model(pr.ids[i])) continue;
        std::vector<std::string> ids;
        for (const auto& m : cat.models) ids.push_back(m.id);
        check_vocabulary(*pr.doc, json_pointer_append("/replacements", i), pr.ids[i], ids,
                         "replacement model", "unknown-replacement");
      }
    }
  }

  void load_pages(Catalog& cat) {
    static const std::set<std::string> reserved = {"models", "pricing", "deprecations", "endpoints", "api", "assets"};
    std::map<std::string, std::map<std::string, ProseBody>> bodies;
    attach_bodies(root / "content" / "pages", bodies, "page");
    for (auto& [slug, by_locale] : bodies) {
      const ProseBody& any = by_locale.begin()->second;
      if (!is_valid_id(slug)) {
        diags.error(any.path, "bad-id", "page slug `" + slug + "` must match ^[a-z0-9][a-z0-9._-]*$");
        continue;
      }
      if (reserved.count(slug)) {
        diags.error(any.path, "reserved-slug", "page slug `" + slug + "` is used by a generated page");
        continue;
      }
      if (!by_locale.count(config.default_locale)) {
        diags.error(any.path, "missing-default-body",
                    "page `" + slug + "` has no " + config.default_locale + " body (`" + slug + ".md`)");
        continue;
      }
      Hasher h;
      for (const auto& [locale, body] : by_locale) h.add(locale).add(body.markdown);
      cat.pages.push_back(Page{slug, std::move(by_locale), h.hex()});
    }
  }

  void load_endpoints(Catalog& cat) {
    for (const auto& path : list_files(root / "content" / "endpoints", ".json")) {
      auto doc = read_json(path);
      if (!doc) continue;
      ObjectReader r(*doc, "", doc->value, diags, {"id", "method", "path", "title", "content_type", "parameters"});
      EndpointDoc e;
      e.source_path = doc->file.path();
      auto id = r.string("id", true);
      if (id) {
        if (*id != path.stem().string())
          diags.error(doc->file, r.value_offset("id"), "id-mismatch",
                      "id `" + *id + "` differs from the file name `" + path.stem().string() + "`");
        check_vocabulary(*doc, "/id", *id, endpoint_names(), "endpoint", "unknown-endpoint");
        e.id = *id;
      }
      if (auto v = r.string("method")) e.method = *v;
      if (auto v = r.string("path", true)) e.path = *v;
      if (auto v = r.string("title", true)) e.title = *v;
      if (auto v = r.string("content_type")) e.content_type = *v;
      UnusedLocales unused;
      if (const Json* params = r.array("parameters")) {
        for (std::size_t i = 0; i < params->size(); ++i) {
          std::string ptr = json_pointer_append("/parameters", i);
          ObjectReader pr(*doc, ptr, (*params)[i], diags, {"name", "type", "required", "description"});
          EndpointParam p;
          if (auto v = pr.string("name", true)) p.name = *v;
          if (auto v = pr.string("type", true)) p.type = *v;
          if (auto v = pr.boolean("required")) p.required = *v;
          if (pr.has("description")) {
            const Json& d = (*params)[i]["description"];
            if (d.is_string()) {
              p.description[""] = d.get<std::string>();
            } else if (d.is_object()) {
              for (auto it = d.begin(); it != d.end(); ++it) {
                if (!it.value().is_string()) {
                  diags.error(doc->file, doc->value_offset(json_pointer_append(pr.pointer("description"), it.key())),
                              "wrong-type", "descriptions must be strings");
                  continue;
                }
                const auto& locales = config.locales;
                if (std::find(locales.begin(), locales.end(), it.key()) == locales.end()) {
                  unused.note(it.key(), doc->key_offset(json_pointer_append(pr.pointer("description"), it.key())));
                  continue;
                }
                p.description[it.key()] = it.value().get<std::string>();
              }
            } else {
              diags.error(doc->file, pr.value_offset("description"), "wrong-type",
                          "`description` must be a string or an object of locale -> string");
            }
          }
          e.parameters.push_back(std::move(p));
        }
      }
      unused.report(diags, doc->file);
      if (!e.id.empty()) cat.endpoints[e.id] = std::move(e);
    }
  }
};

}  // namespace

std::optional<Catalog> load_catalog(const fs::path& root, const SiteConfig& config, Diagnostics& diags, int jobs,
                                    CatalogMemo* memo, const FileStats* sources) {
  std::size_t errors_before = diags.error_count();
  Catalog cat;
  Loader loader{root, config, diags, memo, sources, {}, {}};
  if (memo) memo->unread = 0;
  loader.load_providers(cat);
  std::sort(cat.providers.begin(), cat.providers.end(), [](const Provider& a, const Provider& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < cat.providers.size(); ++i)
    if (cat.providers[i].id == cat.providers[i - 1].id)
      diags.error(cat.providers[i].source_path, "duplicate-id", "provider id `" + cat.providers[i].id + "` is already used");
  loader.load_models(cat, jobs);
  loader.load_pages(cat);
  loader.load_endpoints(cat);
  if (memo) memo->bodies = std::move(loader.next_bodies);
  if (diags.error_count() > errors_before) return std::nullopt;
  return cat;
}

}  // namespace ms
