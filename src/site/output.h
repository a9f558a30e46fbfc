// The output folder: the one place that writes, links, renames and removes files of a site, and
// checks every one of those calls.
//
// Publishing is crash-safe. `--out` always holds one whole generation of the site; a hidden
// sibling folder, `.NAME.modelsite-previous` ("the spare"), holds the generation before it. A build
// brings the spare up to the new generation (unchanged files become hard links to the published
// ones, changed files are written afresh, never through an inode the published tree shares) and
// then swaps the two folders with one renameat2(RENAME_EXCHANGE). A process killed at any moment
// leaves `--out` exactly the old or exactly the new site; the spare may be half-updated, which its
// marker shows, and the next build repairs it.
//
// Each tree carries the marker file `.modelsite-output`, written afresh for each generation; its
// inode and change time name the manifest that describes the tree (every file with the
// fingerprint of what it was made from): `.modelsite-cache/builds/<output hash>/<inode>-<ctime>
// .manifest`, outside the site, written (atomically, by rename) before the swap, so whichever tree
// is published, its manifest is there.
#pragma once
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/fs.h"

namespace ms {

// The name of the marker file modelsite writes into every output folder.
inline constexpr const char* kOutputMarker = ".modelsite-output";

// What one generation of an output folder holds.
struct Manifest {
  std::string stamp;                          // the input stamp of the build that wrote it
  std::map<std::string, std::string> files;   // path -> fingerprint of what it was made from
  // A hash of `files`: names the generation in the tree's marker.
  std::string generation() const;
};

// The folder `out` names, absolute, through a link to it.
fs::path resolved_output(const fs::path& out);

// One writer per output folder at a time: an flock(2) on `.NAME.modelsite-lock` beside it, held
// while the object lives (and let go by the kernel when the process dies). Two builds, or a build
// and `modelsite serve`, writing the same folder at once take turns instead of undoing each
// other's spare and swap.
class OutputLock {
 public:
  // Waits until no other process holds the lock; says once on stderr that it is waiting. Where
  // the lock file cannot be made (a read-only folder), returns an unheld lock: the build's own
  // writes then fail there with the real reason.
  static OutputLock wait_for(const fs::path& out);
  // Takes the lock only if it is free at once.
  static OutputLock try_take(const fs::path& out);
  OutputLock(OutputLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  OutputLock& operator=(OutputLock&&) = delete;
  ~OutputLock();
  bool held() const { return fd_ >= 0; }

 private:
  explicit OutputLock(int fd) : fd_(fd) {}
  static OutputLock take(const fs::path& out, bool wait);
  int fd_ = -1;
};

// One build's view of an output folder: what is published, what the spare holds, and the writes
// that turn the spare into the next generation. write() may be called from several threads.
class SiteOutput {
 public:
  // Reads the markers and manifests of `out` and its spare (nothing is changed). Manifests are
  // kept under `root`/.modelsite-cache/.
  SiteOutput(const fs::path& root, const fs::path& out);

  // The manifest of the published tree, when its marker and a manifest agree.
  const std::optional<Manifest>& published() const { return published_; }
  // Whether every file of the published manifest is present in `out` (checked on `jobs` threads).
  bool published_complete(int jobs) const;

  // Plans the generation `target` (read-only). Afterwards needs(path) tells which of its files
  // must be written; the rest are already in the spare or can be linked from `out`.
  void plan(Manifest target, int jobs);
  bool needs(const std::string& path) const;
  // True when `out` already is the planned generation, complete: nothing to stage or swap.
  bool up_to_date() const { return up_to_date_; }

  // Turns the spare into the start of the new generation: marks it incomplete, removes its files
  // that differ from the plan, links the unchanged ones from `out`. Errors name the path.
  bool prepare(int jobs, Diagnostics& diags);
  // Writes one file of the new generation into the spare (a new inode, parents created).
  // Thread-safe; the first failure is kept for finish().
  bool write(const std::string& path, std::string_view content);
  // Reports a failed write() (if any) as a `write-failed` error; true when all writes succeeded.
  bool writes_ok(Diagnostics& diags) const;
  // Records the new manifest, stamps the spare with its generation and swaps it into `out`.
  // When up_to_date(), only refreshes the manifest's stamp.
  bool publish(Diagnostics& diags);

  std::size_t files_written() const { return written_; }
  // Unchanged files that prepare() linked from `out` (none when the spare already had them).
  std::size_t files_linked() const { return linked_; }

  // When the published tree has no spare beside it (after the first build into a folder), or one
  // that lacks more than a quarter of its files (another generation), makes the spare a second
  // copy of the published generation, every file a hard link, with its own marker and manifest:
  // the next build then writes only what changed instead of linking every file. For long-lived
  // processes to call while idle; `out` is only read.
  bool fill_spare(int jobs, Diagnostics& diags);

 private:
  bool load_tree(const fs::path& dir, std::optional<Manifest>& into, std::string& id) const;
  bool reset_spare(Diagnostics& diags);
  bool make_folders(const std::vector<const std::string*>& files, Diagnostics& diags) const;
  bool link_from_published(const std::vector<const std::string*>& files, int jobs, Diagnostics& diags) const;
  bool write_manifest(const Manifest& m, const std::string& id, Diagnostics& diags) const;
  bool stamp_spare(const Manifest& m, std::string& id, Diagnostics& diags) const;
  bool swap(Diagnostics& diags);
  void drop_unused_manifests() const;

  fs::path out_, spare_, manifests_;
  std::optional<Manifest> published_, spare_manifest_, target_;
  std::string published_id_, spare_id_;  // marker identities: which manifest describes each tree
  enum class Source : char { keep, link, write };
  std::map<std::string, Source> plan_;
  bool up_to_date_ = false;
  mutable std::mutex mu_;
  std::string first_error_;  // "path: reason" of the first failed write
  std::size_t written_ = 0;
  std::size_t linked_ = 0;
};

}  // namespace ms
