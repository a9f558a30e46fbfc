// 64-bit content hashes: cache keys, asset versions and incremental-build fingerprints. Not for
// security: they tell apart the texts a site is made of, which nobody crafts to collide.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ms {

// Each add() folds 16 bytes per 64 x 64 -> 128-bit multiply (the product's two halves xor-ed)
// and then the piece's length, so that ("ab", "c") and ("a", "bc") differ. A build hashes every
// input file and every page's inputs: this runs at several bytes per cycle, where a byte-at-a-time
// hash (FNV-1a) ran at about one byte per four cycles.
class Hasher {
 public:
  Hasher& add(std::string_view bytes);
  std::uint64_t value() const { return state_; }
  std::string hex() const;

 private:
  std::uint64_t state_ = 0x6a09e667f3bcc908ULL;  // the first 64 bits of sqrt(2)'s fraction
};

// 16 lowercase hex digits of the hash of `bytes`.
std::string hash_hex(std::string_view bytes);

}  // namespace ms
