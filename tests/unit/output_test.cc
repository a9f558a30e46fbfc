// Publishing: failures while an existing site is updated, full and read-only file systems.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <regex>
#include <thread>

#include <catch2/catch.hpp>

#include "site/output.h"
#include "site/site.h"
#include "core/text.h"
#include "test_support.h"

using namespace test;

namespace {

// A site root with the small test catalog, built once into `site` (and the build manifest).
struct BuiltSite {
  TempDir t;
  fs::path root = t.path / "root";
  explicit BuiltSite(const std::string& out = "../site") {
    make_site(root, {source_dir() / "tests/invalid/base"});
    write(root / "content/models/acme/voicey.json",
          R"({ "id": "voicey", "name": "Voicey", "provider": "acme", "status": "active",
               "endpoints": ["audio.speech"], "example": { "voice": "alloy" } })");
    RunResult r = run("build --no-check --out " + out, root);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  // An edit that changes a few pages: the next build updates the site in place.
  void edit_prose() { write(root / "content/models/acme/alpha.md", read(root / "content/models/acme/alpha.md") + "\nNew line.\n"); }
  std::map<std::string, std::string> manifests() { return snapshot(root / ".modelsite-cache/builds"); }
};

// Names in `dir` other than the output folder, modelsite's hidden previous generation and its lock.
std::vector<std::string> strays(const fs::path& dir, const std::string& out) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n != out && n != "." + out + ".modelsite-previous" && n != "." + out + ".modelsite-lock" && n != "root") names.push_back(n);
  }
  std::sort(names.begin(), names.end());
  return names;
}

void remove_locale_key(const fs::path& root, const std::string& key) {
  for (const auto& f : fs::directory_iterator(root / "locales")) {
    std::string text = read(f.path());
    write(f.path(), std::regex_replace(text, std::regex("\n  \"" + std::regex_replace(key, std::regex("\\."), "\\.") + "\": [^\n]*"), ""));
  }
}

// A tmpfs of `size` mounted at `dir` for the test's lifetime (needs root, as CI runs).
struct Tmpfs {
  fs::path dir;
  Tmpfs(fs::path d, const std::string& size) : dir(std::move(d)) {
    fs::create_directories(dir);
    REQUIRE(::geteuid() == 0);  // mounting needs root
    REQUIRE(::mount("tmpfs", dir.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0);
  }
  void remount(unsigned long flags) { REQUIRE(::mount("tmpfs", dir.c_str(), "tmpfs", MS_REMOUNT | flags, nullptr) == 0); }
  ~Tmpfs() { ::umount2(dir.c_str(), MNT_DETACH); }
};

// Fills the file system holding `dir` until a write fails with ENOSPC.
void fill(const fs::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  std::string block(4096, 'x');
  while (::write(fd, block.data(), block.size()) > 0) {
  }
  CHECK(errno == ENOSPC);
  ::close(fd);
}

void set_immutable(const fs::path& p, bool on) {
  int fd = ::open(p.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  int flags = 0;
  REQUIRE(::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0);
  flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
  REQUIRE(::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0);
  ::close(fd);
}

}  // namespace

TEST_CASE("a render-time failure while updating leaves the previous site byte for byte", "[site][output]") {
  BuiltSite s;
  auto before = snapshot(s.t.path / "site");
  auto manifests = s.manifests();
  s.edit_prose();
  // Found only when the pages are rendered (the view model asks for the message).
  remove_locale_key(s.root, "model.description");
  RunResult r = run("build --no-check --out ../site", s.root);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("locales/en.json: error: message `model.description` is used by the pages but defined in no locale "
                   "[missing-message]") != std::string::npos);
  CHECK(r.err.find("built ") == std::string::npos);
  CHECK(snapshot(s.t.path / "site") == before);
  CHECK(s.manifests() == manifests);
  CHECK(strays(s.t.path, "site").empty());
}

