#include "site/site.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "core/hash.h"
#include "core/json_source.h"
#include "core/parallel.h"
#include "core/text.h"
#include "markdown/markdown.h"
#include "site/sitemap.h"
#include "templates/templates.h"
#include "viewmodel/viewmodel.h"

namespace ms {

namespace {

constexpr const char* kMarker = ".modelsite-output";

class Stopwatch {
 public:
  Stopwatch(std::vector<StageTiming>& out, std::string name) : out_(out), name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}
  void done(std::size_t items) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    out_.push_back({name_, ms, items});
  }

 private:
  std::vector<StageTiming>& out_;
  std::string name_;
  std::chrono::steady_clock::time_point start_;
};


int worker_count(const BuildOptions& opt) { return opt.jobs > 0 ? opt.jobs : default_jobs(); }

// Everything loaded and derived before pages are rendered.
struct Loaded {
  SiteConfig config;
  std::vector<LocaleBundle> bundles;
  Catalog catalog;
  std::optional<TemplateSet> templates;
};

// A {{t.key}} that no locale defines would render as nothing.
void report_unknown_messages(const TemplateSet& templates, const std::vector<LocaleBundle>& bundles,
                             Diagnostics& diags) {
  for (const auto& ref : templates.message_references()) {
    bool defined = std::any_of(bundles.begin(), bundles.end(), [&](const LocaleBundle& b) { return b.messages.count(ref.key) > 0; });
    if (!defined)
      diags.error(*ref.file, ref.offset, "missing-message", "message `" + ref.key + "` is defined in no locale");
  }
}

// Stage 1-2: load and validate config, locales, catalog, templates. Reports everything.
std::optional<Loaded> load_all(const BuildOptions& opt, BuildResult& res, bool need_templates) {
  Loaded l;
  Stopwatch sw(res.stages, "load");
  auto cfg = load_site_config(opt.root, res.diags);
  if (!cfg) return std::nullopt;
  l.config = std::move(*cfg);
  if (opt.strict) l.config.strict = true;
  l.bundles = load_locale_bundles(opt.root, l.config, res.diags);
  auto cat = load_catalog(opt.root, l.config, res.diags, worker_count(opt));
  if (need_templates) l.templates = TemplateSet::load(opt.root, res.diags);
  if (l.templates) report_unknown_messages(*l.templates, l.bundles, res.diags);
  sw.done(cat ? cat->models.size() : 0);
  if (!cat || res.diags.has_errors()) return std::nullopt;
  l.catalog = std::move(*cat);
  return l;
}

// Missing keys and untranslated bodies: warnings, or errors under --strict.
void report_translation_gaps(const Loaded& l, Diagnostics& diags) {
  const LocaleBundle* def = nullptr;
  for (const auto& b : l.bundles)
    if (b.tag == l.config.default_locale) def = &b;
  Diagnostics gaps;
  if (def) {
    for (const auto& b : l.bundles) {
      if (&b == def) continue;
      for (const auto& [key, pattern] : def->messages) {
        if (b.messages.count(key)) continue;
        std::string from = l.config.default_locale;
        for (const auto& f : b.meta.fallback) {
          bool has = false;
          for (const auto& o : l.bundles)
            if (o.tag == f && o.messages.count(key)) has = true;
          if (has) { from = f; break; }
        }
        gaps.warning(b.file.path(), "missing-translation",
                     "locale `" + b.tag + "` has no message `" + key + "`; pages use the `" + from + "` text");
      }
    }
  }
  for (const auto& locale : l.config.locales) {
    if (locale == l.config.default_locale) continue;
    std::size_t missing = 0, total = 0;
    auto check_bodies = [&](const std::map<std::string, ProseBody>& bodies, const std::string& expected_path) {
      if (!bodies.count(l.config.default_locale)) return;
      ++total;
      if (bodies.count(locale)) return;
      ++missing;
      if (l.config.strict)
        gaps.warning(expected_path, "missing-translation", "no `" + locale + "` translation of this text; pages show the `" + l.config.default_locale + "` text");
    };
    for (const auto& m : l.catalog.models) {
      auto it = m.bodies.find(l.config.default_locale);
      if (it == m.bodies.end()) continue;
      check_bodies(m.bodies, replace_all(it->second.path, ".md", "." + locale + ".md"));
    }
    for (const auto& p : l.catalog.pages) check_bodies(p.bodies, replace_all(p.bodies.at(l.config.default_locale).path, ".md", "." + locale + ".md"));
    if (missing > 0 && !l.config.strict)
      gaps.warning("locales/" + locale + ".json", "untranslated-bodies",
                   std::to_string(missing) + " of " + std::to_string(total) + " texts have no `" + locale +
                       "` translation; their pages show the `" + l.config.default_locale + "` text with a notice");
  }
  if (l.config.strict) gaps.promote_warnings();
  diags.append(gaps);
}

