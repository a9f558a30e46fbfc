#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include "core/text.h"

namespace ms {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;

std::string take_html(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

std::string plain_text(cmark_node* node) {
  std::string out;
  cmark_iter* it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
      const char* lit = cmark_node_get_literal(n);
      if (lit) out += lit;
    } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  }
  cmark_iter_free(it);
  return out;
}

bool unsafe_url(const char* url) {
  if (!url) return false;
  std::string u;
  for (const char* p = url; *p; ++p)
    if (!std::isspace(static_cast<unsigned char>(*p)) && !std::iscntrl(static_cast<unsigned char>(*p)))
      u += static_cast<char>(std::tolower(static_cast<unsigned char>(*p)));
  for (const char* scheme : {"javascript:", "vbscript:", "data:", "file:"})
    if (starts_with(u, scheme)) return true;
  return false;
}

// "[!NOTE]" at the very start of a block quote's first paragraph -> "note".
std::string alert_kind(cmark_node* quote) {
  cmark_node* para = cmark_node_first_child(quote);
  if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return "";
  std::string lead;
  for (cmark_node* n = cmark_node_first_child(para); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_TEXT) break;
    lead += cmark_node_get_literal(n);
    if (lead.size() > 12) break;
  }
  static const char* kinds[] = {"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"};
  for (const char* k : kinds) {
    std::string marker = std::string("[!") + k + "]";
    if (lead == marker) {
      std::string kind = k;
      std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
      return kind;
    }
  }
  return "";
}

void strip_alert_marker(cmark_node* quote) {
  cmark_node* para = cmark_node_first_child(quote);
  // Remove the text nodes forming the marker, then the line break after it.
  while (cmark_node* n = cmark_node_first_child(para)) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT) { cmark_node_free(n); continue; }
    if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) cmark_node_free(n);
    break;
  }
  if (!cmark_node_first_child(para)) cmark_node_free(para);
}

}  // namespace

void markdown_init() { cmark_gfm_core_extensions_ensure_registered(); }

namespace {

// A heading as a block of its own HTML, with a stable id (unique in the document) and a self link.
void replace_heading(cmark_node* h, int opts, cmark_llist* extensions, const MarkdownOptions& options,
                     std::set<std::string>& used_ids, RenderedMarkdown& out) {
  int level = std::clamp(cmark_node_get_heading_level(h) + options.heading_offset, 1, 6);
  std::string heading_text = plain_text(h);
  if (cmark_node_get_heading_level(h) == 1 && out.title.empty()) out.title = heading_text;
  std::string base = slugify(heading_text);
  if (base.empty()) base = "section";
  std::string id = base;
  for (int k = 1; used_ids.count(id); ++k) id = base + "-" + std::to_string(k);
  used_ids.insert(id);
  out.headings.push_back({level, id, heading_text});
  std::string inner = take_html(cmark_render_html(h, opts, extensions));
  // inner is "<hN>...</hN>\n"; keep the content between the tags.
  std::size_t open = inner.find('>');
  std::size_t close = inner.rfind("</h");
  std::string content = open != std::string::npos && close != std::string::npos && close > open
                            ? inner.substr(open + 1, close - open - 1) : inner;
  std::string tag = "h" + std::to_string(level);
  std::string html = "<" + tag + " id=\"" + html_escape(id) + "\">" + content + " <a class=\"anchor\" href=\"#" +
                     html_escape(id) + "\">#</a></" + tag + ">";
  cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
  cmark_node_set_on_enter(block, html.c_str());
  cmark_node_set_on_exit(block, "");
  cmark_node_replace(h, block);
  cmark_node_free(h);
}

// A GitHub alert block quote (`> [!NOTE]` ...) as a hint box; other quotes stay as they are.
void replace_alert(cmark_node* q, const MarkdownOptions& options) {
  std::string kind = alert_kind(q);
  if (kind.empty()) return;
  strip_alert_marker(q);
  auto title_it = options.alert_titles.find(kind);
  std::string title = title_it != options.alert_titles.end() ? title_it->second : kind;
  std::string enter = "<div class=\"alert alert-" + kind + "\" role=\"note\"><p class=\"alert-title\">" +
                      html_escape(title) + "</p>";
  cmark_node* box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
  cmark_node_set_on_enter(box, enter.c_str());
  cmark_node_set_on_exit(box, "</div>");
  while (cmark_node* child = cmark_node_first_child(q)) {
    cmark_node_unlink(child);
    cmark_node_append_child(box, child);
  }
  cmark_node_replace(q, box);
  cmark_node_free(q);
}

// One walk over the document: unsafe link targets emptied, the first top-level paragraph's text
// kept as the summary, headings and block quotes collected for replacement after the walk.
void walk(cmark_node* doc, RenderedMarkdown& out, std::vector<cmark_node*>& headings,
          std::vector<cmark_node*>& quotes) {
  cmark_iter* it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it);
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        if (unsafe_url(cmark_node_get_url(n))) cmark_node_set_url(n, "");
        break;
      case CMARK_NODE_HEADING: headings.push_back(n); break;
      case CMARK_NODE_BLOCK_QUOTE: quotes.push_back(n); break;
      case CMARK_NODE_PARAGRAPH:
        if (out.summary.empty() && cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_DOCUMENT)
          out.summary = plain_text(n);
        break;
      default: break;
    }
  }
  cmark_iter_free(it);
}

}  // namespace

RenderedMarkdown render_markdown(std::string_view text, const MarkdownOptions& options) {
  int opts = CMARK_OPT_SMART | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
  opts |= options.raw_html ? CMARK_OPT_UNSAFE : CMARK_OPT_SAFE;
  ParserPtr parser(cmark_parser_new(opts));
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    cmark_syntax_extension* ext = cmark_find_syntax_extension(name);
    if (ext) cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  NodePtr doc(cmark_parser_finish(parser.get()));
  cmark_llist* extensions = cmark_parser_get_syntax_extensions(parser.get());

  RenderedMarkdown out;
  std::vector<cmark_node*> headings, quotes;
  walk(doc.get(), out, headings, quotes);
  std::set<std::string> used_ids;
  for (cmark_node* h : headings) replace_heading(h, opts, extensions, options, used_ids, out);
  for (cmark_node* q : quotes) replace_alert(q, options);

  out.html = take_html(cmark_render_html(doc.get(), opts, extensions));
  if (out.summary.size() > 300) {
    std::size_t cut = out.summary.rfind(' ', 280);
    out.summary = out.summary.substr(0, cut == std::string::npos ? 280 : cut) + "…";
  }
  return out;
}

}  // namespace ms