TEST_CASE("a check-time failure while updating leaves the previous site byte for byte", "[site][output]") {
  BuiltSite s;
  REQUIRE(run("build --no-check --out ../site", s.root).exit_code == 0);
  auto before = snapshot(s.t.path / "site");
  auto manifests = s.manifests();
  s.edit_prose();
  // A voice the API does not have: the page renders, but the example fails against the mock.
  write(s.root / "content/models/acme/voicey.json",
        std::regex_replace(read(s.root / "content/models/acme/voicey.json"), std::regex("alloy"), "robot"));
  RunResult r = run("build --out ../site", s.root);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("content/models/acme/voicey.json: error: curl snippet for audio.speech failed") != std::string::npos);
  CHECK(snapshot(s.t.path / "site") == before);
  CHECK(s.manifests() == manifests);
  CHECK(strays(s.t.path, "site").empty());
}

TEST_CASE("a full disk fails the build naming the file, and the site, cache and manifest stay as they were", "[site][output]") {
  BuiltSite s;
  Tmpfs disk(s.t.path / "disk", "4m");
  REQUIRE(run("build --no-check --out ../disk/site", s.root).exit_code == 0);
  REQUIRE(run("build --no-check --out ../disk/site", s.root).exit_code == 0);
  auto before = snapshot(disk.dir / "site");
  auto manifests = s.manifests();
  s.edit_prose();
  fill(disk.dir / "filler");
  RunResult r = run("build --no-check --out ../disk/site", s.root);
  CHECK(r.exit_code == 1);
  INFO(r.err);
  CHECK(std::regex_search(r.err, std::regex("/disk/\\.site\\.modelsite-previous/[a-z]+/models/acme/alpha/index\\.html: error: "
                                            "cannot write the file: No space left on device \\[write-failed\\]")));
  CHECK(snapshot(disk.dir / "site") == before);
  CHECK(s.manifests() == manifests);
  CHECK(strays(disk.dir, "site") == std::vector<std::string>{"filler"});

  // With space again, the next build is exactly a full build.
  fs::remove(disk.dir / "filler");
  REQUIRE(run("build --no-check --out ../disk/site", s.root).exit_code == 0);
  REQUIRE(run("build --no-check --out ../full", s.root).exit_code == 0);
  CHECK(snapshot(disk.dir / "site") == snapshot(s.t.path / "full"));
}

TEST_CASE("a read-only file system fails the build naming the path, and the site stays as it was", "[site][output]") {
  BuiltSite s;
  Tmpfs disk(s.t.path / "disk", "8m");
  REQUIRE(run("build --no-check --out ../disk/site", s.root).exit_code == 0);
  auto before = snapshot(disk.dir / "site");
  auto manifests = s.manifests();
  s.edit_prose();
  disk.remount(MS_RDONLY);
  RunResult r = run("build --no-check --out ../disk/site", s.root);
  CHECK(r.exit_code == 1);
  INFO(r.err);
  CHECK(std::regex_search(r.err, std::regex("/disk/\\.site\\.modelsite-previous: error: cannot create the folder for the new "
                                            "site: Read-only file system \\[write-failed\\]")));
  CHECK(snapshot(disk.dir / "site") == before);
  CHECK(s.manifests() == manifests);
  disk.remount(0);
  REQUIRE(run("build --no-check --out ../disk/site", s.root).exit_code == 0);
  REQUIRE(run("build --no-check --out ../full", s.root).exit_code == 0);
  CHECK(snapshot(disk.dir / "site") == snapshot(s.t.path / "full"));
}

