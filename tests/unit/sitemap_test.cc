// sitemap.xml as one file or as an index with parts, within the sitemap protocol's limits.
#include <catch2/catch.hpp>

#include "site/site.h"
#include "site/sitemap.h"
#include "test_support.h"

using namespace test;

namespace {

// The <url> entries of a urlset file, without its header and footer.
std::string entries_of(const std::string& urlset) {
  auto a = urlset.find("  <url>");
  auto b = urlset.rfind("</urlset>");
  return a == std::string::npos ? "" : urlset.substr(a, b - a);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

ms::SitemapUrl url(const std::string& loc) { return {loc, {{"en", loc}, {"x-default", loc}}}; }

}  // namespace

TEST_CASE("the default sitemap limits are the protocol's: 50,000 URLs and 50 MiB per file", "[sitemap]") {
  ms::SitemapLimits limits;
  CHECK(limits.max_urls == 50000);
  CHECK(limits.max_bytes == 52428800);
  CHECK(ms::BuildOptions{}.sitemap_limits.max_urls == 50000);
  CHECK(ms::BuildOptions{}.sitemap_limits.max_bytes == 52428800);
}

TEST_CASE("a sitemap within the limits is one sitemap.xml", "[sitemap]") {
  auto files = ms::sitemap_files({url("https://x.example/a/"), url("https://x.example/b?c&d")}, "https://x.example/");
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "sitemap.xml");
  CHECK(files[0].content ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        "  <url>\n    <loc>https://x.example/a/</loc>\n"
        "    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://x.example/a/\"/>\n"
        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://x.example/a/\"/>\n  </url>\n"
        "  <url>\n    <loc>https://x.example/b?c&amp;d</loc>\n"
        "    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://x.example/b?c&amp;d\"/>\n"
        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://x.example/b?c&amp;d\"/>\n  </url>\n"
        "</urlset>\n");
}

TEST_CASE("a sitemap past the byte limit becomes an index of parts that each fit", "[sitemap]") {
  std::vector<ms::SitemapUrl> urls;
  for (int i = 0; i < 7; ++i) urls.push_back(url("https://x.example/m" + std::to_string(i) + "/"));
  std::size_t one = ms::sitemap_files({urls[0]}, "https://x.example/")[0].content.size();
  std::size_t entry = ms::sitemap_files({urls[0], urls[1]}, "https://x.example/")[0].content.size() - one;
  ms::SitemapLimits limits;
  limits.max_bytes = one + 2 * entry;  // exactly three entries per file
  auto files = ms::sitemap_files(urls, "https://x.example/", limits);
  REQUIRE(files.size() == 4);
  CHECK(files[0].path == "sitemap.xml");
  CHECK(files[0].content ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        "  <sitemap>\n    <loc>https://x.example/sitemap-1.xml</loc>\n  </sitemap>\n"
        "  <sitemap>\n    <loc>https://x.example/sitemap-2.xml</loc>\n  </sitemap>\n"
        "  <sitemap>\n    <loc>https://x.example/sitemap-3.xml</loc>\n  </sitemap>\n"
        "</sitemapindex>\n");
  CHECK(files[1].content.size() == limits.max_bytes);
  CHECK(files[2].content.size() == limits.max_bytes);
  CHECK(files[3].content == ms::sitemap_files({urls[6]}, "https://x.example/")[0].content);
  CHECK(files[1].content == ms::sitemap_files({urls[0], urls[1], urls[2]}, "https://x.example/")[0].content);
}

TEST_CASE("robots.txt names sitemap.xml under the base URL", "[sitemap]") {
  CHECK(ms::robots_txt("https://x.example/docs/") == "User-agent: *\nAllow: /\n\nSitemap: https://x.example/docs/sitemap.xml\n");
}

TEST_CASE("a site past the URL limit gets a sitemap index whose parts keep every URL and hreflang", "[sitemap][site]") {
  TempDir t;
  make_site(t.path, {source_dir() / "tests/golden/small/input"});
  std::string single = read(source_dir() / "tests/golden/small/expected/sitemap.xml");
  REQUIRE(count(single, "<url>") == 24);
  ms::BuildOptions opt;
  opt.root = t.path;
  opt.out = t.path / "out";
  opt.check = false;
  opt.jobs = 2;
  opt.sitemap_limits.max_urls = 10;
  auto res = ms::build_site(opt);
  REQUIRE(res.exit_code == 0);
  CHECK(read(t.path / "out/sitemap.xml") ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        "  <sitemap>\n    <loc>https://small.example.com/docs/sitemap-1.xml</loc>\n  </sitemap>\n"
        "  <sitemap>\n    <loc>https://small.example.com/docs/sitemap-2.xml</loc>\n  </sitemap>\n"
        "  <sitemap>\n    <loc>https://small.example.com/docs/sitemap-3.xml</loc>\n  </sitemap>\n"
        "</sitemapindex>\n");
  std::string parts[3] = {read(t.path / "out/sitemap-1.xml"), read(t.path / "out/sitemap-2.xml"), read(t.path / "out/sitemap-3.xml")};
  CHECK(count(parts[0], "<url>") == 10);
  CHECK(count(parts[1], "<url>") == 10);
  CHECK(count(parts[2], "<url>") == 4);
  CHECK(entries_of(parts[0]) + entries_of(parts[1]) + entries_of(parts[2]) == entries_of(single));
  CHECK(!fs::exists(t.path / "out/sitemap-4.xml"));
  CHECK(read(t.path / "out/robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://small.example.com/docs/sitemap.xml\n");
}
