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

void check_attributes(const std::string& html) {
  std::string l = lower(html);
  if (l.find("<script") != std::string::npos || l.find("<iframe") != std::string::npos ||
      l.find("<object") != std::string::npos || l.find("<embed") != std::string::npos)
    std::abort();
  // Every tag's attributes: no on* handler, no dangerous URL.
  for (std::size_t lt = l.find('<'); lt != std::string::npos; lt = l.find('<', lt + 1)) {
    std::size_t gt = l.find('>', lt);
    if (gt == std::string::npos) break;
    std::string tag = html.substr(lt, gt - lt);
    for (std::size_t eq = tag.find('='); eq != std::string::npos; eq = tag.find('=', eq + 1)) {
      std::size_t start = tag.find_last_of(" \t\n", eq);
      std::string name = lower(tag.substr(start + 1, eq - start - 1));
      if (name.size() > 2 && name.rfind("on", 0) == 0) std::abort();
      if (eq + 1 >= tag.size() || tag[eq + 1] != '"') continue;
      std::size_t close = tag.find('"', eq + 2);
      std::string value = url_as_read(tag.substr(eq + 2, close == std::string::npos ? std::string::npos : close - eq - 2));
      if (name == "href" || name == "src" || name == "action" || name == "formaction" || name == "xlink:href")
        for (const char* scheme : {"javascript:", "vbscript:", "data:", "file:"})
          if (value.rfind(scheme, 0) == 0) std::abort();
    }
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
