#include "site/site.h"
#include "site/glossary_check.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "core/hash.h"
#include "core/json_source.h"
#include "core/parallel.h"
#include "core/text.h"
#include "i18n/message_keys.h"
#include "markdown/markdown.h"
#include "site/output.h"
#include "site/pages.h"
#include "site/memo_file.h"
#include "site/reader_data.h"
#include "site/sitemap.h"
#include "site/snippet_stage.h"
#include "templates/templates.h"
#include "viewmodel/template_data.h"
#include "viewmodel/viewmodel.h"

namespace ms {

namespace {


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
std::optional<Loaded> load_all(const BuildOptions& opt, BuildResult& res, bool need_templates,
                               const FileStats* sources = nullptr) {
  Loaded l;
  Stopwatch sw(res.stages, "load");
  auto cfg = load_site_config(opt.root, res.diags);
  if (!cfg) return std::nullopt;
  l.config = std::move(*cfg);
  if (opt.strict) l.config.strict = true;
  l.bundles = load_locale_bundles(opt.root, l.config, res.diags);
  auto cat = load_catalog(opt.root, l.config, res.diags, worker_count(opt), opt.memo ? &opt.memo->catalog : nullptr, sources);
  if (need_templates) l.templates = TemplateSet::load(opt.root, res.diags);
  if (l.templates) report_unknown_messages(*l.templates, l.bundles, res.diags);
  sw.done(cat ? cat->models.size() : 0);
  if (!cat || res.diags.has_errors()) return std::nullopt;
  l.catalog = std::move(*cat);
  return l;
}

// Parameter descriptions of the endpoint references without a translation: like prose, one
// warning per description under --strict, else one summary per locale.
void report_parameter_gaps(const Loaded& l, Diagnostics& gaps) {
  const std::string& def = l.config.default_locale;
  for (const auto& locale : l.config.locales) {
    if (locale == def) continue;
    std::size_t missing = 0, total = 0;
    for (const auto& [id, endpoint] : l.catalog.endpoints)
      for (const auto& p : endpoint.parameters) {
        if (!p.description.count(def) && !p.description.count("")) continue;
        ++total;
        if (p.description.count(locale)) continue;
        ++missing;
        if (l.config.strict)
          gaps.warning(endpoint.source_path, "missing-translation",
                       "no `" + locale + "` description of parameter `" + p.name + "`; pages show the `" + def + "` text");
      }
    if (missing > 0 && !l.config.strict)
      gaps.warning("locales/" + locale + ".json", "missing-translation",
                   std::to_string(missing) + " of " + std::to_string(total) + " parameter descriptions have no `" + locale +
                       "` translation; pages show the `" + def + "` text");
  }
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
  report_parameter_gaps(l, gaps);
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
      o.alert_titles[k] = locs.at(locale)->message(key<"alert.">(k));
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
      RenderedMarkdown rendered = render_markdown(body.markdown, options.at(locale));
      body.html = std::move(rendered.html);
      body.title = std::move(rendered.title);
      ++n;
    }
  }
  return n;
}

// The output folder may be replaced only if modelsite wrote it (or it is empty / absent).
bool output_is_ours(const fs::path& out, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return true;
  if (!fs::is_directory(out, ec)) {
    diags.error(out.string(), "output-not-ours", "the output path exists and is not a folder; refusing to replace it");
    return false;
  }
  if (fs::is_empty(out, ec) || fs::exists(out / kOutputMarker, ec)) return true;
  diags.error(out.string(), "output-not-ours",
              "the output folder is not empty and was not written by modelsite (no " + std::string(kOutputMarker) +
                  " file); refusing to replace it. Choose another --out or empty it yourself");
  return false;
}

// Work folders that killed checks left in the temp folder: their process no longer exists.
void remove_abandoned_work_dirs() {
  std::error_code ec;
  const std::string prefix = "modelsite-check-";
  for (fs::directory_iterator it(fs::temp_directory_path(ec), ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) continue;
    std::string digits = name.substr(prefix.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) continue;
    if (::kill(static_cast<pid_t>(std::stol(digits)), 0) != 0 && errno == ESRCH) {
      std::error_code rm;
      fs::remove_all(it->path(), rm);
    }
  }
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
  co.shard_index = opt.shard_index;
  co.shard_count = opt.shard_count;
  co.in_process = opt.in_process;
  return co;
}

