#include "checker/checker.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "checker/process.h"
#include "checker/python_runner.h"
#include "core/hash.h"
#include "core/json_source.h"
#include "core/text.h"

namespace ms {

namespace {

constexpr const char* kCheckerVersion = "1";


std::string trim_end(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  return trim_end(nl == std::string::npos ? s : s.substr(0, nl));
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// A line diff (longest common subsequence): "-" canonical only, "+" received only.
std::string line_diff(const std::string& expected, const std::string& got) {
  auto a = split_lines(expected), b = split_lines(got);
  if (a.size() * b.size() > 4'000'000) return "--- canonical\n" + expected + "\n+++ received\n" + got + "\n";
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out = "--- canonical request\n+++ received by the mock\n";
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) { out += "  " + a[i] + "\n"; ++i; ++j; }
    else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) out += "+ " + b[j++] + "\n";
    else out += "- " + a[i++] + "\n";
  }
  return out;
}

std::string runtime_for(const std::string& target) {
  if (target == "curl") return "curl";
  if (starts_with(target, "python")) return "python3";
  return "node";
}

// What the snippet must print, derived from the mock's answer; nullopt when the answer has no
// text form (the check then compares the saved file instead).
std::optional<std::string> expected_stdout(const SnippetJob& job, const MockResponse& resp) {
  const std::string& e = job.endpoint;
  if (job.target == "curl") {
    if (e == "audio.speech") return std::string();
    return trim_end(resp.body);
  }
  if (e == "audio.speech") return job.request.output_file;
  if (job.stream) {
    std::string text;
    for (const auto& line : split_lines(resp.body)) {
      if (!starts_with(line, "data: ") || line == "data: [DONE]") continue;
      try {
        Json chunk = Json::parse(line.substr(6));
        const Json& delta = chunk.at("choices").at(0).at("delta");
        if (delta.contains("content") && delta["content"].is_string()) text += delta["content"].get<std::string>();
      } catch (...) {
      }
    }
    return trim_end(text);
  }
  Json j;
  try {
    j = Json::parse(resp.body);
  } catch (...) {
    return trim_end(resp.body);
  }
  try {
    if (e == "chat.completions") return trim_end(j.at("choices").at(0).at("message").at("content").get<std::string>());
    if (e == "completions") return trim_end(j.at("choices").at(0).at("text").get<std::string>());
    if (e == "responses") {
      std::string text;
      for (const auto& item : j.at("output"))
        if (item.contains("content"))
          for (const auto& part : item["content"])
            if (part.value("type", "") == "output_text") text += part.value("text", "");
      return trim_end(text);
    }
    if (e == "embeddings") return std::to_string(j.at("data").at(0).at("embedding").size());
    if (e == "images.generations") return trim_end(j.at("data").at(0).at("url").get<std::string>());
    if (e == "audio.transcriptions") return trim_end(j.at("text").get<std::string>());
    if (e == "moderations") return std::string("flagged: ") + (j.at("results").at(0).at("flagged").get<bool>() ? "true" : "false");
  } catch (...) {
  }
  return std::nullopt;
}

struct Runtimes {
  std::string fingerprint;  // versions of every tool, for the cache key
  bool python_openai = false;
};

std::map<std::string, std::string> base_env(const fs::path& home) {
  // A clean environment: no proxies, no user configuration, a fixed locale.
  std::map<std::string, std::string> env;
  const char* path = std::getenv("PATH");
  env["PATH"] = path ? path : "/usr/local/bin:/usr/bin:/bin";
  env["HOME"] = home.string();
  env["LANG"] = "C.UTF-8";
  env["LC_ALL"] = "C.UTF-8";
  env["PYTHONIOENCODING"] = "utf-8";
  env["PYTHONDONTWRITEBYTECODE"] = "1";
  env["NO_COLOR"] = "1";
  return env;
}

Runtimes probe_runtimes(const fs::path& dir) {
  Runtimes r;
  auto env = base_env(dir);
  auto version = [&](std::vector<std::string> argv) {
    ProcessResult p = run_process(argv, dir, env, 10000);
    return first_line(p.out.empty() ? p.err : p.out);
  };
  r.fingerprint = version({"curl", "--version"}) + "|" + version({"python3", "--version"}) + "|" +
                  version({"node", "--version"}) + "|" +
                  version({"python3", "-c", "import requests; print(requests.__version__)"});
  ProcessResult p = run_process({"python3", "-c", "import openai; print(openai.__version__)"}, dir, env, 10000);
  r.python_openai = p.exit_code == 0;
  r.fingerprint += "|python-openai:" + (r.python_openai ? first_line(p.out) : std::string("absent"));
  return r;
}

