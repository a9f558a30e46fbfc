// The list pager: which pages it links, at every position in a long list.
#include <catch2/catch.hpp>

#include "config/config.h"
#include "core/diagnostics.h"
#include "i18n/locale.h"
#include "test_support.h"
#include "viewmodel/pager.h"
#include "viewmodel/views.h"

namespace {

// The pager of page `page` of `pages` as "1 … 4 5 [6] 7 8 … 100": numbers by their label, the
// current page in brackets, a gap as "…"; links checked against the page they name.
std::string pager_text(const ms::Localizer& loc, std::size_t page, std::size_t pages) {
  auto path = [](std::size_t n) { return ms::list_page_path("en/models/index.html", n); };
  auto p = ms::pager_view(loc, "../../", "https://example.com/", path, page, pages);
  if (!p) return "(none)";
  std::string out;
  for (const auto& l : p->pages) {
    if (!out.empty()) out += " ";
    if (l.gap) {
      CHECK(l.label.empty());
      CHECK(l.href.empty());
      out += "…";
      continue;
    }
    out += l.current ? "[" + l.label + "]" : l.label;
  }
  return out;
}

}  // namespace

TEST_CASE("the pager links the first and last pages and two on each side of this one, at any list length", "[pager]") {
  ms::SiteConfig cfg;
  cfg.locales = {"en"};
  ms::Diagnostics d;
  auto bundles = ms::load_locale_bundles(test::source_dir(), cfg, d);
  REQUIRE_FALSE(d.has_errors());
  ms::Localizer en(bundles, "en", "en");
  CHECK(pager_text(en, 1, 1) == "(none)");
  CHECK(pager_text(en, 1, 2) == "[1] 2");
  CHECK(pager_text(en, 3, 5) == "1 2 [3] 4 5");
  CHECK(pager_text(en, 1, 100) == "[1] 2 3 … 100");
  CHECK(pager_text(en, 3, 100) == "1 2 [3] 4 5 … 100");
  CHECK(pager_text(en, 4, 100) == "1 2 3 [4] 5 6 … 100");
  // A gap never stands for a single page: page 2 is shown instead.
  CHECK(pager_text(en, 5, 100) == "1 2 3 4 [5] 6 7 … 100");
  CHECK(pager_text(en, 6, 100) == "1 … 4 5 [6] 7 8 … 100");
  CHECK(pager_text(en, 50, 100) == "1 … 48 49 [50] 51 52 … 100");
  CHECK(pager_text(en, 96, 100) == "1 … 94 95 [96] 97 98 99 100");
  CHECK(pager_text(en, 100, 100) == "1 … 98 99 [100]");
  CHECK(pager_text(en, 1000, 1000) == "1 … 998 999 [1,000]");
  // The links: this page's own, and each number's page.
  auto p = ms::pager_view(en, "../../", "https://example.com/", [](std::size_t n) { return ms::list_page_path("en/models/index.html", n); },
                          6, 100);
  REQUIRE(p);
  REQUIRE(p->pages.size() == 9);
  CHECK(p->pages[0].href == "../../en/models/");
  CHECK(p->pages[2].href == "../../en/models/page/4/");
  CHECK(p->pages[8].href == "../../en/models/page/100/");
}
