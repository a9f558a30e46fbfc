// A text file held in memory with its display path, for locating offsets as line:col.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace ms {

struct TextPos {
  int line = 0;  // 1-based; 0 means "no position"
  int col = 0;   // 1-based, counted in Unicode code points
};

class SourceFile {
 public:
  SourceFile() = default;
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  TextPos position(std::size_t offset) const;
  std::string line_text(int line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace ms