void write_reports(const BuildOptions& opt, const CheckReport& report, Diagnostics& diags) {
  if (!opt.report_json.empty() && !write_file(opt.report_json, report_json(report)))
    diags.error(opt.report_json.string(), "write-failed", "cannot write the JSON report");
  if (!opt.report_junit.empty() && !write_file(opt.report_junit, report_junit(report)))
    diags.error(opt.report_junit.string(), "write-failed", "cannot write the JUnit report");
}

// Runs the check stage; returns false when the build must stop.
template <typename Snippets>
bool run_check_stage(const BuildOptions& opt, const Loaded& l, Snippets jobs, BuildResult& res) {
  Stopwatch sw(res.stages, "check");
  if (!check_runtimes(l.config.snippets, check_options(opt, l).node_modules, res.diags)) {
    res.exit_code = 2;
    return false;
  }
  std::size_t n = jobs.size();
  remove_abandoned_work_dirs();
  CheckReport report = run_checks(std::move(jobs), mock_models(l.catalog), check_options(opt, l), res.diags);
  sw.done(n);
  write_reports(opt, report, res.diags);
  bool ok = report.failed == 0 && !res.diags.has_errors();
  res.check = std::move(report);
  if (!ok) res.exit_code = 1;
  return ok;
}


// Localizers and their string tables, once per locale; translation gaps reported.
bool prepare_locales(const fs::path& root, const Loaded& l, SiteContext& ctx, BuildResult& res) {
  Stopwatch sw(res.stages, "i18n");
  for (const auto& locale : l.config.locales) {
    ctx.localizers[locale] = std::make_unique<Localizer>(l.bundles, locale, l.config.default_locale);
    TemplateData shared;
    shared.set("t", build_strings(*ctx.localizers[locale]));
    ctx.strings[locale] = std::move(shared);
    ctx.cards.emplace(locale, l.catalog.models.size());
    for (const auto& m : l.catalog.models)
      if (m.pricing) ctx.localizers[locale]->prepare_currency(m.pricing->currency);
    ctx.localizers[locale]->prepare_currency("USD");
  }
  report_translation_gaps(l, res.diags);
  check_glossaries(root, l.config, l.bundles, l.catalog, res.diags);
  sw.done(l.config.locales.size());
  return !res.diags.has_errors();
}

// Assets, addressed with a content hash so browsers never keep a stale copy. Each file's URL is
// ctx.assets[name with '.' as '_'] ("lists_js"); "css" and "js" are the stylesheet and script every
// page links (style.css and site.js, else the first of each kind).
std::vector<std::pair<std::string, std::string>> load_assets(const fs::path& root, SiteContext& ctx) {
  std::vector<std::pair<std::string, std::string>> files;  // path -> content
  std::string first_css, first_js;
  for (const auto& path : list_files(root / "templates" / "assets", "")) {
    auto content = read_file(path);
    if (!content) continue;
    std::string name = path.filename().string();
    files.emplace_back("assets/" + name, *content);
    std::string url = "assets/" + name + "?v=" + hash_hex(*content).substr(0, 10);
    std::string key = name;
    std::replace(key.begin(), key.end(), '.', '_');
    ctx.assets[key] = url;
    if (ends_with(name, ".css") && first_css.empty()) first_css = url;
    if (ends_with(name, ".js") && first_js.empty()) first_js = url;
  }
  auto pick = [&](const char* key, const std::string& first, const char* fallback) {
    ctx.assets[key] = ctx.assets.count(fallback) ? ctx.assets[fallback] : !first.empty() ? first : "";
  };
  pick("css", first_css, "style_css");
  pick("js", first_js, "site_js");
  if (ctx.assets["css"].empty()) ctx.assets["css"] = "assets/style.css";
  if (ctx.assets["js"].empty()) ctx.assets["js"] = "assets/site.js";
  return files;
}

