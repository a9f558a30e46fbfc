// The per-snippet verdicts of earlier checks: one append-only file instead of a file per snippet.
// A cold check at thousands of models passes tens of thousands of snippets; a file each cost the
// kernel an inode allocation apiece (ext4 scans for inodes not recently freed), about a tenth of
// the check's CPU.
#pragma once
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/fs.h"

namespace ms {

// Each line is "<16 hex digits of the key> <verdict>\n", appended with one write() to a file
// opened with O_APPEND once a verdict is known. A check killed mid-write leaves at most a torn
// last line, which is not a line of that form and is ignored, so no verdict is ever trusted that
// was not written whole. Two checks sharing a cache may append at once (each line is one write).
class VerdictLog {
 public:
  explicit VerdictLog(fs::path path) : path_(std::move(path)) {}
  ~VerdictLog();
  VerdictLog(const VerdictLog&) = delete;
  VerdictLog& operator=(const VerdictLog&) = delete;

  // The verdict recorded for `key` (16 hex digits), or nothing. The file is read on first use.
  std::optional<std::string> find(const std::string& key);
  // Records a verdict (a word: "passed", "verified").
  void record(const std::string& key, const std::string& verdict);
  // Rewrites the file with only the verdicts this run looked up or recorded, when the rest (the
  // verdicts of other runtimes, other program versions, other shards' snippets) outnumber them
  // many times over. Written under a temporary name and renamed.
  void compact();

  std::size_t lines_read() const { return lines_; }

 private:
  void load();

  fs::path path_;
  std::mutex mutex_;
  bool loaded_ = false;
  int fd_ = -1;
  std::size_t lines_ = 0;
  std::unordered_map<std::string, std::pair<std::string, bool>> verdicts_;  // key -> (verdict, used now)
};

}  // namespace ms