bool check_request(const SnippetJob& job, const RecordedRequest& got, const std::string& key, SnippetResult& res) {
  std::string want_path = "/v1" + job.request.path;
  if (got.request.method != job.request.method || got.request.path != want_path) {
    res.error = "the mock received " + got.request.method + " " + got.request.path + ", expected " + job.request.method + " " + want_path;
    return false;
  }
  auto auth = got.request.headers.find("authorization");
  if (auth == got.request.headers.end() || auth->second != "Bearer " + key) {
    res.error = "the request did not carry `Authorization: Bearer $" + std::string("KEY") + "` with the key from the environment";
    return false;
  }
  if (job.request.json_body) {
    Json received;
    try {
      received = Json::parse(got.request.body);
    } catch (...) {
      res.error = "the request body is not JSON";
      res.diff = line_diff(canonical_json_text(*job.request.json_body), got.request.body);
      return false;
    }
    if (received != *job.request.json_body) {
      res.error = "the request body differs from the canonical request";
      res.diff = line_diff(job.request.json_body->dump(2), received.dump(2));
      return false;
    }
    return true;
  }
  auto ct = got.request.headers.find("content-type");
  auto parts = parse_multipart(ct == got.request.headers.end() ? "" : ct->second, got.request.body);
  if (!parts) {
    res.error = "the request is not a valid multipart/form-data upload";
    return false;
  }
  std::string want, have;
  for (const auto& f : job.request.form) want += f.name + "=" + (f.is_file ? "@" + f.value + " (" + std::to_string(sample_audio().size()) + " bytes)" : f.value) + "\n";
  for (const auto& p : *parts)
    have += p.name + "=" + (p.filename ? "@" + *p.filename + " (" + std::to_string(p.data.size()) + " bytes)" : p.data) + "\n";
  bool same_file = true;
  for (const auto& p : *parts)
    if (p.filename && p.data != sample_audio()) same_file = false;
  if (want != have || !same_file) {
    res.error = "the uploaded form differs from the canonical request";
    res.diff = line_diff(want, have);
    return false;
  }
  return true;
}

}  // namespace

std::string sample_audio() {
  // 0.25 s of a 440 Hz triangle wave, 8 kHz mono 16-bit WAV, integer arithmetic only.
  static const std::string audio = [] {
    const int rate = 8000, samples = rate / 4;
    std::string out;
    auto u32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF); };
    auto u16 = [&](std::uint16_t v) { for (int i = 0; i < 2; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF); };
    out += "RIFF"; u32(36 + samples * 2); out += "WAVEfmt "; u32(16); u16(1); u16(1); u32(rate); u32(rate * 2); u16(2); u16(16);
    out += "data"; u32(samples * 2);
    for (int i = 0; i < samples; ++i) {
      int phase = (i * 440 * 4 / rate) % 4;
      int frac = (i * 440 * 4 % rate) * 8000 / rate;
      int v = phase == 0 ? frac : phase == 1 ? 8000 - frac : phase == 2 ? -frac : frac - 8000;
      u16(static_cast<std::uint16_t>(static_cast<std::int16_t>(v)));
    }
    return out;
  }();
  return audio;
}

bool check_runtimes(const std::vector<std::string>& targets, const fs::path& node_modules, Diagnostics& diags) {
  std::set<std::string> needed;
  for (const auto& t : targets) needed.insert(runtime_for(t));
  bool ok = true;
  for (const auto& tool : needed) {
    if (find_program(tool).empty()) {
      diags.error("", "missing-tool", "`" + tool + "` is not installed, and snippets for " + tool +
                                          " must run before the site ships (run ./setup.sh, or build with --no-check)");
      ok = false;
    }
  }
  if (std::find(targets.begin(), targets.end(), "js-openai") != targets.end() && node_modules.empty()) {
    diags.error("", "missing-tool", "the `openai` npm package is not installed, and js-openai snippets need it (run ./setup.sh)");
    ok = false;
  }
  return ok;
}

