// Snippet string literals: for any valid UTF-8 text, the shell, Python and JavaScript literals
// the snippets print evaluate back to exactly that text. Each literal is read back by a decoder
// written here from the languages' own rules (POSIX sh quoting, Python and ECMAScript string
// literal escapes), not by the encoder's inverse.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "snippets/snippets.h"

namespace {

// The oracle encodes on its own, not with the product's append_utf8: a shared bug would hide.
void put_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 2) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

std::optional<std::uint32_t> hex(std::string_view s, std::size_t& i, int digits) {
  if (i + static_cast<std::size_t>(digits) > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (int k = 0; k < digits; ++k) {
    char c = s[i++];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

// POSIX sh: '...' is literal up to the next quote; outside quotes a backslash quotes one character.
std::optional<std::string> eval_shell(std::string_view s) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\'') quoted = false;
      else out += c;
    } else if (c == '\'') {
      quoted = true;
    } else if (c == '\\' && i + 1 < s.size() && s[i + 1] != '\n') {
      out += s[++i];
    } else {
      return std::nullopt;  // an unquoted character the shell would interpret
    }
  }
  if (quoted) return std::nullopt;
  return out;
}

// A Python 3 "..." literal (source is UTF-8).
std::optional<std::string> eval_python(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size();) {
    char c = s[i++];
    if (c == '"' || c == '\n' || c == '\r') return std::nullopt;  // ends or breaks the literal
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= s.size()) return std::nullopt;
    char e = s[i++];
    std::optional<std::uint32_t> cp;
    switch (e) {
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '0': out += '\0'; break;
      case 'x': cp = hex(s, i, 2); break;
      case 'u': cp = hex(s, i, 4); break;
      case 'U': cp = hex(s, i, 8); break;
      default: return std::nullopt;  // kept as backslash + char by Python, with a warning: not used
    }
    if (e == 'x' || e == 'u' || e == 'U') {
      if (!cp || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return std::nullopt;
      put_utf8(out, *cp);
    }
  }
  return out;
}

// An ECMAScript "..." literal: \uXXXX escapes are UTF-16 code units (surrogate pairs combine).
std::optional<std::string> eval_js(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size();) {
    char c = s[i++];
    if (c == '"' || c == '\n' || c == '\r') return std::nullopt;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= s.size()) return std::nullopt;
    char e = s[i++];
    switch (e) {
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '/': out += '/'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'x': {
        auto cp = hex(s, i, 2);
        if (!cp) return std::nullopt;
        put_utf8(out, *cp);
        break;
      }
      case 'u': {
        auto unit = hex(s, i, 4);
        if (!unit) return std::nullopt;
        std::uint32_t cp = *unit;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return std::nullopt;  // lone surrogate
          i += 2;
          auto low = hex(s, i, 4);
          if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return std::nullopt;
        }
        put_utf8(out, cp);
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!valid_utf8(text)) return 0;  // content strings are UTF-8 (the JSON loader checks)
  if (eval_shell(ms::shell_single_quote(text)) != std::string(text)) std::abort();
  if (eval_python(ms::python_string_literal(text)) != std::string(text)) std::abort();
  if (eval_js(ms::js_string_literal(text)) != std::string(text)) std::abort();
  return 0;
}
