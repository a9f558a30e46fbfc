// The orchestrator: the stages of a build in the order they run.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "checker/checker.h"
#include "config/config.h"
#include "core/diagnostics.h"
#include "core/fs.h"
#include "i18n/locale.h"
#include "site/reader_data.h"
#include "site/search_index.h"
#include "site/sitemap.h"

namespace ms {

// The sitemap files' paths as an earlier build made them, with the fingerprint of their inputs.
struct KeptSitemaps {
  std::string fingerprint;
  std::vector<std::string> paths;
};

// What a long-lived caller (serve) keeps from one build to the next so that inputs which did not
// change are not worked on again. Used by one build at a time.
struct BuildMemo {
  CatalogMemo catalog;  // model files as parsed and validated
  std::map<std::string, SearchIndexState> search;  // each locale's search index, by locale
  std::map<std::string, KeptRows> rows;            // each locale's list data version, by locale
  KeptSitemaps sitemaps;                           // made again only when their inputs changed
  bool filled = false;  // a build has gone through every stage with it (not only "nothing to do")
};

struct BuildOptions {
  fs::path root = ".";
  fs::path out = "site";
  bool check = true;         // run every snippet against the mock before writing
  bool strict = false;       // missing translations are errors
  int jobs = 0;              // 0 = number of cores
  std::vector<std::string> targets;  // check only these targets ("" = all configured)
  int shard_index = 1, shard_count = 1;  // check only this part of the distinct snippets
  bool in_process = true;    // false: every snippet runs as its own process (--standalone)
  fs::path report_json, report_junit;
  std::function<void(const CheckProgress&)> check_progress;
  SitemapLimits sitemap_limits;  // the protocol's; tests lower them to split a small site
  BuildMemo* memo = nullptr;
  // With a memo no build has filled yet: return at once when the output is already current, and
  // leave the memo to a later build (serve's first build; it fills the memo while idle).
  bool current_is_enough = false;
};

struct StageTiming {
  std::string name;
  double ms = 0;
  std::size_t items = 0;
};

struct BuildResult {
  int exit_code = 0;  // 0 ok, 1 content errors or failing snippets, 2 usage / missing tool
  Diagnostics diags;
  std::vector<StageTiming> stages;
  std::size_t pages = 0, files_written = 0;
  std::optional<CheckReport> check;
};

// load and validate -> locales -> plan -> markdown || snippets -> check snippets -> link ->
// fragments -> render (view model, templates) -> data files -> write: the order of execution.
BuildResult build_site(const BuildOptions& options);
// After the first build into a folder: links a second copy of the published site beside it (see
// SiteOutput::fill_spare), so that the next build writes only what changed. For idle moments of a
// long-lived process; false (with the reason) when it could not.
bool fill_spare_output(const BuildOptions& options, Diagnostics& diags);
// load -> validate -> snippets -> check (nothing is written)
BuildResult check_site(const BuildOptions& options);

// The catalog as the mock serves it, loaded from a site root.
struct LoadedCatalog {
  SiteConfig config;
  Catalog catalog;
};
std::optional<LoadedCatalog> load_for_mock(const fs::path& root, Diagnostics& diags);
std::vector<MockModel> mock_models(const Catalog& catalog);

// `modelsite i18n`: per-locale translation coverage.
struct LocaleCoverage {
  std::string locale;
  std::string path;
  std::size_t keys_total = 0, keys_translated = 0;
  std::size_t keys_as_default = 0;  // present, but still the default locale's text (not counted as missing)
  std::vector<std::string> missing;  // "locales/ko.json: key" lines with positions
  std::vector<std::string> unused;
  std::vector<std::string> mismatched;
  std::size_t bodies_total = 0, bodies_translated = 0;
  // Parameter descriptions of content/endpoints/*.json, counted like prose.
  std::size_t params_total = 0, params_translated = 0;
  std::size_t glossary_findings = 0;  // `glossary-term` warnings (locales/glossary/<tag>.json)
};
struct I18nReport {
  std::vector<LocaleCoverage> locales;
  bool complete() const;
};
std::optional<I18nReport> i18n_report(const fs::path& root, Diagnostics& diags);
std::string i18n_report_text(const I18nReport& report);
std::string i18n_report_json(const I18nReport& report);

int default_jobs();

}  // namespace ms
