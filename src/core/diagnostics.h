// Diagnostics: every problem the pipeline finds, with a stable code and a source position.
// Library code collects them; only cli/ prints them.
#pragma once
#include <string>
#include <vector>

#include "core/source.h"

namespace ms {

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;     // stable, e.g. "unknown-key"
  std::string path;     // relative to the site root
  TextPos pos;          // line 0 = whole file
  std::string message;
  std::string source_line;  // the line at pos, shown with a caret
  std::vector<std::string> notes;
};

class Diagnostics {
 public:
  void error(const SourceFile& file, std::size_t offset, std::string code, std::string message);
  void warning(const SourceFile& file, std::size_t offset, std::string code, std::string message);
  // A diagnostic about a file as a whole (no line), or one without any file.
  void error(std::string path, std::string code, std::string message);
  void warning(std::string path, std::string code, std::string message);
  void add(Diagnostic d);
  // Adds `d` unless the same diagnostic (as formatted) is already there: one report per problem
  // found several times, e.g. in a partial that many templates include.
  void add_unique(Diagnostic d);
  void append(const Diagnostics& other);
  void add_note_to_last(std::string note);

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  // Warnings become errors (--strict); the code stays the same.
  void promote_warnings();
  // Stable order: by path, line, column, then insertion order.
  void sort();

 private:
  std::vector<Diagnostic> items_;
};

// "path:line:col: error: message [code]" then the source line with a caret, then notes.
std::string format_diagnostic(const Diagnostic& d);
std::string format_diagnostics(const Diagnostics& ds);

}  // namespace ms
