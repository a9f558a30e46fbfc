#include "checker/checker.h"

#include <elf.h>
#include <link.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "checker/node_runner.h"
#include "checker/process.h"
#include "checker/python_runner.h"
#include "checker/verdicts.h"
#include "checker/verify.h"
#include "core/hash.h"
#include "core/json_source.h"
#include "core/parallel.h"
#include "core/text.h"
#include "mock/media.h"

namespace ms {

namespace {

constexpr const char* kCheckerVersion = "2";

std::string runtime_for(const std::string& target) {
  if (target == "curl") return "curl";
  if (starts_with(target, "python")) return "python3";
  return "node";
}

struct Runtimes {
  std::string fingerprint;  // versions of every tool, for the cache key
  bool python_openai = false;
  // The interpreter `python3` names on PATH (sys.executable), run directly: a version manager's
  // shim (pyenv's is a shell script that runs several programs) would otherwise start again
  // for every standalone run and every fork server.
  std::string python = "python3";
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

// The runtimes' versions, probed at the same time (one process each).
Runtimes probe_runtimes(const fs::path& dir, const fs::path& node_modules) {
  auto env = base_env(dir);
  const char* python_probe =
      "import sys\nprint(sys.version.split()[0])\nprint('executable', sys.executable)\n"
      // The installed versions, read from the packages' metadata: importing them would cost more
      // than the rest of a warm check. A package that is found but broken fails its snippets.
      "import importlib.util, importlib.metadata as md\n"
      "for name in ('requests', 'openai'):\n"
      " try:\n  print(name, md.version(name) if importlib.util.find_spec(name) else 'absent')\n"
      " except Exception: print(name, 'absent')\n";
  std::vector<std::vector<std::string>> probes = {{"curl", "--version"}, {"node", "--version"}, {"python3", "-c", python_probe}};
  std::vector<std::string> out(probes.size());
  run_parallel(probes.size(), static_cast<int>(probes.size()), [&](std::size_t i, int) {
    ProcessResult p = run_process(probes[i], dir, env, 10000);
    out[i] = i == 2 ? p.out : first_line(p.out.empty() ? p.err : p.out);
  });
  Runtimes r;
  r.fingerprint = out[0] + "|" + out[1] + "|" + out[2];
  if (auto at = out[2].find("\nexecutable /"); at != std::string::npos) {
    std::size_t from = at + 12, end = out[2].find('\n', from);
    r.python = out[2].substr(from, end == std::string::npos ? std::string::npos : end - from);
  }
  r.python_openai = out[2].find("openai absent") == std::string::npos && out[2].find("openai ") != std::string::npos;
  if (!node_modules.empty())
    if (auto pkg = read_file(node_modules / "openai" / "package.json")) r.fingerprint += "|npm-openai:" + hash_hex(*pkg);
  return r;
}

// The program itself: a new modelsite may render or verify differently. Its GNU build id (a
// hash of the linked code) when it has one, so a CI job that rebuilds the same sources, or
// downloads the binary with a new modification time, keeps the cache.
std::string program_fingerprint() {
  std::string id;
  ::dl_iterate_phdr(
      [](struct dl_phdr_info* info, size_t, void* out) -> int {
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
            const char* desc = p + sizeof(ElfW(Nhdr)) + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && desc + note->n_descsz <= end) {
              *static_cast<std::string*>(out) = hash_hex(std::string_view(desc, note->n_descsz));
              return 1;
            }
            p = desc + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;  // only the executable itself (the first object) is looked at
      },
      &id);
  if (!id.empty()) return "build-id:" + id;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return exe.string() + ":" + std::to_string(fs::file_size(exe, ec)) + ":" +
         std::to_string(fs::last_write_time(exe, ec).time_since_epoch().count());
}

// Written under a temporary name, then renamed: a killed check leaves no partial entry.
void write_atomically(const fs::path& path, const std::string& content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  if (!write_file(tmp, content)) return;
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

bool before(const SnippetJob& a, const SnippetJob& b) {
  return std::tie(a.model_id, a.endpoint, a.stream, a.target) < std::tie(b.model_id, b.endpoint, b.stream, b.target);
}

// How a snippet is checked.
enum class Way { in_process, standalone, both, statically };

struct Worker {
  int index = 0;
  fs::path dir;
  std::unique_ptr<PythonRunner> python;
  std::unique_ptr<NodeRunner> node;
};

// One check run: the mock, the runtimes and the workers' state.
class Session {
 public:
  Session(const CheckOptions& opt, const Runtimes& runtimes, const std::string& global_key, MockServer& server, fs::path work,
          VerdictLog* verdicts)
      : opt_(opt), runtimes_(runtimes), global_key_(global_key), server_(server), work_(std::move(work)), verdicts_(verdicts) {
    mock_url_ = "http://127.0.0.1:" + std::to_string(server.port()) + "/v1";
    salt_ = std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());
  }

  Way way_for(const SnippetJob& job, bool representative) const {
    if (job.target == "python-openai" && !runtimes_.python_openai) return Way::statically;
    if (job.target == "curl" || !opt_.in_process) return Way::standalone;
    return representative ? Way::both : Way::in_process;
  }

  void check(const SnippetJob& job, SnippetResult& res, Worker& w, bool representative) {
    Way way = way_for(job, representative);
    const char* way_name[] = {"in-process", "standalone", "both", "static"};
    std::string cache_key;
    if (verdicts_)
      cache_key = hash_hex(global_key_ + "\n" + way_name[static_cast<int>(way)] + "\n" + job.target + "\n" + job.code);
    std::string verdict = way == Way::statically ? "verified" : "passed";
    if (verdicts_)
      if (auto cached = verdicts_->find(cache_key); cached && *cached == verdict) {
        res.status = way == Way::statically ? SnippetStatus::verified : SnippetStatus::passed;
        res.cached = true;
        res.in_process = way == Way::in_process || way == Way::both;
        res.standalone = way == Way::standalone || way == Way::both;
        return;
      }
    bool ok;
    if (way == Way::statically) ok = run_static(job, res, w);
    else if (way == Way::standalone) ok = run(job, res, w, false, "");
    else {
      ok = run(job, res, w, true, "");
      if (ok && way == Way::both && !res.standalone) {
        SnippetResult second;
        ok = run(job, second, w, false, "-standalone");
        if (!ok) {
          second.error = "as a standalone process (" + std::string(job.target == "curl" ? "bash" : starts_with(job.target, "python") ? "python3" : "node") +
                         " " + target_file_name(job.target) + "), " + second.error + "; it passed in-process";
          second.in_process = true;
          res = std::move(second);
        }
        res.standalone = true;
      }
    }
    if (!ok) return;
    res.status = way == Way::statically ? SnippetStatus::verified : SnippetStatus::passed;
    if (verdicts_) verdicts_->record(cache_key, verdict);
  }

 private:
  // The worker's folder holds exactly the snippet's file (and the file it uploads). Files of
  // those names are rewritten in place (overwrite_file), not removed and made again: a new file
  // per snippet costs the file system an inode each.
  void prepare(const SnippetJob& job, Worker& w, const std::string& code) {
    std::string file = target_file_name(job.target);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(w.dir, ec)) {
      std::string name = entry.path().filename().string();
      bool kept = name == file || (!job.request.input_file.empty() && name == job.request.input_file);
      if (!kept || !entry.is_regular_file(ec) || entry.is_symlink(ec)) fs::remove_all(entry.path(), ec);
    }
    overwrite_file(w.dir / file, code);
    if (!job.request.input_file.empty()) overwrite_file(w.dir / job.request.input_file, sample_audio());
  }

