#include "site/output.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "core/hash.h"
#include "core/parallel.h"
#include "core/text.h"

namespace ms {

namespace {

constexpr const char* kManifestHeader = "modelsite build manifest 2\n";
constexpr const char* kMarkerText = "This folder is written by `modelsite build` and replaced on every build.\n";

// A tree's identity: its marker file's inode and change time. Each generation's marker is a new
// file, never linked, so the identity names one generation without putting anything that varies
// into the site itself.
std::string marker_identity(const fs::path& dir) {
  struct stat st;
  fs::path marker = dir / kOutputMarker;
  if (::stat(marker.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + "-" + std::to_string(st.st_ctim.tv_sec) + "." + std::to_string(st.st_ctim.tv_nsec);
}

std::string manifest_text(const Manifest& m) {
  std::string out = kManifestHeader;
  out += "stamp " + m.stamp + "\n";
  for (const auto& [path, fp] : m.files) out += fp + " " + path + "\n";
  return out;
}

std::optional<Manifest> parse_manifest(const std::string& text) {
  if (!starts_with(text, kManifestHeader)) return std::nullopt;
  Manifest m;
  std::size_t pos = std::string_view(kManifestHeader).size();
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) return std::nullopt;  // cut short
    std::string_view line(text.data() + pos, nl - pos);
    std::size_t sp = line.find(' ');
    if (starts_with(line, "stamp ")) m.stamp = std::string(line.substr(6));
    else if (sp != std::string_view::npos)  // written in order: each line goes at the end
      m.files.insert_or_assign(m.files.end(), std::string(line.substr(sp + 1)), std::string(line.substr(0, sp)));
    pos = nl + 1;
  }
  return m;
}

std::string describe(const fs::path& path, int err) { return path.string() + ": " + std::strerror(err); }

// mkdir -p for the parent of `path`, tolerant of other threads creating the same folders.
bool make_parents(const fs::path& path) {
  fs::path parent = path.parent_path();
  if (::mkdir(parent.c_str(), 0777) == 0 || errno == EEXIST) return true;
  if (errno != ENOENT) return false;
  if (!make_parents(parent)) return false;
  return ::mkdir(parent.c_str(), 0777) == 0 || errno == EEXIST;
}

// Creates `path` as a new file holding `content`: never writes through an existing inode (the
// spare's files may be hard links to published ones). With `durable`, the content is on the disk
// (fsync) before it returns. Returns 0 or the errno of the failed call.
int create_file(const fs::path& path, std::string_view content, bool durable = false) {
  int fd = -1;
  for (int attempt = 0; attempt < 3 && fd < 0; ++attempt) {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) break;
    if (errno == ENOENT) {
      if (!make_parents(path)) return errno;
    } else if (errno == EEXIST) {
      if (::unlink(path.c_str()) != 0 && errno != ENOENT) return errno;
    } else {
      return errno;
    }
  }
  if (fd < 0) return errno;
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      ::close(fd);
      return err;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (durable && ::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return err;
  }
  return ::close(fd) == 0 ? 0 : errno;
}

// fsync of a folder (its entries: a file renamed into it reaches the disk), or syncfs of the whole
// file system holding it (every file, folder, link and removal on it). Returns 0 or the errno.
int sync_folder(const fs::path& dir, bool whole_file_system) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int rc = whole_file_system ? ::syncfs(fd) : ::fsync(fd);
  int err = rc == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

// Hard-links `from` as `to` (a new name in the spare). Returns 0 or the errno.
int link_file(const fs::path& from, const fs::path& to) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (::link(from.c_str(), to.c_str()) == 0) return 0;
    if (errno == ENOENT && ::access(from.c_str(), F_OK) == 0) {
      if (!make_parents(to)) return errno;
    } else if (errno == EEXIST) {
      if (::unlink(to.c_str()) != 0 && errno != ENOENT) return errno;
    } else {
      return errno;
    }
  }
  return errno;
}

// Removes `rel` under `dir` and the folders it leaves empty. Returns 0 or the errno of a failed
// unlink (a folder that is not empty is not an error).
int remove_with_empty_parents(const fs::path& dir, const std::string& rel) {
  fs::path p = dir / rel;
  if (::unlink(p.c_str()) != 0 && errno != ENOENT) return errno;
  for (p = p.parent_path(); p != dir && p.string().size() > dir.string().size(); p = p.parent_path())
    if (::rmdir(p.c_str()) != 0) break;
  return 0;
}

