// sitemap.xml and robots.txt. One sitemap while the site fits the protocol's limits per file
// (50,000 URLs, 50 MiB uncompressed; https://www.sitemaps.org/protocol.html); past either, a
// sitemap index at sitemap.xml that lists parts sitemap-1.xml, sitemap-2.xml ... at the site root
// (a sitemap may only list URLs under its own folder, so the parts cannot live in a subfolder).
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "viewmodel/viewmodel.h"

namespace ms {

struct SitemapLimits {
  std::size_t max_urls = 50000;      // <url> entries per file
  std::size_t max_bytes = 52428800;  // bytes per file, uncompressed
};

// One <url>: its address and its translations (hreflang -> address, x-default included).
struct SitemapUrl {
  std::string loc;
  std::vector<std::pair<std::string, std::string>> alternates;
};

struct SitemapFile {
  std::string path;  // site-relative: "sitemap.xml", "sitemap-1.xml"
  std::string content;
};

// Every page of the site that search engines should know, each locale's version with its
// alternates: home, lists (with their further pages), free pages, model pages.
std::vector<SitemapUrl> sitemap_urls(const SiteContext& ctx);

// The sitemap files for `urls`: "sitemap.xml" alone, or an index at "sitemap.xml" followed by
// its parts, each within `limits`. `base_url` ends in '/'.
std::vector<SitemapFile> sitemap_files(const std::vector<SitemapUrl>& urls, const std::string& base_url,
                                       const SitemapLimits& limits = {});

// robots.txt: allows everything and names sitemap.xml (the sitemap or the index).
std::string robots_txt(const std::string& base_url);

}  // namespace ms
