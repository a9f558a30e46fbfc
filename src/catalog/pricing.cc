#include "catalog/pricing.h"

#include <algorithm>
#include <map>

#include "core/text.h"

namespace ms {

const std::vector<std::string>& service_tier_names() {
  static const std::vector<std::string> v = {"batch", "flex", "priority"};
  return v;
}
const std::vector<std::string>& cache_ttl_names() {
  static const std::vector<std::string> v = {"5m", "1h"};
  return v;
}
const std::vector<std::string>& image_quality_names() {
  static const std::vector<std::string> v = {"low", "medium", "high", "standard", "hd"};
  return v;
}

const std::vector<MeterInfo>& meter_table() {
  constexpr unsigned every = kServiceTier | kRegion;
  constexpr unsigned tokens = every | kAbove;
  // clang-format off
  static const std::vector<MeterInfo> table = {
      // name                   kind                  default per  qualifiers                          unit message
      {"input_tokens",          MeterKind::tokens,     1000000, tokens,                                "meter.input_tokens"},
      {"cached_input_tokens",   MeterKind::tokens,     1000000, tokens,                                "meter.cached_input_tokens"},
      {"cache_write_tokens",    MeterKind::tokens,     1000000, tokens | kTtl,                         "meter.cache_write_tokens"},
      {"output_tokens",         MeterKind::tokens,     1000000, tokens,                                "meter.output_tokens"},
      {"reasoning_tokens",      MeterKind::tokens,     1000000, tokens,                                "meter.reasoning_tokens"},
      {"input_audio_tokens",    MeterKind::tokens,     1000000, tokens,                                "meter.input_audio_tokens"},
      {"output_audio_tokens",   MeterKind::tokens,     1000000, tokens,                                "meter.output_audio_tokens"},
      {"input_image_tokens",    MeterKind::tokens,     1000000, tokens,                                "meter.input_image_tokens"},
      {"output_image_tokens",   MeterKind::tokens,     1000000, tokens | kQuality,                     "meter.output_image_tokens"},
      {"request",               MeterKind::requests,   1,       every,                                 "meter.request"},
      {"image",                 MeterKind::images,     1,       every | kQuality | kSize | kResolution, "meter.image"},
      {"audio_seconds",         MeterKind::seconds,    1,       every,                                 "meter.audio_seconds"},
      {"video_seconds",         MeterKind::seconds,    1,       every | kQuality | kSize | kResolution, "meter.video_seconds"},
      {"characters",            MeterKind::characters, 1000000, every,                                 "meter.characters"},
      {"web_search_calls",      MeterKind::calls,      1000,    every,                                 "meter.web_search_calls"},
      {"pages",                 MeterKind::pages,      1000,    every,                                 "meter.pages"},
  };
  // clang-format on
  return table;
}

const MeterInfo* find_meter(std::string_view name) {
  for (const auto& m : meter_table())
    if (m.name == name) return &m;
  return nullptr;
}

const std::vector<std::string>& meter_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& m : meter_table()) v.emplace_back(m.name);
    return v;
  }();
  return names;
}

const PriceItem* Pricing::find(std::string_view meter) const {
  for (const auto& item : items)
    if (item.meter == meter && item.qualifiers.none()) return &item;
  return nullptr;
}

namespace {

struct QualifierKey {
  Qualifier bit;
  const char* key;
};
constexpr QualifierKey kQualifierKeys[] = {{kAbove, "above"},       {kServiceTier, "service_tier"}, {kTtl, "ttl"},
                                           {kQuality, "quality"},   {kSize, "size"},
                                           {kResolution, "resolution"}, {kRegion, "region"}};

std::string backquoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", `" : "`") + names[i] + "`";
  return out;
}

