#include "serve/serve.h"

#include <chrono>
#include <cstdio>

#include "core/text.h"

namespace ms {

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

std::string summary_line(const Diagnostics& d) {
  auto plural = [](std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
  return plural(d.error_count(), "error") + ", " + plural(d.warning_count(), "warning") + "\n";
}

std::string describe_changes(const std::set<std::string>& changed) {
  if (changed.empty()) return "";
  std::string out = *changed.begin();
  if (changed.size() > 1) out += " and " + std::to_string(changed.size() - 1) + " more";
  return out;
}

std::string check_summary(const CheckReport& r) {
  std::string out;
  for (std::size_t i = 0; i < r.jobs.size(); ++i)
    if (r.results[i].status == SnippetStatus::failed) out += format_failure(r.jobs[i], r.results[i]);
  out += std::to_string(r.passed) + " passed, " + std::to_string(r.failed) + " failed";
  if (r.verified) out += " (plus " + std::to_string(r.verified) + " verified, not run)";
  return out + "\n";
}

// The check stage's own diagnostics (missing runtimes, content errors) keep their exact text.
std::string check_problems(const BuildResult& r) {
  std::string out = format_diagnostics(r.diags);
  if (r.diags.error_count() || r.diags.warning_count()) out += summary_line(r.diags);
  return out;
}

}  // namespace

fs::path default_serve_out(const fs::path& root) { return root / ".modelsite-cache" / "serve" / "site"; }

ServeSession::ServeSession(ServeOptions options, ServeLog log) : opt_(std::move(options)), log_(std::move(log)) {
  if (opt_.out.empty()) opt_.out = default_serve_out(opt_.root);
  server_ = std::make_unique<DevServer>(opt_.out);
}

ServeSession::~ServeSession() { shutdown(); }

std::optional<int> ServeSession::start(std::string& error) {
  watcher_ = std::make_unique<SourceWatcher>(opt_.root);
  rebuild({}, Pass::first);
  auto port = server_->listen(opt_.port, error);
  if (!port) return std::nullopt;
  if (opt_.check) check_thread_ = std::thread([this] { check_loop(); });
  return port;
}

// Builds into the private folder without the check (that runs on its own thread, if asked).
BuildOptions ServeSession::build_options() const {
  BuildOptions b;
  b.root = opt_.root;
  b.out = opt_.out;
  b.check = false;
  b.jobs = opt_.jobs;
  return b;
}

void ServeSession::rebuild(const std::set<std::string>& changed, Pass pass) {
  auto start = std::chrono::steady_clock::now();
  BuildOptions b = build_options();
  b.memo = &memo_;
  b.current_is_enough = pass == Pass::first;
  BuildResult r = build_site(b);
  std::string diagnostics = format_diagnostics(r.diags);
  if (r.diags.error_count() || r.diags.warning_count()) diagnostics += summary_line(r.diags);
  bool ok = r.exit_code == 0;
  {
    std::lock_guard lock(mu_);
    // Pages reload when the files they were served from changed (and after the first build).
    if (ok && (r.files_written > 0 || status_.generation == 0)) ++status_.generation;
    status_.ok = ok;
    status_.diagnostics = diagnostics;
    if (ok && opt_.check) {
      status_.check_state = "running";
      ++check_requests_;
    }
    server_->publish(status_);
  }
  check_cv_.notify_all();
  std::string what = describe_changes(changed);
  char line[256];
  if (ok)
    std::snprintf(line, sizeof line, "%s %zu pages, %zu files written in %.0f ms%s%s\n", changed.empty() ? "built" : "rebuilt",
                  r.pages, r.files_written, ms_since(start), what.empty() ? "" : ": ", what.c_str());
  else
    std::snprintf(line, sizeof line, "build failed in %.0f ms%s%s; serving the last good build\n", ms_since(start),
                  what.empty() ? "" : ": ", what.c_str());
  // Warnings that every build repeats are printed once, not after every save.
  bool repeat = ok && diagnostics == last_logged_;
  last_logged_ = diagnostics;
  if (pass == Pass::warming && ok && r.files_written == 0) {
    if (!repeat) log_(diagnostics);  // the first build, with nothing to do, read no content
    return;
  }
  std::string stages;
  if (opt_.verbose)
    for (const auto& s : r.stages) {
      char row[128];
      std::snprintf(row, sizeof row, "  %-10s %8.1f ms  %zu items\n", s.name.c_str(), s.ms, s.items);
      stages += row;
    }
  log_((repeat ? std::string() : diagnostics) + stages + line);
}

void ServeSession::check_loop() {
  std::uint64_t done = 0;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      check_cv_.wait(lock, [&] { return check_stop_ || check_requests_ != done; });
      if (check_stop_) return;
      done = check_requests_;
    }
    BuildOptions b;
    b.root = opt_.root;
    b.jobs = opt_.jobs;
    BuildResult r = check_site(b);
    std::string state = r.exit_code == 0 ? "passed" : "failed";
    std::string summary = check_problems(r) + (r.check ? check_summary(*r.check) : "");
    {
      std::lock_guard lock(mu_);
      // A newer build's errors, or a newer check on its way, matter more than this result.
      if (!status_.ok || check_requests_ != done) continue;
      status_.check_state = state;
      status_.check_summary = summary;
      server_->publish(status_);
    }
    log_("snippet check " + state + ": " + summary);
  }
}

void ServeSession::run(const std::atomic<bool>& stop) {
  SourceWatcher& watcher = *watcher_;
  if (!watcher.ok()) {
    log_("warning: " + watcher.error() + "; pages are not rebuilt on save\n");
    while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return;
  }
  // While the author reads the first pages: a second copy of the site beside the served one, so
  // that the first save rewrites only its own pages.
  Diagnostics spare;
  if (!fill_spare_output(build_options(), spare)) log_(format_diagnostics(spare));
  // When the first build found the folder current, the memo is still empty: filled now, so that
  // the first save is as quick as the next ones.
  if (!memo_.filled) rebuild({}, Pass::warming);
  while (!stop) {
    // A save is often several events (write, close, rename); 20 ms of quiet ends the burst.
    auto changed = watcher.wait(std::chrono::milliseconds(100), std::chrono::milliseconds(20));
    if (changed.empty() || stop) continue;
    rebuild(changed);
  }
}

void ServeSession::shutdown() {
  {
    std::lock_guard lock(mu_);
    check_stop_ = true;
  }
  check_cv_.notify_all();
  if (check_thread_.joinable()) check_thread_.join();
  if (server_) server_->stop();
}

}  // namespace ms
