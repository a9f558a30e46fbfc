#include "core/decimal.h"

#include <algorithm>
#include <cctype>

namespace ms {
namespace {

// Unsigned big-integer helpers on decimal digit strings.
int compare_digits(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a < b ? -1 : (a > b ? 1 : 0);
}

std::string strip(std::string s) {
  std::size_t nz = s.find_first_not_of('0');
  return nz == std::string::npos ? "0" : s.substr(nz);
}

std::string add_digits(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int d = carry;
    if (i < a.size()) d += a[a.size() - 1 - i] - '0';
    if (i < b.size()) d += b[b.size() - 1 - i] - '0';
    out += static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  std::reverse(out.begin(), out.end());
  return strip(out);
}

std::string sub_digits(const std::string& a, const std::string& b) {  // a >= b
  std::string out;
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int d = a[a.size() - 1 - i] - '0' - borrow;
    if (i < b.size()) d -= b[b.size() - 1 - i] - '0';
    borrow = d < 0;
    if (d < 0) d += 10;
    out += static_cast<char>('0' + d);
  }
  std::reverse(out.begin(), out.end());
  return strip(out);
}

std::string mul_small(const std::string& a, std::int64_t f) {
  std::string out = "0";
  std::string shifted = a;
  while (f > 0) {
    int digit = static_cast<int>(f % 10);
    for (int k = 0; k < digit; ++k) out = add_digits(out, shifted);
    shifted += '0';
    f /= 10;
  }
  return strip(out);
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) d.negative_ = text[i++] == '-';
  std::string digits;
  int scale = 0;
  bool any = false, dot = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
      any = true;
      if (dot) ++scale;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
    if (i >= text.size()) return std::nullopt;
    int exp = 0;
    for (; i < text.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i])) || exp > 1000) return std::nullopt;
      exp = exp * 10 + (text[i] - '0');
    }
    scale += neg ? exp : -exp;
  }
  if (i != text.size()) return std::nullopt;
  d.digits_ = strip(digits);
  d.scale_ = scale;
  d.normalize();
  return d;
}

Decimal Decimal::from_int(std::int64_t n) {
  Decimal d;
  d.negative_ = n < 0;
  std::uint64_t u = n < 0 ? static_cast<std::uint64_t>(-(n + 1)) + 1 : static_cast<std::uint64_t>(n);
  d.digits_ = std::to_string(u);
  return d;
}

void Decimal::normalize() {
  if (scale_ < 0) {
    if (digits_ != "0") digits_.append(static_cast<std::size_t>(-scale_), '0');
    scale_ = 0;
  }
  while (scale_ > 0 && digits_.size() > 1 && digits_.back() == '0') {
    digits_.pop_back();
    --scale_;
  }
  if (digits_ == "0") { scale_ = 0; negative_ = false; }
}

std::string Decimal::to_string() const {
  std::string s = digits_;
  if (scale_ > 0) {
    if (s.size() <= static_cast<std::size_t>(scale_))
      s.insert(0, static_cast<std::size_t>(scale_) - s.size() + 1, '0');
    s.insert(s.size() - static_cast<std::size_t>(scale_), ".");
  }
  return negative() ? "-" + s : s;
}

Decimal Decimal::shifted(int exp) const {
  Decimal d = *this;
  d.scale_ -= exp;
  d.normalize();
  return d;
}

Decimal Decimal::times(std::int64_t factor) const {
  Decimal d = *this;
  if (factor < 0) { d.negative_ = !d.negative_; factor = -factor; }
  d.digits_ = mul_small(digits_, factor);
  d.normalize();
  return d;
}

Decimal Decimal::minus(const Decimal& other) const {
  // Align scales, then signed subtraction on magnitudes.
  int scale = std::max(scale_, other.scale_);
  std::string a = digits_ + std::string(static_cast<std::size_t>(scale - scale_), '0');
  std::string b = other.digits_ + std::string(static_cast<std::size_t>(scale - other.scale_), '0');
  bool an = negative(), bn = !other.negative() && !other.is_zero();  // b is subtracted
  Decimal d;
  d.scale_ = scale;
  if (an == bn) {
    d.digits_ = add_digits(strip(a), strip(b));
    d.negative_ = an;
  } else if (compare_digits(strip(a), strip(b)) >= 0) {
    d.digits_ = sub_digits(strip(a), strip(b));
    d.negative_ = an;
  } else {
    d.digits_ = sub_digits(strip(b), strip(a));
    d.negative_ = bn;
  }
  d.normalize();
  return d;
}

Decimal Decimal::divided(const Decimal& other, int fraction_digits) const {
  // (a / 10^sa) / (b / 10^sb) = a * 10^(sb - sa) / b; long division to fraction_digits + 1.
  std::string a = digits_, b = other.digits_;
  int exp = other.scale_ - scale_ + fraction_digits + 1;
  if (exp >= 0) a.append(static_cast<std::size_t>(exp), '0');
  else b.append(static_cast<std::size_t>(-exp), '0');
  std::string quotient, rem = "0";
  for (char c : a) {
    rem = strip(rem + c);
    int q = 0;
    while (compare_digits(rem, b) >= 0) { rem = sub_digits(rem, b); ++q; }
    quotient += static_cast<char>('0' + q);
  }
  quotient = strip(quotient);
  // Round half up on the extra digit.
  int last = quotient.back() - '0';
  quotient.pop_back();
  if (quotient.empty()) quotient = "0";
  if (last >= 5) quotient = add_digits(quotient, "1");
  Decimal d;
  d.digits_ = strip(quotient);
  d.scale_ = fraction_digits;
  d.negative_ = negative() != other.negative();
  d.normalize();
  return d;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.negative() != b.negative()) return a.negative() ? std::strong_ordering::less : std::strong_ordering::greater;
  int scale = std::max(a.scale_, b.scale_);
  std::string x = a.digits_ + std::string(static_cast<std::size_t>(scale - a.scale_), '0');
  std::string y = b.digits_ + std::string(static_cast<std::size_t>(scale - b.scale_), '0');
  int c = compare_digits(strip(x), strip(y));
  if (a.negative()) c = -c;
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

}  // namespace ms
