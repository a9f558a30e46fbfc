// Watches a site's sources with inotify: site.json, and content/, locales/, templates/ recursively
// (folders created later are watched as they appear). Editors that save by writing a temporary
// file and renaming it over the original show up as a rename to the watched name.
#pragma once
#include <chrono>
#include <set>
#include <string>
#include <unordered_map>

#include "core/fs.h"

namespace ms {

class SourceWatcher {
 public:
  // Starts watching; ok() says whether inotify could be set up.
  explicit SourceWatcher(const fs::path& root);
  ~SourceWatcher();
  SourceWatcher(const SourceWatcher&) = delete;
  SourceWatcher& operator=(const SourceWatcher&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

  // Waits up to `timeout` for a change, then keeps collecting until the sources have been quiet
  // for `quiet` (a burst of saves becomes one change). Returns the changed paths relative to the
  // root ("content/models/acme/alpha.md"), sorted; empty when nothing changed in time.
  std::set<std::string> wait(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet);

 private:
  void watch_tree(const fs::path& dir);
  void watch_dir(const fs::path& dir);
  // Reads the pending events; returns false when none arrived within `ms`.
  bool read_events(int ms, std::set<std::string>& changed);

  fs::path root_;
  int fd_ = -1;
  std::string error_;
  std::unordered_map<int, fs::path> dirs_;  // watch descriptor -> folder (relative to root)
};

// Names editors and tools write next to the real files (swap files, backups, lock files).
bool is_editor_scratch_name(const std::string& name);

}  // namespace ms
