// Prices as providers bill them: price items with their meter and optional qualifiers (context
// tier, service tier, cache TTL, image quality and size, video resolution, region), the one table
// of meters every stage reads, and the validation of a model's `pricing` block.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/diagnostics.h"
#include "core/json_source.h"

namespace ms {

// The qualifiers a price item may carry, as bits (MeterInfo::qualifiers says which apply).
enum Qualifier : unsigned {
  kAbove = 1u << 0,
  kServiceTier = 1u << 1,
  kTtl = 1u << 2,
  kQuality = 1u << 3,
  kSize = 1u << 4,
  kResolution = 1u << 5,
  kRegion = 1u << 6,
};

// Values in the order of their name tables below (the enum value is the index).
enum class ServiceTier { batch, flex, priority };
enum class CacheTtl { five_minutes, one_hour };
enum class ImageQuality { low, medium, high, standard, hd };

const std::vector<std::string>& service_tier_names();   // batch flex priority
const std::vector<std::string>& cache_ttl_names();      // 5m 1h
const std::vector<std::string>& image_quality_names();  // low medium high standard hd
inline const std::string& name_of(ServiceTier v) { return service_tier_names()[static_cast<std::size_t>(v)]; }
inline const std::string& name_of(CacheTtl v) { return cache_ttl_names()[static_cast<std::size_t>(v)]; }
inline const std::string& name_of(ImageQuality v) { return image_quality_names()[static_cast<std::size_t>(v)]; }

// What a meter counts; decides how its prices are laid out on a page.
enum class MeterKind { tokens, requests, images, seconds, characters, calls, pages };

// One row of the meter vocabulary (DESIGN.md "Content").
struct MeterInfo {
  std::string_view name;       // input_tokens
  MeterKind kind;
  std::int64_t default_per;    // `per` when an item leaves it out; also the quantity prices are shown per
  unsigned qualifiers;         // the Qualifier bits allowed on the meter
  std::string_view unit_key;   // message of its unit, with a plural `per` argument: "per 1M input tokens"
};

// Every meter, in the order pages list them.
const std::vector<MeterInfo>& meter_table();
const MeterInfo* find_meter(std::string_view name);
const std::vector<std::string>& meter_names();  // the table's names, in its order

struct ImageSize {
  std::int64_t width = 0, height = 0;
  std::string to_string() const { return std::to_string(width) + "x" + std::to_string(height); }
  auto operator<=>(const ImageSize&) const = default;
};

// The optional qualifiers of a price item; none set is the standard price.
struct PriceQualifiers {
  std::optional<std::int64_t> above;       // prompt tokens beyond which the whole request bills at this tier
  std::optional<ServiceTier> service_tier;
  std::optional<CacheTtl> ttl;
  std::optional<ImageQuality> quality;
  std::optional<ImageSize> size;
  std::optional<std::int64_t> resolution;  // 720 for "720p"
  std::optional<std::string> region;
  bool none() const { return *this == PriceQualifiers{}; }
  bool operator==(const PriceQualifiers&) const = default;
};

struct PriceItem {
  std::string meter;
  std::int64_t per = 1;
  Decimal price;
  std::optional<Decimal> list_price;
  // 1 - price / list_price, rounded to 4 digits (0.2 = 20 %); set when list_price > 0.
  std::optional<Decimal> discount;
  PriceQualifiers qualifiers;
  const MeterInfo& info() const { return *find_meter(meter); }  // the meter is validated on load
};

struct Pricing {
  std::string currency = "USD";  // ISO 4217
  std::vector<PriceItem> items;  // in file order
  // The standard (unqualified) price of a meter, if any.
  const PriceItem* find(std::string_view meter) const;
};

// Reads and validates the `pricing` object at `pointer` of doc: meters, prices, qualifiers and
// their combinations, each problem reported at its position. Invalid items are left out.
Pricing load_pricing(const JsonDocument& doc, const std::string& pointer, const Json& object, Diagnostics& diags);

// An item as api/models.json publishes it: the content keys (prices as exact decimal strings,
// qualifiers as written) plus the computed `discount`.
Json price_item_json(const PriceItem& item);

}  // namespace ms
