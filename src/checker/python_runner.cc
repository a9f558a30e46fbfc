#include "checker/python_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "core/json_source.h"

namespace ms {

namespace {

// The server speaks JSON lines: a request per line on stdin, a reply per line on stdout.
constexpr const char* kServer = R"PY(
import io, json, os, runpy, sys, time, traceback
import requests  # imported once here instead of once per snippet

replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
devnull = os.open(os.devnull, os.O_RDONLY)

def child(req):
    code = 0
    try:
        os.setpgid(0, 0)
        os.chdir(req["dir"])
        out = os.open(".stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(".stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(devnull, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.environ.clear()
        os.environ.update(req["env"])
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)
        sys.argv = [req["file"]]
        sys.path[0] = req["dir"]
        try:
            if req["compile_only"]:
                with open(req["file"], "rb") as f:
                    compile(f.read(), req["file"], "exec")
            else:
                runpy.run_path(req["file"], run_name="__main__")
        except SystemExit as e:
            if e.code is None:
                code = 0
            elif isinstance(e.code, int):
                code = e.code
            else:
                print(e.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code & 0xFF)

for line in sys.stdin:
    req = json.loads(line)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child(req)
    deadline = start + req["timeout_ms"] / 1000.0
    timed_out = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() >= deadline:
            timed_out = True
            try:
                os.killpg(pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            break
        time.sleep(0.001)
    try:
        os.killpg(pid, 9)  # whatever the snippet left running
    except (ProcessLookupError, PermissionError):
        pass
    exit_code = -1 if timed_out or not os.WIFEXITED(status) else os.WEXITSTATUS(status)
    replies.write(json.dumps({"exit": exit_code, "timed_out": timed_out,
                              "ms": int((time.monotonic() - start) * 1000)}) + "\n")
    replies.flush()
)PY";

}  // namespace

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

bool PythonRunner::start(const fs::path& scratch) {
  std::string python = find_program("python3");
  if (python.empty()) return false;
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return false;
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return false;
  }
  std::string dir = scratch.string();
  const char* path_env = std::getenv("PATH");
  std::string path = std::string("PATH=") + (path_env ? path_env : "/usr/bin:/bin");
  std::string home = "HOME=" + dir;
  char* envp[] = {path.data(), home.data(), const_cast<char*>("LANG=C.UTF-8"), const_cast<char*>("PYTHONDONTWRITEBYTECODE=1"),
                  const_cast<char*>("PYTHONIOENCODING=utf-8"), nullptr};
  char* argv[] = {python.data(), const_cast<char*>("-c"), const_cast<char*>(kServer), nullptr};
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, 2);
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    ::execve(python.c_str(), argv, envp);
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  pid_ = pid;
  to_server_ = in_pipe[1];
  from_server_ = out_pipe[0];
  return true;
}

std::optional<ProcessResult> PythonRunner::run(const fs::path& dir, const std::string& file,
                                               const std::map<std::string, std::string>& env, int timeout_ms,
                                               bool compile_only) {
  if (pid_ < 0) return std::nullopt;
  Json req = {{"dir", dir.string()}, {"file", file}, {"env", env}, {"timeout_ms", timeout_ms}, {"compile_only", compile_only}};
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
  std::size_t nl;
  while ((nl = pending_.find('\n')) == std::string::npos) {
    int wait = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    struct pollfd pfd = {from_server_, POLLIN, 0};
    if (wait <= 0 || ::poll(&pfd, 1, wait) <= 0) {
      stop();
      return std::nullopt;
    }
    char buf[4096];
    ssize_t n = ::read(from_server_, buf, sizeof buf);
    if (n <= 0) {
      stop();
      return std::nullopt;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
  }
  std::string reply = pending_.substr(0, nl);
  pending_.erase(0, nl + 1);
  ProcessResult r;
  try {
    Json j = Json::parse(reply);
    r.exit_code = j.at("exit").get<int>();
    r.timed_out = j.at("timed_out").get<bool>();
    r.duration_ms = j.at("ms").get<long long>();
  } catch (...) {
    stop();
    return std::nullopt;
  }
  r.out = read_file(dir / ".stdout").value_or("");
  r.err = read_file(dir / ".stderr").value_or("");
  return r;
}

}  // namespace ms
