// String literals and value printers for the snippet languages.
//
// Escaping policy, the same in every language: printable text stays as written (quotes and
// backslashes escaped), so a prompt in Arabic or with emoji reads naturally in the code; control
// characters, invisible characters and bidi controls are escaped, because in source code they
// either break the literal or make it read differently from what it holds ("Trojan Source").
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "snippets/render.h"
#include "core/text.h"

namespace ms {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at s[i], advancing i. Invalid or truncated sequences, overlong forms and
// surrogates decode as U+FFFD, one byte at a time.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) {
    ++i;
    return kReplacement;
  }
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return kReplacement;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return kReplacement;
  }
  i += n;
  return cp;
}


// Characters that are escaped although the language would accept them raw: controls (C0, DEL,
// C1), invisible or zero-width characters, unusual spaces, line/paragraph separators, bidi
// controls, byte-order marks, noncharacters and the invisible tag characters (a known way to
// smuggle hidden text). ZWJ (U+200D) and variation selectors stay: emoji sequences need them.
bool is_hidden(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0xA0)) return true;
  switch (c) {
    case 0xAD:
    case 0x34F:
    case 0x61C:
    case 0x115F:
    case 0x1160:
    case 0x17B4:
    case 0x17B5:
    case 0x180E:
    case 0x3000:
    case 0x3164:
    case 0xFEFF:
    case 0xFFA0:
      return true;
    default:
      break;
  }
  if (c >= 0x2000 && c <= 0x200C) return true;
  if (c >= 0x200E && c <= 0x200F) return true;
  if (c >= 0x2028 && c <= 0x202F) return true;
  if (c >= 0x205F && c <= 0x206F) return true;
  if (c >= 0xFFF0 && c <= 0xFFFB) return true;
  if (c >= 0xFDD0 && c <= 0xFDEF) return true;
  if ((c & 0xFFFE) == 0xFFFE) return true;  // U+xxFFFE, U+xxFFFF
  if (c >= 0xE0000 && c <= 0xE007F) return true;
  return false;
}

void append_hex(std::string& out, const char* prefix, unsigned value, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*x", digits, value);
  out += prefix;
  out += buf;
}

// \uXXXX, as a surrogate pair above the BMP: valid in JSON and JavaScript.
void append_json_escape(std::string& out, char32_t c) {
  if (c >= 0x10000) {
    char32_t v = c - 0x10000;
    append_hex(out, "\\u", static_cast<unsigned>(0xD800 + (v >> 10)), 4);
    append_hex(out, "\\u", static_cast<unsigned>(0xDC00 + (v & 0x3FF)), 4);
  } else {
    append_hex(out, "\\u", static_cast<unsigned>(c), 4);
  }
}

// The inside of a JSON / JavaScript double-quoted string.
void append_json_string_body(std::string& out, std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (is_hidden(c))
          append_json_escape(out, c);
        else
          append_utf8(out, c);
    }
  }
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  append_json_string_body(out, s);
  out += '"';
  return out;
}

// Display order of body fields: how the API reference and hand-written examples list them.
int field_rank(const std::string& key) {
  static const char* const order[] = {"model",
                                      "role",
                                      "type",
                                      "instructions",
                                      "messages",
                                      "input",
                                      "prompt",
                                      "content",
                                      "text",
                                      "image_url",
                                      "url",
                                      "voice",
                                      "encoding_format",
                                      "response_format",
                                      "max_tokens",
                                      "n",
                                      "size",
                                      "stream"};
  int rank = 0;
  for (const char* k : order) {
    if (key == k) return rank;
    ++rank;
  }
  return rank;
}

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    next_code_point(s, i);
    ++n;
  }
  return n;
}

void write_json(std::string& out, const Json& v, int indent) {
  if (v.is_object() && !v.empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, value] : snippet_detail::display_members(v)) {
      if (!first) out += ",\n";
      first = false;
      out.append(static_cast<std::size_t>(indent + 2), ' ');
      out += json_string(key);
      out += ": ";
      write_json(out, *value, indent + 2);
    }
    out += '\n';
    out.append(static_cast<std::size_t>(indent), ' ');
    out += '}';
  } else if (v.is_array() && !v.empty()) {
    out += "[\n";
    bool first = true;
    for (const Json& item : v) {
      if (!first) out += ",\n";
      first = false;
      out.append(static_cast<std::size_t>(indent + 2), ' ');
      write_json(out, item, indent + 2);
    }
    out += '\n';
    out.append(static_cast<std::size_t>(indent), ' ');
    out += ']';
  } else if (v.is_string()) {
    out += json_string(v.get_ref<const std::string&>());
  } else {
    out += v.dump();
  }
}

