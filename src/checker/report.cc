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

namespace {

// The JSON report is written directly rather than built as a Json document: at 31,000 snippets
// the document and its dump cost more than the rest of a warm check. The text is exactly what
// Json::dump(2) gives (keys in sorted order, two-space indentation).
class ReportWriter {
 public:
  explicit ReportWriter(std::string& out) : out_(out) {}

  void string(std::string_view s) {
    bool plain = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'; });
    if (!plain) {
      out_ += Json(std::string(s)).dump();  // escapes and UTF-8 handling exactly as the library does
      return;
    }
    out_ += '"';
    out_ += s;
    out_ += '"';
  }
  void key(int depth, std::string_view k, bool first) {
    out_ += first ? "\n" : ",\n";
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    string(k);
    out_ += ": ";
  }
  void boolean(bool b) { out_ += b ? "true" : "false"; }
  void number(unsigned long long n) { out_ += std::to_string(n); }
  void number(long long n) { out_ += std::to_string(n); }
  void number(double d) { out_ += Json(d).dump(); }
  void strings(int depth, const std::vector<std::string>& list) {
    if (list.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
      out_ += i ? ",\n" : "\n";
      out_.append(static_cast<std::size_t>(depth + 1) * 2, ' ');
      string(list[i]);
    }
    close(depth, ']');
  }
  void close(int depth, char bracket) {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += bracket;
  }

 private:
  std::string& out_;
};

void write_snippet(ReportWriter& w, const SnippetJob& j, const SnippetResult& r) {
  constexpr int d = 3;  // the snippet's keys, inside the report object and its "snippets" array
  w.key(d, "cached", true), w.boolean(r.cached);
  w.key(d, "duration_ms", false), w.number(static_cast<long long>(r.duration_ms));
  w.key(d, "endpoint", false), w.string(j.endpoint);
  w.key(d, "error", false), w.string(r.error);
  w.key(d, "in_process", false), w.boolean(r.in_process);
  w.key(d, "locales", false), w.strings(d, j.locales);
  w.key(d, "model", false), w.string(j.model_id);
  w.key(d, "model_path", false), w.string(j.model_path);
  w.key(d, "request_diff", false), w.string(r.diff);
  w.key(d, "shape", false), w.string(r.shape);
  w.key(d, "standalone", false), w.boolean(r.standalone);
  w.key(d, "status", false), w.string(status_name(r.status));
  w.key(d, "stream", false), w.boolean(j.stream);
  w.key(d, "target", false), w.string(j.target);
  w.close(d - 1, '}');
}

}  // namespace

std::string report_json(const CheckReport& report) {
  std::string out;
  out.reserve(512 + report.jobs.size() * 640);
  ReportWriter w(out);
  out += '{';
  w.key(1, "cached", true), w.number(static_cast<unsigned long long>(report.cached));
  w.key(1, "cpu_seconds", false);
  out += '{';
  w.key(2, "modelsite", true), w.number(report.modelsite_cpu_s);
  w.key(2, "runtimes", false), w.number(report.runtimes_cpu_s);
  w.close(1, '}');
  w.key(1, "failed", false), w.number(static_cast<unsigned long long>(report.failed));
  w.key(1, "in_process", false), w.number(static_cast<unsigned long long>(report.in_process));
  w.key(1, "passed", false), w.number(static_cast<unsigned long long>(report.passed));
  w.key(1, "shard", false), w.string(std::to_string(report.shard_index) + "/" + std::to_string(report.shard_count));
  w.key(1, "snippets", false);
  if (report.jobs.empty()) {
    out += "[]";
  } else {
    out += '[';
    for (std::size_t i = 0; i < report.jobs.size(); ++i) {
      out += i ? ",\n    {" : "\n    {";
      write_snippet(w, report.jobs[i], report.results[i]);
    }
    w.close(1, ']');
  }
  w.key(1, "standalone", false), w.number(static_cast<unsigned long long>(report.standalone));
  w.key(1, "verified_not_run", false), w.number(static_cast<unsigned long long>(report.verified));
  w.close(0, '}');
  out += '\n';
  return out;
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
      if (doc.contains("cpu_seconds")) {
        merged.modelsite_cpu_s += doc["cpu_seconds"].value("modelsite", 0.0);
        merged.runtimes_cpu_s += doc["cpu_seconds"].value("runtimes", 0.0);
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
  out.modelsite_cpu_s = merged.modelsite_cpu_s;
  out.runtimes_cpu_s = merged.runtimes_cpu_s;
  for (std::size_t i : order) {
    out.jobs.push_back(std::move(merged.jobs[i]));
    out.results.push_back(std::move(merged.results[i]));
  }
  count_results(out);
  return out;
}

}  // namespace ms
