// A Python fork server (python_server.py): one python3 process per checker worker imports
// `requests` once, then forks a child for each snippet. Each snippet still runs as its own program: a fresh __main__,
// its own working folder, environment, stdout, stderr and exit status, and a process group that
// is killed at the time limit; what it changes in memory dies with its child.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "checker/process.h"
#include "core/fs.h"

namespace ms {

class PythonRunner {
 public:
  PythonRunner() = default;
  ~PythonRunner();
  PythonRunner(const PythonRunner&) = delete;
  PythonRunner& operator=(const PythonRunner&) = delete;

  // Starts the server with `python` (the interpreter `python3` names on PATH); false when it
  // cannot start (callers then run snippets as separate processes).
  bool start(const fs::path& scratch, const std::string& python = "python3");
  // Runs `file` in `dir`. With verify_method ("chat.completions.create"), it is not run but
  // compiled and read statically instead: stdout is then a JSON object {"calls": [{"client",
  // "kwargs"}], "problems": [...]} listing every call of that method on an OpenAI client.
  // Returns nothing when the server itself failed.
  std::optional<ProcessResult> run(const fs::path& dir, const std::string& file,
                                   const std::map<std::string, std::string>& env, int timeout_ms,
                                   const std::string& verify_method = "", const std::string& key_env = "");

 private:
  void stop();
  // Reads from the server until `enough` says so; false (the server stopped) at the deadline or
  // when the server is gone.
  bool read_until(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& enough);
  pid_t pid_ = -1;
  int to_server_ = -1, from_server_ = -1;
  std::string pending_;  // bytes read past the last reply
};

}  // namespace ms
