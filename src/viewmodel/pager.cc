#include "viewmodel/pager.h"

#include <algorithm>
#include <utility>

#include "i18n/message_keys.h"
#include "viewmodel/viewmodel.h"

namespace ms {

std::size_t list_page_count(std::size_t rows) { return rows == 0 ? 1 : (rows + kListPageSize - 1) / kListPageSize; }

std::pair<std::size_t, std::size_t> list_page_rows(std::size_t rows, std::size_t page) {
  std::size_t begin = std::min(rows, (page - 1) * kListPageSize);
  return {begin, std::min(rows, begin + kListPageSize)};
}

std::string list_page_path(const std::string& first_page_path, std::size_t page) {
  if (page <= 1) return first_page_path;
  const std::string index = "index.html";
  std::string folder = first_page_path.substr(0, first_page_path.size() - index.size());
  return folder + "page/" + std::to_string(page) + "/index.html";
}

std::optional<PagerView> pager_view(const Localizer& loc, const std::string& root, const std::string& base_url,
                                    const std::function<std::string(std::size_t)>& path_of, std::size_t page, std::size_t pages) {
  if (pages <= 1) return std::nullopt;
  PagerView p;
  p.label = loc.message(key<"pager.label">());
  p.status = loc.message(key<"pager.status">(), {MessageArg::num("page", static_cast<std::int64_t>(page)),
                                                 MessageArg::num("pages", static_cast<std::int64_t>(pages))});
  p.prev = loc.message(key<"pager.prev">());
  p.next = loc.message(key<"pager.next">());
  p.has_prev = page > 1;
  p.has_next = page < pages;
  if (page > 1) {
    p.prev_href = root + url_of(path_of(page - 1));
    p.prev_url = base_url + url_of(path_of(page - 1));
  }
  if (page < pages) {
    p.next_href = root + url_of(path_of(page + 1));
    p.next_url = base_url + url_of(path_of(page + 1));
  }
  // The first and last pages and those within kPagerReach of this one; a run of left-out pages is
  // one gap, and a gap that would stand for a single page shows that page instead.
  std::size_t from = page > kPagerReach + 1 ? page - kPagerReach : 1;
  std::size_t to = std::min(pages, page + kPagerReach);
  if (from <= 3) from = 1;
  if (to + 2 >= pages) to = pages;
  auto link = [&](std::size_t n) {
    p.pages.push_back({loc.integer(static_cast<std::int64_t>(n)), root + url_of(path_of(n)), n == page});
  };
  if (from > 1) {
    link(1);
    p.pages.push_back({"", "", false, true});
  }
  for (std::size_t n = from; n <= to; ++n) link(n);
  if (to < pages) {
    p.pages.push_back({"", "", false, true});
    link(pages);
  }
  return p;
}

}  // namespace ms