// Files made from the whole catalog's data, like the list pages: made again (and written) only
// when that data, the configuration or the program changed, not after a prose edit.
struct DerivedFile {
  std::string path, fingerprint;
  std::function<std::string()> make;
};
std::vector<DerivedFile> derived_files(const Loaded& l, SiteContext& ctx, const std::string& global,
                                       const std::string& everything, const BuildOptions& opt, DerivedMemo* disk) {
  std::vector<DerivedFile> out = {
      {"robots.txt", "", [&l] { return robots_txt(l.config.base_url); }},
      {"api/models.json", "", [&l] { return models_json(l.catalog, l.config); }}};
  auto make_sitemaps = [&l, &ctx, &opt] { return sitemap_files(sitemap_urls(ctx), l.config.base_url, opt.sitemap_limits); };
  const std::string sitemaps_print = Hasher().add(global).add(everything).add(std::to_string(opt.sitemap_limits.max_urls))
                                         .add(std::to_string(opt.sitemap_limits.max_bytes)).hex();
  KeptSitemaps* kept = opt.memo ? &opt.memo->sitemaps : &disk->sitemaps;
  if (kept->fingerprint == sitemaps_print) {
    // The same inputs give the same files: they are made only if one of them must be written.
    auto made = std::make_shared<std::optional<std::vector<SitemapFile>>>();
    for (std::size_t i = 0; i < kept->paths.size(); ++i)
      out.push_back({kept->paths[i], "", [made, make_sitemaps, i] {
                       if (!*made) *made = make_sitemaps();
                       return i < (*made)->size() ? std::move((**made)[i].content) : std::string();
                     }});
  } else {
    auto files = make_sitemaps();
    kept->fingerprint = sitemaps_print;
    kept->paths.clear();
    for (const auto& file : files) kept->paths.push_back(file.path);
    for (auto& file : files) out.push_back({file.path, "", [content = std::move(file.content)] { return content; }});
  }
  for (auto& d : out) d.fingerprint = Hasher().add(global).add(d.path).add(everything).hex();
  for (auto& f : reader_data_files(ctx, global, everything, opt.memo ? &opt.memo->search : nullptr,
                                   opt.memo ? &opt.memo->rows : &disk->rows, opt.memo ? nullptr : disk))
    out.push_back({f.path, f.fingerprint, std::move(f.make)});
  return out;
}

// The plan: every file of the new generation with its fingerprint; the pages whose file must be
// rendered (neither the published tree nor the spare has it) and what they need.
struct Plan {
  std::vector<std::size_t> dirty;
  std::set<const void*> needed;  // models and free pages whose bodies and snippets are needed
};
Plan plan_output(SiteOutput& output, const std::vector<PageJob>& pages,
                 const std::vector<std::pair<std::string, std::string>>& assets,
                 const std::vector<DerivedFile>& derived, const std::string& stamp, int jobs) {
  Manifest target;
  target.stamp = stamp;
  for (const auto& p : pages) target.files[p.path] = p.fingerprint;
  for (const auto& [path, content] : assets) target.files[path] = hash_hex(content);
  for (const auto& d : derived) target.files[d.path] = d.fingerprint;
  output.plan(std::move(target), jobs);
  Plan plan;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (!output.needs(pages[i].path)) continue;
    plan.dirty.push_back(i);
    if (pages[i].model) plan.needed.insert(pages[i].model);
    if (pages[i].page) plan.needed.insert(pages[i].page);
  }
  return plan;
}

// Fragments shared by many pages, rendered once: each endpoint's parameter table per locale.
Fragments render_fragments(const Loaded& l, const SiteContext& ctx, Diagnostics& out) {
  Fragments fragments;
  if (!l.templates->has("partials/api-params")) return fragments;
  auto r = l.templates->renderer();
  Diagnostics diags;
  for (const auto& locale : l.config.locales)
    for (const auto& [endpoint, doc] : l.catalog.endpoints) {
      if (doc.parameters.empty()) continue;
      std::string html = r.render("partials/api-params", to_data(api_params_view(ctx, endpoint, locale)), diags, &ctx.strings.at(locale));
      if (!html.empty() && html.back() == '\n') html.pop_back();  // the line end of the template file
      fragments.params[locale][endpoint] = std::move(html);
    }
  for (const auto& item : diags.items()) out.add_unique(item);  // once, not once per locale
  return fragments;
}

