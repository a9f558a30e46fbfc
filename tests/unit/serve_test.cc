// `modelsite serve` pieces: request paths, content types, the injected script, the watcher.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <thread>

#include "serve/dev_server.h"
#include "serve/watcher.h"
#include "catalog/catalog.h"
#include "config/config.h"
#include "test_support.h"

using namespace test;
using ms::ResolvedPath;

namespace {

struct ServedFolder {
  TempDir t;
  fs::path site;
  ServedFolder() : site(t.path / "site") {
    write(site / "index.html", "home");
    write(site / "en/models/index.html", "models");
    write(site / "assets/style.css", "css");
    write(t.path / "secret.json", "{}");
    fs::create_directories(site / "empty");
    fs::create_symlink(t.path / "secret.json", site / "link-out.json");
    fs::create_symlink(site / "assets/style.css", site / "link-in.css");
    fs::create_directory_symlink(t.path, site / "dir-out");
  }
};

std::string describe(const ResolvedPath& r, const fs::path& site) {
  switch (r.kind) {
    case ResolvedPath::Kind::file: return "file " + fs::relative(r.file, fs::canonical(site)).generic_string();
    case ResolvedPath::Kind::redirect: return "redirect " + r.location;
    default: return "not found";
  }
}

}  // namespace

TEST_CASE("request paths resolve to files under the served folder only", "[serve]") {
  ServedFolder f;
  auto at = [&](const std::string& p) { return describe(ms::resolve_request_path(f.site, p), f.site); };
  CHECK(at("/") == "file index.html");
  CHECK(at("/en/models/") == "file en/models/index.html");
  CHECK(at("/en/models") == "redirect /en/models/");
  CHECK(at("/assets/style.css") == "file assets/style.css");
  CHECK(at("/assets//style.css") == "file assets/style.css");
  CHECK(at("/link-in.css") == "file assets/style.css");
  CHECK(at("/empty/") == "not found");
  CHECK(at("/missing.html") == "not found");
  CHECK(at("/../secret.json") == "not found");
  CHECK(at("/en/../../secret.json") == "not found");
  CHECK(at("/en/./models/") == "not found");
  CHECK(at("/link-out.json") == "not found");
  CHECK(at("/dir-out/secret.json") == "not found");
  CHECK(at("relative") == "not found");
  CHECK(at("/assets\\style.css") == "not found");
  CHECK(at(std::string("/index.html\0x", 13)) == "not found");
}

TEST_CASE("content types follow the file extension", "[serve]") {
  CHECK(ms::content_type_for("a/index.html") == "text/html; charset=utf-8");
  CHECK(ms::content_type_for("style.CSS") == "text/css; charset=utf-8");
  CHECK(ms::content_type_for("site.js") == "text/javascript; charset=utf-8");
  CHECK(ms::content_type_for("favicon.svg") == "image/svg+xml");
  CHECK(ms::content_type_for("api/models.json") == "application/json; charset=utf-8");
  CHECK(ms::content_type_for("sitemap.xml") == "application/xml; charset=utf-8");
  CHECK(ms::content_type_for("llms.txt") == "text/plain; charset=utf-8");
  CHECK(ms::content_type_for("index.md") == "text/markdown; charset=utf-8");
  CHECK(ms::content_type_for("shot.png") == "image/png");
  CHECK(ms::content_type_for("font.woff2") == "font/woff2");
  CHECK(ms::content_type_for("feed.atom") == "application/atom+xml; charset=utf-8");
  CHECK(ms::content_type_for("blob") == "application/octet-stream");
}

TEST_CASE("the live script is added before </head>, or at the end without one", "[serve]") {
  CHECK(ms::inject_live_script("<html><HEAD><title>x</title></HEAD><body></body></html>", 7) ==
        "<html><HEAD><title>x</title><script src=\"/__modelsite/live.js\" data-modelsite-build=\"7\" defer></script></HEAD><body></body></html>");
  CHECK(ms::inject_live_script("<p>fragment</p>", 1) ==
        "<p>fragment</p><script src=\"/__modelsite/live.js\" data-modelsite-build=\"1\" defer></script>");
}

