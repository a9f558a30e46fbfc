// `modelsite check`: runs every distinct snippet with the real tool against the mock, compares
// what the mock received with the canonical request, and reports.
#pragma once
#include <functional>
#include <map>
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

enum class SnippetStatus { passed, failed, compiled };  // compiled = compiled, not run

struct SnippetResult {
  SnippetStatus status = SnippetStatus::failed;
  long long duration_ms = 0;
  bool cached = false;
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
  std::function<void(const CheckProgress&)> progress;
};

struct CheckReport {
  std::vector<SnippetJob> jobs;
  std::vector<SnippetResult> results;  // parallel to jobs
  std::size_t passed = 0, failed = 0, compiled = 0, cached = 0;
};

// The runtimes the targets need ("curl", "python3", "node"); a missing one is reported.
// js-openai also needs the `openai` npm package in node_modules.
bool check_runtimes(const std::vector<std::string>& targets, const fs::path& node_modules, Diagnostics& diags);

CheckReport run_checks(std::vector<SnippetJob> jobs, const std::vector<MockModel>& models, const CheckOptions& options,
                       Diagnostics& diags);

std::string report_json(const CheckReport& report);
std::string report_junit(const CheckReport& report);
// A failure as people read it: model file, target, the snippet, the diff, stderr.
std::string format_failure(const SnippetJob& job, const SnippetResult& result);

// The small real WAV file that transcription snippets upload (and example responses use).
std::string sample_audio();

}  // namespace ms