// Renders the planned pages in parallel (each worker has its own compiled templates) and writes
// each into the new generation as soon as it is rendered. Returns false on any error.
bool render_pages(const Loaded& l, const SiteContext& ctx, const Fragments& fragments, const std::vector<PageJob>& pages,
                  const Plan& plan, SiteOutput& output, int jobs, BuildResult& res) {
  Stopwatch sw(res.stages, "render");
  std::vector<Diagnostics> worker_diags(static_cast<std::size_t>(jobs));
  std::vector<std::optional<TemplateSet::Renderer>> renderers(static_cast<std::size_t>(jobs));
  run_parallel(plan.dirty.size(), jobs, [&](std::size_t k, int t) {
    const PageJob& page = pages[plan.dirty[k]];
    auto& r = renderers[static_cast<std::size_t>(t)];
    if (!r) r = l.templates->renderer();
    Diagnostics& d = worker_diags[static_cast<std::size_t>(t)];
    std::size_t errors = d.error_count();
    std::string html = r->render(page.template_name, page.data(fragments), d, &ctx.strings.at(page.locale));
    if (d.error_count() == errors) output.write(page.path, html);
  });
  sw.done(plan.dirty.size());
  // One report per template problem, not one per page.
  for (auto& d : worker_diags)
    for (const auto& item : d.items()) res.diags.add_unique(item);
  for (const auto& locale : l.config.locales)
    for (const auto& key : ctx.localizers.at(locale)->missing())
      res.diags.error("locales/" + l.config.default_locale + ".json", "missing-message",
                      "message `" + key + "` is used by the pages but defined in no locale");
  return !res.diags.has_errors();
}

// Nothing changed since the last successful build into this folder: nothing to do.
bool nothing_to_do(const BuildOptions& opt, const SiteOutput& output, const std::string& stamp, int jobs, BuildResult& res) {
  bool wants_reports = !opt.report_json.empty() || !opt.report_junit.empty();
  const auto& last = output.published();
  if (!last || last->stamp != stamp || wants_reports) return false;
  Stopwatch sw(res.stages, "plan");
  bool complete = output.published_complete(jobs);
  sw.done(0);
  if (complete)
    res.pages = static_cast<std::size_t>(std::count_if(last->files.begin(), last->files.end(),
                                                       [](const auto& f) { return ends_with(f.first, ".html"); }));
  return complete;
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
  // A model's snippet texts are made only when the check's cache has no results for its data.
  std::vector<std::string> targets;
  for (const auto& t : l->config.snippets)
    if (opt.targets.empty() || std::find(opt.targets.begin(), opt.targets.end(), t) != opt.targets.end()) targets.push_back(t);
  std::string basis = Hasher().add(l->config.api.base_url).add(l->config.api.key_env).hex();
  for (const auto& t : targets) basis += "," + t;
  for (const auto& locale : l->config.locales) basis += ";" + locale;
  std::vector<ModelSnippets> models;
  for (const auto& m : l->catalog.models)
    models.push_back({m.id, m.source_path, basis + "\n" + m.data_hash, [&l, &m, targets] { return model_check_jobs(l->config, m, targets); }});
  run_check_stage(opt, *l, std::move(models), res);
  return res;
}

bool fill_spare_output(const BuildOptions& opt, Diagnostics& diags) {
  auto lock = OutputLock::try_take(opt.out);
  if (!lock.held()) return true;  // a build is writing it: nothing to fill while idle
  if (!output_is_ours(opt.out, diags)) return false;
  SiteOutput output(opt.root, opt.out);
  return output.fill_spare(worker_count(opt), diags);
}

