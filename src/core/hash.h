// FNV-1a 64-bit content hashes: cache keys, asset versions and incremental-build fingerprints.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ms {

class Hasher {
 public:
  Hasher& add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      state_ ^= c;
      state_ *= 1099511628211ULL;
    }
    // A separator, so that ("ab", "c") and ("a", "bc") differ.
    state_ ^= 0xFF;
    state_ *= 1099511628211ULL;
    return *this;
  }
  std::uint64_t value() const { return state_; }
  std::string hex() const;

 private:
  std::uint64_t state_ = 1469598103934665603ULL;
};

// 16 lowercase hex digits of the hash of `bytes`.
std::string hash_hex(std::string_view bytes);

}  // namespace ms
