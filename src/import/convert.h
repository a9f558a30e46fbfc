// Shared conversions of the importers: exact prices from a number's text, ids folded into the
// id rule, dates checked.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ms {

struct PriceText {
  std::string value;  // canonical exact decimal, e.g. "0.2"
  std::string error;  // why the text was refused (then value is empty)
};

// `text` (a decimal as written in the source: "2e-07", "0.000015", "15", "3E-7") times 10^shift,
// exactly: shift 6 turns a per-token price into the price per 1M tokens. Refuses anything that is
// not a plain decimal number, negative numbers, and values beyond 10^15 or with more than 30
// fraction digits (no price is that large or that small; such text is a data error).
PriceText scale_price(std::string_view text, int shift);

// Folds a source's name into ^[a-z0-9][a-z0-9._-]*$: lowercase ASCII, every run of other
// characters ('/', ':', '@', spaces, ...) becomes one '-', no leading or trailing separator.
// Returns "" when nothing is left.
std::string fold_id(std::string_view name);

// A count (of tokens): a whole number from 1 to 2^53, written as an integer (8192) or, as some
// catalogs write counts, as a number with a zero fraction (2000000.0). Anything else is refused.
std::optional<std::int64_t> positive_count(const nlohmann::json& v);

// YYYY-MM-DD (a real calendar date), or YYYY-MM when allow_month.
bool is_date(std::string_view s, bool allow_month);

}  // namespace ms

namespace ms {
// A provider's display name and website for well-known provider ids; otherwise the id and "".
std::string provider_display_name(const std::string& id);
std::string provider_website(const std::string& id);
}  // namespace ms