// Digits without a leading zero, as a positive integer (nothing when too long or not digits).
std::optional<std::int64_t> positive_integer(std::string_view s) {
  if (s.empty() || s.size() > 9 || s[0] == '0') return std::nullopt;
  std::int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::optional<ImageSize> parse_size(std::string_view s) {
  auto x = s.find('x');
  if (x == std::string_view::npos) return std::nullopt;
  auto w = positive_integer(s.substr(0, x)), h = positive_integer(s.substr(x + 1));
  if (!w || !h) return std::nullopt;
  return ImageSize{*w, *h};
}

std::optional<std::int64_t> parse_resolution(std::string_view s) {
  if (s.size() < 2 || s.back() != 'p') return std::nullopt;
  return positive_integer(s.substr(0, s.size() - 1));
}

class ItemReader {
 public:
  ItemReader(const JsonDocument& doc, const std::string& pointer, const Json& item, Diagnostics& diags)
      : doc_(doc), diags_(diags),
        r_(doc, pointer, item, diags,
           {"meter", "per", "price", "list_price", "above", "service_tier", "ttl", "quality", "size", "resolution", "region"}) {}

  // The item, or nothing when any of its fields is invalid (each problem is reported).
  std::optional<PriceItem> read() {
    PriceItem pi;
    ok_ = true;
    const MeterInfo* info = meter(pi);
    auto per = r_.integer("per", false, 1);
    if (r_.has("per") && !per) ok_ = false;
    pi.per = per ? *per : info ? info->default_per : 1;
    if (auto price = r_.decimal_text("price", true)) {
      if (auto d = decimal(*price, "price")) pi.price = *d;
    } else {
      ok_ = false;
    }
    if (auto list = r_.decimal_text("list_price")) pi.list_price = decimal(*list, "list_price");
    qualifiers(pi.qualifiers);
    if (info) allowed(*info);
    if (!ok_) return std::nullopt;
    if (pi.list_price) {
      if (pi.price > *pi.list_price) {
        error("price", "price-above-list",
              "price " + pi.price.to_string() + " is higher than list_price " + pi.list_price->to_string());
        return std::nullopt;
      }
      if (!pi.list_price->is_zero()) pi.discount = pi.list_price->minus(pi.price).divided(*pi.list_price, 4);
    }
    return pi;
  }

 private:
  void error(std::string_view key, const char* code, const std::string& message) {
    diags_.error(doc_.file, r_.value_offset(key), code, message);
    ok_ = false;
  }

  const MeterInfo* meter(PriceItem& pi) {
    auto name = r_.string("meter", true);
    if (!name) {
      ok_ = false;
      return nullptr;
    }
    pi.meter = *name;
    if (const MeterInfo* info = find_meter(*name)) return info;
    std::vector<std::string_view> known;
    for (const auto& m : meter_table()) known.push_back(m.name);
    std::string msg = "unknown meter `" + *name + "`";
    std::string hint = closest_match(*name, known);
    if (!hint.empty()) msg += " (did you mean `" + hint + "`?)";
    error("meter", "unknown-meter", msg);
    return nullptr;
  }

  std::optional<Decimal> decimal(const std::string& text, std::string_view key) {
    auto d = Decimal::parse(text);
    if (d && !d->negative()) return d;
    error(key, "bad-price", "`" + std::string(key) + "` must be a non-negative decimal like \"0.04\", not `" + text + "`");
    return std::nullopt;
  }

  // A string qualifier; `parse` turns it into its typed value or fails with `expected` as the rule.
  template <typename T, typename Parse>
  std::optional<T> text_value(std::string_view key, const std::string& expected, Parse&& parse) {
    if (!r_.has(key)) return std::nullopt;
    auto v = r_.string(key);
    if (!v) {
      ok_ = false;
      return std::nullopt;
    }
    std::optional<T> out = parse(*v);
    if (!out) error(key, "bad-qualifier", "`" + std::string(key) + "` must be " + expected + ", not `" + *v + "`");
    return out;
  }

  template <typename Enum>
  std::optional<Enum> enum_value(std::string_view key, const std::vector<std::string>& names) {
    if (!r_.has(key)) return std::nullopt;
    auto v = r_.string(key);
    if (!v) {
      ok_ = false;
      return std::nullopt;
    }
    auto it = std::find(names.begin(), names.end(), *v);
    if (it != names.end()) return static_cast<Enum>(it - names.begin());
    std::string msg = "`" + std::string(key) + "` must be one of " + backquoted_list(names) + ", not `" + *v + "`";
    std::string hint = closest_match(*v, std::vector<std::string_view>(names.begin(), names.end()));
    if (!hint.empty()) msg += " (did you mean `" + hint + "`?)";
    error(key, "bad-qualifier", msg);
    return std::nullopt;
  }

  void qualifiers(PriceQualifiers& q) {
    if (r_.has("above")) {
      q.above = r_.integer("above", false, 1);
      if (!q.above) ok_ = false;
    }
    q.service_tier = enum_value<ServiceTier>("service_tier", service_tier_names());
    q.ttl = enum_value<CacheTtl>("ttl", cache_ttl_names());
    q.quality = enum_value<ImageQuality>("quality", image_quality_names());
    q.size = text_value<ImageSize>("size", "a size `<width>x<height>` like `1024x1024`", parse_size);
    q.resolution = text_value<std::int64_t>("resolution", "a resolution `<lines>p` like `720p`", parse_resolution);
    q.region = text_value<std::string>("region", "an id like `us` or `eu-west` (^[a-z0-9][a-z0-9._-]*$)",
                                       [](const std::string& v) { return is_valid_id(v) ? std::optional(v) : std::nullopt; });
  }

  // Each qualifier present must be one the meter takes.
  void allowed(const MeterInfo& info) {
    std::vector<std::string> takes;
    for (const auto& q : kQualifierKeys)
      if (info.qualifiers & q.bit) takes.push_back(q.key);
    for (const auto& q : kQualifierKeys) {
      if (!r_.has(q.key) || (info.qualifiers & q.bit)) continue;
      diags_.error(doc_.file, r_.key_offset(q.key), "qualifier-not-allowed",
                   "`" + std::string(q.key) + "` does not apply to meter `" + std::string(info.name) + "` (it takes " +
                       backquoted_list(takes) + ")");
      ok_ = false;
    }
  }

  const JsonDocument& doc_;
  Diagnostics& diags_;
  ObjectReader r_;
  bool ok_ = true;
};

// "with `service_tier` batch, `above` 200000" or "without qualifiers".
std::string qualifier_text(const PriceItem& item) {
  Json j = price_item_json(item);
  std::string out;
  for (const auto& q : kQualifierKeys) {
    if (!j.contains(q.key)) continue;
    const Json& v = j[q.key];
    out += std::string(out.empty() ? "with `" : ", `") + q.key + "` " + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out.empty() ? "without qualifiers" : out;
}

std::string at(const JsonDocument& doc, const std::string& pointer) {
  TextPos p = doc.file.position(doc.value_offset(pointer));
  return doc.file.path() + ":" + std::to_string(p.line) + ":" + std::to_string(p.col);
}

// Two items with the same meter and qualifiers; `above` tiers that do not increase in file order
// among items that agree on everything else.
void check_combinations(const JsonDocument& doc, const std::vector<std::pair<PriceItem, std::string>>& items,
                        Diagnostics& diags) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& [item, ptr] = items[i];
    bool duplicate = false;
    for (std::size_t j = 0; j < i && !duplicate; ++j) {
      const auto& [first, first_ptr] = items[j];
      if (first.meter != item.meter || first.qualifiers != item.qualifiers) continue;
      diags.error(doc.file, doc.value_offset(ptr), "duplicate-price",
                  "meter `" + item.meter + "` " + qualifier_text(item) + " is already priced");
      diags.add_note_to_last("first priced at " + at(doc, first_ptr));
      duplicate = true;
    }
    if (duplicate || !item.qualifiers.above) continue;
    PriceQualifiers others = item.qualifiers;
    others.above.reset();
    for (std::size_t j = i; j-- > 0;) {
      const auto& [prev, prev_ptr] = items[j];
      PriceQualifiers prev_others = prev.qualifiers;
      prev_others.above.reset();
      if (prev.meter != item.meter || !prev.qualifiers.above || prev_others != others) continue;
      if (*item.qualifiers.above <= *prev.qualifiers.above) {
        diags.error(doc.file, doc.value_offset(json_pointer_append(ptr, "above")), "unordered-tiers",
                    "`above` " + std::to_string(*item.qualifiers.above) + " must be greater than the previous tier's " +
                        std::to_string(*prev.qualifiers.above) + " for meter `" + item.meter + "` (tiers go in increasing order)");
        diags.add_note_to_last("the previous tier is at " + at(doc, prev_ptr));
      }
      break;
    }
  }
}

}  // namespace

