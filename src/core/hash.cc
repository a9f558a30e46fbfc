#include "core/hash.h"

#include <cstring>

namespace ms {

namespace {

// Odd constants with well-spread bits (the fractions of the golden ratio, sqrt(3) and sqrt(5)).
constexpr std::uint64_t kA = 0x9e3779b97f4a7c15ULL, kB = 0xbb67ae8584caa73bULL, kC = 0x3c6ef372fe94f82bULL;

// GCC's and Clang's 128-bit integer (an extension: the multiply gives both halves at once).
__extension__ typedef unsigned __int128 U128;

// The product's high and low halves xor-ed: every input bit reaches most output bits.
inline std::uint64_t fold(std::uint64_t a, std::uint64_t b) {
  U128 m = static_cast<U128>(a) * b;
  return static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
}

inline std::uint64_t word(const unsigned char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Up to 8 bytes, zero-padded (the piece's length, added last, tells the padding apart).
inline std::uint64_t partial(const unsigned char* p, std::size_t n) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  return w;
}

// One step: the state goes into the product and is xor-ed back in, so that a product of zero
// (one factor equal to its constant) cannot wipe out what came before.
inline std::uint64_t step(std::uint64_t h, std::uint64_t w1, std::uint64_t w2) { return fold(w1 ^ h ^ kA, w2 ^ kB) ^ h; }

}  // namespace

Hasher& Hasher::add(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::uint64_t h = state_;
  for (; n >= 16; p += 16, n -= 16) h = step(h, word(p), word(p + 8));
  if (n > 8) {
    h = step(h, word(p), partial(p + 8, n - 8));
  } else if (n > 0) {
    h = step(h, partial(p, n), 0);
  }
  state_ = fold(h ^ kC, bytes.size() ^ kA) ^ h;
  return *this;
}

std::string Hasher::hex() const {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  std::uint64_t h = state_;
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = digits[h & 0xF];
  return out;
}

std::string hash_hex(std::string_view bytes) { return Hasher().add(bytes).hex(); }

}  // namespace ms