CheckReport run_checks(std::vector<SnippetJob> jobs, const std::vector<MockModel>& models, const CheckOptions& opt,
                       Diagnostics& diags) {
  CheckReport report;
  // Each distinct snippet runs once; the locales that publish it are merged.
  std::sort(jobs.begin(), jobs.end(), [](const SnippetJob& a, const SnippetJob& b) {
    return std::tie(a.model_id, a.endpoint, a.stream, a.target) < std::tie(b.model_id, b.endpoint, b.stream, b.target);
  });
  std::vector<SnippetJob> distinct;
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (target, code) -> index
  for (auto& j : jobs) {
    auto key = std::make_pair(j.target, j.code);
    auto it = seen.find(key);
    if (it != seen.end()) {
      auto& locs = distinct[it->second].locales;
      for (const auto& l : j.locales)
        if (std::find(locs.begin(), locs.end(), l) == locs.end()) locs.push_back(l);
      continue;
    }
    seen.emplace(std::move(key), distinct.size());
    distinct.push_back(std::move(j));
  }
  report.jobs = std::move(distinct);
  report.results.resize(report.jobs.size());
  if (report.jobs.empty()) return report;

  std::error_code ec;
  fs::path work = opt.work_dir;
  fs::create_directories(work, ec);
  // ES modules resolve packages from the folders above the importing file, not from NODE_PATH.
  if (!opt.node_modules.empty()) fs::create_directory_symlink(opt.node_modules, work / "node_modules", ec);
  Runtimes runtimes = probe_runtimes(work);

  MockServer server(models);
  int port = server.start(0);
  if (port < 0) {
    diags.error("", "mock-failed", "cannot start the mock API on 127.0.0.1");
    fs::remove_all(work, ec);
    return report;
  }
  std::string mock_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  std::string salt = std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());

  std::atomic<std::size_t> next{0}, done{0}, failed{0};
  std::mutex progress_mutex;
  // One Python fork server per worker thread (no sharing, no locks).
  int n_workers = std::max(1, std::min<int>(opt.jobs, static_cast<int>(report.jobs.size())));
  std::vector<std::unique_ptr<PythonRunner>> python(static_cast<std::size_t>(n_workers));
  auto run_one = [&](std::size_t i, int worker) {
    const SnippetJob& job = report.jobs[i];
    SnippetResult& res = report.results[i];
    bool compile_only = job.target == "python-openai" && !runtimes.python_openai;
    std::string cache_key = hash_hex(std::string(kCheckerVersion) + "\n" + MockApi::version + "\n" + runtimes.fingerprint + "\n" +
                                    job.target + "\n" + opt.api_base_url + "\n" + opt.key_env + "\n" + job.code);
    fs::path cache_file = opt.cache_dir.empty() ? fs::path() : opt.cache_dir / "checks" / cache_key;
    if (!cache_file.empty()) {
      if (auto cached = read_file(cache_file)) {
        std::string want = compile_only ? "compiled\n" : "passed\n";
        if (*cached == want) {
          res.status = compile_only ? SnippetStatus::compiled : SnippetStatus::passed;
          res.cached = true;
          return;
        }
      }
    }
    fs::path dir = work / std::to_string(i);
    fs::create_directories(dir, ec);
    std::string code = replace_all(job.code, opt.api_base_url, mock_url);
    std::string file = target_file_name(job.target);
    write_file(dir / file, code);
    if (!job.request.input_file.empty()) write_file(dir / job.request.input_file, sample_audio());
    std::string key = "sk-check-" + salt + "-" + std::to_string(i);
    auto env = base_env(dir);
    env[opt.key_env] = key;
    std::vector<std::string> argv;
    if (compile_only) argv = {"python3", "-m", "py_compile", file};
    else if (job.target == "curl") argv = {"bash", file};
    else if (starts_with(job.target, "python")) argv = {"python3", file};
    else argv = {"node", file};
    std::optional<ProcessResult> served;
    if (starts_with(job.target, "python")) {
      auto& runner = python[static_cast<std::size_t>(worker)];
      if (!runner) {
        runner = std::make_unique<PythonRunner>();
        if (!runner->start(work)) runner.reset();
      }
      if (runner) served = runner->run(dir, file, env, opt.timeout_ms, compile_only);
    }
    ProcessResult p = served ? std::move(*served) : run_process(argv, dir, env, opt.timeout_ms);
    res.duration_ms = p.duration_ms;
    res.stdout_text = p.out;
    res.stderr_text = p.err;
    auto finish = [&](SnippetStatus s) {
      res.status = s;
      if (s != SnippetStatus::failed && !cache_file.empty())
        write_file(cache_file, s == SnippetStatus::compiled ? "compiled\n" : "passed\n");
    };
    if (p.spawn_failed) { res.error = "could not start " + argv[0]; return finish(SnippetStatus::failed); }
    if (p.timed_out) { res.error = "timed out after " + std::to_string(opt.timeout_ms / 1000) + " s (the process group was killed)"; return finish(SnippetStatus::failed); }
    if (p.exit_code != 0) { res.error = "exited with status " + std::to_string(p.exit_code); return finish(SnippetStatus::failed); }
    if (compile_only) return finish(SnippetStatus::compiled);
    auto received = server.requests_for(key);
    server.clear_requests_for(key);
    if (received.size() != 1) {
      res.error = "the mock received " + std::to_string(received.size()) + " requests, expected exactly 1";
      return finish(SnippetStatus::failed);
    }
    if (!check_request(job, received[0], key, res)) return finish(SnippetStatus::failed);
    if (received[0].response.status != 200) {
      res.error = "the mock answered " + std::to_string(received[0].response.status) + ": " + first_line(received[0].response.body);
      return finish(SnippetStatus::failed);
    }
    auto want = expected_stdout(job, received[0].response);
    if (!want) { res.error = "cannot tell what the snippet should print"; return finish(SnippetStatus::failed); }
    if (trim_end(p.out) != *want) {
      res.error = "the snippet printed something other than the mock's answer";
      res.diff = "--- expected output\n" + *want + "\n+++ printed\n" + trim_end(p.out) + "\n";
      return finish(SnippetStatus::failed);
    }
    if (!job.request.output_file.empty()) {
      auto saved = read_file(dir / job.request.output_file);
      if (!saved || *saved != received[0].response.body) {
        res.error = "the snippet did not save the mock's audio to " + job.request.output_file;
        return finish(SnippetStatus::failed);
      }
    }
    finish(SnippetStatus::passed);
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < n_workers; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i; (i = next.fetch_add(1)) < report.jobs.size();) {
        run_one(i, t);
        std::error_code e;
        fs::remove_all(work / std::to_string(i), e);
        if (report.results[i].status == SnippetStatus::failed) ++failed;
        std::size_t d = ++done;
        if (opt.progress) {
          std::lock_guard lock(progress_mutex);
          opt.progress({d, report.jobs.size(), failed.load()});
        }
      }
    });
  for (auto& th : threads) th.join();
  python.clear();
  server.stop();
  fs::remove_all(work, ec);
  for (const auto& r : report.results) {
    if (r.cached) ++report.cached;
    if (r.status == SnippetStatus::passed) ++report.passed;
    else if (r.status == SnippetStatus::compiled) ++report.compiled;
    else ++report.failed;
  }
  return report;
}

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
const char* status_name(SnippetStatus s) {
  return s == SnippetStatus::passed ? "passed" : s == SnippetStatus::compiled ? "compiled" : "failed";
}
}  // namespace