TEST_CASE("the watcher reports new, changed, renamed and deleted files, and files in new folders", "[serve]") {
  TempDir t;
  write(t.path / "site.json", "{}");
  write(t.path / "content/models/acme/alpha.md", "a");
  write(t.path / "other/ignored.txt", "x");
  ms::SourceWatcher w(t.path);
  REQUIRE(w.ok());
  using std::chrono::milliseconds;
  CHECK(w.wait(milliseconds(50), milliseconds(20)).empty());

  // An editor's save by rename: a temporary file renamed over the original.
  write(t.path / "content/models/acme/.alpha.md.swp", "b");
  fs::rename(t.path / "content/models/acme/.alpha.md.swp", t.path / "content/models/acme/alpha.md");
  CHECK(w.wait(milliseconds(1000), milliseconds(30)) == std::set<std::string>{"content/models/acme/alpha.md"});

  // A burst: several files, one change set; unwatched folders and scratch names are left out.
  write(t.path / "site.json", "{ }");
  write(t.path / "locales/en.json", "{}");
  write(t.path / "other/ignored.txt", "y");
  write(t.path / "content/models/acme/alpha.md~", "backup");
  CHECK(w.wait(milliseconds(1000), milliseconds(30)) == std::set<std::string>{"locales", "locales/en.json", "site.json"});

  // A new folder and a file in it; then a deletion.
  fs::create_directories(t.path / "content/models/newco");
  std::this_thread::sleep_for(milliseconds(30));
  write(t.path / "content/models/newco/one.json", "{}");
  auto created = w.wait(milliseconds(1000), milliseconds(50));
  CHECK(created.count("content/models/newco"));
  CHECK(created.count("content/models/newco/one.json"));
  fs::remove(t.path / "content/models/newco/one.json");
  CHECK(w.wait(milliseconds(1000), milliseconds(30)) == std::set<std::string>{"content/models/newco/one.json"});
}

TEST_CASE("editor scratch files are not changes", "[serve]") {
  CHECK(ms::is_editor_scratch_name(".alpha.md.swp"));
  CHECK(ms::is_editor_scratch_name("alpha.md~"));
  CHECK(ms::is_editor_scratch_name("4913"));
  CHECK(ms::is_editor_scratch_name("#alpha.md#"));
  CHECK_FALSE(ms::is_editor_scratch_name("alpha.md"));
  CHECK_FALSE(ms::is_editor_scratch_name("gpt-4.1.json"));
}

namespace {

// The catalog as a comparable text: every model's id, name, hashes and price count, then every
// diagnostic as the terminal shows it.
std::string catalog_text(const fs::path& root, ms::CatalogMemo* memo, const ms::FileStats* stats = nullptr) {
  ms::Diagnostics diags;
  auto config = ms::load_site_config(root, diags);
  REQUIRE(config);
  auto cat = ms::load_catalog(root, *config, diags, 2, memo, stats);
  std::string out;
  if (cat)
    for (const auto& m : cat->models)
      out += m.id + " " + m.name + " " + m.data_hash + " " + m.source_hash + " " + std::to_string(m.pricing ? m.pricing->items.size() : 0) + "\n";
  return out + ms::format_diagnostics(diags);
}

ms::FileStats content_stats(const fs::path& root) {
  ms::FileStats stats;
  ms::stat_tree(root, "content", stats);
  return stats;
}

// Longer than FileStats' margin: files written before it count as settled.
void let_settle() { std::this_thread::sleep_for(std::chrono::milliseconds(250)); }

// Gives `path` new text of the same length and puts its modification time back.
void edit_keeping_mtime(const fs::path& path, const std::string& from, const std::string& to) {
  auto text = ms::read_file(path);
  REQUIRE(text);
  REQUIRE(from.size() == to.size());
  auto mtime = fs::last_write_time(path);
  write(path, text->replace(text->find(from), from.size(), to));
  fs::last_write_time(path, mtime);
}

}  // namespace

