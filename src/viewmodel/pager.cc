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
  for (std::size_t n = 1; n <= pages; ++n)
    p.pages.push_back({loc.integer(static_cast<std::int64_t>(n)), root + url_of(path_of(n)), n == page});
  return p;
}

}  // namespace ms
