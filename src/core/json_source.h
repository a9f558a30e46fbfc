// JSON files with comments, and where each value sits in the text.
// nlohmann values carry no positions, so a second light scan over the (already valid) text maps
// every JSON pointer to the offsets of its key and its value.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostics.h"
#include "core/source.h"

namespace ms {

using Json = nlohmann::json;

struct JsonDocument {
  SourceFile file;
  Json value;
  struct Where {
    std::size_t key = 0;    // offset of the member's key (or of the value for array items)
    std::size_t value = 0;  // offset of the value's first character
  };
  std::size_t value_offset(const std::string& pointer) const;
  std::size_t key_offset(const std::string& pointer) const;

 private:
  // JSON pointer -> offsets, found by a second scan of the text the first time a position is
  // asked for (only diagnostics need them). A document is read by one thread at a time.
  const Where* find(const std::string& pointer) const;
  mutable std::unordered_map<std::string, Where> where_;
  mutable bool located_ = false;
};

// The deepest nesting of arrays and objects modelsite reads, in content files, imported catalogs
// and the mock's request bodies. Every reader of a JSON document walks it recursively somewhere
// (positions, schema checks, output), so a deeper document is refused before it is parsed.
inline constexpr int kMaxJsonDepth = 64;

// The offset of the first `[` or `{` that opens a level deeper than `limit` (outside strings and
// // or /* */ comments), or nothing when the text stays within it.
std::optional<std::size_t> json_nesting_beyond(std::string_view text, int limit = kMaxJsonDepth);

// Parses text with // and /* */ comments. On a syntax error reports `json-syntax` (saying so
// when the cause is a trailing comma), on nesting deeper than kMaxJsonDepth `json-depth`, and
// returns nothing.
std::optional<JsonDocument> parse_json_document(SourceFile file, Diagnostics& diags);

std::string json_pointer_append(const std::string& pointer, std::string_view key);
std::string json_pointer_append(const std::string& pointer, std::size_t index);

// Levenshtein-based suggestion among candidates, or "" when nothing is close.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

// The top-level key naming a file's JSON Schema; every loader accepts it and ignores it.
inline constexpr const char* kSchemaKey = "$schema";

// Reads one JSON object of a content file, reporting unknown keys, missing required fields and
// wrong types against the object's source positions.
class ObjectReader {
 public:
  ObjectReader(const JsonDocument& doc, std::string pointer, const Json& object,
               Diagnostics& diags, std::vector<std::string_view> known_keys);

  bool has(std::string_view key) const;
  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<std::int64_t> integer(std::string_view key, bool required = false,
                                      std::int64_t min = 0);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  std::optional<std::vector<std::string>> string_list(std::string_view key, bool required = false);
  // A string or a number, kept as written (exact decimals).
  std::optional<std::string> decimal_text(std::string_view key, bool required = false);
  const Json* object(std::string_view key, bool required = false);
  const Json* array(std::string_view key, bool required = false);

  std::string pointer(std::string_view key) const { return json_pointer_append(pointer_, key); }
  std::size_t value_offset(std::string_view key) const;
  std::size_t key_offset(std::string_view key) const;
  std::size_t object_offset() const { return doc_.value_offset(pointer_); }
  const JsonDocument& doc() const { return doc_; }
  Diagnostics& diags() { return diags_; }

 private:
  const Json* get(std::string_view key, bool required, const char* expected);
  void wrong_type(std::string_view key, const char* expected, const Json& got);

  const JsonDocument& doc_;
  std::string pointer_;
  const Json& object_;
  Diagnostics& diags_;
};

const char* json_type_name(const Json& v);

}  // namespace ms