TEST_CASE("a file modelsite cannot replace fails the build naming it, and the site stays as it was", "[site][output]") {
  BuiltSite s;
  s.edit_prose();
  REQUIRE(run("build --no-check --out ../site", s.root).exit_code == 0);  // now there is a previous generation
  auto before = snapshot(s.t.path / "site");
  auto manifests = s.manifests();
  fs::path marker = s.t.path / ".site.modelsite-previous/.modelsite-output";
  REQUIRE(fs::exists(marker));
  set_immutable(marker, true);  // not even root may remove it
  write(s.root / "content/models/acme/alpha.md", "## Overview\n\nRewritten.\n");
  RunResult r = run("build --no-check --out ../site", s.root);
  set_immutable(marker, false);
  CHECK(r.exit_code == 1);
  INFO(r.err);
  // (Changing its flags changed the marker's identity: the folder is no longer trusted, so the
  // build tries to start it afresh.)
  CHECK(std::regex_search(r.err, std::regex("/\\.site\\.modelsite-previous: error: cannot remove the previous generation "
                                            "of the site: Operation not permitted \\[write-failed\\]")));
  CHECK(snapshot(s.t.path / "site") == before);
  CHECK(s.manifests() == manifests);
  REQUIRE(run("build --no-check --out ../site", s.root).exit_code == 0);
  REQUIRE(run("build --no-check --out ../full", s.root).exit_code == 0);
  CHECK(snapshot(s.t.path / "site") == snapshot(s.t.path / "full"));
}

TEST_CASE("updates publish the new generation whole and keep the previous one beside it", "[site][output]") {
  BuiltSite s;
  auto first = snapshot(s.t.path / "site");
  s.edit_prose();
  RunResult r = run("build --no-check --out ../site", s.root);
  // The model's two pages, and per locale the search index's meta.json and its one shard.
  CHECK(r.err.find("built 18 pages (6 files) into ../site") != std::string::npos);
  // The previous generation is the first site, exactly; the published one a full build.
  CHECK(snapshot(s.t.path / ".site.modelsite-previous") == first);
  REQUIRE(run("build --no-check --out ../full", s.root).exit_code == 0);
  CHECK(snapshot(s.t.path / "site") == snapshot(s.t.path / "full"));
  // Reverting the edit needs nothing rendered: the previous generation has every file.
  write(s.root / "content/models/acme/alpha.md", read(source_dir() / "tests/invalid/base/content/models/acme/alpha.md"));
  r = run("build --no-check --out ../site", s.root);
  CHECK(r.err.find("built 18 pages (0 files) into ../site") != std::string::npos);
  CHECK(snapshot(s.t.path / "site") == first);
  CHECK(strays(s.t.path, "site") == std::vector<std::string>{".full.modelsite-lock", "full"});
}

namespace {

// The item count of a stage in `build --verbose` output ("  link   0.3 ms  5 items").
std::size_t stage_items(const std::string& err, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(err, m, std::regex("\n  " + name + " +[0-9.]+ ms +([0-9]+) items\n"))) FAIL("no stage " << name << " in\n" << err);
  return std::stoul(m[1].str());
}

// What `build --no-check --out ../site` runs with, for the calls a test makes itself.
ms::BuildOptions build_options(const BuiltSite& s) {
  ms::BuildOptions opt;
  opt.root = s.root;
  opt.out = s.t.path / "site";
  opt.check = false;
  opt.jobs = 2;
  return opt;
}

}  // namespace

TEST_CASE("a filled spare is the published site, and the next build links nothing", "[site][output]") {
  BuiltSite s;
  ms::BuildOptions opt = build_options(s);
  std::size_t files = snapshot(s.t.path / "site").size();
  bool fill = GENERATE(false, true);
  fs::path spare = s.t.path / ".site.modelsite-previous";
  auto published = snapshot(s.t.path / "site");
  if (fill) {
    ms::Diagnostics diags;
    REQUIRE(ms::fill_spare_output(opt, diags));
    CHECK(diags.items().empty());
    CHECK(snapshot(spare) == published);
    // Hard links, not copies: the published file's inode.
    CHECK(fs::equivalent(spare / "en/index.html", s.t.path / "site/en/index.html"));
    REQUIRE(ms::fill_spare_output(opt, diags));  // a second call finds it in place
    CHECK(fs::equivalent(spare / "en/index.html", s.t.path / "site/en/index.html"));
  } else {
    CHECK_FALSE(fs::exists(spare));
  }
  s.edit_prose();
  RunResult r = run("build --no-check --verbose --out ../site", s.root);
  REQUIRE(r.exit_code == 0);
  // Two pages, and each locale's search meta.json and one shard of the index.
  CHECK(r.err.find("built 18 pages (6 files) into ../site") != std::string::npos);
  // Without the spare every unchanged file is linked; with it, none (the marker is not linked).
  CHECK(stage_items(r.err, "link") == (fill ? 0 : files - 1 - 6));
  CHECK(snapshot(spare) == published);
  REQUIRE(run("build --no-check --out ../full", s.root).exit_code == 0);
  CHECK(snapshot(s.t.path / "site") == snapshot(s.t.path / "full"));
  CHECK(strays(s.t.path, "site") == std::vector<std::string>{".full.modelsite-lock", "full"});
}

