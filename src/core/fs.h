// File access for the pipeline: whole-file reads, sorted listings, writes that create parents.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ms {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path);
// Writes the file, creating parent directories; returns false on failure.
bool write_file(const fs::path& path, std::string_view content);
// Rewrites an existing file in place (or creates it): the content is written over the old and
// the file then cut to its length. Truncating to zero first, as write_file does, makes ext4
// write the new data out on close (its auto_da_alloc rule for replaced files): a scratch file
// rewritten for every snippet paid that each time.
bool overwrite_file(const fs::path& path, std::string_view content);
// Regular files directly in `dir` whose name ends with `suffix`, sorted by name.
std::vector<fs::path> list_files(const fs::path& dir, std::string_view suffix);
// Sub-directories of `dir`, sorted by name.
std::vector<fs::path> list_dirs(const fs::path& dir);
// For each of `paths` (relative to `dir`), whether a file or folder of that name exists; the
// checks run on `jobs` threads, relative to `dir` (a site has tens of thousands of pages).
std::vector<char> files_exist(const fs::path& dir, const std::vector<std::string>& paths, int jobs);
// What stat(2) says of a file. Two equal stats of one path mean an unchanged file, provided the
// first was taken well after the file's last write (see FileStats::settled).
struct FileStat {
  std::uint64_t size = 0, inode = 0;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  bool operator==(const FileStat&) const = default;
};
std::optional<FileStat> stat_file(const fs::path& path);

// The regular files of some folders, by path relative to a root ("content/models/acme/a.json").
struct FileStats {
  std::map<std::string, FileStat> files;
  std::map<std::string, FileStat> others;  // links to nothing, FIFOs...: the entry's own stat
  std::int64_t taken_ns = 0;  // the real-time clock when the walk began
  // Whether a later walk that finds the same stat for this file proves the file unchanged: a
  // write in the same tick of the file system's coarse clock can leave size and times as they
  // were, so files written shortly before the walk are not trusted (their text is compared).
  bool settled(const FileStat& st) const;
};
// Adds every regular file under root/rel to `out`, and every other entry that is not a folder to
// `out.others` (links to files count as files; links to folders are followed, once per folder);
// a missing folder adds nothing. One open per folder, stats relative to it.
void stat_tree(const fs::path& root, const std::string& rel, FileStats& out);

// `path` relative to `root` with forward slashes, for messages.
std::string display_path(const fs::path& root, const fs::path& path);

}  // namespace ms
