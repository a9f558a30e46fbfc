// List pages in pages of a fixed number of rows: page 1 at the list's own path, page n at
// "<list>/page/<n>/", each linked to the others by a pager without JavaScript.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "i18n/locale.h"
#include "viewmodel/views.h"

namespace ms {

// Rows per list page: keeps each page of the catalog, pricing, deprecation and endpoint lists
// under 100 KB at any catalog size, and the table's layout (most of a list page's main-thread
// time on a phone) short; lists.js draws the same number per step.
constexpr std::size_t kListPageSize = 50;
// The pager links the first page, the last, and the pages up to this many before and after the
// current one, so its size does not grow with the catalog.
constexpr std::size_t kPagerReach = 2;

// Pages needed for `rows` rows (at least one, so an empty list still has its page).
std::size_t list_page_count(std::size_t rows);
// The [begin, end) rows of `page` (1-based).
std::pair<std::size_t, std::size_t> list_page_rows(std::size_t rows, std::size_t page);
// "en/models/index.html", 3 -> "en/models/page/3/index.html"; page 1 is the list's own path.
std::string list_page_path(const std::string& first_page_path, std::size_t page);

// The pager (none for a single page): the localized labels, the links to the previous, next and
// every page relative to `root`, and their absolute forms for <link rel=prev/next>.
// `path_of(n)` is page n's site-relative path; `base_url` ends in '/'.
std::optional<PagerView> pager_view(const Localizer& loc, const std::string& root, const std::string& base_url,
                                    const std::function<std::string(std::size_t)>& path_of, std::size_t page, std::size_t pages);

}  // namespace ms
