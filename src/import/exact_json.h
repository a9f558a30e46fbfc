// JSON sources read with every number's text kept, so prices convert exactly from what the
// file says (nlohmann turns `2e-07` into the nearest double; its SAX interface still sees the
// characters).
#pragma once
#include <optional>
#include <string>
#include <unordered_map>

#include "core/diagnostics.h"
#include "core/json_source.h"

namespace ms {

struct ExactJson {
  Json value;
  // JSON pointer of each floating-point number -> its text as written ("2e-07").
  std::unordered_map<std::string, std::string> number_text;

  // The decimal text of the value at `pointer`: a number as written, an integer's digits, or the
  // content of a string; nothing for any other type.
  std::optional<std::string> decimal_text(const std::string& pointer, const Json& v) const;
};

// Parses a whole source file (comments allowed). A syntax error is reported as
// `path:line:col: error: ... [json-syntax]` and nothing is returned.
std::optional<ExactJson> parse_exact_json(const SourceFile& file, Diagnostics& diags);

}  // namespace ms