TEST_CASE("a spare of another generation is filled again; one a few files behind is left to the next build", "[site][output]") {
  BuiltSite s;
  ms::BuildOptions opt = build_options(s);
  fs::path spare = s.t.path / ".site.modelsite-previous";
  // A new site title changes every page: the spare is the whole first generation.
  write(s.root / "site.json", ms::replace_all(read(s.root / "site.json"), "Test Hub", "Test Hub 2"));
  REQUIRE(run("build --no-check --out ../site", s.root).exit_code == 0);
  auto published = snapshot(s.t.path / "site");
  REQUIRE(snapshot(spare) != published);
  ms::Diagnostics diags;
  REQUIRE(ms::fill_spare_output(opt, diags));
  CHECK(diags.items().empty());
  CHECK(snapshot(spare) == published);
  CHECK(fs::equivalent(spare / "en/index.html", s.t.path / "site/en/index.html"));
  s.edit_prose();
  RunResult r = run("build --no-check --verbose --out ../site", s.root);
  REQUIRE(r.exit_code == 0);
  CHECK(stage_items(r.err, "link") == 0);

  // Now the spare is the generation before this edit: six files behind, kept as it is.
  auto previous = snapshot(spare);
  REQUIRE(previous != snapshot(s.t.path / "site"));
  REQUIRE(ms::fill_spare_output(opt, diags));
  CHECK(snapshot(spare) == previous);
  CHECK_FALSE(fs::equivalent(spare / "en/models/acme/alpha/index.html", s.t.path / "site/en/models/acme/alpha/index.html"));
}

TEST_CASE("an edit that keeps the file's length and modification time is built", "[site][output]") {
  BuiltSite s;
  fs::path md = s.root / "content/models/acme/alpha.md";
  auto mtime = fs::last_write_time(md);
  write(md, ms::replace_all(read(md), "Alpha is a test model.", "Alpha is a best model."));
  fs::last_write_time(md, mtime);
  RunResult r = run("build --no-check --out ../site", s.root);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("built 18 pages (6 files) into ../site") != std::string::npos);
  CHECK(read(s.t.path / "site/en/models/acme/alpha/index.html").find("Alpha is a best model.") != std::string::npos);
}

TEST_CASE("a second build of the same output waits for the first and then publishes a whole site", "[site][output]") {
  BuiltSite s;
  s.edit_prose();
  auto before = snapshot(s.t.path / "site");
  // The lock another build would hold, taken here; `site/` (through a link) names the same folder.
  fs::create_directory_symlink(s.t.path / "site", s.t.path / "link");
  std::optional<ms::OutputLock> held(ms::OutputLock::try_take(s.t.path / "link/"));
  REQUIRE(held->held());
  CHECK_FALSE(ms::OutputLock::try_take(s.t.path / "site").held());
  RunResult r;
  std::thread second([&] { r = run("build --no-check --out ../site", s.root); });
  // While the lock is held the build must not touch the site. Nothing here depends on how long
  // the wait is: a build that ignored the lock would have changed the site well within it.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK(snapshot(s.t.path / "site") == before);
  held.reset();
  second.join();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("waiting for another modelsite process writing " + fs::weakly_canonical(s.t.path / "site").string() + " to finish\n") == 0);
  CHECK(read(s.t.path / "site/en/models/acme/alpha/index.html").find("New line.") != std::string::npos);
  CHECK(ms::OutputLock::try_take(s.t.path / "site").held());
  CHECK(strays(s.t.path, "site") == std::vector<std::string>{"link"});
}