// Stage 3: Markdown on one thread (cmark-gfm 0.29 is not thread-safe).
std::size_t render_bodies(Loaded& l, const std::map<std::string, std::unique_ptr<Localizer>>& locs,
                          const std::set<const void*>& needed) {
  std::map<std::string, MarkdownOptions> options;
  for (const auto& locale : l.config.locales) {
    MarkdownOptions o;
    o.raw_html = l.config.raw_html;
    for (const char* k : {"note", "tip", "important", "warning", "caution"})
      o.alert_titles[k] = locs.at(locale)->message(std::string("alert.") + k);
    options[locale] = std::move(o);
  }
  std::size_t n = 0;
  for (auto& m : l.catalog.models) {
    if (!needed.count(&m)) continue;
    for (auto& [locale, body] : m.bodies) {
      body.html = render_markdown(body.markdown, options.at(locale)).html;
      ++n;
    }
  }
  for (auto& p : l.catalog.pages) {
    // The home page lists free pages by their title, so free-page bodies are always rendered.
    for (auto& [locale, body] : p.bodies) {
      body.html = render_markdown(body.markdown, options.at(locale)).html;
      ++n;
    }
  }
  return n;
}

MockRequest to_mock_request(const CanonicalRequest& req, const std::string& bearer) {
  MockRequest m;
  m.method = req.method;
  m.path = "/v1" + req.path;
  m.headers["authorization"] = "Bearer " + bearer;
  if (req.json_body) {
    m.headers["content-type"] = "application/json";
    m.body = canonical_json_text(*req.json_body);
  } else {
    std::vector<MultipartPart> parts;
    for (const auto& f : req.form) {
      MultipartPart p;
      p.name = f.name;
      if (f.is_file) {
        p.filename = f.value;
        p.content_type = "application/octet-stream";
        p.data = sample_audio();
      } else {
        p.data = f.value;
      }
      parts.push_back(std::move(p));
    }
    const std::string boundary = "modelsite-example-boundary";
    m.headers["content-type"] = "multipart/form-data; boundary=" + boundary;
    m.body = serialize_multipart(parts, boundary);
  }
  return m;
}

// Pretty JSON for reading: like dump(2), but a long list of numbers (an embedding) shows its
// first values, a count and its last value on one line instead of 1,536 lines.
void readable_json(const nlohmann::ordered_json& v, int indent, std::string& out) {
  std::string pad(static_cast<std::size_t>(indent + 2), ' '), end_pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object() && !v.empty()) {
    out += "{\n";
    std::size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
      out += pad + nlohmann::ordered_json(it.key()).dump() + ": ";
      readable_json(it.value(), indent + 2, out);
      out += i + 1 < v.size() ? ",\n" : "\n";
    }
    out += end_pad + "}";
  } else if (v.is_array() && !v.empty()) {
    bool numbers = std::all_of(v.begin(), v.end(), [](const nlohmann::ordered_json& x) { return x.is_number(); });
    if (numbers && v.size() > 8) {
      out += "[" + v[0].dump() + ", " + v[1].dump() + ", " + v[2].dump() + ", … " + std::to_string(v.size() - 4) +
             " more …, " + v[v.size() - 1].dump() + "]";
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < v.size(); ++i) {
      out += pad;
      readable_json(v[i], indent + 2, out);
      out += i + 1 < v.size() ? ",\n" : "\n";
    }
    out += end_pad + "]";
  } else {
    out += v.dump();
  }
}

std::string example_response(const MockApi& api, const CanonicalRequest& req) {
  MockResponse r = api.answer(to_mock_request(req, "sk-example"));
  if (r.json) {
    std::string out;
    // The answer in the order the mock wrote it (the API's own field order).
    readable_json(*r.json, 0, out);
    return out;
  }
  if (starts_with(r.content_type, "application/json")) return r.body;  // an error, already readable
  if (starts_with(r.content_type, "text/")) return r.body;
  return "HTTP " + std::to_string(r.status) + " " + r.content_type + ", " + std::to_string(r.body.size()) + " bytes";
}