  std::map<std::string, std::string> env_for(const std::string& key, const Worker& w) const {
    auto env = base_env(w.dir);
    env[opt_.key_env] = key;
    return env;
  }

  bool run_static(const SnippetJob& job, SnippetResult& res, Worker& w) {
    prepare(job, w, replace_all(job.code, opt_.api_base_url, mock_url_));
    std::string file = target_file_name(job.target);
    auto env = env_for("sk-unused", w);
    std::optional<ProcessResult> p;
    if (PythonRunner* py = python(w)) p = py->run(w.dir, file, env, opt_.timeout_ms, sdk_method(job.endpoint), opt_.key_env);
    if (!p) {
      res.error = "the Python fork server failed, so the snippet could not be verified";
      return false;
    }
    res.duration_ms = p->duration_ms;
    res.stderr_text = p->err;
    res.in_process = true;
    if (p->timed_out || p->exit_code != 0) {
      res.error = p->timed_out ? "compiling timed out" : "does not compile";
      return false;
    }
    return check_static(job, p->out, mock_url_, opt_.key_env, res);
  }

  PythonRunner* python(Worker& w) {
    if (!w.python) {
      w.python = std::make_unique<PythonRunner>();
      if (!w.python->start(work_, runtimes_.python)) w.python.reset();
    }
    return w.python.get();
  }