std::string report_json(const CheckReport& report) {
  Json snippets = Json::array();
  for (std::size_t i = 0; i < report.jobs.size(); ++i) {
    const auto& j = report.jobs[i];
    const auto& r = report.results[i];
    snippets.push_back({{"model", j.model_id}, {"model_path", j.model_path}, {"endpoint", j.endpoint}, {"stream", j.stream},
                        {"target", j.target}, {"locales", j.locales}, {"status", status_name(r.status)},
                        {"cached", r.cached}, {"duration_ms", r.duration_ms}, {"error", r.error}, {"request_diff", r.diff}});
  }
  return Json{{"passed", report.passed}, {"failed", report.failed}, {"compiled_not_run", report.compiled},
              {"snippets", snippets}}.dump(2) + "\n";
}

std::string report_junit(const CheckReport& report) {
  long long total_ms = 0;
  for (const auto& r : report.results) total_ms += r.duration_ms;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"modelsite snippets\" tests=\"" +
                    std::to_string(report.jobs.size()) + "\" failures=\"" + std::to_string(report.failed) + "\" skipped=\"" +
                    std::to_string(report.compiled) + "\" time=\"" + std::to_string(total_ms / 1000.0) + "\">\n";
  for (std::size_t i = 0; i < report.jobs.size(); ++i) {
    const auto& j = report.jobs[i];
    const auto& r = report.results[i];
    std::string name = j.model_id + " " + j.endpoint + (j.stream ? " stream" : "") + " " + j.target;
    out += "  <testcase classname=\"" + html_escape(j.model_path) + "\" name=\"" + html_escape(name) + "\" time=\"" +
           std::to_string(r.duration_ms / 1000.0) + "\">";
    if (r.status == SnippetStatus::failed)
      out += "<failure message=\"" + html_escape(r.error) + "\">" + html_escape(format_failure(j, r)) + "</failure>";
    else if (r.status == SnippetStatus::compiled)
      out += "<skipped message=\"compiled, not run (the Python openai package is not installed)\"/>";
    out += "</testcase>\n";
  }
  out += "</testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace ms