// Stage 4: canonical requests and snippet code, once per model (snippets do not depend on locale).
std::size_t build_snippets(const Loaded& l, SiteContext& ctx, std::vector<SnippetJob>* jobs, const std::vector<std::string>& targets,
                           int threads, const std::set<const void*>* needed = nullptr) {
  MockApi api(mock_models(l.catalog));
  // One slot per model, filled in parallel, then gathered in catalog order.
  const auto& models = l.catalog.models;
  std::vector<ModelExtras> extras(models.size());
  std::vector<std::vector<SnippetJob>> model_jobs(models.size());
  std::vector<std::size_t> counts(models.size(), 0);
  run_parallel(models.size(), threads, [&](std::size_t i, int) {
    const Model& m = models[i];
    if (needed && !jobs && !needed->count(&m)) return;
    for (const auto& endpoint : m.endpoints) {
      for (int variant = 0; variant < 2; ++variant) {
        bool stream = variant == 1;
        if (stream && !supports_streaming(endpoint)) continue;
        SnippetGroup g;
        g.endpoint = endpoint;
        g.stream = stream;
        g.request = canonical_request(m, endpoint, stream);
        for (const auto& target : l.config.snippets) {
          std::string code = render_snippet(g.request, target, l.config.api);
          ++counts[i];
          g.targets.push_back(target);
          g.code_html.push_back(html_escape_text(code));
          // Pages keep only the escaped code; the check keeps the code itself.
          if (jobs && (targets.empty() || std::find(targets.begin(), targets.end(), target) != targets.end()))
            model_jobs[i].push_back({m.id, m.source_path, endpoint, stream, target, l.config.locales, std::move(code), g.request});
        }
        g.example_response_html = html_escape_text(example_response(api, g.request));
        extras[i].snippets.push_back(std::move(g));
      }
    }
  });
  std::size_t n = 0;
  for (std::size_t i = 0; i < models.size(); ++i) {
    n += counts[i];
    if (jobs) for (auto& j : model_jobs[i]) jobs->push_back(std::move(j));
    ctx.extras[models[i].id] = std::move(extras[i]);
  }
  return n;
}

struct PageJob {
  std::string locale;  // whose strings the page uses
  std::string path;
  std::string template_name;
  std::function<TemplateData()> data;
  const Model* model = nullptr;  // the model or free page the page shows, if any
  const Page* page = nullptr;
  std::string fingerprint;       // of everything the page is made from
};

std::vector<PageJob> enumerate_pages(const SiteContext& ctx) {
  std::vector<PageJob> jobs;
  const SiteConfig& cfg = *ctx.config;
  auto add = [&](const std::string& locale, std::string path, const char* tmpl, std::function<TemplateData()> fn,
                 const Model* model = nullptr, const Page* page = nullptr) {
    PageJob j;
    j.locale = locale;
    j.path = std::move(path);
    j.template_name = tmpl;
    j.data = std::move(fn);
    j.model = model;
    j.page = page;
    jobs.push_back(std::move(j));
  };
  const std::string& def = cfg.default_locale;
  add(def, "index.html", "root", [&ctx] { return root_index_page(ctx); });
  add(def, "404.html", "404", [&ctx, &cfg] { return not_found_page(ctx, cfg.default_locale); });
  for (const auto& locale : cfg.locales) {
    add(locale, home_path(locale), "home", [&ctx, locale] { return home_page(ctx, locale); });
    for (const auto& list : list_pages(*ctx.catalog, locale))
      add(locale, list.path, list.template_name, [&ctx, locale, list] { return list.data(ctx, locale, list.page); });
    add(locale, not_found_path(locale), "404", [&ctx, locale] { return not_found_page(ctx, locale); });
    for (const auto& page : ctx.catalog->pages)
      add(locale, free_page_path(locale, page.slug), "page", [&ctx, &page, locale] { return free_page(ctx, page, locale); },
          nullptr, &page);
    for (const auto& m : ctx.catalog->models)
      add(locale, model_path(locale, m), "model", [&ctx, &m, locale] { return model_page(ctx, m, locale); }, &m);
  }
  return jobs;
}

