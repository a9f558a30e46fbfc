// The pages of a site, and the fingerprints that tell an incremental build which ones changed.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "i18n/locale.h"
#include "site/site.h"
#include "templates/templates.h"
#include "viewmodel/viewmodel.h"

namespace ms {

struct PageJob {
  std::string locale;  // whose strings the page uses
  std::string path;
  std::string template_name;
  std::function<TemplateData(const Fragments&)> data;  // the page's view as template data
  const Model* model = nullptr;  // the model or free page the page shows, if any
  const Page* page = nullptr;
  std::string fingerprint;       // of everything the page is made from
};

// Every page of the site, in a fixed order.
std::vector<PageJob> enumerate_pages(const SiteContext& ctx);

// The size, modification and change times and inode of every input file, the binary and the
// options. The stats of
// the files under content/, locales/ and templates/ go into `files`.
std::string input_stamp(const BuildOptions& opt, FileStats& files);
// Everything every page depends on: the program, configuration, locales, templates, providers,
// endpoint references and assets.
std::string global_fingerprint(const fs::path& root, const std::vector<LocaleBundle>& bundles, const TemplateSet& templates);
// The data of every model (not its prose) and every free page.
std::string catalog_fingerprint(const Catalog& cat);
// Sets each page's fingerprint from what it shows.
void fingerprint_pages(std::vector<PageJob>& pages, const Catalog& cat, const std::string& global, const std::string& everything);

}  // namespace ms