  NodeRunner* node(Worker& w) {
    if (!w.node) w.node = std::make_unique<NodeRunner>();
    if (!w.node->running() && !w.node->start(work_)) return nullptr;
    return w.node.get();
  }

  // Runs the snippet once, in-process or as its own process, and verifies what it did.
  bool run(const SnippetJob& job, SnippetResult& res, Worker& w, bool in_process, const std::string& key_suffix) {
    prepare(job, w, replace_all(job.code, opt_.api_base_url, mock_url_));
    std::string file = target_file_name(job.target);
    std::string key = "sk-check-" + salt_ + "-" + std::to_string(w.index) + "-" + std::to_string(++runs_) + key_suffix;
    auto env = env_for(key, w);
    std::string tool = job.target == "curl" ? "bash" : starts_with(job.target, "python") ? "python3" : "node";
    std::optional<ProcessResult> served;
    if (in_process && tool == "python3")
      if (PythonRunner* py = python(w)) served = py->run(w.dir, file, env, opt_.timeout_ms);
    if (in_process && tool == "node")
      if (NodeRunner* n = node(w))
        if (auto o = n->run(w.dir, file, env, opt_.timeout_ms); o && o->unsupported.empty()) served = std::move(o->result);
    if (served) res.in_process = true;
    else res.standalone = true;
    std::string program = tool == "python3" ? runtimes_.python : tool;
    ProcessResult p = served ? std::move(*served) : run_process({program, file}, w.dir, env, opt_.timeout_ms);
    res.duration_ms = p.duration_ms;
    res.stdout_text = p.out;
    res.stderr_text = p.err;
    auto received = server_.requests_for(key);
    server_.clear_requests_for(key);
    if (p.spawn_failed) return fail(res, "could not start " + tool);
    if (p.timed_out) return fail(res, "timed out after " + std::to_string(opt_.timeout_ms / 1000) + " s (the process group was killed)");
    if (p.exit_code != 0) return fail(res, "exited with status " + std::to_string(p.exit_code));
    if (received.size() != 1) return fail(res, "the mock received " + std::to_string(received.size()) + " requests, expected exactly 1");
    if (!check_request(job, received[0], key, res)) return false;
    if (received[0].response.status != 200)
      return fail(res, "the mock answered " + std::to_string(received[0].response.status) + ": " + first_line(received[0].response.body));
    auto want = expected_stdout(job, received[0].response);
    if (!want) return fail(res, "cannot tell what the snippet should print");
    if (trim_end(p.out) != *want) {
      res.diff = "--- expected output\n" + *want + "\n+++ printed\n" + trim_end(p.out) + "\n";
      return fail(res, "the snippet printed something other than the mock's answer");
    }
    if (!job.request.output_file.empty()) {
      auto saved = read_file(w.dir / job.request.output_file);
      if (!saved || *saved != received[0].response.body)
        return fail(res, "the snippet did not save the mock's audio to " + job.request.output_file);
    }
    if (!job.request.image_file.empty() && job.target != "curl") {
      auto saved = read_file(w.dir / job.request.image_file);
      auto sent = base64_image(received[0].response);
      if (!saved || !sent || mock_detail::base64_encode(*saved) != *sent)
        return fail(res, "the snippet did not save the mock's base64 image to " + job.request.image_file);
    }
    return true;
  }

