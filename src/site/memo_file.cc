#include "site/memo_file.h"

#include <charconv>
#include <string_view>

#include "core/fs.h"
#include "core/hash.h"

namespace ms {

namespace {

constexpr std::string_view kMagic = "modelsite derived memo 1\n";

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

void write_state(Writer& w, const SearchIndexState& s) {
  w.num(s.shards);
  w.num(s.keys.size());
  for (std::size_t d = 0; d < s.keys.size(); ++d) {
    w.str(s.keys[d]);
    const auto& terms = d < s.terms.size() ? s.terms[d] : std::vector<SearchIndexState::Term>{};
    w.num(terms.size());
    for (const auto& t : terms) {
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
    w.str(k < s.docs_json.size() ? s.docs_json[k] : std::string());
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

}  // namespace

std::string encode_search_state(const SearchIndexState& state) {
  Writer w;
  write_state(w, state);
  return std::move(w.out);
}

bool decode_search_state(std::string_view text, SearchIndexState& state) {
  Reader r{text};
  state = read_state(r);
  if (r.ok && r.in.empty()) return true;
  state = SearchIndexState{};
  return false;
}

bool load_derived_memo(const std::filesystem::path& file, DerivedMemo& memo) {
  auto text = read_file(file);
  // The file ends with the hash of everything before it.
  if (!text || text->size() < kMagic.size() + 17 || !std::string_view(*text).starts_with(kMagic)) return false;
  std::string_view body(*text);
  body.remove_suffix(17);
  if (text->substr(text->size() - 17) != hash_hex(body) + "\n") return false;
  Reader r{body.substr(kMagic.size())};
  DerivedMemo got;
  got.sitemaps.fingerprint = r.str();
  for (std::size_t n = r.count(3); n > 0 && r.ok; --n) got.sitemaps.paths.push_back(r.str());
  for (std::size_t n = r.count(9); n > 0 && r.ok; --n) {
    std::string locale = r.str();
    KeptRows rows;
    rows.fingerprint = r.str();
    rows.url = r.str();
    got.rows[locale] = std::move(rows);
  }
  for (std::size_t n = r.count(6); n > 0 && r.ok; --n) {
    std::string locale = r.str();
    got.search[locale] = r.str();
  }
  if (!r.ok || !r.in.empty()) return false;
  memo = std::move(got);
  return true;
}

void save_derived_memo(const std::filesystem::path& file, const DerivedMemo& memo) {
  Writer w;
  w.out = kMagic;
  w.str(memo.sitemaps.fingerprint);
  w.num(memo.sitemaps.paths.size());
  for (const auto& p : memo.sitemaps.paths) w.str(p);
  w.num(memo.rows.size());
  for (const auto& [locale, rows] : memo.rows) w.str(locale), w.str(rows.fingerprint), w.str(rows.url);
  w.num(memo.search.size());
  for (const auto& [locale, state] : memo.search) w.str(locale), w.str(state);
  w.out += hash_hex(w.out) + "\n";
  std::filesystem::path tmp = file;
  tmp += ".tmp";  // one name: a build killed while writing leaves at most this one file
  std::error_code ec;
  if (!write_file(tmp, w.out)) {
    std::filesystem::remove(tmp, ec);
    return;
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace ms
