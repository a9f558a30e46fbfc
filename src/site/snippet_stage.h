// The bridge from snippets to the mock: every model's snippet code per target, the mock API's
// answer to each request (shown on the model page), and the jobs the check runs.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "checker/checker.h"
#include "config/config.h"
#include "viewmodel/viewmodel.h"

namespace ms {

/// One model's snippets as the check runs them (the same texts build_snippets publishes).
std::vector<SnippetJob> model_check_jobs(const SiteConfig& config, const Model& m, const std::vector<std::string>& targets);

/// Canonical requests, snippet code and example responses, once per model (snippets do not depend
/// on locale), into ctx.extras; the check's jobs (of `targets`, "" = all) into `jobs` when given.
/// Without `jobs`, only the models in `needed` (when given) are made. Returns the snippets made.
std::size_t build_snippets(const SiteConfig& config, const Catalog& catalog, SiteContext& ctx, std::vector<SnippetJob>* jobs,
                           const std::vector<std::string>& targets, int threads, const std::set<const void*>* needed = nullptr);

}  // namespace ms
