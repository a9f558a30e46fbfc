#include "site/pages.h"

#include <algorithm>

#include "core/hash.h"
#include "core/text.h"
#include "viewmodel/template_data.h"

namespace ms {

std::vector<PageJob> enumerate_pages(const SiteContext& ctx) {
  std::vector<PageJob> jobs;
  const SiteConfig& cfg = *ctx.config;
  auto add = [&](const std::string& locale, std::string path, const char* tmpl, std::function<TemplateData(const Fragments&)> fn,
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
  add(def, "index.html", "root", [&ctx](const Fragments&) { return to_data(root_index_view(ctx)); });
  add(def, "404.html", "404", [&ctx, &cfg](const Fragments&) { return to_data(not_found_view(ctx, cfg.default_locale)); });
  for (const auto& locale : cfg.locales) {
    add(locale, home_path(locale), "home", [&ctx, locale](const Fragments&) { return to_data(home_view(ctx, locale)); });
    for (const auto& list : list_pages(*ctx.catalog, locale))
      add(locale, list.path, list.template_name, [&ctx, locale, list](const Fragments&) { return list.data(ctx, locale, list.page); });
    add(locale, not_found_path(locale), "404", [&ctx, locale](const Fragments&) { return to_data(not_found_view(ctx, locale)); });
    for (const auto& page : ctx.catalog->pages)
      add(locale, free_page_path(locale, page.slug), "page", [&ctx, &page, locale](const Fragments&) { return to_data(free_page_view(ctx, page, locale)); },
          nullptr, &page);
    for (const auto& m : ctx.catalog->models)
      add(locale, model_path(locale, m), "model", [&ctx, &m, locale](const Fragments& f) { return to_data(model_view(ctx, m, locale, f.params_in(locale))); }, &m);
  }
  return jobs;
}

// --- Incremental builds -------------------------------------------------------------------
// A manifest in .modelsite-cache/ lists every file of an output folder with the fingerprint of
// what it was made from. A page whose fingerprint is unchanged (and whose file is still there) is
// neither rendered nor written again; with nothing changed, nothing is written at all. The
// manifest stays out of the output so that the site itself depends on the content alone.

// The size and modification time of every input file, the binary and the options: when they
// are all as the last successful build saw them, nothing can have changed (the way make and
// ninja decide), and the build stops before reading any content.
std::string input_stamp(const BuildOptions& opt, FileStats& files) {
  Hasher h;
  std::error_code ec;
  // The change time and inode too: an edit that keeps the length and puts the modification time
  // back (cp -p, some sync tools) still changes the stamp.
  auto add = [&h](const std::string& shown, const std::optional<FileStat>& st) {
    h.add(shown).add(st ? std::to_string(st->size) + " " + std::to_string(st->mtime_ns) + " " + std::to_string(st->ctime_ns) +
                              " " + std::to_string(st->inode)
                        : "-");
  };
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  add(exe.generic_string(), stat_file(exe));
  h.add(opt.check ? "check" : "no-check").add(opt.strict ? "strict" : "");
  add("site.json", stat_file(opt.root / "site.json"));
  for (const char* dir : {"content", "locales", "templates"}) stat_tree(opt.root, dir, files);
  for (const auto& [path, st] : files.files) add(path, st);
  for (const auto& [path, st] : files.others) add("other " + path, st);
  return h.hex();
}

// Everything every page depends on: the program itself, configuration, locales, templates,
// providers and endpoint references.
std::string global_fingerprint(const fs::path& root, const std::vector<LocaleBundle>& bundles, const TemplateSet& templates) {
  Hasher h;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  h.add(exe.string()).add(std::to_string(fs::file_size(exe, ec)));
  auto mtime = fs::last_write_time(exe, ec).time_since_epoch().count();
  h.add(std::to_string(mtime));
  if (auto t = read_file(root / "site.json")) h.add(*t);
  for (const auto& b : bundles) h.add(b.tag).add(b.file.text());
  h.add(templates.fingerprint());
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

}  // namespace ms