// The output folder may be replaced only if modelsite wrote it (or it is empty / absent).
bool output_is_ours(const fs::path& out, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return true;
  if (!fs::is_directory(out, ec)) {
    diags.error(out.string(), "output-not-ours", "the output path exists and is not a folder; refusing to replace it");
    return false;
  }
  if (fs::is_empty(out, ec) || fs::exists(out / kMarker, ec)) return true;
  diags.error(out.string(), "output-not-ours",
              "the output folder is not empty and was not written by modelsite (no " + std::string(kMarker) +
                  " file); refusing to replace it. Choose another --out or empty it yourself");
  return false;
}

// Moves the finished temp folder into place; the previous output is kept until the swap is done.
bool swap_into_place(const fs::path& tmp, const fs::path& out, Diagnostics& diags) {
  std::error_code ec;
  fs::path old = out;
  old += ".old-" + std::to_string(::getpid());
  bool had_old = fs::exists(out, ec);
  if (had_old) {
    fs::rename(out, old, ec);
    if (ec) {
      diags.error(out.string(), "write-failed", "cannot move the previous output aside: " + ec.message());
      return false;
    }
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    diags.error(out.string(), "write-failed", "cannot move the new output into place: " + ec.message());
    if (had_old) fs::rename(old, out, ec);
    return false;
  }
  if (had_old) fs::remove_all(old, ec);
  return true;
}


CheckOptions check_options(const BuildOptions& opt, const Loaded& l) {
  CheckOptions co;
  co.jobs = worker_count(opt);
  co.api_base_url = l.config.api.base_url;
  co.key_env = l.config.api.key_env;
  co.cache_dir = opt.root / ".modelsite-cache";
  co.work_dir = fs::temp_directory_path() / ("modelsite-check-" + std::to_string(::getpid()));
  // The `openai` npm package for js-openai snippets: the site's own node_modules, else the one
  // installed next to modelsite (build/modelsite -> ./node_modules).
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path& candidate : {opt.root / "node_modules", exe.parent_path().parent_path() / "node_modules",
                                    exe.parent_path() / "node_modules"}) {
    if (fs::exists(candidate / "openai" / "package.json", ec)) {
      co.node_modules = fs::weakly_canonical(candidate, ec);
      break;
    }
  }
  co.progress = opt.check_progress;
  return co;
}

void write_reports(const BuildOptions& opt, const CheckReport& report, Diagnostics& diags) {
  if (!opt.report_json.empty() && !write_file(opt.report_json, report_json(report)))
    diags.error(opt.report_json.string(), "write-failed", "cannot write the JSON report");
  if (!opt.report_junit.empty() && !write_file(opt.report_junit, report_junit(report)))
    diags.error(opt.report_junit.string(), "write-failed", "cannot write the JUnit report");
}

// Runs the check stage; returns false when the build must stop.
bool run_check_stage(const BuildOptions& opt, const Loaded& l, std::vector<SnippetJob> jobs, BuildResult& res) {
  Stopwatch sw(res.stages, "check");
  if (!check_runtimes(l.config.snippets, check_options(opt, l).node_modules, res.diags)) {
    res.exit_code = 2;
    return false;
  }
  std::size_t n = jobs.size();
  CheckReport report = run_checks(std::move(jobs), mock_models(l.catalog), check_options(opt, l), res.diags);
  sw.done(n);
  write_reports(opt, report, res.diags);
  bool ok = report.failed == 0 && !res.diags.has_errors();
  res.check = std::move(report);
  if (!ok) res.exit_code = 1;
  return ok;
}


// --- Incremental builds -------------------------------------------------------------------
// A manifest in .modelsite-cache/ lists every file of an output folder with the fingerprint of
// what it was made from. A page whose fingerprint is unchanged (and whose file is still there) is
// neither rendered nor written again; with nothing changed, nothing is written at all. The
// manifest stays out of the output so that the site itself depends on the content alone.

struct Manifest {
  std::string stamp;  // input_stamp() of the build that wrote it
  std::map<std::string, std::string> files;  // path -> fingerprint
};

