#include "serve/watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

namespace ms {

namespace {

constexpr std::uint32_t kDirMask = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                   IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;
const char* const kWatchedDirs[] = {"content", "locales", "templates"};

}  // namespace

bool is_editor_scratch_name(const std::string& name) {
  if (name.empty() || name[0] == '.' || name[0] == '#') return true;  // .alpha.md.swp, .#lock, #auto#
  if (name.back() == '~') return true;                                // backups
  if (name == "4913") return true;                                    // vim's write test
  for (const char* suffix : {".swp", ".swx", ".tmp", ".part"})
    if (name.size() > std::strlen(suffix) && name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      return true;
  return false;
}

SourceWatcher::SourceWatcher(const fs::path& root) : root_(root) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    error_ = std::string("inotify: ") + std::strerror(errno);
    return;
  }
  // The root itself only for site.json (and for content/, locales/, templates/ appearing later).
  int wd = ::inotify_add_watch(fd_, root_.c_str(), IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE |
                                                       IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_ONLYDIR);
  if (wd < 0) {
    error_ = "cannot watch " + root_.string() + ": " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return;
  }
  dirs_[wd] = "";
  for (const char* d : kWatchedDirs) watch_tree(d);
}

SourceWatcher::~SourceWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

void SourceWatcher::watch_dir(const fs::path& rel) {
  int wd = ::inotify_add_watch(fd_, (root_ / rel).c_str(), kDirMask);
  if (wd >= 0) dirs_[wd] = rel;
}

void SourceWatcher::watch_tree(const fs::path& rel) {
  std::error_code ec;
  if (!fs::is_directory(root_ / rel, ec)) return;
  watch_dir(rel);
  for (fs::recursive_directory_iterator it(root_ / rel, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec)) watch_dir(fs::relative(it->path(), root_, ec));
}

bool SourceWatcher::read_events(int ms, std::set<std::string>& changed) {
  pollfd p{fd_, POLLIN, 0};
  int n = ::poll(&p, 1, ms);
  if (n <= 0) return false;
  alignas(inotify_event) char buf[64 * 1024];
  bool any = false;
  for (;;) {
    ssize_t len = ::read(fd_, buf, sizeof buf);
    if (len <= 0) break;
    for (char* at = buf; at < buf + len;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(at);
      at += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {  // too many events: treat everything as changed
        changed.insert("content");
        any = true;
        continue;
      }
      auto dir = dirs_.find(ev->wd);
      if (dir == dirs_.end()) continue;
      if (ev->mask & IN_IGNORED) {
        dirs_.erase(dir);
        continue;
      }
      std::string name = ev->len ? std::string(ev->name) : std::string();
      if (name.empty() || is_editor_scratch_name(name)) continue;
      fs::path rel = dir->second / name;
      std::string top = rel.begin()->string();
      if (dir->second.empty() && name != "site.json" &&
          std::find(std::begin(kWatchedDirs), std::end(kWatchedDirs), top) == std::end(kWatchedDirs))
        continue;
      if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
        // Files can land in a new folder before its watch exists (mkdir -p, a folder moved in):
        // what is already inside counts as changed.
        watch_tree(rel);
        std::error_code ec;
        for (fs::recursive_directory_iterator it(root_ / rel, ec), end; !ec && it != end; it.increment(ec))
          if (!is_editor_scratch_name(it->path().filename().string()))
            changed.insert(fs::relative(it->path(), root_, ec).generic_string());
      }
      changed.insert(rel.generic_string());
      any = true;
    }
  }
  return any;
}

std::set<std::string> SourceWatcher::wait(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet) {
  std::set<std::string> changed;
  if (fd_ < 0) return changed;
  if (!read_events(static_cast<int>(timeout.count()), changed)) return changed;
  while (read_events(static_cast<int>(quiet.count()), changed)) {
  }
  return changed;
}

}  // namespace ms
