// Running a program with a time limit in its own process group, capturing its output.
#pragma once
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "core/fs.h"

namespace ms {

struct ProcessResult {
  int exit_code = -1;     // -1 when it did not exit normally
  bool timed_out = false;
  bool spawn_failed = false;
  std::string out, err;
  long long duration_ms = 0;
};

// Runs argv in `cwd` with exactly `env` (nothing inherited). On timeout the whole process group
// is killed. Output beyond `max_output` bytes per stream is dropped.
ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& cwd,
                          const std::map<std::string, std::string>& env, int timeout_ms,
                          std::size_t max_output = 4u << 20);

// Starts argv with posix_spawn (no copy of a large, multithreaded parent's address space) in
// `cwd` with exactly `env`, in a process group of its own. `fds` maps child descriptors (0, 1,
// 2, 3...) to the parent's descriptors to give it; unmapped 0-2 are /dev/null. Returns the pid,
// or -1.
pid_t spawn_process(const std::vector<std::string>& argv, const fs::path& cwd,
                    const std::map<std::string, std::string>& env, const std::vector<std::pair<int, int>>& fds);

// Full path of a program found on PATH, or "".
std::string find_program(const std::string& name);

}  // namespace ms
