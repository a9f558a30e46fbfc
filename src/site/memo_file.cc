#include "site/memo_file.h"

#include <charconv>
#include <cerrno>
#include <fcntl.h>
#include <string_view>
#include <unistd.h>

#include "core/fs.h"
#include "core/hash.h"

namespace ms {

namespace {

constexpr std::string_view kMagic = "modelsite derived memo 2\n";

// Numbers as decimal text followed by a space; strings as their length, ':' and their bytes.
struct Writer {
  std::string out;
  void num(std::size_t n) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
    out += ' ';
  }
  void str(std::string_view s) {
    num(s.size());
    out += ':';
    out.append(s);
  }
};

struct Reader {
  std::string_view in;
  bool ok = true;
  std::size_t num() {
    std::size_t n = 0;
    auto r = std::from_chars(in.data(), in.data() + in.size(), n);
    if (r.ec != std::errc() || r.ptr == in.data() + in.size() || *r.ptr != ' ') return fail();
    in.remove_prefix(static_cast<std::size_t>(r.ptr - in.data()) + 1);
    return n;
  }
  // A count of things each at least `min_bytes` long: never more than what is left could hold.
  std::size_t count(std::size_t min_bytes) {
    std::size_t n = num();
    return ok && n <= in.size() / min_bytes ? n : fail();
  }
  std::string str() {
    std::size_t n = num();
    if (!ok || in.empty() || in[0] != ':' || n > in.size() - 1) return fail(), std::string();
    std::string s(in.substr(1, n));
    in.remove_prefix(n + 1);
    return s;
  }
  std::size_t fail() {
    ok = false;
    in = {};
    return 0;
  }
};

// search_index_files() keeps `keys` and `terms`, and `docs_keys` and `docs_json`, the same length.
void write_state(Writer& w, const SearchIndexState& s) {
  w.num(s.shards);
  w.num(s.keys.size());
  for (std::size_t d = 0; d < s.keys.size(); ++d) {
    w.str(s.keys[d]);
    w.num(s.terms[d].size());
    for (const auto& t : s.terms[d]) {
      w.num(t.shard);
      w.num(static_cast<std::size_t>(t.weight));
      w.str(t.term);
    }
  }
  w.num(s.shard_json.size());
  for (const auto& j : s.shard_json) w.str(j);
  w.num(s.docs_keys.size());
  for (std::size_t k = 0; k < s.docs_keys.size(); ++k) {
    w.str(s.docs_keys[k]);
    w.str(s.docs_json[k]);
  }
}

SearchIndexState read_state(Reader& r) {
  SearchIndexState s;
  s.shards = static_cast<std::uint32_t>(r.num());
  std::size_t docs = r.count(4);
  s.keys.resize(docs);
  s.terms.resize(docs);
  for (std::size_t d = 0; d < docs && r.ok; ++d) {
    s.keys[d] = r.str();
    std::size_t n = r.count(6);
    s.terms[d].reserve(n);
    for (std::size_t i = 0; i < n && r.ok; ++i) {
      SearchIndexState::Term t;
      std::size_t shard = r.num(), weight = r.num();
      t.term = r.str();
      if (shard >= s.shards || weight > 1000000) r.fail();
      t.shard = static_cast<std::uint32_t>(shard);
      t.weight = static_cast<int>(weight);
      s.terms[d].push_back(std::move(t));
    }
  }
  std::size_t shards = r.count(3);
  if (shards != s.shards) r.fail();
  s.shard_json.resize(shards);
  for (auto& j : s.shard_json) j = r.str();
  std::size_t chunks = r.count(6);
  s.docs_keys.resize(chunks);
  s.docs_json.resize(chunks);
  for (std::size_t k = 0; k < chunks && r.ok; ++k) s.docs_keys[k] = r.str(), s.docs_json[k] = r.str();
  return s;
}

// What a section ends with: the hash of its tag and payload.
std::string section_hash(std::string_view tag, std::string_view payload) { return Hasher().add(tag).add(payload).hex(); }

}  // namespace

DerivedMemo::DerivedMemo(std::filesystem::path file) : file_(std::move(file)), tmp_(file_) {
  tmp_ += ".tmp";  // one name: a build killed while writing leaves at most this one file
  if (auto text = read_file(file_); text && std::string_view(*text).starts_with(kMagic)) {
    Reader r{std::string_view(*text).substr(kMagic.size())};
    std::map<std::string, std::string> sections;
    bool whole = false;
    while (r.ok && !r.in.empty() && !whole) {
      std::string tag = r.str(), payload = r.str(), hash = r.str();
      if (!r.ok || hash != section_hash(tag, payload)) break;
      if (tag == "end") whole = r.in.empty();
      else sections[std::move(tag)] = std::move(payload);
    }
    if (whole) {
      for (auto& [tag, payload] : sections) {
        Reader p{payload};
        if (tag == "sitemaps") {
          KeptSitemaps got;
          got.fingerprint = p.str();
          for (std::size_t n = p.count(3); n > 0 && p.ok; --n) got.paths.push_back(p.str());
          if (p.ok && p.in.empty()) sitemaps = std::move(got);
        } else if (tag.starts_with("rows ")) {
          KeptRows got;
          got.fingerprint = p.str();
          got.url = p.str();
          if (p.ok && p.in.empty()) rows[tag.substr(5)] = std::move(got);
        } else if (tag.starts_with("search ")) {
          search_[tag.substr(7)] = std::move(payload);
        }
      }
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(tmp_.parent_path(), ec);
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  failed_ = fd_ < 0;
  put(kMagic);
}

DerivedMemo::~DerivedMemo() {
  if (fd_ >= 0) {
    ::close(fd_);
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

void DerivedMemo::put(std::string_view piece) {
  while (!piece.empty() && !failed_) {
    ssize_t n = ::write(fd_, piece.data(), piece.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) failed_ = true;
    else piece.remove_prefix(static_cast<std::size_t>(n));
  }
}

void DerivedMemo::section(const std::string& tag, std::string_view payload) {
  Writer head;
  head.str(tag);
  head.num(payload.size());
  head.out += ':';
  Writer hash;
  hash.str(section_hash(tag, payload));
  put(head.out);
  put(payload);
  put(hash.out);
}

SearchIndexState DerivedMemo::take_search(const std::string& locale) {
  SearchIndexState state;
  auto it = search_.find(locale);
  if (it == search_.end()) return state;
  Reader r{it->second};
  state = read_state(r);
  if (!r.ok || !r.in.empty()) state = SearchIndexState{};
  search_.erase(it);
  return state;
}

void DerivedMemo::put_search(const std::string& locale, const SearchIndexState& state) {
  Writer w;
  write_state(w, state);
  section("search " + locale, w.out);
}

void DerivedMemo::commit() {
  Writer w;
  w.str(sitemaps.fingerprint);
  w.num(sitemaps.paths.size());
  for (const auto& p : sitemaps.paths) w.str(p);
  section("sitemaps", w.out);
  for (const auto& [locale, kept] : rows) {
    Writer r;
    r.str(kept.fingerprint);
    r.str(kept.url);
    section("rows " + locale, r.out);
  }
  section("end", std::string_view());
  if (fd_ < 0) return;
  bool closed = ::close(fd_) == 0;
  fd_ = -1;
  std::error_code ec;
  if (failed_ || !closed || (std::filesystem::rename(tmp_, file_, ec), ec)) std::filesystem::remove(tmp_, ec);
}

}  // namespace ms
