// The preview server: the built folder on 127.0.0.1, with the live-reload script added to every
// HTML response (never to the built files) and the build status pushed as server-sent events.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/fs.h"

namespace httplib {
class Server;
}

namespace ms {

// What open pages are told after every build.
struct BuildStatus {
  std::uint64_t generation = 0;  // bumped by every build that changed the served files
  bool ok = true;                // the last build succeeded (false: the previous good site is served)
  std::string diagnostics;       // every diagnostic of the last build, as the terminal prints them
  std::string check_state;       // "" (not checking), "running", "passed", "failed"
  std::string check_summary;     // "120 passed, 0 failed" and any failures, as the terminal prints them
};

// Where a request path leads inside the served folder.
struct ResolvedPath {
  enum class Kind { file, redirect, not_found } kind = Kind::not_found;
  fs::path file;         // for `file`
  std::string location;  // for `redirect`: the path with a trailing slash
};
// Decoded request path -> a regular file under `root` (a folder's index.html), a redirect for a
// folder named without its trailing slash, or not found: `..` and `.` segments, NUL bytes,
// backslashes and anything whose real path leaves `root` (symlinks) are not found.
ResolvedPath resolve_request_path(const fs::path& root, const std::string& decoded_path);

// The Content-Type for a file name (text types with charset=utf-8).
std::string content_type_for(const fs::path& file);

// Adds the reload script to an HTML document (before </head>, or at the end without one).
std::string inject_live_script(const std::string& html, std::uint64_t generation);

class DevServer {
 public:
  explicit DevServer(fs::path site_dir);
  ~DevServer();
  DevServer(const DevServer&) = delete;
  DevServer& operator=(const DevServer&) = delete;

  // Listens on 127.0.0.1:port (0 = any free port); returns the port, or nothing with `error` set
  // (a port another process listens on is refused, even one bound with SO_REUSEPORT).
  std::optional<int> listen(int port, std::string& error);
  // Tells every open page (and every page that connects later) the new status.
  void publish(const BuildStatus& status);
  BuildStatus status() const;
  void stop();

 private:
  void install_routes();
  bool wait_for_status(std::uint64_t seen_version, std::uint64_t& version, BuildStatus& out);

  fs::path site_dir_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  BuildStatus status_;
  std::uint64_t version_ = 0;  // bumped by every publish()
  bool stopping_ = false;
};

}  // namespace ms
