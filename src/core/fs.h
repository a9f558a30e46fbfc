// File access for the pipeline: whole-file reads, sorted listings, writes that create parents.
#pragma once
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
// `path` relative to `root` with forward slashes, for messages.
std::string display_path(const fs::path& root, const fs::path& path);

}  // namespace ms