// The stages in the order they run. Nothing in --out changes before the last one: every file of
// the new generation goes into the spare folder, which replaces --out in one atomic swap
// (src/site/output.h), so a failure or a crash at any point leaves the previous site whole.
BuildResult build_site(const BuildOptions& opt) {
  BuildResult res;
  int jobs = worker_count(opt);
  auto fail = [&res](int code) {
    res.exit_code = code;
    return res;
  };
  auto lock = OutputLock::wait_for(opt.out);
  if (!output_is_ours(opt.out, res.diags)) return fail(2);
  SiteOutput output(opt.root, opt.out);
  Stopwatch stamp_sw(res.stages, "stamp");
  FileStats sources;
  const std::string stamp = input_stamp(opt, sources);
  stamp_sw.done(0);
  // A memo that no build has filled yet is filled by this one, even when the output is current.
  if ((!opt.memo || opt.memo->filled || opt.current_is_enough) && nothing_to_do(opt, output, stamp, jobs, res)) return res;
  auto l = load_all(opt, res, true, &sources);
  if (!l) return fail(1);
  SiteContext ctx;
  ctx.config = &l->config;
  ctx.catalog = &l->catalog;
  if (!prepare_locales(opt.root, *l, ctx, res)) return fail(1);
  auto assets = load_assets(opt.root, ctx);

  // Which files must be made: those whose inputs changed since the output was written.
  Stopwatch derived_sw(res.stages, "derive");  // the pages, and the files made from the whole catalog
  std::vector<PageJob> pages = enumerate_pages(ctx);
  const std::string global = global_fingerprint(opt.root, l->bundles, *l->templates);
  const std::string everything = catalog_fingerprint(l->catalog);
  // serve keeps its memo in memory; a build on its own starts from what the last build of this
  // project left on disk (src/site/memo_file.h).
  std::optional<DerivedMemo> disk;
  if (!opt.memo) disk.emplace(opt.root / ".modelsite-cache" / "derived");
  auto derived = derived_files(*l, ctx, global, everything, opt, disk ? &*disk : nullptr);
  if (disk) disk->commit();
  derived_sw.done(derived.size());
  if (opt.memo) opt.memo->filled = true;
  Plan plan;
  {
    Stopwatch sw(res.stages, "plan");
    fingerprint_pages(pages, l->catalog, global, everything);
    plan = plan_output(output, pages, assets, derived, stamp, jobs);
    sw.done(plan.dirty.size());
  }
  // Markdown is parsed on one thread (cmark-gfm is not thread-safe) while the other workers
  // build the snippets; the two touch different parts of the catalog (bodies / ids, endpoints).
  std::vector<StageTiming> markdown_stage;
  std::vector<SnippetJob> check_jobs;
  {
    std::jthread markdown([&] {
      Stopwatch sw(markdown_stage, "markdown");
      sw.done(render_bodies(*l, ctx.localizers, plan.needed));
    });
    Stopwatch sw(res.stages, "snippets");
    sw.done(build_snippets(l->config, l->catalog, ctx, opt.check ? &check_jobs : nullptr, {}, jobs, &plan.needed));
  }
  res.stages.insert(res.stages.end() - 1, markdown_stage.begin(), markdown_stage.end());
  if (opt.check && !run_check_stage(opt, *l, std::move(check_jobs), res)) return res;

  {
    Stopwatch sw(res.stages, "link");
    if (!output.prepare(jobs, res.diags)) return fail(1);
    sw.done(output.files_linked());
  }
  Stopwatch fragments_sw(res.stages, "fragments");
  Fragments fragments = render_fragments(*l, ctx, res.diags);
  fragments_sw.done(fragments.params.empty() ? 0 : fragments.params.size() * fragments.params.begin()->second.size());
  if (!render_pages(*l, ctx, fragments, pages, plan, output, jobs, res)) return fail(1);
  res.pages = pages.size();
  {
    // The files made from the whole catalog: list data, search index, sitemap, api/models.json.
    Stopwatch data(res.stages, "data");
    std::size_t made = 0;
    for (const auto& d : derived)
      if (output.needs(d.path)) output.write(d.path, d.make()), ++made;
    data.done(made);
  }
  Stopwatch sw(res.stages, "write");
  for (const auto& [path, content] : assets)
    if (output.needs(path)) output.write(path, content);
  if (!output.writes_ok(res.diags) || !output.publish(res.diags)) return fail(1);
  res.files_written = output.files_written();
  sw.done(res.files_written);
  return res;
}

}  // namespace ms
