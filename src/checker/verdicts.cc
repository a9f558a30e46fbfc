#include "checker/verdicts.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace ms {

namespace {

bool is_key(std::string_view s) {
  if (s.size() != 16) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool is_verdict(std::string_view s) { return s == "passed" || s == "verified"; }

}  // namespace

VerdictLog::~VerdictLog() {
  if (fd_ >= 0) ::close(fd_);
}

void VerdictLog::load() {
  loaded_ = true;
  auto text = read_file(path_);
  if (!text) return;
  std::string_view rest = *text;
  while (true) {
    std::size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) break;  // a torn last line
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    ++lines_;
    std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    std::string_view key = line.substr(0, space), verdict = line.substr(space + 1);
    if (is_key(key) && is_verdict(verdict)) verdicts_[std::string(key)] = {std::string(verdict), false};
  }
}

std::optional<std::string> VerdictLog::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (!loaded_) load();
  auto it = verdicts_.find(key);
  if (it == verdicts_.end()) return std::nullopt;
  it->second.second = true;
  return it->second.first;
}

void VerdictLog::record(const std::string& key, const std::string& verdict) {
  if (!is_key(key) || !is_verdict(verdict)) return;
  std::lock_guard lock(mutex_);
  if (!loaded_) load();
  verdicts_[key] = {verdict, true};
  if (fd_ < 0) {
    std::error_code ec;
    fs::create_directories(path_.parent_path(), ec);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd_ < 0) return;
  }
  std::string line = key + " " + verdict + "\n";
  // One write: a line is never interleaved with another check's. A short write leaves a torn
  // line, which load() skips.
  ssize_t n = ::write(fd_, line.data(), line.size());
  (void)n;
  ++lines_;
}

void VerdictLog::compact() {
  std::lock_guard lock(mutex_);
  if (!loaded_) return;
  std::vector<const std::pair<const std::string, std::pair<std::string, bool>>*> kept;
  for (const auto& entry : verdicts_)
    if (entry.second.second) kept.push_back(&entry);
  if (lines_ < 8 * kept.size() + 100000) return;
  std::sort(kept.begin(), kept.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string text;
  text.reserve(kept.size() * 26);
  for (const auto* entry : kept) text += entry->first + " " + entry->second.first + "\n";
  fs::path tmp = path_;
  tmp += ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  if (!write_file(tmp, text)) {
    fs::remove(tmp, ec);
    return;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;  // the next record() appends to the new file
  fs::rename(tmp, path_, ec);
  if (ec) fs::remove(tmp, ec);
  lines_ = kept.size();
}

}  // namespace ms
