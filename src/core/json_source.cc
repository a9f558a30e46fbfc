#include "core/json_source.h"

#include <algorithm>
#include <cctype>

namespace ms {
namespace {

// Scans valid JSON-with-comments text and records the offsets of every value.
class Locator {
 public:
  Locator(std::string_view text, std::unordered_map<std::string, JsonDocument::Where>& out)
      : text_(text), out_(out) {}

  void run() {
    skip();
    value("", pos_);
  }

 private:
  void skip() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        std::size_t end = text_.find("*/", pos_ + 2);
        pos_ = end == std::string_view::npos ? text_.size() : end + 2;
      } else {
        break;
      }
    }
  }

  std::string string_token() {
    // pos_ at the opening quote; returns the decoded key for simple escapes (keys are ASCII).
    std::string s;
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        char e = text_[pos_ + 1];
        if (e == 'u' && pos_ + 5 < text_.size()) {
          // Exactly four hex digits (never stoul: it throws on a non-digit and skips signs).
          unsigned cp = 0;
          bool hex = true;
          for (std::size_t k = pos_ + 2; k < pos_ + 6; ++k) {
            char c = text_[k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) hex = false;
            cp = cp * 16 + static_cast<unsigned>(d < 0 ? 0 : d);
          }
          if (hex && cp < 0x80) s += static_cast<char>(cp);
          pos_ += 6;
          continue;
        }
        s += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        pos_ += 2;
        continue;
      }
      s += text_[pos_++];
    }
    ++pos_;
    return s;
  }

  void value(const std::string& pointer, std::size_t key_offset) {
    out_[pointer] = {key_offset, pos_};
    if (pos_ >= text_.size()) return;
    char c = text_[pos_];
    if (c == '{') {
      ++pos_;
      skip();
      if (pos_ < text_.size() && text_[pos_] == '}') { ++pos_; return; }
      while (pos_ < text_.size()) {
        skip();
        std::size_t k = pos_;
        std::string key = string_token();
        skip();
        ++pos_;  // ':'
        skip();
        value(json_pointer_append(pointer, key), k);
        skip();
        if (pos_ < text_.size() && text_[pos_] == ',') { ++pos_; continue; }
        ++pos_;  // '}'
        return;
      }
    } else if (c == '[') {
      ++pos_;
      skip();
      if (pos_ < text_.size() && text_[pos_] == ']') { ++pos_; return; }
      std::size_t index = 0;
      while (pos_ < text_.size()) {
        skip();
        value(json_pointer_append(pointer, index++), pos_);
        skip();
        if (pos_ < text_.size() && text_[pos_] == ',') { ++pos_; continue; }
        ++pos_;  // ']'
        return;
      }
    } else if (c == '"') {
      string_token();
    } else {
      while (pos_ < text_.size() && std::string_view(",]} \t\r\n/").find(text_[pos_]) == std::string_view::npos) ++pos_;
    }
  }

  std::string_view text_;
  std::unordered_map<std::string, JsonDocument::Where>& out_;
  std::size_t pos_ = 0;
};

// Offset of the last significant character before `offset`, skipping whitespace and comments.
std::optional<std::size_t> previous_significant(std::string_view text, std::size_t offset) {
  // Walk forward once, remembering the last significant character outside comments and strings.
  std::optional<std::size_t> last;
  bool in_string = false;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      last = i;
      continue;
    }
    if (c == '"') { in_string = true; last = i; continue; }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 1;
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) last = i;
  }
  return last;
}

std::string syntax_reason(const std::string& what) {
  // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error
  // while parsing object key - unexpected '}'; expected string literal"
  auto p = what.find(": ", what.find("parse error"));
  std::string reason = p == std::string::npos ? what : what.substr(p + 2);
  if (reason.rfind("syntax error while ", 0) == 0) reason = reason.substr(19);
  return reason;
}

}  // namespace

