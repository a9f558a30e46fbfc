// `modelsite check`: runs every distinct snippet with the real tool against the mock, compares
// what the mock received with the canonical request, and reports.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/fs.h"
#include "mock/mock.h"
#include "snippets/snippets.h"

namespace ms {

struct SnippetJob {
  std::string model_id;
  std::string model_path;  // content/models/<provider>/<id>.json
  std::string endpoint;
  bool stream = false;
  std::string target;
  std::vector<std::string> locales;  // pages that publish it
  std::string code;                  // exactly as published
  CanonicalRequest request;
};

// verified = not run (its runtime package is missing) but compiled, and its call and keyword
// arguments checked statically against the canonical request; never counted as passed.
enum class SnippetStatus { passed, failed, verified };

struct SnippetResult {
  SnippetStatus status = SnippetStatus::failed;
  long long duration_ms = 0;
  bool cached = false;
  bool in_process = false;  // ran inside a long-lived runtime (Python fork server, Node harness)
  bool standalone = false;  // ran as its own process, exactly as a reader runs it
  std::string shape;        // endpoint, variant, target and request structure
  std::string error;   // one line: why it failed
  std::string diff;    // canonical vs received request
  std::string stdout_text, stderr_text;
};

struct CheckProgress {
  std::size_t done = 0, total = 0, failed = 0;
};

struct CheckOptions {
  int jobs = 2;
  int timeout_ms = 10000;
  std::string api_base_url;  // replaced by the mock's URL in each snippet
  std::string key_env;
  fs::path cache_dir;        // "" = no cache
  fs::path work_dir;         // scratch space for snippet files
  fs::path node_modules;     // where the `openai` npm package is installed
  int shard_index = 1, shard_count = 1;  // run only the shard_index-th of shard_count parts
  bool in_process = true;    // false: every snippet runs as its own process
  std::function<void(const CheckProgress&)> progress;
};

struct CheckReport {
  std::vector<SnippetJob> jobs;        // sorted by model, endpoint, variant, target
  std::vector<SnippetResult> results;  // parallel to jobs
  std::size_t passed = 0, failed = 0, verified = 0, cached = 0;
  std::size_t in_process = 0, standalone = 0;  // how the results were obtained (a snippet may count in both)
  std::size_t models = 0, models_cached = 0;   // models whose snippets needed no regeneration
  int shard_index = 1, shard_count = 1;
  // CPU seconds while snippets ran: modelsite's own threads (the mock, mostly) and the runtimes.
  double modelsite_cpu_s = 0, runtimes_cpu_s = 0;
};

// One model's snippets for the check: `make` renders them, and is called only when the
// results of the model's snippets are not all in the cache under `fingerprint` (everything the
// snippets' texts depend on: the model's data, the targets, the API configuration).
struct ModelSnippets {
  std::string model_id, model_path, fingerprint;
  std::function<std::vector<SnippetJob>()> make;
};

// Which shard (1..count) a snippet belongs to: by the hash of its identity (model, endpoint,
// variant, target), so it stays in its shard when other models change.
int shard_of(const SnippetJob& job, int count);

// The runtimes the targets need ("curl", "python3", "node"); a missing one is reported.
// js-openai also needs the `openai` npm package in node_modules.
bool check_runtimes(const std::vector<std::string>& targets, const fs::path& node_modules, Diagnostics& diags);

CheckReport run_checks(std::vector<SnippetJob> jobs, const std::vector<MockModel>& models, const CheckOptions& options,
                       Diagnostics& diags);
CheckReport run_checks(std::vector<ModelSnippets> snippets, const std::vector<MockModel>& models, const CheckOptions& options,
                       Diagnostics& diags);

std::string report_json(const CheckReport& report);
std::string report_junit(const CheckReport& report);
// Several shards' JSON reports (report_json output) as one report, as if one check had run
// them all. Every shard 1..N must be there once and no snippet twice; otherwise `error` says
// what is wrong. `names` are the reports' paths.
std::optional<CheckReport> merge_reports(const std::vector<std::string>& texts, const std::vector<std::string>& names,
                                         std::string& error);
// Fills the counters of a report from its results.
void count_results(CheckReport& report);
// A failure as people read it: model file, target, the snippet, the diff, stderr.
std::string format_failure(const SnippetJob& job, const SnippetResult& result);

// The small real WAV file that transcription snippets upload (and example responses use).
std::string sample_audio();

}  // namespace ms
