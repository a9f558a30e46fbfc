#include "core/fs.h"

#include "core/parallel.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>

#include <dirent.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <memory>
#include <set>
#include <utility>

namespace ms {

std::optional<std::string> read_file(const fs::path& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return std::nullopt;
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) out.append(buf, n);
  if (std::ferror(f.get())) return std::nullopt;
  return out;
}

namespace {

// Writes all of `content` at the descriptor's offset; false on an error.
bool write_all(int fd, std::string_view content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool write_file(const fs::path& path, std::string_view content) {
  // Plain system calls: a site build writes thousands of files, each usually in a folder of its
  // own, so the common case is open (fails), mkdir, open, write, close.
  auto open_file = [&] { return ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666); };
  int fd = open_file();
  if (fd < 0 && errno == ENOENT && path.has_parent_path()) {
    if (::mkdir(path.parent_path().c_str(), 0777) != 0 && errno != EEXIST) {
      std::error_code ec;
      fs::create_directories(path.parent_path(), ec);
    }
    fd = open_file();
  }
  if (fd < 0) return false;
  bool ok = write_all(fd, content);
  return ::close(fd) == 0 && ok;
}

bool overwrite_file(const fs::path& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  bool ok = write_all(fd, content) && ::ftruncate(fd, static_cast<off_t>(content.size())) == 0;
  return ::close(fd) == 0 && ok;
}

std::vector<char> files_exist(const fs::path& dir, const std::vector<std::string>& paths, int jobs) {
  std::vector<char> out(paths.size(), 0);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return out;
  run_parallel(paths.size(), jobs, [&](std::size_t i, int) {
    struct stat st;
    out[i] = ::fstatat(fd, paths[i].c_str(), &st, 0) == 0;
  });
  ::close(fd);
  return out;
}

namespace {

enum class Kind { file, folder, missing, other };

// What the entry `e` of the open folder `dir` is, following links; a link to nothing is
// `missing`. Most file systems say it in the entry itself, without a stat.
Kind kind_of(DIR* dir, const dirent* e) {
  if (e->d_type == DT_REG) return Kind::file;
  if (e->d_type == DT_DIR) return Kind::folder;
  if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN) return Kind::other;
  struct stat st;
  if (::fstatat(::dirfd(dir), e->d_name, &st, 0) != 0) return errno == ENOENT ? Kind::missing : Kind::other;
  return S_ISREG(st.st_mode) ? Kind::file : S_ISDIR(st.st_mode) ? Kind::folder : Kind::other;
}

// The names in `dir` (sorted) for which `keep` says yes.
template <typename Keep>
std::vector<fs::path> list_entries(const fs::path& dir, Keep keep) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      std::string_view name = e->d_name;
      if (name != "." && name != ".." && keep(name, [&] { return kind_of(d, e); })) names.emplace_back(name);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::vector<fs::path> out;
  out.reserve(names.size());
  for (const auto& n : names) out.push_back(dir / n);
  return out;
}

}  // namespace

std::vector<fs::path> list_files(const fs::path& dir, std::string_view suffix) {
  return list_entries(dir, [suffix](std::string_view name, auto kind) {
    if (name.size() < suffix.size() || name.substr(name.size() - suffix.size()) != suffix) return false;
    // A link to nothing is listed, so that its reader reports it instead of the file going missing.
    Kind k = kind();
    return k == Kind::file || k == Kind::missing;
  });
}

std::vector<fs::path> list_dirs(const fs::path& dir) {
  return list_entries(dir, [](std::string_view, auto kind) { return kind() == Kind::folder; });
}

namespace {

FileStat to_file_stat(const struct stat& st) {
  FileStat f;
  f.size = static_cast<std::uint64_t>(st.st_size);
  f.inode = static_cast<std::uint64_t>(st.st_ino);
  f.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  f.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  return f;
}

// Walks the folder open as `fd` (named `rel`); closes it. Links to folders are followed, as the
// catalog's loader follows them, except into a folder this walk has already been in (a link to
// `..` would loop). What is neither a file nor a folder (a link to nothing, a FIFO) is recorded
// in `out.others` with the stat of the entry itself, so that adding or removing it still changes
// a stamp made from the walk.
void stat_folder(int fd, const std::string& rel, FileStats& out, std::set<std::pair<dev_t, ino_t>>& seen) {
  struct stat self;
  DIR* dir = ::fstat(fd, &self) == 0 && seen.emplace(self.st_dev, self.st_ino).second ? ::fdopendir(fd) : nullptr;
  if (!dir) {
    ::close(fd);
    return;
  }
  while (const dirent* e = ::readdir(dir)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = rel + "/" + std::string(name);
    if (e->d_type == DT_DIR) {
      int sub = ::openat(::dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      if (sub >= 0) stat_folder(sub, path, out, seen);
      continue;
    }
    struct stat st;
    const bool special = e->d_type != DT_REG && e->d_type != DT_LNK && e->d_type != DT_UNKNOWN;
    if (special || ::fstatat(::dirfd(dir), e->d_name, &st, 0) != 0) {
      // A FIFO, a socket, a device, a link to nothing (or an entry removed since the listing).
      if (::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) out.others[path] = to_file_stat(st);
    } else if (S_ISREG(st.st_mode)) {
      out.files[path] = to_file_stat(st);
    } else if (S_ISDIR(st.st_mode)) {
      int sub = ::openat(::dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (sub >= 0) stat_folder(sub, path, out, seen);
    } else {
      out.others[path] = to_file_stat(st);
    }
  }
  ::closedir(dir);
}

}  // namespace

std::optional<FileStat> stat_file(const fs::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return to_file_stat(st);
}

bool FileStats::settled(const FileStat& st) const {
  // Well above the coarse clock's tick (1-10 ms, by the kernel's HZ).
  constexpr std::int64_t kMargin = 100'000'000;
  return st.mtime_ns + kMargin < taken_ns && st.ctime_ns + kMargin < taken_ns;
}

void stat_tree(const fs::path& root, const std::string& rel, FileStats& out) {
  if (out.taken_ns == 0)
    out.taken_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  int fd = ::open((root / rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  std::set<std::pair<dev_t, ino_t>> seen;
  if (fd >= 0) stat_folder(fd, rel, out, seen);
}

std::string display_path(const fs::path& root, const fs::path& path) {
  // Lexical only: the paths come from listing `root`, and resolving links costs a readlink per
  // component for every file of the catalog.
  fs::path rel = path.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return path.generic_string();
  return rel.generic_string();
}

}  // namespace ms
