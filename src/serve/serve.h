// `modelsite serve`: build into a private folder, serve it, rebuild on every save and tell the
// open pages (reload, or the build's errors over the last good site).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "core/fs.h"
#include "serve/dev_server.h"
#include "serve/watcher.h"
#include "site/site.h"

namespace ms {

struct ServeOptions {
  fs::path root = ".";
  fs::path out;       // empty: <root>/.modelsite-cache/serve/site (never site/ unless asked)
  int port = 1313;    // 0 picks a free port
  bool check = false; // run the snippet check in the background after each build
  int jobs = 0;
  bool verbose = false; // each build's stages with their times, as `build --verbose` prints them
};

// One line (or block) of news for the terminal: builds, errors, check results.
using ServeLog = std::function<void(const std::string& text)>;

// The folder `serve` builds into when no --out is given.
fs::path default_serve_out(const fs::path& root);

class ServeSession {
 public:
  ServeSession(ServeOptions options, ServeLog log);
  ~ServeSession();
  ServeSession(const ServeSession&) = delete;
  ServeSession& operator=(const ServeSession&) = delete;

  // Starts watching (before the first build, so a save made while it runs is not lost), builds
  // once and starts listening. Returns the port, or nothing with `error` set
  // (busy port, no inotify).
  std::optional<int> start(std::string& error);
  // Rebuilds after every change until `stop` becomes true.
  void run(const std::atomic<bool>& stop);
  void shutdown();

 private:
  BuildOptions build_options() const;
  // `first`: the build at start-up, which may leave the memo empty when the folder is current;
  // `warming`: a build that only fills the memo, silent unless it wrote files or found problems.
  enum class Pass { first, save, warming };
  void rebuild(const std::set<std::string>& changed, Pass pass = Pass::save);
  void check_loop();

  ServeOptions opt_;
  ServeLog log_;
  std::unique_ptr<DevServer> server_;
  std::unique_ptr<SourceWatcher> watcher_;
  std::string last_logged_;  // the diagnostics last printed
  BuildMemo memo_;           // what the last rebuild parsed and cut (rebuilds are serial)
  std::mutex mu_;  // guards everything below
  BuildStatus status_;
  std::condition_variable check_cv_;
  std::uint64_t check_requests_ = 0;  // one per successful build when checking
  bool check_stop_ = false;
  std::thread check_thread_;
};

}  // namespace ms
