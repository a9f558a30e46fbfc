// The locales' glossaries applied to everything written in each locale: its UI strings, its
// endpoint parameter descriptions and its prose. Findings are `glossary-term` warnings; returns
// their number per locale.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "config/config.h"
#include "core/diagnostics.h"
#include "i18n/locale.h"

namespace ms {

std::map<std::string, std::size_t> check_glossaries(const fs::path& root, const SiteConfig& config,
                                                     const std::vector<LocaleBundle>& bundles, const Catalog& catalog,
                                                     Diagnostics& diags);

}  // namespace ms