// The size and modification time of every input file, the binary and the options: when they
// are all as the last successful build saw them, nothing can have changed (the way make and
// ninja decide), and the build stops before reading any content.
std::string input_stamp(const BuildOptions& opt) {
  Hasher h;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  auto stat_of = [&](const fs::path& p) {
    h.add(display_path(opt.root, p));
    auto st = file_stamp(p);
    h.add(st ? std::to_string(st->first) + " " + std::to_string(st->second) : "-");
  };
  stat_of(exe);
  h.add(opt.check ? "check" : "no-check").add(opt.strict ? "strict" : "");
  stat_of(opt.root / "site.json");
  std::vector<fs::path> files;
  for (const char* dir : {"content", "locales", "templates"})
    for (fs::recursive_directory_iterator it(opt.root / dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) stat_of(f);
  return h.hex();
}

constexpr const char* kManifestHeader = "modelsite build manifest 1\n";
constexpr const char* kMarkerText = "This folder is written by `modelsite build` and replaced on every build.\n";

fs::path manifest_path(const fs::path& root, const fs::path& out) {
  std::error_code ec;
  return root / ".modelsite-cache" / "builds" / (hash_hex(fs::weakly_canonical(fs::absolute(out), ec).string()) + ".manifest");
}

std::string manifest_text(const Manifest& m) {
  std::string out = kManifestHeader;
  out += "stamp " + m.stamp + "\n";
  for (const auto& [path, fp] : m.files) out += fp + " " + path + "\n";
  return out;
}

std::optional<Manifest> read_manifest(const fs::path& root, const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out / kMarker, ec)) return std::nullopt;  // a folder we did not write, or none
  auto text = read_file(manifest_path(root, out));
  if (!text || !starts_with(*text, kManifestHeader)) return std::nullopt;
  Manifest m;
  std::size_t pos = std::string_view(kManifestHeader).size();
  while (pos < text->size()) {
    std::size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) nl = text->size();
    std::string line = text->substr(pos, nl - pos);
    std::size_t sp = line.find(' ');
    if (starts_with(line, "stamp ")) m.stamp = line.substr(6);
    else if (sp != std::string::npos) m.files[line.substr(sp + 1)] = line.substr(0, sp);
    pos = nl + 1;
  }
  return m;
}

// Everything every page depends on: the program itself, configuration, locales, templates,
// providers and endpoint references.
std::string global_fingerprint(const fs::path& root, const Loaded& l) {
  Hasher h;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  h.add(exe.string()).add(std::to_string(fs::file_size(exe, ec)));
  auto mtime = fs::last_write_time(exe, ec).time_since_epoch().count();
  h.add(std::to_string(mtime));
  if (auto t = read_file(root / "site.json")) h.add(*t);
  for (const auto& b : l.bundles) h.add(b.tag).add(b.file.text());
  h.add(l.templates->fingerprint());
  for (const char* dir : {"providers", "endpoints"})
    for (const auto& p : list_files(root / "content" / dir, ".json"))
      if (auto t = read_file(p)) h.add(p.filename().string()).add(*t);
  for (const auto& p : list_files(root / "templates" / "assets", ""))
    if (auto t = read_file(p)) h.add(p.filename().string()).add(*t);
  return h.hex();
}

// The data of every model (not its prose) and every free page: what lists of all models show.
std::string catalog_fingerprint(const Catalog& cat) {
  Hasher all;
  for (const auto& m : cat.models) all.add(m.data_hash);
  for (const auto& p : cat.pages) all.add(p.slug).add(p.source_hash);
  return all.hex();
}

void fingerprint_pages(std::vector<PageJob>& pages, const Catalog& cat, const std::string& global,
                       const std::string& everything) {
  for (auto& job : pages) {
    Hasher h;
    h.add(global).add(job.locale).add(job.path).add(job.template_name);
    if (job.model) {
      h.add(job.model->source_hash);
      // Related cards and replacement links show other models' names, prices and status.
      for (const Model* r : related_models(cat, *job.model)) h.add(r->data_hash);
      for (const auto& id : job.model->replacements)
        if (const Model* r = cat.model(id)) h.add(r->data_hash);
    } else if (job.page) {
      h.add(job.page->source_hash);
    } else if (job.template_name != "404" && job.template_name != "root") {
      h.add(everything);  // home, catalog, pricing, deprecations, endpoints list every model
    }
    job.fingerprint = h.hex();
  }
}

void remove_with_empty_parents(const fs::path& out, const std::string& rel) {
  std::error_code ec;
  fs::path p = out / rel;
  fs::remove(p, ec);
  for (p = p.parent_path(); p != out && fs::is_directory(p, ec) && fs::is_empty(p, ec); p = p.parent_path())
    fs::remove(p, ec);
}

}  // namespace

