// File access for the pipeline: whole-file reads, sorted listings, writes that create parents.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ms {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path);
// Writes the file, creating parent directories; returns false on failure.
bool write_file(const fs::path& path, std::string_view content);
// Regular files directly in `dir` whose name ends with `suffix`, sorted by name.
std::vector<fs::path> list_files(const fs::path& dir, std::string_view suffix);
// Sub-directories of `dir`, sorted by name.
std::vector<fs::path> list_dirs(const fs::path& dir);
// For each of `paths` (relative to `dir`), whether a file or folder of that name exists; the
// checks run on `jobs` threads, relative to `dir` (a site has tens of thousands of pages).
std::vector<char> files_exist(const fs::path& dir, const std::vector<std::string>& paths, int jobs);
// Size and modification time (nanoseconds) of a file, or nothing when it cannot be read.
std::optional<std::pair<std::uintmax_t, std::int64_t>> file_stamp(const fs::path& path);
// `path` relative to `root` with forward slashes, for messages.
std::string display_path(const fs::path& root, const fs::path& path);

}  // namespace ms