// Runs `fn` over `items` on `jobs` threads; reports the first failure ("path: reason").
bool for_each_checked(const std::vector<const std::string*>& items, int jobs, const std::string& what,
                      const std::function<std::string(const std::string&)>& fn, Diagnostics& diags) {
  std::mutex mu;
  std::string first;
  run_parallel(items.size(), jobs, [&](std::size_t i, int) {
    std::string err = fn(*items[i]);
    if (err.empty()) return;
    std::lock_guard lock(mu);
    if (first.empty() || err < first) first = err;  // the same message whatever the thread order
  });
  if (first.empty()) return true;
  std::size_t colon = first.rfind(": ");
  diags.error(first.substr(0, colon), "write-failed", "cannot " + what + ": " + first.substr(colon + 2));
  return false;
}

}  // namespace

std::string Manifest::generation() const {
  Hasher h;
  for (const auto& [path, fp] : files) h.add(path).add(fp);
  return h.hex();
}

fs::path resolved_output(const fs::path& out) {
  std::error_code ec;
  fs::path abs = fs::absolute(out, ec).lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();  // "site/"
  fs::path real = fs::weakly_canonical(abs, ec);    // the folder itself if `out` is a link to it
  return ec ? abs : real;
}

OutputLock OutputLock::take(const fs::path& out, bool wait) {
  fs::path dir = resolved_output(out);
  fs::path file = dir.parent_path() / ("." + dir.filename().string() + ".modelsite-lock");
  std::error_code ec;
  fs::create_directories(dir.parent_path(), ec);
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return OutputLock(-1);
  int rc;
  while ((rc = ::flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
  }
  if (rc != 0 && errno == EWOULDBLOCK && wait) {
    std::fprintf(stderr, "waiting for another modelsite process writing %s to finish\n", dir.c_str());
    while ((rc = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
  }
  if (rc != 0) {
    ::close(fd);
    return OutputLock(-1);
  }
  return OutputLock(fd);
}
OutputLock OutputLock::wait_for(const fs::path& out) { return take(out, true); }
OutputLock OutputLock::try_take(const fs::path& out) { return take(out, false); }
OutputLock::~OutputLock() {
  if (fd_ >= 0) ::close(fd_);
}

SiteOutput::SiteOutput(const fs::path& root, const fs::path& out) {
  out_ = resolved_output(out);
  spare_ = out_.parent_path() / ("." + out_.filename().string() + ".modelsite-previous");
  manifests_ = root / ".modelsite-cache" / "builds" / hash_hex(out_.string());
  load_tree(out_, published_, published_id_);
  load_tree(spare_, spare_manifest_, spare_id_);
}

// A tree is trusted when the manifest named after its marker's identity is intact.
bool SiteOutput::load_tree(const fs::path& dir, std::optional<Manifest>& into, std::string& id) const {
  into.reset();
  id = marker_identity(dir);
  if (id.empty()) return false;
  auto text = read_file(manifests_ / (id + ".manifest"));
  if (!text) return false;
  into = parse_manifest(*text);
  return into.has_value();
}

bool SiteOutput::published_complete(int jobs) const {
  if (!published_) return false;
  std::vector<std::string> paths;
  paths.reserve(published_->files.size());
  for (const auto& f : published_->files) paths.push_back(f.first);
  auto exist = files_exist(out_, paths, jobs);
  return std::all_of(exist.begin(), exist.end(), [](char e) { return e != 0; });
}

namespace {

// The positions in `target` of the files that `m` has with the same fingerprint (one walk over
// both: a manifest's files are sorted by path).
std::vector<std::size_t> same_files(const Manifest& target, const std::optional<Manifest>& m) {
  std::vector<std::size_t> out;
  if (!m) return out;
  auto it = m->files.begin();
  std::size_t k = 0;
  for (const auto& [path, fp] : target.files) {
    while (it != m->files.end() && it->first < path) ++it;
    if (it != m->files.end() && it->first == path && it->second == fp) out.push_back(k);
    ++k;
  }
  return out;
}

}  // namespace

void SiteOutput::plan(Manifest target, int jobs) {
  target_ = std::move(target);
  // Candidates: files whose fingerprint the published tree or the spare already has; a file
  // counts only if it is still there (someone may have deleted it).
  std::vector<const std::string*> paths;
  paths.reserve(target_->files.size());
  for (const auto& f : target_->files) paths.push_back(&f.first);
  std::vector<Source> source(paths.size(), Source::write);
  auto existing = [&](const fs::path& dir, const std::vector<std::size_t>& candidates) {
    std::vector<std::string> names;
    names.reserve(candidates.size());
    for (std::size_t k : candidates) names.push_back(*paths[k]);
    auto there = files_exist(dir, names, jobs);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < candidates.size(); ++i)
      if (there[i]) out.push_back(candidates[i]);
    return out;
  };
  auto in_published = existing(out_, same_files(*target_, published_));
  auto in_spare = existing(spare_, same_files(*target_, spare_manifest_));
  for (std::size_t k : in_published) source[k] = Source::link;
  for (std::size_t k : in_spare) source[k] = Source::keep;
  plan_.clear();
  for (std::size_t k = 0; k < paths.size(); ++k) plan_.emplace_hint(plan_.end(), *paths[k], source[k]);
  up_to_date_ = published_ && in_published.size() == target_->files.size() && published_->generation() == target_->generation();
}

bool SiteOutput::needs(const std::string& path) const {
  auto it = plan_.find(path);
  if (up_to_date_ || it == plan_.end()) return false;
  return it->second == Source::write;
}

bool SiteOutput::reset_spare(Diagnostics& diags) {
  std::error_code ec;
  fs::remove_all(spare_, ec);
  if (ec) {
    diags.error(spare_.string(), "write-failed", "cannot remove the previous generation of the site: " + ec.message());
    return false;
  }
  // --out may name a folder whose parents do not exist yet (serve's private folder, a fresh CI path).
  fs::create_directories(spare_.parent_path(), ec);
  if (::mkdir(spare_.c_str(), 0777) != 0) {
    diags.error(spare_.string(), "write-failed", "cannot create the folder for the new site: " + std::string(std::strerror(errno)));
    return false;
  }
  return true;
}

// The spare's folders for `files`, parents before children, so that no link first fails for a
// missing folder (after a full build the spare is rebuilt from nothing: one folder per page).
bool SiteOutput::make_folders(const std::vector<const std::string*>& files, Diagnostics& diags) const {
  std::set<std::string> folders;
  for (const std::string* rel : files)
    for (fs::path p = fs::path(*rel).parent_path(); !p.empty(); p = p.parent_path())
      if (!folders.insert(p.string()).second) break;  // its parents are in already
  for (const auto& rel : folders) {  // "a" sorts before "a/b"
    fs::path dir = spare_ / rel;
    if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
      diags.error(dir.string(), "write-failed", std::string("cannot create the folder: ") + std::strerror(errno));
      return false;
    }
  }
  return true;
}

bool SiteOutput::prepare(int jobs, Diagnostics& diags) {
  if (up_to_date_) return true;
  if (!spare_manifest_) {
    if (!reset_spare(diags)) return false;
  } else {
    // From here on the spare is incomplete: without its marker no later build trusts it.
    fs::path marker = spare_ / kOutputMarker;
    if (::unlink(marker.c_str()) != 0 && errno != ENOENT) {
      diags.error(marker.string(), "write-failed", std::string("cannot remove the file: ") + std::strerror(errno));
      return false;
    }
    std::vector<const std::string*> stale;
    for (const auto& [path, fp] : spare_manifest_->files) {
      auto it = plan_.find(path);
      if (it == plan_.end() || it->second != Source::keep) stale.push_back(&path);
    }
    // `stale` points into the spare's manifest: it is let go only once they are removed.
    bool removed = for_each_checked(stale, jobs, "remove the outdated file", [&](const std::string& rel) {
      int err = remove_with_empty_parents(spare_, rel);
      return err ? describe(spare_ / rel, err) : std::string();
    }, diags);
    spare_manifest_.reset();
    if (!removed) return false;
  }
  std::vector<const std::string*> links;
  for (const auto& [path, source] : plan_)
    if (source == Source::link) links.push_back(&path);
  linked_ = links.size();
  return link_from_published(links, jobs, diags);
}

// Hard-links `files` of the published tree into the spare, folders first.
bool SiteOutput::link_from_published(const std::vector<const std::string*>& files, int jobs, Diagnostics& diags) const {
  if (!make_folders(files, diags)) return false;
  return for_each_checked(files, jobs, "link the unchanged file", [&](const std::string& rel) {
    int err = link_file(out_ / rel, spare_ / rel);
    return err ? describe(spare_ / rel, err) : std::string();
  }, diags);
}

bool SiteOutput::write(const std::string& path, std::string_view content) {
  int err = create_file(spare_ / path, content);
  std::lock_guard lock(mu_);
  if (err == 0) {
    ++written_;
    return true;
  }
  std::string message = describe(spare_ / path, err);
  if (first_error_.empty() || message < first_error_) first_error_ = message;
  return false;
}

bool SiteOutput::writes_ok(Diagnostics& diags) const {
  std::lock_guard lock(mu_);
  if (first_error_.empty()) return true;
  std::size_t colon = first_error_.rfind(": ");
  diags.error(first_error_.substr(0, colon), "write-failed", "cannot write the file: " + first_error_.substr(colon + 2));
  return false;
}

bool SiteOutput::write_manifest(const Manifest& m, const std::string& id, Diagnostics& diags) const {
  fs::path final_path = manifests_ / (id + ".manifest");
  fs::path tmp = final_path;
  tmp += ".tmp-" + std::to_string(::getpid());
  int err = create_file(tmp, manifest_text(m), true);
  if (err == 0 && ::rename(tmp.c_str(), final_path.c_str()) != 0) err = errno;
  if (err == 0) err = sync_folder(manifests_, false);
  if (err == 0) return true;
  ::unlink(tmp.c_str());
  diags.error(final_path.string(), "write-failed", std::string("cannot write the build manifest: ") + std::strerror(err));
  return false;
}

// One atomic exchange of the spare and the published folder (or a rename when nothing is
// published yet). A file system without RENAME_EXCHANGE gets three renames, with a moment in
// which `out` is absent (never a mix).
bool SiteOutput::swap(Diagnostics& diags) {
  struct stat st;
  int rc;
  if (::lstat(out_.c_str(), &st) != 0 && errno == ENOENT) {
    rc = ::rename(spare_.c_str(), out_.c_str());
  } else {
    rc = ::renameat2(AT_FDCWD, spare_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
      fs::path aside = spare_;
      aside += ".swap";
      rc = ::rename(out_.c_str(), aside.c_str());
      if (rc == 0 && (rc = ::rename(spare_.c_str(), out_.c_str())) != 0) {
        int err = errno;
        ::rename(aside.c_str(), out_.c_str());
        errno = err;
      } else if (rc == 0) {
        ::rename(aside.c_str(), spare_.c_str());
      }
    }
  }
  if (rc == 0) return true;
  diags.error(out_.string(), "write-failed", std::string("cannot move the new site into place: ") + std::strerror(errno));
  return false;
}

// Manifests of generations neither tree holds any more. Failing to remove one only costs disk.
void SiteOutput::drop_unused_manifests() const {
  std::error_code ec;
  std::vector<std::string> keep = {published_id_ + ".manifest"};
  if (spare_manifest_) keep.push_back(spare_id_ + ".manifest");
  for (fs::directory_iterator it(manifests_, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (std::find(keep.begin(), keep.end(), name) == keep.end()) ::unlink(it->path().c_str());
  }
  fs::path legacy = manifests_;
  legacy += ".manifest";  // the single manifest of earlier versions
  ::unlink(legacy.c_str());
}

// Gives the spare a fresh marker and records `m` as the manifest its identity names.
bool SiteOutput::stamp_spare(const Manifest& m, std::string& id, Diagnostics& diags) const {
  fs::path marker = spare_ / kOutputMarker;
  if (int err = create_file(marker, kMarkerText)) {
    diags.error(marker.string(), "write-failed", std::string("cannot write the file: ") + std::strerror(err));
    return false;
  }
  id = marker_identity(spare_);
  if (id.empty()) {
    diags.error(marker.string(), "write-failed", std::string("cannot read back the file: ") + std::strerror(errno));
    return false;
  }
  // Durability: the whole staged tree (files, links, removals, the marker) is on the disk before
  // a manifest names it and before the swap publishes it, and the swap itself is on the disk
  // before publish() returns, so a machine that stops at any moment comes back with one whole
  // site in `out`. One syncfs of the spare's file system costs far less than an fsync per file.
  if (int err = sync_folder(spare_, true)) {
    diags.error(spare_.string(), "write-failed", std::string("cannot flush the new site to the disk: ") + std::strerror(err));
    return false;
  }
  return write_manifest(m, id, diags);
}

bool SiteOutput::fill_spare(int jobs, Diagnostics& diags) {
  if (!published_) return true;
  if (spare_manifest_) {
    // A spare a few files behind (the generation before the last build) is left for the next
    // build to bring up; one of another generation (after a template edit, a new binary) would
    // make it link every file, and is made again now.
    std::size_t lacking = published_->files.size() - same_files(*published_, spare_manifest_).size();
    if (lacking * 4 <= published_->files.size()) return true;
  }
  if (!reset_spare(diags)) return false;
  std::vector<const std::string*> files;
  for (const auto& f : published_->files) files.push_back(&f.first);
  if (!link_from_published(files, jobs, diags)) return false;
  std::string id;
  if (!stamp_spare(*published_, id, diags)) return false;
  spare_manifest_ = published_;
  spare_id_ = id;
  return true;
}

bool SiteOutput::publish(Diagnostics& diags) {
  if (up_to_date_) {
    if (published_->stamp == target_->stamp) return true;
    return write_manifest(*target_, published_id_, diags);
  }
  std::string id;
  if (!stamp_spare(*target_, id, diags) || !swap(diags)) return false;
  spare_manifest_ = std::move(published_);
  spare_id_ = published_id_;
  published_ = target_;
  published_id_ = id;
  if (int err = sync_folder(out_.parent_path(), false)) {
    // Published, but a machine crash may still bring back the previous site: both manifests stay.
    diags.error(out_.parent_path().string(), "write-failed",
                std::string("cannot flush the folder holding the new site to the disk: ") + std::strerror(err));
    return false;
  }
  drop_unused_manifests();
  return true;
}

}  // namespace ms
