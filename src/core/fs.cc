#include "core/fs.h"

#include "core/parallel.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <memory>

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
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return ::close(fd) == 0;
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

std::optional<std::pair<std::uintmax_t, std::int64_t>> file_stamp(const fs::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::make_pair(static_cast<std::uintmax_t>(st.st_size),
                        static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
}

std::vector<fs::path> list_files(const fs::path& dir, std::string_view suffix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    // A link to nothing is listed, so that its reader reports it instead of the file going missing.
    std::error_code link_ec;
    bool dangling = it->is_symlink(link_ec) && !fs::exists(it->path(), link_ec);
    if (!it->is_regular_file() && !dangling) continue;
    std::string name = it->path().filename().string();
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> list_dirs(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory()) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string display_path(const fs::path& root, const fs::path& path) {
  // Lexical only: the paths come from listing `root`, and resolving links costs a readlink per
  // component for every file of the catalog.
  fs::path rel = path.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return path.generic_string();
  return rel.generic_string();
}

}  // namespace ms
