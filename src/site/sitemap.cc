#include "site/sitemap.h"

#include "core/text.h"
#include "viewmodel/pager.h"

namespace ms {

namespace {

constexpr const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr const char* kUrlsetOpen =
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
constexpr const char* kUrlsetClose = "</urlset>\n";
constexpr const char* kIndexOpen = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
constexpr const char* kIndexClose = "</sitemapindex>\n";

std::string url_entry(const SitemapUrl& url) {
  std::string out = "  <url>\n    <loc>" + html_escape(url.loc) + "</loc>\n";
  for (const auto& [lang, href] : url.alternates)
    out += "    <xhtml:link rel=\"alternate\" hreflang=\"" + lang + "\" href=\"" + html_escape(href) + "\"/>\n";
  out += "  </url>\n";
  return out;
}

// The entries of `urls`, split into runs that each fit one file within `limits`.
std::vector<std::string> split_parts(const std::vector<SitemapUrl>& urls, const SitemapLimits& limits) {
  const std::size_t frame = std::string(kXmlDecl).size() + std::string(kUrlsetOpen).size() + std::string(kUrlsetClose).size();
  std::vector<std::string> parts(1);
  std::size_t count = 0;
  for (const auto& url : urls) {
    std::string entry = url_entry(url);
    bool full = count >= limits.max_urls || frame + parts.back().size() + entry.size() > limits.max_bytes;
    if (full && count > 0) {
      parts.emplace_back();
      count = 0;
    }
    parts.back() += entry;
    ++count;
  }
  return parts;
}

void add_list(std::vector<SitemapUrl>& out, const SiteContext& ctx, const std::function<std::string(const std::string&)>& path_for) {
  const SiteConfig& cfg = *ctx.config;
  std::vector<std::pair<std::string, std::string>> alternates;
  for (const auto& other : cfg.locales) alternates.emplace_back(other, cfg.base_url + url_of(path_for(other)));
  alternates.emplace_back("x-default", cfg.base_url + url_of(path_for(cfg.default_locale)));
  for (const auto& locale : cfg.locales) out.push_back({cfg.base_url + url_of(path_for(locale)), alternates});
}

}  // namespace

std::vector<SitemapUrl> sitemap_urls(const SiteContext& ctx) {
  std::vector<SitemapUrl> out;
  add_list(out, ctx, home_path);
  for (const auto& list : list_pages(*ctx.catalog, ctx.config->default_locale))
    add_list(out, ctx, [&](const std::string& l) { return list_page_path(list.first(l), list.page); });
  for (const auto& page : ctx.catalog->pages) add_list(out, ctx, [&](const std::string& l) { return free_page_path(l, page.slug); });
  for (const auto& m : ctx.catalog->models) add_list(out, ctx, [&](const std::string& l) { return model_path(l, m); });
  return out;
}

std::vector<SitemapFile> sitemap_files(const std::vector<SitemapUrl>& urls, const std::string& base_url,
                                       const SitemapLimits& limits) {
  std::vector<std::string> parts = split_parts(urls, limits);
  auto urlset = [](const std::string& entries) { return kXmlDecl + (kUrlsetOpen + entries) + kUrlsetClose; };
  if (parts.size() == 1) return {{"sitemap.xml", urlset(parts[0])}};
  std::vector<SitemapFile> files(1);
  std::string index = std::string(kXmlDecl) + kIndexOpen;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string path = "sitemap-" + std::to_string(i + 1) + ".xml";
    index += "  <sitemap>\n    <loc>" + html_escape(base_url + path) + "</loc>\n  </sitemap>\n";
    files.push_back({path, urlset(parts[i])});
  }
  files[0] = {"sitemap.xml", index + kIndexClose};
  return files;
}

std::string robots_txt(const std::string& base_url) { return "User-agent: *\nAllow: /\n\nSitemap: " + base_url + "sitemap.xml\n"; }

}  // namespace ms