const JsonDocument::Where* JsonDocument::find(const std::string& pointer) const {
  if (!located_) {
    Locator(file.text(), where_).run();
    located_ = true;
  }
  auto it = where_.find(pointer);
  return it == where_.end() ? nullptr : &it->second;
}
std::size_t JsonDocument::value_offset(const std::string& pointer) const {
  const Where* w = find(pointer);
  return w ? w->value : 0;
}
std::size_t JsonDocument::key_offset(const std::string& pointer) const {
  const Where* w = find(pointer);
  return w ? w->key : 0;
}

std::string json_pointer_append(const std::string& pointer, std::string_view key) {
  std::string out = pointer;
  out += '/';
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}
std::string json_pointer_append(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

namespace {

// The DOM parser reports a number beyond binary floating point's range (1e400) as out_of_range,
// without a position; a SAX pass over the same text finds where it is.
struct NumberRangeFinder : Json::json_sax_t {
  std::size_t at = 0;
  std::string token;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(Json::number_integer_t) override { return true; }
  bool number_unsigned(Json::number_unsigned_t) override { return true; }
  bool number_float(Json::number_float_t, const std::string&) override { return true; }
  bool string(std::string&) override { return true; }
  bool binary(Json::binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(std::string&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception&) override {
    at = position >= last_token.size() ? position - last_token.size() : 0;
    token = last_token;
    return false;
  }
};

}  // namespace

std::optional<std::size_t> json_nesting_beyond(std::string_view text, int limit) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 1;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

std::optional<JsonDocument> parse_json_document(SourceFile file, Diagnostics& diags) {
  if (auto at = json_nesting_beyond(file.text())) {
    diags.error(file, *at, "json-depth",
                "arrays and objects are nested more than " + std::to_string(kMaxJsonDepth) + " levels deep here");
    return std::nullopt;
  }
  JsonDocument doc;
  try {
    doc.value = Json::parse(file.text(), nullptr, true, /*ignore_comments=*/true);
  } catch (const Json::out_of_range&) {
    NumberRangeFinder finder;
    Json::sax_parse(file.text(), &finder, Json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/true);
    diags.error(file, std::min(finder.at, file.text().size()), "json-syntax",
                "invalid JSON: the number `" + finder.token + "` is out of range");
    return std::nullopt;
  } catch (const Json::parse_error& e) {
    std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    at = std::min(at, file.text().size());
    const std::string& text = file.text();
    if (at < text.size() && (text[at] == '}' || text[at] == ']')) {
      auto prev = previous_significant(text, at);
      if (prev && text[*prev] == ',') {
        diags.error(file, *prev, "json-syntax",
                    std::string("trailing comma before `") + text[at] +
                        "` (JSON allows no comma after the last item)");
        return std::nullopt;
      }
    }
    // A value where a `,` or the closing bracket was expected: most often a forgotten comma.
    std::string reason = syntax_reason(e.what());
    if (reason.find("expected '}'") != std::string::npos || reason.find("expected ']'") != std::string::npos) {
      std::size_t start = at;
      if (start < text.size() && text[start] == '"' && start > 0) {
        // `at` is the closing quote of a string token: go back to its opening quote.
        --start;
        while (start > 0 && !(text[start] == '"' && text[start - 1] != '\\')) --start;
      }
      auto prev = previous_significant(text, start);
      if (prev && std::string_view(",{[:").find(text[*prev]) == std::string_view::npos) {
        diags.error(file, start, "json-syntax", "invalid JSON: missing `,` before this item");
        return std::nullopt;
      }
    }
    diags.error(file, at, "json-syntax", "invalid JSON: " + reason);
    return std::nullopt;
  }
  doc.file = std::move(file);
  return doc;
}

std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (auto cand : candidates) {
    std::vector<std::size_t> row(cand.size() + 1);
    for (std::size_t j = 0; j <= cand.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= cand.size(); ++j) {
        std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (word[i - 1] == cand[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    if (row[cand.size()] < best_distance) {
      best_distance = row[cand.size()];
      best = cand;
    }
  }
  return std::string(best);
}

const char* json_type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number";
    default: return "a value";
  }
}

ObjectReader::ObjectReader(const JsonDocument& doc, std::string pointer, const Json& object,
                           Diagnostics& diags, std::vector<std::string_view> known_keys)
    : doc_(doc), pointer_(std::move(pointer)), object_(object), diags_(diags) {
  if (!object_.is_object()) return;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (std::find(known_keys.begin(), known_keys.end(), it.key()) != known_keys.end()) continue;
    // Editors find a file's JSON Schema through its top-level `$schema`; the build ignores it.
    if (pointer_.empty() && it.key() == kSchemaKey) {
      if (!it.value().is_string()) wrong_type(it.key(), "a string (the path or URL of the file's JSON Schema)", it.value());
      continue;
    }
    std::string msg = "unknown key `" + it.key() + "`";
    std::string hint = closest_match(it.key(), known_keys);
    if (!hint.empty()) msg += " (did you mean `" + hint + "`?)";
    diags_.error(doc_.file, key_offset(it.key()), "unknown-key", msg);
  }
}

bool ObjectReader::has(std::string_view key) const {
  return object_.is_object() && object_.contains(key);
}
std::size_t ObjectReader::value_offset(std::string_view key) const {
  return doc_.value_offset(pointer(key));
}
std::size_t ObjectReader::key_offset(std::string_view key) const {
  return doc_.key_offset(pointer(key));
}

void ObjectReader::wrong_type(std::string_view key, const char* expected, const Json& got) {
  diags_.error(doc_.file, value_offset(key), "wrong-type",
               "`" + std::string(key) + "` must be " + expected + ", not " + json_type_name(got));
}

const Json* ObjectReader::get(std::string_view key, bool required, const char*) {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end()) {
    if (required)
      diags_.error(doc_.file, object_offset(), "missing-field",
                   "missing required field `" + std::string(key) + "`");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required) {
  const Json* v = get(key, required, "a string");
  if (!v) return std::nullopt;
  if (!v->is_string()) { wrong_type(key, "a string", *v); return std::nullopt; }
  return v->get<std::string>();
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, bool required,
                                                  std::int64_t min) {
  const Json* v = get(key, required, "an integer");
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) { wrong_type(key, "an integer", *v); return std::nullopt; }
  std::int64_t n = v->get<std::int64_t>();
  if (n < min) {
    diags_.error(doc_.file, value_offset(key), "out-of-range",
                 "`" + std::string(key) + "` must be at least " + std::to_string(min));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
  const Json* v = get(key, required, "a boolean");
  if (!v) return std::nullopt;
  if (!v->is_boolean()) { wrong_type(key, "a boolean (true or false)", *v); return std::nullopt; }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> ObjectReader::string_list(std::string_view key,
                                                                  bool required) {
  const Json* v = get(key, required, "an array of strings");
  if (!v) return std::nullopt;
  if (!v->is_array()) { wrong_type(key, "an array of strings", *v); return std::nullopt; }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    if (!item.is_string()) {
      diags_.error(doc_.file, doc_.value_offset(json_pointer_append(pointer(key), i)), "wrong-type",
                   "items of `" + std::string(key) + "` must be strings, not " + json_type_name(item));
      continue;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::string> ObjectReader::decimal_text(std::string_view key, bool required) {
  const Json* v = get(key, required, "a decimal");
  if (!v) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number()) {
    // Take the number exactly as written in the file, not through a double.
    const std::string& text = doc_.file.text();
    std::size_t begin = value_offset(key), end = begin;
    while (end < text.size() && std::string_view("+-.0123456789eE").find(text[end]) != std::string_view::npos) ++end;
    return text.substr(begin, end - begin);
  }
  wrong_type(key, "a decimal number or a string holding one", *v);
  return std::nullopt;
}

const Json* ObjectReader::object(std::string_view key, bool required) {
  const Json* v = get(key, required, "an object");
  if (!v) return nullptr;
  if (!v->is_object()) { wrong_type(key, "an object", *v); return nullptr; }
  return v;
}

const Json* ObjectReader::array(std::string_view key, bool required) {
  const Json* v = get(key, required, "an array");
  if (!v) return nullptr;
  if (!v->is_array()) { wrong_type(key, "an array", *v); return nullptr; }
  return v;
}

}  // namespace ms
