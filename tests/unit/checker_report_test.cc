// The JSON report is written without building a document; its text must be exactly the
// document's two-space dump, whatever the strings hold.
#include <catch2/catch.hpp>

#include "checker/checker.h"
#include "core/json_source.h"

using namespace ms;

namespace {

// The report as a Json document, dumped: the reference the direct writer must match byte for byte.
std::string as_document(const CheckReport& report) {
  Json snippets = Json::array();
  const char* names[] = {"passed", "failed", "verified"};
  for (std::size_t i = 0; i < report.jobs.size(); ++i) {
    const auto& j = report.jobs[i];
    const auto& r = report.results[i];
    snippets.push_back({{"model", j.model_id}, {"model_path", j.model_path}, {"endpoint", j.endpoint}, {"stream", j.stream},
                        {"target", j.target}, {"locales", j.locales}, {"status", names[static_cast<int>(r.status)]},
                        {"cached", r.cached}, {"in_process", r.in_process}, {"standalone", r.standalone}, {"shape", r.shape},
                        {"duration_ms", r.duration_ms}, {"error", r.error}, {"request_diff", r.diff}});
  }
  return Json{{"shard", std::to_string(report.shard_index) + "/" + std::to_string(report.shard_count)},
              {"passed", report.passed}, {"failed", report.failed}, {"verified_not_run", report.verified},
              {"cached", report.cached}, {"in_process", report.in_process}, {"standalone", report.standalone},
              {"cpu_seconds", {{"modelsite", report.modelsite_cpu_s}, {"runtimes", report.runtimes_cpu_s}}},
              {"snippets", snippets}}.dump(2) + "\n";
}

}  // namespace

TEST_CASE("the JSON report is exactly the document's dump", "[checker][report]") {
  CheckReport r;
  CHECK(report_json(r) == as_document(r));  // no snippets: "snippets": []

  r.shard_index = 2;
  r.shard_count = 4;
  r.modelsite_cpu_s = 1.25;
  r.runtimes_cpu_s = 0.1;
  SnippetJob a;
  a.model_id = "gpt-4o";
  a.model_path = "content/models/openai/gpt-4o.json";
  a.endpoint = "chat.completions";
  a.stream = true;
  a.target = "curl";
  a.locales = {"en", "ar", "zh"};
  SnippetResult ra;
  ra.status = SnippetStatus::failed;
  ra.duration_ms = 1234;
  ra.shape = "chat.completions|stream|curl";
  ra.error = "the snippet printed \"something\" else\tand a \\ backslash";
  ra.diff = "--- expected output\n\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xe4\xbd\xa0\xe5\xa5\xbd\n+++ printed\n\x01\x1f\x7f\n";
  SnippetJob b = a;
  b.model_id = "no-locales";
  b.locales = {};
  b.stream = false;
  SnippetResult rb;
  rb.status = SnippetStatus::verified;
  rb.cached = rb.in_process = rb.standalone = true;
  rb.error = "only \"quotes\"";
  rb.diff = "only a \\ backslash";
  r.jobs = {a, b};
  r.results = {ra, rb};
  count_results(r);
  std::string text = report_json(r);
  CHECK(text == as_document(r));
  CHECK(text.find("\"error\": \"the snippet printed \\\"something\\\" else\\tand a \\\\ backslash\"") != std::string::npos);
  CHECK(text.find("\"error\": \"only \\\"quotes\\\"\"") != std::string::npos);
  CHECK(text.find("\"locales\": [],") != std::string::npos);
  CHECK(text.find("\"shard\": \"2/4\"") != std::string::npos);
}