// Python and JavaScript literals differ in spelling only; the layout rules are shared.
struct Dialect {
  std::size_t width;     // line length a container must fit in to stay on one line
  int step;              // indentation step
  bool space_in_braces;  // JavaScript (Prettier) writes { a: 1 }, Python (Black) {"a": 1}
  std::string (*key)(const std::string&);
  std::string (*scalar)(const Json&);
};

std::string python_key(const std::string& k) { return python_string_literal(k); }
std::string python_scalar(const Json& v) {
  if (v.is_string()) return python_string_literal(v.get_ref<const std::string&>());
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "None";
  return v.dump();
}
std::string js_scalar(const Json& v) {
  if (v.is_string()) return js_string_literal(v.get_ref<const std::string&>());
  return v.dump();
}

const Dialect kPython{88, 4, false, python_key, python_scalar};
const Dialect kJs{80, 2, true, snippet_detail::js_key, js_scalar};

std::string inline_value(const Dialect& d, const Json& v) {
  if (v.is_object()) {
    if (v.empty()) return "{}";
    std::string out = d.space_in_braces ? "{ " : "{";
    bool first = true;
    for (const auto& [key, value] : snippet_detail::display_members(v)) {
      if (!first) out += ", ";
      first = false;
      out += d.key(key);
      out += ": ";
      out += inline_value(d, *value);
    }
    out += d.space_in_braces ? " }" : "}";
    return out;
  }
  if (v.is_array()) {
    std::string out = "[";
    bool first = true;
    for (const Json& item : v) {
      if (!first) out += ", ";
      first = false;
      out += inline_value(d, item);
    }
    return out + "]";
  }
  return d.scalar(v);
}

// `column` is where the value starts; one character is reserved for the ',' or ')' after it.
std::string block_value(const Dialect& d, const Json& v, int indent, int column,
                        bool expand = false) {
  if (!v.is_structured() || v.empty()) return inline_value(d, v);
  if (!expand) {
    std::string flat = inline_value(d, v);
    if (static_cast<std::size_t>(column) + display_width(flat) + 1 <= d.width) return flat;
  }
  int inner = indent + d.step;
  std::string pad(static_cast<std::size_t>(inner), ' ');
  std::string out = v.is_object() ? "{\n" : "[\n";
  if (v.is_object()) {
    for (const auto& [key, value] : snippet_detail::display_members(v)) {
      std::string k = d.key(key) + ": ";
      out += pad + k;
      out += block_value(d, *value, inner, inner + static_cast<int>(display_width(k)));
      out += ",\n";
    }
  } else {
    for (const Json& item : v) {
      out += pad;
      out += block_value(d, item, inner, inner);
      out += ",\n";
    }
  }
  out.append(static_cast<std::size_t>(indent), ' ');
  out += v.is_object() ? '}' : ']';
  return out;
}

}  // namespace

std::string shell_single_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += '\'';
  return out;
}

std::string python_string_literal(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (!is_hidden(c))
          append_utf8(out, c);
        else if (c < 0x100)
          append_hex(out, "\\x", static_cast<unsigned>(c), 2);
        else if (c < 0x10000)
          append_hex(out, "\\u", static_cast<unsigned>(c), 4);
        else
          append_hex(out, "\\U", static_cast<unsigned>(c), 8);
    }
  }
  out += '"';
  return out;
}

std::string js_string_literal(std::string_view s) { return json_string(s); }

std::string canonical_json_text(const Json& body) {
  std::string out;
  write_json(out, body, 0);
  return out;
}

namespace snippet_detail {

std::vector<std::pair<std::string, const Json*>> display_members(const Json& object) {
  std::vector<std::pair<std::string, const Json*>> members;
  for (auto it = object.begin(); it != object.end(); ++it) members.emplace_back(it.key(), &*it);
  // Json objects iterate alphabetically, so a stable sort by rank keeps unknown keys sorted.
  std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) {
    return field_rank(a.first) < field_rank(b.first);
  });
  return members;
}

std::string python_value(const Json& value, int indent, int column, bool expand) {
  return block_value(kPython, value, indent, column, expand);
}

std::string js_value(const Json& value, int indent, int column, bool expand) {
  return block_value(kJs, value, indent, column, expand);
}

std::string js_key(const std::string& key) {
  bool identifier = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '$';
    identifier = identifier && ok;
  }
  return identifier ? key : js_string_literal(key);
}

bool is_env_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace snippet_detail
}  // namespace ms
