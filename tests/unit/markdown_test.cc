#include <catch2/catch.hpp>

#include "markdown/markdown.h"

using namespace ms;

namespace {
std::string html(const std::string& md, bool raw = false) {
  markdown_init();
  MarkdownOptions o;
  o.raw_html = raw;
  o.alert_titles = {{"note", "Note"}, {"warning", "Warning"}, {"tip", "Tip"}};
  return render_markdown(md, o).html;
}
}  // namespace

TEST_CASE("headings get stable ids and a self link", "[markdown]") {
  CHECK(html("## Main features\n\n## Main features\n") ==
        "<h2 id=\"main-features\">Main features <a class=\"anchor\" href=\"#main-features\">#</a></h2>\n"
        "<h2 id=\"main-features-1\">Main features <a class=\"anchor\" href=\"#main-features-1\">#</a></h2>\n");
}

TEST_CASE("GitHub alert block quotes become hint boxes", "[markdown]") {
  CHECK(html("> [!WARNING]\n> Retired on **March 26, 2026**.\n") ==
        "<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>\n"
        "<p>Retired on <strong>March 26, 2026</strong>.</p>\n</div>\n");
  CHECK(html("> Just a quote\n") == "<blockquote>\n<p>Just a quote</p>\n</blockquote>\n");
}

TEST_CASE("GFM tables, strikethrough, autolinks and task lists render", "[markdown]") {
  CHECK(html("~~old~~ price") == "<p><del>old</del> price</p>\n");
  CHECK(html("see https://example.com now") == "<p>see <a href=\"https://example.com\">https://example.com</a> now</p>\n");
  CHECK(html("- [x] done\n- [ ] todo\n") ==
        "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n"
        "<li><input type=\"checkbox\" disabled=\"\" /> todo</li>\n</ul>\n");
  CHECK(html("| a | b |\n|---|---|\n| 1 | 2 |\n") ==
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n");
}

TEST_CASE("raw HTML and script links are dropped in safe mode", "[markdown]") {
  CHECK(html("<script>alert(1)</script>\n\ntext") == "<!-- raw HTML omitted -->\n<p>text</p>\n");
  CHECK(html("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html;base64,PHNjcmlwdD4=)") ==
        "<p><a href=\"\">x</a> <a href=\"\">y</a> <a href=\"\">z</a></p>\n");
  CHECK(html("![i](data:image/png;base64,AAAA)") == "<p><img src=\"\" alt=\"i\" /></p>\n");
  CHECK(html("inline <b onmouseover=\"x()\">bold</b>") == "<p>inline <!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n");
}

TEST_CASE("raw HTML is kept when the site allows it, but script links are still dropped", "[markdown]") {
  CHECK(html("<kbd>Ctrl</kbd> [x](javascript:alert(1))", true) == "<p><kbd>Ctrl</kbd> <a href=\"\">x</a></p>\n");
}

TEST_CASE("the first heading is the title and the first paragraph the summary", "[markdown]") {
  markdown_init();
  auto r = render_markdown("# About this catalog\n\nPrices are *exact*.\n\nMore.", {});
  CHECK(r.title == "About this catalog");
  CHECK(r.summary == "Prices are exact.");
}
