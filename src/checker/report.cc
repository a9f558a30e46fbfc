// Check reports: failures as people read them, JSON and JUnit for CI, and shard reports merged.
#include <algorithm>
#include <set>

#include "checker/checker.h"
#include "checker/verify.h"
#include "core/json_source.h"
#include "core/text.h"

namespace ms {

namespace {

const char* status_name(SnippetStatus s) {
  return s == SnippetStatus::passed ? "passed" : s == SnippetStatus::verified ? "verified" : "failed";
}

}  // namespace

std::string format_failure(const SnippetJob& job, const SnippetResult& r) {
  std::string out = job.model_path + ": error: " + job.target + " snippet for " + job.endpoint + (job.stream ? " (streaming)" : "") +
                    " failed: " + r.error + " [snippet-failed]\n";
  out += "  note: published on the " + job.model_id + " page in: ";
  for (std::size_t i = 0; i < job.locales.size(); ++i) out += (i ? ", " : "") + job.locales[i];
  out += "\n  snippet:\n";
  for (const auto& line : split_lines(job.code)) out += "    | " + line + "\n";
  if (!r.diff.empty()) {
    out += "  difference:\n";
    for (const auto& line : split_lines(r.diff)) out += "    " + line + "\n";
  }
  if (!r.stderr_text.empty()) {
    out += "  stderr:\n";
    auto lines = split_lines(r.stderr_text);
    std::size_t from = lines.size() > 30 ? lines.size() - 30 : 0;
    for (std::size_t i = from; i < lines.size(); ++i) out += "    " + lines[i] + "\n";
  }
  return out;
}

std::string report_json(const CheckReport& report) {
  Json snippets = Json::array();
  for (std::size_t i = 0; i < report.jobs.size(); ++i) {
    const auto& j = report.jobs[i];
    const auto& r = report.results[i];
    snippets.push_back({{"model", j.model_id}, {"model_path", j.model_path}, {"endpoint", j.endpoint}, {"stream", j.stream},
                        {"target", j.target}, {"locales", j.locales}, {"status", status_name(r.status)},
                        {"cached", r.cached}, {"in_process", r.in_process}, {"standalone", r.standalone}, {"shape", r.shape},
                        {"duration_ms", r.duration_ms}, {"error", r.error}, {"request_diff", r.diff}});
  }
  return Json{{"shard", std::to_string(report.shard_index) + "/" + std::to_string(report.shard_count)},
              {"passed", report.passed}, {"failed", report.failed}, {"verified_not_run", report.verified},
              {"cached", report.cached}, {"in_process", report.in_process}, {"standalone", report.standalone},
              {"snippets", snippets}}.dump(2) + "\n";
}

std::string report_junit(const CheckReport& report) {
  long long total_ms = 0;
  for (const auto& r : report.results) total_ms += r.duration_ms;
  std::string suite = "modelsite snippets";
  if (report.shard_count > 1) suite += " (shard " + std::to_string(report.shard_index) + "/" + std::to_string(report.shard_count) + ")";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"" + suite + "\" tests=\"" +
                    std::to_string(report.jobs.size()) + "\" failures=\"" + std::to_string(report.failed) + "\" skipped=\"" +
                    std::to_string(report.verified) + "\" time=\"" + std::to_string(total_ms / 1000.0) + "\">\n";
  for (std::size_t i = 0; i < report.jobs.size(); ++i) {
    const auto& j = report.jobs[i];
    const auto& r = report.results[i];
    std::string name = j.model_id + " " + j.endpoint + (j.stream ? " stream" : "") + " " + j.target;
    out += "  <testcase classname=\"" + html_escape(j.model_path) + "\" name=\"" + html_escape(name) + "\" time=\"" +
           std::to_string(r.duration_ms / 1000.0) + "\">";
    if (r.status == SnippetStatus::failed)
      out += "<failure message=\"" + html_escape(r.error) + "\">" + html_escape(format_failure(j, r)) + "</failure>";
    else if (r.status == SnippetStatus::verified)
      out += "<skipped message=\"verified, not run (the Python openai package is not installed): its call and keyword "
             "arguments match the canonical request\"/>";
    out += "</testcase>\n";
  }
  out += "</testsuite>\n</testsuites>\n";
  return out;
}

namespace {

bool read_snippet(const Json& s, SnippetJob& job, SnippetResult& r) {
  job.model_id = s.at("model").get<std::string>();
  job.model_path = s.at("model_path").get<std::string>();
  job.endpoint = s.at("endpoint").get<std::string>();
  job.stream = s.at("stream").get<bool>();
  job.target = s.at("target").get<std::string>();
  job.locales = s.at("locales").get<std::vector<std::string>>();
  std::string status = s.at("status").get<std::string>();
  if (status != "passed" && status != "failed" && status != "verified") return false;
  r.status = status == "passed" ? SnippetStatus::passed : status == "verified" ? SnippetStatus::verified : SnippetStatus::failed;
  r.cached = s.at("cached").get<bool>();
  r.in_process = s.at("in_process").get<bool>();
  r.standalone = s.at("standalone").get<bool>();
  r.shape = s.at("shape").get<std::string>();
  r.duration_ms = s.at("duration_ms").get<long long>();
  r.error = s.at("error").get<std::string>();
  r.diff = s.at("request_diff").get<std::string>();
  return true;
}

}  // namespace

std::optional<CheckReport> merge_reports(const std::vector<std::string>& texts, const std::vector<std::string>& names,
                                         std::string& error) {
  CheckReport merged;
  std::set<int> shards;
  int count = 0;
  std::set<std::string> seen;
  for (std::size_t f = 0; f < texts.size(); ++f) {
    const std::string& name = f < names.size() ? names[f] : std::to_string(f + 1);
    try {
      Json doc = Json::parse(texts[f]);
      std::string shard = doc.at("shard").get<std::string>();
      auto slash = shard.find('/');
      int k = std::stoi(shard.substr(0, slash)), n = std::stoi(shard.substr(slash + 1));
      if (count && n != count) {
        error = name + ": a report of shard " + shard + ", but the other reports are of " + std::to_string(count) + " shards";
        return std::nullopt;
      }
      count = n;
      if (!shards.insert(k).second) {
        error = name + ": shard " + shard + " is given twice";
        return std::nullopt;
      }
      for (const auto& s : doc.at("snippets")) {
        SnippetJob job;
        SnippetResult r;
        if (!read_snippet(s, job, r)) throw std::runtime_error("unknown status");
        if (!seen.insert(snippet_identity(job)).second) {
          error = name + ": the " + job.target + " snippet for " + job.endpoint + (job.stream ? " (streaming)" : "") + " of " +
                  job.model_id + " is in two reports";
          return std::nullopt;
        }
        merged.jobs.push_back(std::move(job));
        merged.results.push_back(std::move(r));
      }
    } catch (const std::exception&) {
      error = name + ": not a report written by `modelsite check --report`";
      return std::nullopt;
    }
  }
  for (int k = 1; k <= count; ++k)
    if (!shards.count(k)) {
      error = "the report of shard " + std::to_string(k) + "/" + std::to_string(count) + " is missing";
      return std::nullopt;
    }
  // The same order as one check of everything.
  std::vector<std::size_t> order(merged.jobs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto &x = merged.jobs[a], &y = merged.jobs[b];
    return std::tie(x.model_id, x.endpoint, x.stream, x.target) < std::tie(y.model_id, y.endpoint, y.stream, y.target);
  });
  CheckReport out;
  out.shard_index = out.shard_count = 1;
  for (std::size_t i : order) {
    out.jobs.push_back(std::move(merged.jobs[i]));
    out.results.push_back(std::move(merged.results[i]));
  }
  count_results(out);
  return out;
}

}  // namespace ms
