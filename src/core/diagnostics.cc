#include "core/diagnostics.h"

#include <algorithm>

namespace ms {
namespace {

Diagnostic located(Severity severity, const SourceFile& file, std::size_t offset, std::string code,
                   std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.path = file.path();
  d.pos = file.position(offset);
  d.message = std::move(message);
  d.source_line = file.line_text(d.pos.line);
  return d;
}

Diagnostic unlocated(Severity severity, std::string path, std::string code, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.path = std::move(path);
  d.message = std::move(message);
  return d;
}

}  // namespace

void Diagnostics::error(const SourceFile& file, std::size_t offset, std::string code,
                        std::string message) {
  items_.push_back(located(Severity::error, file, offset, std::move(code), std::move(message)));
}
void Diagnostics::warning(const SourceFile& file, std::size_t offset, std::string code,
                          std::string message) {
  items_.push_back(located(Severity::warning, file, offset, std::move(code), std::move(message)));
}
void Diagnostics::error(std::string path, std::string code, std::string message) {
  items_.push_back(unlocated(Severity::error, std::move(path), std::move(code), std::move(message)));
}
void Diagnostics::warning(std::string path, std::string code, std::string message) {
  items_.push_back(
      unlocated(Severity::warning, std::move(path), std::move(code), std::move(message)));
}
void Diagnostics::add(Diagnostic d) { items_.push_back(std::move(d)); }
void Diagnostics::add_unique(Diagnostic d) {
  std::string text = format_diagnostic(d);
  for (const auto& existing : items_)
    if (format_diagnostic(existing) == text) return;
  items_.push_back(std::move(d));
}
void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}
void Diagnostics::add_note_to_last(std::string note) {
  if (!items_.empty()) items_.back().notes.push_back(std::move(note));
}

bool Diagnostics::has_errors() const { return error_count() > 0; }
std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}
std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }
void Diagnostics::promote_warnings() {
  for (auto& d : items_) d.severity = Severity::error;
}
void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.path != b.path) return a.path < b.path;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.col < b.pos.col;
  });
}

namespace {
constexpr std::size_t kExcerptWidth = 160;
}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.path.empty()) {
    out += d.path;
    if (d.pos.line > 0) out += ":" + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col);
    out += ": ";
  }
  out += d.severity == Severity::error ? "error: " : "warning: ";
  out += d.message;
  out += " [" + d.code + "]\n";
  if (d.pos.line > 0 && !d.source_line.empty()) {
    // A long line (minified JSON, a generated file) is shown as a window of kExcerptWidth code
    // points around the column, with `…` where it was cut.
    const std::string& line = d.source_line;
    std::vector<std::size_t> starts;  // byte offset of each code point
    for (std::size_t i = 0; i < line.size(); ++i)
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) starts.push_back(i);
    std::size_t n = starts.size(), first = 0, last = n;
    std::size_t at = d.pos.col > 1 ? static_cast<std::size_t>(d.pos.col - 1) : 0;  // the column's code point
    if (n > kExcerptWidth) {
      first = std::min(at > kExcerptWidth / 2 ? at - kExcerptWidth / 2 : 0, n - kExcerptWidth);
      last = first + kExcerptWidth;
    }
    std::size_t from = first < n ? starts[first] : line.size(), to = last < n ? starts[last] : line.size();
    out += "  " + std::string(first > 0 ? "…" : "") + line.substr(from, to - from) + (last < n ? "…" : "") + "\n  ";
    // The caret sits under the column; tabs are kept so it lines up in a terminal.
    if (first > 0) out += ' ';
    for (std::size_t k = first; k < at && k < last; ++k) out += line[starts[k]] == '\t' ? '\t' : ' ';
    out += "^\n";
  }
  for (const auto& n : d.notes) out += "  note: " + n + "\n";
  return out;
}

std::string format_diagnostics(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds.items()) out += format_diagnostic(d);
  return out;
}

}  // namespace ms
