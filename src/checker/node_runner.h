// The in-process Node runner (node_harness.mjs): one long-lived `node` process per checker
// worker evaluates each snippet's exact text as an ES module in a fresh vm context with exactly
// Node's own globals, the snippet's own process.env, argv, stdout, stderr and exit status, and
// its own instance of every module it imports (the real `openai` package included, evaluated
// again from cached compiled code). Snippets run one at a time; at the time limit the whole
// process group is killed and the next snippet gets a new process.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "checker/process.h"
#include "core/fs.h"

namespace ms {

struct NodeOutcome {
  ProcessResult result;
  std::string unsupported;  // non-empty: the harness cannot run this snippet (run it as a process)
};

class NodeRunner {
 public:
  NodeRunner() = default;
  ~NodeRunner();
  NodeRunner(const NodeRunner&) = delete;
  NodeRunner& operator=(const NodeRunner&) = delete;

  // Writes the harness into `scratch` (once per folder) and starts it there; false when node
  // cannot start it. Once its heap passes `retire_heap_bytes` after a snippet, the process is
  // stopped and the next run() needs start() again (the vm contexts of finished snippets are
  // never collected in Node 20).
  bool start(const fs::path& scratch, std::size_t retire_heap_bytes = 256u << 20);
  bool running() const { return pid_ > 0; }
  // Runs `file` (an ES module) in `dir`. Returns nothing when the harness itself failed.
  std::optional<NodeOutcome> run(const fs::path& dir, const std::string& file,
                                 const std::map<std::string, std::string>& env, int timeout_ms);

 private:
  void stop(bool kill_now);
  pid_t pid_ = -1;
  int to_harness_ = -1, from_harness_ = -1;
  std::string pending_;  // bytes read past the last reply line
};

// The harness's text (exposed for tests that compare it with a plain `node` run).
const char* node_harness_source();

}  // namespace ms