TEST_CASE("the catalog memo gives what a fresh load gives, parsing only the files that changed", "[serve]") {
  TempDir t;
  make_site(t.path, {source_dir() / "tests/invalid/base"});
  const char* beta = R"({ "id": "beta", "name": "Beta", "provider": "acme", "status": "active", "endpoints": ["chat.completions"] })";
  write(t.path / "content/models/acme/beta.json", beta);
  write(t.path / "content/models/acme/gamma.json",
        R"({ "id": "gamma", "name": "Gamma", "provider": "acme", "status": "active", "endpoints": ["chat.completions"] })");
  ms::CatalogMemo memo;
  std::string fresh = catalog_text(t.path, nullptr);
  REQUIRE(fresh.find("gamma Gamma ") != std::string::npos);
  CHECK(catalog_text(t.path, &memo) == fresh);
  CHECK(memo.parsed == 3);
  CHECK(catalog_text(t.path, &memo) == fresh);
  CHECK((memo.parsed == 0 && memo.reused == 3));

  // An edited file is parsed again; the others come from the memo.
  write(t.path / "content/models/acme/beta.json", std::string(beta).replace(std::string(beta).find("Beta"), 4, "Beta 2"));
  fresh = catalog_text(t.path, nullptr);
  REQUIRE(fresh.find("beta Beta 2 ") != std::string::npos);
  CHECK(catalog_text(t.path, &memo) == fresh);
  CHECK((memo.parsed == 1 && memo.reused == 2));

  // An error in a file: reported again on every load, from the memo too.
  write(t.path / "content/models/acme/beta.json", R"({ "id": "beta", "name": "Beta", "provider": "acme", "status": "gone", "endpoints": ["chat.completions"] })");
  fresh = catalog_text(t.path, nullptr);
  REQUIRE(fresh.find("[unknown-status]") != std::string::npos);
  CHECK(catalog_text(t.path, &memo) == fresh);
  CHECK(catalog_text(t.path, &memo) == fresh);
  CHECK(memo.reused == 3);

  // A new provider changes what every model file is validated against: all are parsed again.
  write(t.path / "content/providers/zeta.json", R"({ "id": "zeta", "name": "Zeta" })");
  fresh = catalog_text(t.path, nullptr);
  CHECK(catalog_text(t.path, &memo) == fresh);
  CHECK(memo.parsed == 3);

  // A deleted file leaves the memo.
  fs::remove(t.path / "content/models/acme/gamma.json");
  fresh = catalog_text(t.path, nullptr);
  CHECK(catalog_text(t.path, &memo) == fresh);
  CHECK(memo.models.size() == 2);
}

TEST_CASE("with the files' stats, settled files are not read again, and every edit is still seen", "[serve]") {
  TempDir t;
  make_site(t.path, {source_dir() / "tests/invalid/base"});
  write(t.path / "content/models/acme/beta.json",
        R"({ "id": "beta", "name": "Beta", "provider": "acme", "status": "active", "endpoints": ["chat.completions"] })");
  write(t.path / "content/models/acme/beta.md", "Beta writes poems.\n");
  let_settle();
  ms::CatalogMemo memo;
  std::string fresh = catalog_text(t.path, nullptr);
  auto stats = content_stats(t.path);
  CHECK(catalog_text(t.path, &memo, &stats) == fresh);
  CHECK(memo.unread == 0);
  std::size_t files = memo.models.size() + memo.bodies.size();
  REQUIRE(memo.models.size() == 2);
  REQUIRE(memo.bodies.size() >= 1);

  // Nothing changed: nothing is read.
  stats = content_stats(t.path);
  CHECK(catalog_text(t.path, &memo, &stats) == fresh);
  CHECK(memo.unread == files);

  // Same length, modification time put back: the change time still tells (model and prose).
  edit_keeping_mtime(t.path / "content/models/acme/beta.json", "Beta", "Bxta");
  edit_keeping_mtime(t.path / "content/models/acme/beta.md", "poems", "songs");
  let_settle();
  fresh = catalog_text(t.path, nullptr);
  REQUIRE(fresh.find("beta Bxta ") != std::string::npos);
  stats = content_stats(t.path);
  CHECK(catalog_text(t.path, &memo, &stats) == fresh);
  CHECK(memo.parsed == 1);
  CHECK(memo.unread == files - 2);

  // A file written just before the walk is read, whatever its stat says; and again next time,
  // since its stat proved nothing.
  write(t.path / "content/models/acme/beta.md", "Beta writes plays.\n");
  stats = content_stats(t.path);
  fresh = catalog_text(t.path, nullptr);
  CHECK(catalog_text(t.path, &memo, &stats) == fresh);
  CHECK(memo.unread == files - 1);
  edit_keeping_mtime(t.path / "content/models/acme/beta.md", "plays", "poems");
  stats = content_stats(t.path);
  fresh = catalog_text(t.path, nullptr);
  CHECK(catalog_text(t.path, &memo, &stats) == fresh);
  CHECK(memo.unread == files - 1);
}
