// Markdown (GitHub Flavored) to HTML with cmark-gfm: safe mode, heading ids, alert boxes.
// cmark-gfm 0.29 is not thread-safe: call render_markdown from one thread only.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

struct MarkdownOptions {
  bool raw_html = false;  // keep raw HTML (site.json "raw_html"); dropped otherwise
  // Localized titles of alert boxes: "note", "tip", "important", "warning", "caution".
  std::map<std::string, std::string> alert_titles;
  int heading_offset = 0;  // added to heading levels (a body under the page's H1 starts at h2)
};

struct Heading {
  int level = 0;
  std::string id;
  std::string text;
};

struct RenderedMarkdown {
  std::string html;
  std::string title;    // text of the first level-1 heading ("" if none)
  std::string summary;  // plain text of the first paragraph, for descriptions
  std::vector<Heading> headings;
};

// Registers the GFM extensions; called once at start-up, before any rendering.
void markdown_init();
RenderedMarkdown render_markdown(std::string_view text, const MarkdownOptions& options);

}  // namespace ms
