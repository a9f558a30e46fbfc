#include "checker/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace ms {

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string p = path;
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t colon = p.find(':', start);
    std::string dir = p.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!dir.empty()) {
      std::string full = dir + "/" + name;
      if (::access(full.c_str(), X_OK) == 0) return full;
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return "";
}

pid_t spawn_process(const std::vector<std::string>& argv, const fs::path& cwd,
                    const std::map<std::string, std::string>& env, const std::vector<std::pair<int, int>>& fds) {
  if (argv.empty()) return -1;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  std::string program = argv[0];
  if (program.find('/') == std::string::npos) program = find_program(program);
  if (program.empty()) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  bool mapped[3] = {false, false, false};
  for (const auto& [child, parent] : fds) {
    posix_spawn_file_actions_adddup2(&actions, parent, child);
    if (child >= 0 && child < 3) mapped[child] = true;
  }
  for (int i = 0; i < 3; ++i)
    if (!mapped[i]) posix_spawn_file_actions_addopen(&actions, i, "/dev/null", i == 0 ? O_RDONLY : O_WRONLY, 0);
  std::string dir = cwd.string();
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return rc == 0 ? pid : -1;
}

ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& cwd,
                          const std::map<std::string, std::string>& env, int timeout_ms, std::size_t max_output) {
  ProcessResult r;
  auto start = std::chrono::steady_clock::now();
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) { r.spawn_failed = true; return r; }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) { ::close(out_pipe[0]); ::close(out_pipe[1]); r.spawn_failed = true; return r; }
  pid_t pid = spawn_process(argv, cwd, env, {{1, out_pipe[1]}, {2, err_pipe[1]}});
  if (pid < 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    r.spawn_failed = true;
    return r;
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  auto deadline = start + std::chrono::milliseconds(timeout_ms);
  while (open_fds > 0) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
    int n = ::poll(fds, 2, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      std::string& dest = i == 0 ? r.out : r.err;
      if (dest.size() < max_output) dest.append(buf, static_cast<std::size_t>(got));
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  if (r.timed_out) {
    ::waitpid(pid, &status, 0);
  } else {
    // Output closed; the program may still be running (e.g. it closed its streams): wait with
    // the limit, on a pidfd rather than by polling.
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    while (true) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) {
        r.timed_out = true;
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        break;
      }
      int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
      if (pidfd >= 0) {
        struct pollfd pfd = {pidfd, POLLIN, 0};
        ::poll(&pfd, 1, wait_ms);
      } else {
        ::usleep(1000);
      }
    }
    if (pidfd >= 0) ::close(pidfd);
  }
  // Children the snippet left behind die with its group.
  ::kill(-pid, SIGKILL);
  if (!r.timed_out && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace ms
