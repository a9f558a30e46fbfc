#include "checker/python_runner.h"

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

PythonRunner::~PythonRunner() { stop(); }

void PythonRunner::stop() {
  if (to_server_ >= 0) ::close(to_server_);
  if (from_server_ >= 0) ::close(from_server_);
  to_server_ = from_server_ = -1;
  if (pid_ > 0) {
    int status;
    // Closing its stdin ends the server's loop; make sure it is gone.
    for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) ::usleep(2000);
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
  }
  pid_ = -1;
}

bool PythonRunner::start(const fs::path& scratch, const std::string& python) {
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return false;
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return false;
  }
  const char* path_env = std::getenv("PATH");
  std::map<std::string, std::string> env = {{"PATH", path_env ? path_env : "/usr/bin:/bin"}, {"HOME", scratch.string()},
                                            {"LANG", "C.UTF-8"}, {"PYTHONDONTWRITEBYTECODE", "1"}, {"PYTHONIOENCODING", "utf-8"}};
  pid_t pid = spawn_process({python, "-c", embedded::kPythonServer}, scratch, env, {{0, in_pipe[0]}, {1, out_pipe[1]}});
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (pid < 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return false;
  }
  pid_ = pid;
  to_server_ = in_pipe[1];
  from_server_ = out_pipe[0];
  return true;
}

std::optional<ProcessResult> PythonRunner::run(const fs::path& dir, const std::string& file,
                                               const std::map<std::string, std::string>& env, int timeout_ms,
                                               const std::string& verify_method, const std::string& key_env) {
  if (pid_ < 0) return std::nullopt;
  Json req = {{"dir", dir.string()}, {"file", file}, {"env", env}, {"timeout_ms", timeout_ms}};
  if (!verify_method.empty()) {
    req["verify"] = verify_method;
    req["key_env"] = key_env;
  }
  std::string line = req.dump() + "\n";
  for (std::size_t sent = 0; sent < line.size();) {
    ssize_t n = ::write(to_server_, line.data() + sent, line.size() - sent);
    if (n <= 0) {
      stop();
      return std::nullopt;
    }
    sent += static_cast<std::size_t>(n);
  }
  // The server enforces the time limit itself; this only guards against the server dying.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms + 10000);
  ProcessResult r;
  std::size_t nl, out_bytes = 0, err_bytes = 0;
  if (!read_until(deadline, [&] { return (nl = pending_.find('\n')) != std::string::npos; })) return std::nullopt;
  try {
    Json j = Json::parse(pending_.substr(0, nl));
    r.exit_code = j.at("exit").get<int>();
    r.timed_out = j.at("timed_out").get<bool>();
    r.duration_ms = j.at("ms").get<long long>();
    out_bytes = j.at("stdout_bytes").get<std::size_t>();
    err_bytes = j.at("stderr_bytes").get<std::size_t>();
  } catch (...) {
    stop();
    return std::nullopt;
  }
  // The output follows the reply's line.
  if (!read_until(deadline, [&] { return pending_.size() >= nl + 1 + out_bytes + err_bytes; })) return std::nullopt;
  r.out = pending_.substr(nl + 1, out_bytes);
  r.err = pending_.substr(nl + 1 + out_bytes, err_bytes);
  pending_.erase(0, nl + 1 + out_bytes + err_bytes);
  return r;
}

bool PythonRunner::read_until(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& enough) {
  while (!enough()) {
    int wait = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    struct pollfd pfd = {from_server_, POLLIN, 0};
    if (wait <= 0 || ::poll(&pfd, 1, wait) <= 0) {
      stop();
      return false;
    }
    char buf[65536];
    ssize_t n = ::read(from_server_, buf, sizeof buf);
    if (n <= 0) {
      stop();
      return false;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace ms