  static bool fail(SnippetResult& res, std::string why) {
    res.error = std::move(why);
    return false;
  }

  const CheckOptions& opt_;
  const Runtimes& runtimes_;
  std::string global_key_;
  MockServer& server_;
  fs::path work_;
  VerdictLog* verdicts_;
  std::string mock_url_, salt_;
  std::atomic<long long> runs_{0};
};

// --- The per-model summary: a model whose fingerprint is unchanged needs no snippet texts ----

fs::path summary_path(const CheckOptions& opt, const std::string& global_key, const ModelSnippets& m) {
  return opt.cache_dir / "checks" / "models" /
         hash_hex(global_key + "\n" + std::to_string(opt.shard_index) + "/" + std::to_string(opt.shard_count) + "\n" +
                  m.model_id + "\n" + m.model_path + "\n" + m.fingerprint);
}

bool read_summary(const fs::path& path, const ModelSnippets& m, std::vector<SnippetJob>& jobs, std::vector<SnippetResult>& results) {
  auto text = read_file(path);
  if (!text) return false;
  try {
    for (const auto& e : Json::parse(*text)) {
      SnippetJob j;
      j.model_id = m.model_id;
      j.model_path = m.model_path;
      j.endpoint = e.at("endpoint").get<std::string>();
      j.stream = e.at("stream").get<bool>();
      j.target = e.at("target").get<std::string>();
      j.locales = e.at("locales").get<std::vector<std::string>>();
      SnippetResult r;
      std::string status = e.at("status").get<std::string>();
      if (status != "passed" && status != "verified") return false;
      r.status = status == "passed" ? SnippetStatus::passed : SnippetStatus::verified;
      r.cached = true;
      r.in_process = e.at("in_process").get<bool>();
      r.standalone = e.at("standalone").get<bool>();
      r.shape = e.at("shape").get<std::string>();
      jobs.push_back(std::move(j));
      results.push_back(std::move(r));
    }
  } catch (...) {
    return false;
  }
  return true;
}

std::string summary_text(const std::vector<const SnippetJob*>& jobs, const std::vector<const SnippetResult*>& results) {
  Json out = Json::array();
  for (std::size_t i = 0; i < jobs.size(); ++i)
    out.push_back({{"endpoint", jobs[i]->endpoint}, {"stream", jobs[i]->stream}, {"target", jobs[i]->target},
                   {"locales", jobs[i]->locales}, {"status", results[i]->status == SnippetStatus::verified ? "verified" : "passed"},
                   {"in_process", results[i]->in_process}, {"standalone", results[i]->standalone}, {"shape", results[i]->shape}});
  return out.dump() + "\n";
}

double cpu_seconds(int who) {
  struct rusage u {};
  ::getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int shard_of(const SnippetJob& job, int count) {
  if (count <= 1) return 1;
  return static_cast<int>(Hasher().add(snippet_identity(job)).value() % static_cast<std::uint64_t>(count)) + 1;
}

void count_results(CheckReport& report) {
  report.passed = report.failed = report.verified = report.cached = report.in_process = report.standalone = 0;
  for (const auto& r : report.results) {
    if (r.cached) ++report.cached;
    if (r.in_process) ++report.in_process;
    if (r.standalone) ++report.standalone;
    if (r.status == SnippetStatus::passed) ++report.passed;
    else if (r.status == SnippetStatus::verified) ++report.verified;
    else ++report.failed;
  }
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
  // Grouped by model; the fingerprint is the snippets' own texts.
  std::map<std::pair<std::string, std::string>, std::vector<SnippetJob>> by_model;
  for (auto& j : jobs) by_model[{j.model_id, j.model_path}].push_back(std::move(j));
  std::vector<ModelSnippets> snippets;
  for (auto& [id, list] : by_model) {
    Hasher h;
    for (const auto& j : list) {
      h.add(j.endpoint).add(j.stream ? "stream" : "").add(j.target).add(j.code);
      for (const auto& l : j.locales) h.add(l);
    }
    auto shared = std::make_shared<std::vector<SnippetJob>>(std::move(list));
    snippets.push_back({id.first, id.second, h.hex(), [shared] { return *shared; }});
  }
  return run_checks(std::move(snippets), models, opt, diags);
}

namespace {

// Each distinct snippet runs once; the locales that publish it are merged.
std::vector<SnippetJob> distinct_jobs(std::vector<SnippetJob> jobs) {
  std::stable_sort(jobs.begin(), jobs.end(), before);
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
  return distinct;
}

struct Entry {
  SnippetJob job;
  SnippetResult result;
  std::size_t model = 0;       // index into the ModelSnippets
  bool fresh = false;          // to run now (not from a model summary)
  bool representative = false; // the one snippet of its shape that also runs standalone
};

// Per shape, the first snippet in report order runs standalone as well. A representative
// taken from a model summary that never ran standalone needs its model's snippets again.
std::set<std::size_t> choose_representatives(std::vector<Entry>& entries, const Runtimes& rt, const CheckOptions& opt) {
  std::map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto [it, added] = first.emplace(entries[i].result.shape, i);
    if (!added && before(entries[i].job, entries[it->second].job)) it->second = i;
  }
  std::set<std::size_t> regenerate;
  for (const auto& [shape, i] : first) {
    Entry& e = entries[i];
    e.representative = true;
    bool static_only = e.job.target == "python-openai" && !rt.python_openai;
    if (!e.fresh && !e.result.standalone && !static_only && opt.in_process) regenerate.insert(e.model);
  }
  return regenerate;
}

}  // namespace

CheckReport run_checks(std::vector<ModelSnippets> snippets, const std::vector<MockModel>& models, const CheckOptions& opt,
                       Diagnostics& diags) {
  CheckReport report;
  report.shard_index = opt.shard_index;
  report.shard_count = opt.shard_count;
  report.models = snippets.size();
  std::error_code ec;
  fs::path work = opt.work_dir;
  fs::create_directories(work, ec);
  // ES modules resolve packages from the folders above the importing file, not from NODE_PATH.
  if (!opt.node_modules.empty()) fs::create_directory_symlink(opt.node_modules, work / "node_modules", ec);
  Runtimes runtimes = probe_runtimes(work, opt.node_modules);
  std::string global_key = std::string(kCheckerVersion) + "\n" + MockApi::version + "\n" + runtimes.fingerprint + "\n" +
                           program_fingerprint() + "\n" + opt.api_base_url + "\n" + opt.key_env + "\n" +
                           (opt.in_process ? "in-process" : "processes");

  // Models whose summary is cached give their results without making their snippets.
  std::vector<Entry> entries;
  auto add_model = [&](std::size_t m, bool use_summary) {
    std::vector<SnippetJob> jobs;
    std::vector<SnippetResult> results;
    if (use_summary && !opt.cache_dir.empty() && read_summary(summary_path(opt, global_key, snippets[m]), snippets[m], jobs, results)) {
      ++report.models_cached;
      for (std::size_t i = 0; i < jobs.size(); ++i) entries.push_back({std::move(jobs[i]), std::move(results[i]), m, false, false});
      return;
    }
    for (auto& j : distinct_jobs(snippets[m].make())) {
      if (shard_of(j, opt.shard_count) != opt.shard_index) continue;
      Entry e{std::move(j), {}, m, true, false};
      e.result.shape = snippet_shape(e.job);
      entries.push_back(std::move(e));
    }
  };
  for (std::size_t m = 0; m < snippets.size(); ++m) add_model(m, true);
  if (auto again = choose_representatives(entries, runtimes, opt); !again.empty()) {
    std::erase_if(entries, [&](const Entry& e) { return again.count(e.model) != 0; });
    for (std::size_t m : again) {
      --report.models_cached;
      add_model(m, false);
    }
    for (auto& e : entries) e.representative = false;
    choose_representatives(entries, runtimes, opt);
  }
  // Snippets published twice (the same text for two models) run once.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return before(a.job, b.job); });
  {
    std::set<std::pair<std::string, std::string>> seen;
    std::erase_if(entries, [&](const Entry& e) { return e.fresh && !seen.insert({e.job.target, e.job.code}).second; });
  }
  std::vector<std::size_t> fresh;
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (entries[i].fresh) fresh.push_back(i);

  std::optional<VerdictLog> verdicts;
  if (!opt.cache_dir.empty()) verdicts.emplace(opt.cache_dir / "checks" / "verdicts");
  if (!fresh.empty()) {
    MockServer server(models);
    if (server.start(0) < 0) {
      diags.error("", "mock-failed", "cannot start the mock API on 127.0.0.1");
      fs::remove_all(work, ec);
      return report;
    }
    double self_before = cpu_seconds(RUSAGE_SELF), children_before = cpu_seconds(RUSAGE_CHILDREN);
    Session session(opt, runtimes, global_key, server, work, verdicts ? &*verdicts : nullptr);
    int n_workers = std::max(1, std::min<int>(opt.jobs, static_cast<int>(fresh.size())));
    std::vector<Worker> workers(static_cast<std::size_t>(n_workers));
    for (int t = 0; t < n_workers; ++t) {
      workers[static_cast<std::size_t>(t)].index = t;
      workers[static_cast<std::size_t>(t)].dir = work / ("w" + std::to_string(t));
      fs::create_directories(workers[static_cast<std::size_t>(t)].dir, ec);
    }
    std::atomic<std::size_t> done{0}, failed{0};
    std::mutex progress_mutex;
    run_parallel(fresh.size(), n_workers, [&](std::size_t k, int t) {
      Entry& e = entries[fresh[k]];
      std::string shape = std::move(e.result.shape);
      e.result = {};
      e.result.shape = std::move(shape);
      session.check(e.job, e.result, workers[static_cast<std::size_t>(t)], e.representative);
      if (e.result.status == SnippetStatus::failed) ++failed;
      std::size_t d = ++done;
      if (opt.progress) {
        std::lock_guard lock(progress_mutex);
        opt.progress({d, fresh.size(), failed.load()});
      }
    });
    workers.clear();  // stops the fork servers and harnesses
    server.stop();
    report.modelsite_cpu_s = cpu_seconds(RUSAGE_SELF) - self_before;
    report.runtimes_cpu_s = cpu_seconds(RUSAGE_CHILDREN) - children_before;
    // Only a run that answered no model from its summary knows every verdict still in use.
    if (verdicts && report.models_cached == 0) verdicts->compact();
  }
  fs::remove_all(work, ec);

  // A model's summary is written only when every one of its snippets (in this shard) is verified.
  if (!opt.cache_dir.empty()) {
    std::map<std::size_t, std::pair<std::vector<const SnippetJob*>, std::vector<const SnippetResult*>>> by_model;
    std::set<std::size_t> broken, from_summary;
    for (const auto& e : entries) {
      if (!e.fresh) from_summary.insert(e.model);
      if (!e.fresh) continue;
      if (e.result.status == SnippetStatus::failed) broken.insert(e.model);
      by_model[e.model].first.push_back(&e.job);
      by_model[e.model].second.push_back(&e.result);
    }
    for (std::size_t m = 0; m < snippets.size(); ++m) {
      if (broken.count(m) || from_summary.count(m)) continue;
      auto it = by_model.find(m);
      static const std::pair<std::vector<const SnippetJob*>, std::vector<const SnippetResult*>> none;
      const auto& list = it == by_model.end() ? none : it->second;
      write_atomically(summary_path(opt, global_key, snippets[m]), summary_text(list.first, list.second));
    }
  }
  for (auto& e : entries) {
    report.jobs.push_back(std::move(e.job));
    report.results.push_back(std::move(e.result));
  }
  count_results(report);
  return report;
}

}  // namespace ms
