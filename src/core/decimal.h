// Exact decimal numbers for prices: kept as digits and a scale, never as binary floating point.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ms {

class Decimal {
 public:
  Decimal() = default;
  // Accepts "24", "0.04", "2.4e-06", "-1.5"; returns nothing for anything else.
  static std::optional<Decimal> parse(std::string_view text);
  static Decimal from_int(std::int64_t n);

  // Canonical plain notation: no exponent, no trailing fractional zeros ("0.0000024", "24").
  std::string to_string() const;
  bool is_zero() const { return digits_ == "0"; }
  bool negative() const { return negative_ && !is_zero(); }

  // this * 10^exp (exact).
  Decimal shifted(int exp) const;
  Decimal times(std::int64_t factor) const;
  Decimal minus(const Decimal& other) const;
  // this / other rounded half-up to `fraction_digits` digits; other must not be zero.
  Decimal divided(const Decimal& other, int fraction_digits) const;

  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

 private:
  void normalize();
  std::string digits_ = "0";  // unsigned integer digits, no leading zeros
  int scale_ = 0;             // value = digits * 10^-scale
  bool negative_ = false;
};

}  // namespace ms