int default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : static_cast<int>(n);
}

std::vector<MockModel> mock_models(const Catalog& catalog) {
  std::vector<MockModel> out;
  for (const auto& m : catalog.models) out.push_back({m.id, m.provider, m.endpoints});
  return out;
}

std::optional<LoadedCatalog> load_for_mock(const fs::path& root, Diagnostics& diags) {
  auto cfg = load_site_config(root, diags);
  if (!cfg) return std::nullopt;
  auto cat = load_catalog(root, *cfg, diags);
  if (!cat) return std::nullopt;
  return LoadedCatalog{std::move(*cfg), std::move(*cat)};
}

BuildResult check_site(const BuildOptions& opt) {
  BuildResult res;
  auto l = load_all(opt, res, false);
  if (!l) {
    res.exit_code = 1;
    return res;
  }
  SiteContext ctx;
  ctx.config = &l->config;
  ctx.catalog = &l->catalog;
  std::vector<SnippetJob> jobs;
  Stopwatch sw(res.stages, "snippets");
  build_snippets(*l, ctx, &jobs, opt.targets, worker_count(opt));
  sw.done(jobs.size());
  run_check_stage(opt, *l, std::move(jobs), res);
  return res;
}

BuildResult build_site(const BuildOptions& opt) {
  BuildResult res;
  int jobs = worker_count(opt);
  if (!output_is_ours(opt.out, res.diags)) {
    res.exit_code = 2;
    return res;
  }
  // Nothing changed since the last successful build into this folder: nothing to do.
  std::string stamp = input_stamp(opt);
  bool wants_reports = !opt.report_json.empty() || !opt.report_junit.empty();
  if (auto last = read_manifest(opt.root, opt.out); last && last->stamp == stamp && !wants_reports) {
    Stopwatch sw(res.stages, "plan");
    std::vector<std::string> paths;
    for (const auto& f : last->files) paths.push_back(f.first);
    auto exist = files_exist(opt.out, paths, jobs);
    bool complete = std::all_of(exist.begin(), exist.end(), [](char e) { return e != 0; });
    sw.done(0);
    if (complete) {
      res.pages = static_cast<std::size_t>(std::count_if(last->files.begin(), last->files.end(),
                                                         [](const auto& f) { return ends_with(f.first, ".html"); }));
      return res;
    }
  }
  auto l = load_all(opt, res, true);
  if (!l) {
    res.exit_code = 1;
    return res;
  }

  // Localizers and their string tables, once per locale.
  SiteContext ctx;
  ctx.config = &l->config;
  ctx.catalog = &l->catalog;
  {
    Stopwatch sw(res.stages, "i18n");
    for (const auto& locale : l->config.locales) {
      ctx.localizers[locale] = std::make_unique<Localizer>(l->bundles, locale, l->config.default_locale);
      TemplateData shared;
      shared.set("t", build_strings(*ctx.localizers[locale]));
      ctx.strings[locale] = std::move(shared);
      ctx.cards.emplace(locale, l->catalog.models.size());
      for (const auto& m : l->catalog.models)
        if (m.pricing) ctx.localizers[locale]->prepare_currency(m.pricing->currency);
      ctx.localizers[locale]->prepare_currency("USD");
    }
    report_translation_gaps(*l, res.diags);
    sw.done(l->config.locales.size());
    if (res.diags.has_errors()) {
      res.exit_code = 1;
      return res;
    }
  }
  // Assets, addressed with a content hash so browsers never keep a stale copy.
  std::vector<std::pair<std::string, std::string>> files;  // path -> content, besides pages
  for (const auto& path : list_files(opt.root / "templates" / "assets", "")) {
    auto content = read_file(path);
    if (!content) continue;
    std::string name = path.filename().string();
    files.emplace_back("assets/" + name, *content);
    if (ends_with(name, ".css") && !ctx.assets.count("css")) ctx.assets["css"] = "assets/" + name + "?v=" + hash_hex(*content).substr(0, 10);
    if (ends_with(name, ".js") && !ctx.assets.count("js")) ctx.assets["js"] = "assets/" + name + "?v=" + hash_hex(*content).substr(0, 10);
  }
  if (!ctx.assets.count("css")) ctx.assets["css"] = "assets/style.css";
  if (!ctx.assets.count("js")) ctx.assets["js"] = "assets/site.js";

  // Which pages must be rendered: those whose inputs changed since the output was written.
  std::vector<PageJob> pages = enumerate_pages(ctx);
  std::optional<Manifest> previous = read_manifest(opt.root, opt.out);
  std::vector<std::size_t> dirty;
  std::set<const void*> needed;  // models and free pages whose bodies and snippets are needed
  const std::string global = global_fingerprint(opt.root, *l);
  const std::string everything = catalog_fingerprint(l->catalog);
  {
    Stopwatch sw(res.stages, "plan");
    fingerprint_pages(pages, l->catalog, global, everything);
    // A page is rendered again unless its inputs are those of the last build and its file is there.
    std::vector<std::size_t> unchanged;
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      if (!previous) break;
      auto it = previous->files.find(pages[i].path);
      if (it == previous->files.end() || it->second != pages[i].fingerprint) continue;
      unchanged.push_back(i);
      paths.push_back(pages[i].path);
    }
    auto exist = files_exist(opt.out, paths, jobs);
    std::vector<char> same(pages.size(), 0);
    for (std::size_t k = 0; k < unchanged.size(); ++k) same[unchanged[k]] = exist[k];
    for (std::size_t i = 0; i < pages.size(); ++i) {
      if (same[i]) continue;
      dirty.push_back(i);
      if (pages[i].model) needed.insert(pages[i].model);
      if (pages[i].page) needed.insert(pages[i].page);
    }
    sw.done(dirty.size());
  }
  // Markdown is parsed on one thread (cmark-gfm is not thread-safe) while the other workers
  // build the snippets; the two touch different parts of the catalog (bodies / ids, endpoints).
  std::vector<StageTiming> markdown_stage;
  std::vector<SnippetJob> check_jobs;
  {
    std::jthread markdown([&] {
      Stopwatch sw(markdown_stage, "markdown");
      sw.done(render_bodies(*l, ctx.localizers, needed));
    });
    Stopwatch sw(res.stages, "snippets");
    sw.done(build_snippets(*l, ctx, opt.check ? &check_jobs : nullptr, {}, jobs, &needed));
  }
  res.stages.insert(res.stages.end() - 1, markdown_stage.begin(), markdown_stage.end());
  if (opt.check && !run_check_stage(opt, *l, std::move(check_jobs), res)) return res;

  // Render the pages that changed, in parallel; each worker has its own compiled templates.
  // Each page is written as soon as it is rendered, under a temporary name: into a sibling temp
  // folder on the first build, next to its final name when updating in place. Nothing under a
  // final name changes until every page has rendered without error.
  fs::path out = opt.out;
  std::error_code ec;
  fs::path tmp_dir = out;
  tmp_dir += ".tmp-" + std::to_string(::getpid());
  const std::string tmp_suffix = ".tmp-" + std::to_string(::getpid());
  bool in_place = previous.has_value();
  if (!in_place) fs::remove_all(tmp_dir, ec);
  auto staged = [&](const std::string& path) {
    if (in_place) {
      fs::path p = out / path;
      p += tmp_suffix;
      return p;
    }
    return tmp_dir / path;
  };
  std::atomic<bool> failed{false};
  std::atomic<std::size_t> written{0};
  std::vector<Diagnostics> worker_diags(static_cast<std::size_t>(jobs));
  // Fragments shared by many pages, rendered once: each endpoint's parameter table per locale.
  if (l->templates->has("partials/api-params")) {
    auto r = l->templates->renderer();
    for (const auto& locale : l->config.locales)
      for (const auto& [endpoint, doc] : l->catalog.endpoints) {
        if (doc.parameters.empty()) continue;
        std::string html = r.render("partials/api-params", api_params(ctx, endpoint, locale), worker_diags[0],
                                    &ctx.strings.at(locale));
        if (!html.empty() && html.back() == '\n') html.pop_back();  // the line end of the template file
        ctx.params_html[locale][endpoint] = std::move(html);
      }
  }
  {
    Stopwatch sw(res.stages, "render");
    std::vector<std::optional<TemplateSet::Renderer>> renderers(static_cast<std::size_t>(jobs));
    run_parallel(dirty.size(), jobs, [&](std::size_t k, int t) {
      std::size_t i = dirty[k];
      auto& r = renderers[static_cast<std::size_t>(t)];
      if (!r) r = l->templates->renderer();
      Diagnostics& d = worker_diags[static_cast<std::size_t>(t)];
      std::size_t errors = d.error_count();
      std::string html = r->render(pages[i].template_name, pages[i].data(), d, &ctx.strings.at(pages[i].locale));
      if (d.error_count() > errors) return;
      if (!write_file(staged(pages[i].path), html)) failed = true;
      ++written;
    });
    sw.done(dirty.size());
  }
  auto discard_staged = [&] {
    if (!in_place) {
      fs::remove_all(tmp_dir, ec);
      return;
    }
    for (std::size_t i : dirty) remove_with_empty_parents(out, pages[i].path + tmp_suffix);
  };
  for (auto& d : worker_diags) {
    // One report per template problem, not one per page.
    for (const auto& item : d.items()) res.diags.add_unique(item);
  }
  for (const auto& locale : l->config.locales)
    for (const auto& key : ctx.localizers[locale]->missing())
      res.diags.error("locales/" + l->config.default_locale + ".json", "missing-message",
                      "message `" + key + "` is used by the pages but defined in no locale");
  if (failed) res.diags.error(out.string(), "write-failed", "cannot write the output files");
  if (res.diags.has_errors()) {
    discard_staged();
    res.exit_code = 1;
    return res;
  }
  res.pages = pages.size();
  Manifest manifest;
  manifest.stamp = stamp;
  for (const auto& p : pages) manifest.files[p.path] = p.fingerprint;
  for (const auto& [path, content] : files) manifest.files[path] = hash_hex(content);
  // Files made from the whole catalog's data, like the list pages: made again (and written) only
  // when that data, the configuration or the program changed, not after a prose edit.
  std::vector<std::pair<std::string, std::function<std::string()>>> derived = {
      {"robots.txt", [&] { return robots_txt(l->config.base_url); }},
      {"api/models.json", [&] { return models_json(l->catalog, l->config); }}};
  std::vector<SitemapFile> sitemaps = sitemap_files(sitemap_urls(ctx), l->config.base_url, opt.sitemap_limits);
  for (auto& sitemap : sitemaps) derived.emplace_back(sitemap.path, [&sitemap] { return std::move(sitemap.content); });
  for (const auto& [path, make] : derived) {
    std::string fingerprint = Hasher().add(global).add(path).add(everything).hex();
    manifest.files[path] = fingerprint;
    bool same = previous && previous->files.count(path) && previous->files.at(path) == fingerprint &&
                fs::exists(out / path, ec);
    if (!same) files.emplace_back(path, make());
  }

  Stopwatch sw(res.stages, "write");
  if (!in_place) {
    // First build into this folder: finish the temp folder, then swap it into place.
    files.emplace_back(kMarker, kMarkerText);
    run_parallel(files.size(), jobs, [&](std::size_t i, int) {
      if (!write_file(tmp_dir / files[i].first, files[i].second)) failed = true;
      ++written;
    });
    if (failed || !swap_into_place(tmp_dir, out, res.diags)) {
      fs::remove_all(tmp_dir, ec);
      if (failed) res.diags.error(out.string(), "write-failed", "cannot write the output files");
      res.exit_code = 1;
      return res;
    }
  } else {
    // Update in place: stage the other changed files too, then rename everything into place and
    // drop the files of pages that no longer exist.
    std::vector<std::string> changed;
    for (std::size_t i : dirty) changed.push_back(pages[i].path);
    for (const auto& [path, content] : files) {
      auto it = previous->files.find(path);
      if (it != previous->files.end() && it->second == manifest.files.at(path) && fs::exists(out / path, ec)) continue;
      if (!write_file(staged(path), content)) failed = true;
      changed.push_back(path);
      ++written;
    }
    if (failed) {
      for (const auto& path : changed) remove_with_empty_parents(out, path + tmp_suffix);
      res.diags.error(out.string(), "write-failed", "cannot write the output files");
      res.exit_code = 1;
      return res;
    }
    for (const auto& path : changed) fs::rename(staged(path), out / path, ec);
    for (const auto& [path, fp] : previous->files)
      if (!manifest.files.count(path)) remove_with_empty_parents(out, path);
  }
  // The manifest changes only when some file did.
  fs::path mpath = manifest_path(opt.root, out);
  std::string mtext = manifest_text(manifest);
  if (read_file(mpath) != mtext) write_file(mpath, mtext);
  res.files_written = written;
  sw.done(written);
  return res;
}

}  // namespace ms
