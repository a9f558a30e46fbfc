// Markdown in safe mode (raw HTML off): whatever the input, the HTML has no live script, no event
// handler attribute and no javascript:/vbscript:/data: link, even after entity decoding.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "markdown/markdown.h"

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// An attribute value as a browser reads it: entities decoded, whitespace and controls dropped.
std::string url_as_read(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == '&') {
      std::size_t semi = v.find(';', i);
      std::string ent = semi == std::string::npos ? "" : lower(v.substr(i + 1, semi - i - 1));
      long code = -1;
      if (!ent.empty() && ent[0] == '#') code = std::strtol(ent.c_str() + 1 + (ent.size() > 1 && ent[1] == 'x'), nullptr, ent.size() > 1 && ent[1] == 'x' ? 16 : 10);
      else if (ent == "colon") code = ':';
      else if (ent == "tab" || ent == "newline") code = ' ';
      else if (ent == "amp") code = '&';
      if (code >= 0) {
        if (code > ' ' && code < 127) out += static_cast<char>(std::tolower(static_cast<int>(code)));
        i = semi;
        continue;
      }
    }
    if (c > ' ' && c != 127) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

bool dangerous_url(const std::string& name, const std::string& value) {
  if (name != "href" && name != "src" && name != "action" && name != "formaction" && name != "xlink:href")
    return false;
  std::string read = url_as_read(value);
  for (const char* scheme : {"javascript:", "vbscript:", "data:", "file:"})
    if (read.rfind(scheme, 0) == 0) return true;
  return false;
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Reads the tag that starts at html[lt] as a browser's tokenizer does (name, then attributes with
// double-quoted, single-quoted or unquoted values) and aborts on an event handler or a dangerous
// URL. Returns the index just past the tag.
std::size_t check_tag(const std::string& html, std::size_t lt) {
  std::size_t i = lt + 1;
  if (i < html.size() && html[i] == '/') ++i;
  while (i < html.size() && !space(html[i]) && html[i] != '>' && html[i] != '/') ++i;
  while (i < html.size()) {
    while (i < html.size() && (space(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size() || html[i] == '>') return i + 1;
    std::size_t n0 = i;
    while (i < html.size() && !space(html[i]) && html[i] != '/' && html[i] != '>' && (html[i] != '=' || i == n0)) ++i;
    std::string name = lower(html.substr(n0, i - n0));
    while (i < html.size() && space(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && space(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        std::size_t close = html.find(html[i], i + 1);
        if (close == std::string::npos) close = html.size();
        value = html.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        std::size_t v0 = i;
        while (i < html.size() && !space(html[i]) && html[i] != '>') ++i;
        value = html.substr(v0, i - v0);
      }
    }
    if (name.size() > 2 && name.rfind("on", 0) == 0) std::abort();
    if (dangerous_url(name, value)) std::abort();
  }
  return i;
}

void check_attributes(const std::string& html) {
  std::string l = lower(html);
  if (l.find("<script") != std::string::npos || l.find("<iframe") != std::string::npos ||
      l.find("<object") != std::string::npos || l.find("<embed") != std::string::npos)
    std::abort();
  // In safe mode every '<' in the output opens a tag (text has its '<' escaped).
  for (std::size_t lt = html.find('<'); lt != std::string::npos; lt = html.find('<', check_tag(html, lt))) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ms::markdown_init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  ms::MarkdownOptions options;
  options.raw_html = false;
  auto r = ms::render_markdown(std::string_view(reinterpret_cast<const char*>(data), size), options);
  check_attributes(r.html);
  return 0;
}
