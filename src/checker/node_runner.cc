#include "checker/node_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "checker/embedded_scripts.h"
#include "core/json_source.h"

namespace ms {

const char* node_harness_source() { return embedded::kNodeHarness; }

NodeRunner::~NodeRunner() { stop(false); }

void NodeRunner::stop(bool kill_now) {
  if (to_harness_ >= 0) ::close(to_harness_);
  if (from_harness_ >= 0) ::close(from_harness_);
  to_harness_ = from_harness_ = -1;
  pending_.clear();
  if (pid_ > 0) {
    int status;
    // Closing its stdin ends the harness once its last snippet is done; make sure it is gone.
    for (int i = 0; !kill_now && i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) ::usleep(2000);
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(-pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    ::kill(-pid_, SIGKILL);  // anything a snippet started
  }
  pid_ = -1;
}

bool NodeRunner::start(const fs::path& scratch, std::size_t retire_heap_bytes) {
  fs::path harness = scratch / "node-harness.mjs";
  std::error_code ec;
  if (!fs::exists(harness, ec)) {
    // Written under a temporary name and renamed, so a worker never starts a half-written file.
    fs::path tmp = harness;
    tmp += "." + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
    if (!write_file(tmp, embedded::kNodeHarness)) return false;
    fs::rename(tmp, harness, ec);
    if (ec) return false;
  }
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return false;
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return false;
  }
  const char* path_env = std::getenv("PATH");
  std::map<std::string, std::string> env = {{"PATH", path_env ? path_env : "/usr/bin:/bin"}, {"HOME", scratch.string()},
                                            {"LANG", "C.UTF-8"}, {"NO_COLOR", "1"}};
  pid_t pid = spawn_process({"node", "--no-warnings", "--experimental-vm-modules", "--experimental-import-meta-resolve",
                             harness.string(), std::to_string(retire_heap_bytes)},
                            scratch, env, {{0, in_pipe[0]}, {3, out_pipe[1]}});
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (pid < 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return false;
  }
  pid_ = pid;
  to_harness_ = in_pipe[1];
  from_harness_ = out_pipe[0];
  return true;
}

std::optional<NodeOutcome> NodeRunner::run(const fs::path& dir, const std::string& file,
                                           const std::map<std::string, std::string>& env, int timeout_ms) {
  if (pid_ < 0) return std::nullopt;
  auto start = std::chrono::steady_clock::now();
  Json req = {{"dir", dir.string()}, {"file", file}, {"env", env}};
  std::string line = req.dump() + "\n";
  for (std::size_t sent = 0; sent < line.size();) {
    ssize_t n = ::write(to_harness_, line.data() + sent, line.size() - sent);
    if (n <= 0) {
      stop(true);
      return std::nullopt;
    }
    sent += static_cast<std::size_t>(n);
  }
  auto deadline = start + std::chrono::milliseconds(timeout_ms);
  std::size_t nl;
  while ((nl = pending_.find('\n')) == std::string::npos) {
    int wait = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    struct pollfd pfd = {from_harness_, POLLIN, 0};
    int ready = wait > 0 ? ::poll(&pfd, 1, wait) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      // The time limit: the harness and everything the snippet started are killed.
      stop(true);
      NodeOutcome o;
      o.result.timed_out = true;
      o.result.duration_ms = timeout_ms;
      return o;
    }
    char buf[65536];
    ssize_t n = ready > 0 ? ::read(from_harness_, buf, sizeof buf) : -1;
    if (n <= 0) {
      stop(true);
      return std::nullopt;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
  }
  std::string reply = pending_.substr(0, nl);
  pending_.erase(0, nl + 1);
  NodeOutcome o;
  try {
    Json j = Json::parse(reply);
    o.result.exit_code = j.at("exit").get<int>() & 0xFF;
    o.result.out = j.at("stdout").get<std::string>();
    o.result.err = j.at("stderr").get<std::string>();
    if (j.at("unsupported").is_string()) o.unsupported = j["unsupported"].get<std::string>();
    // A harness whose heap has grown past its limit is replaced before the next snippet.
    if (j.value("retire", false)) stop(true);
  } catch (...) {
    stop(true);
    return std::nullopt;
  }
  o.result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return o;
}

}  // namespace ms