Pricing load_pricing(const JsonDocument& doc, const std::string& pointer, const Json& object, Diagnostics& diags) {
  ObjectReader pr(doc, pointer, object, diags, {"currency", "items"});
  Pricing p;
  if (auto c = pr.string("currency", true)) {
    bool ok = c->size() == 3 && std::all_of(c->begin(), c->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!ok)
      diags.error(doc.file, pr.value_offset("currency"), "bad-currency",
                  "`currency` must be an ISO 4217 code like `USD`, not `" + *c + "`");
    p.currency = *c;
  }
  const Json* items = pr.array("items", true);
  if (!items) return p;
  std::vector<std::pair<PriceItem, std::string>> valid;
  for (std::size_t i = 0; i < items->size(); ++i) {
    std::string ptr = json_pointer_append(pr.pointer("items"), i);
    const Json& item = (*items)[i];
    if (!item.is_object()) {
      diags.error(doc.file, doc.value_offset(ptr), "wrong-type",
                  std::string("pricing items must be objects, not ") + json_type_name(item));
      continue;
    }
    if (auto pi = ItemReader(doc, ptr, item, diags).read()) valid.emplace_back(std::move(*pi), ptr);
  }
  check_combinations(doc, valid, diags);
  for (auto& [item, ptr] : valid) p.items.push_back(std::move(item));
  return p;
}

Json price_item_json(const PriceItem& item) {
  Json j = {{"meter", item.meter}, {"per", item.per}, {"price", item.price.to_string()}};
  if (item.list_price) j["list_price"] = item.list_price->to_string();
  if (item.discount) j["discount"] = item.discount->to_string();
  const PriceQualifiers& q = item.qualifiers;
  if (q.above) j["above"] = *q.above;
  if (q.service_tier) j["service_tier"] = name_of(*q.service_tier);
  if (q.ttl) j["ttl"] = name_of(*q.ttl);
  if (q.quality) j["quality"] = name_of(*q.quality);
  if (q.size) j["size"] = q.size->to_string();
  if (q.resolution) j["resolution"] = std::to_string(*q.resolution) + "p";
  if (q.region) j["region"] = *q.region;
  return j;
}

}  // namespace ms
