#include "viewmodel/price_sheet.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "i18n/message_keys.h"
#include "viewmodel/viewmodel.h"

namespace ms {


std::string meter_unit(const Localizer& loc, const PriceItem& item) {
  // `per` is the number plural forms choose by; `scale` names the round quantities languages say
  // in words ("per 1M input tokens", "لكل مليون رمز إدخال", "每百万输入 token").
  const char* scale = item.per == 1         ? "one"
                      : item.per == 60      ? "minute"
                      : item.per == 1000    ? "thousand"
                      : item.per == 1000000 ? "million"
                                            : "other";
  return loc.message(key<"meter.">(item.info().unit_key.substr(std::string_view("meter.").size())), {MessageArg::str("scale", scale), MessageArg::num("per", item.per)});
}

namespace {

std::size_t meter_index(const std::string& meter) {
  const auto& table = meter_table();
  return static_cast<std::size_t>(find_meter(meter) - table.data());
}

// One price cell: the price, the struck-out list price and the discount (each may be absent).
PriceCellView cell(const Localizer& loc, const PriceItem* given, const std::string& currency) {
  PriceCellView c;
  c.has_price = given != nullptr;
  if (!given) return c;
  PriceItem item = shown_per_default(*given);
  c.price = loc.price(item.price, currency);
  c.has_list_price = item.list_price.has_value();
  c.list_price = item.list_price ? loc.price(*item.list_price, currency) : "";
  bool discounted = item.discount && !item.discount->is_zero();
  c.has_discount = discounted;
  c.discount = discounted ? loc.percent(Decimal().minus(*item.discount)) : "";
  return c;
}

std::string join_details(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : " · ") + p;
  return out;
}

std::string region_label(const Localizer& loc, const std::optional<std::string>& region) {
  return region ? loc.message(key<"pricing.region">(), {MessageArg::str("region", *region)}) : "";
}

std::string tier_label(const Localizer& loc, std::optional<ServiceTier> tier) {
  return loc.message(key<"pricing.tier.">(tier ? name_of(*tier) : std::string("standard")));
}

PriceRowView row(const std::string& meter, const std::string& label, const std::string& detail,
                 std::vector<PriceCellView> cells) {
  return {meter, label, detail, !detail.empty(), std::move(cells)};
}

// Rows: meter (table order), quantity, cache TTL, region, quality, context tier. Columns: the
// service tiers present, Standard first.
struct TierRow {
  std::size_t meter;
  std::int64_t per;
  std::optional<CacheTtl> ttl;
  std::optional<std::string> region;
  std::optional<ImageQuality> quality;
  std::optional<std::int64_t> above;
  auto operator<=>(const TierRow&) const = default;
  TierRow base() const {
    TierRow b = *this;
    b.above.reset();
    return b;
  }
};

PriceTableView tier_table(const Localizer& loc, const Pricing& p, const std::vector<const PriceItem*>& items) {
  std::map<TierRow, std::map<int, const PriceItem*>> grid;
  std::set<int> tiers;
  std::map<TierRow, std::int64_t> first_tier;  // base row -> the lowest `above` priced for it
  for (const PriceItem* it : items) {
    const PriceQualifiers& q = it->qualifiers;
    TierRow slot{meter_index(it->meter), shown_per_default(*it).per, q.ttl, q.region, q.quality, q.above};
    int tier = q.service_tier ? static_cast<int>(*q.service_tier) + 1 : 0;
    grid[slot][tier] = it;
    tiers.insert(tier);
    if (q.above) {
      auto [f, inserted] = first_tier.emplace(slot.base(), *q.above);
      if (!inserted) f->second = std::min(f->second, *q.above);
    }
  }
  std::vector<PriceColumnHeadView> columns;
  for (int t : tiers) columns.push_back({tier_label(loc, t ? std::optional(static_cast<ServiceTier>(t - 1)) : std::nullopt), false});
  std::vector<PriceRowView> rows;
  for (const auto& [slot, by_tier] : grid) {
    const PriceItem& any = *by_tier.begin()->second;
    std::string context;
    if (slot.above) {
      context = loc.message(key<"pricing.over_tokens">(), {MessageArg::num("count", *slot.above), MessageArg::str("limit", loc.compact(*slot.above))});
    } else if (auto f = first_tier.find(slot); f != first_tier.end()) {
      context = loc.message(key<"pricing.up_to_tokens">(), {MessageArg::num("count", f->second), MessageArg::str("limit", loc.compact(f->second))});
    }
    std::string ttl = slot.ttl ? loc.message(key<"pricing.ttl.">(name_of(*slot.ttl))) : "";
    std::string quality = slot.quality ? loc.message(key<"pricing.quality.">(name_of(*slot.quality))) : "";
    std::vector<PriceCellView> cells;
    for (int t : tiers) {
      auto c = by_tier.find(t);
      cells.push_back(cell(loc, c == by_tier.end() ? nullptr : c->second, p.currency));
    }
    rows.push_back(row(any.meter, meter_unit(loc, shown_per_default(any)),
                       join_details({ttl, context, quality, region_label(loc, slot.region)}), std::move(cells)));
  }
  bool single = tiers.size() == 1 && *tiers.begin() == 0;
  return {loc.message(key<"pricing.meter">()), false, single, std::move(columns), std::move(rows)};
}

// An image or video meter priced by size or resolution: a row per quality (and service tier and
// region), a column per size or resolution.
struct GridRow {
  std::optional<ImageQuality> quality;
  std::optional<ServiceTier> tier;
  std::optional<std::string> region;
  auto operator<=>(const GridRow&) const = default;
};
struct GridColumn {
  std::optional<ImageSize> size;
  std::optional<std::int64_t> resolution;
  auto operator<=>(const GridColumn&) const = default;
};

PriceTableView grid_table(const Localizer& loc, const Pricing& p, const std::vector<const PriceItem*>& items) {
  std::map<GridRow, std::map<GridColumn, const PriceItem*>> grid;
  std::set<GridColumn> cols;
  for (const PriceItem* it : items) {
    const PriceQualifiers& q = it->qualifiers;
    GridColumn c{q.size, q.resolution};
    grid[GridRow{q.quality, q.service_tier, q.region}][c] = it;
    cols.insert(c);
  }
  std::vector<PriceColumnHeadView> columns;
  for (const auto& c : cols) {
    std::vector<std::string> parts;
    if (c.size) parts.push_back(std::to_string(c.size->width) + "×" + std::to_string(c.size->height));
    if (c.resolution) parts.push_back(std::to_string(*c.resolution) + "p");
    columns.push_back({parts.empty() ? loc.message(key<"pricing.any_size">()) : join_details(parts), !parts.empty()});
  }
  std::vector<PriceRowView> rows;
  for (const auto& [slot, by_col] : grid) {
    const PriceItem& any = *by_col.begin()->second;
    std::vector<PriceCellView> cells;
    for (const auto& c : cols) {
      auto found = by_col.find(c);
      cells.push_back(cell(loc, found == by_col.end() ? nullptr : found->second, p.currency));
    }
    std::string label = slot.quality ? loc.message(key<"pricing.quality.">(name_of(*slot.quality))) : loc.message(key<"pricing.any_quality">());
    std::string tier = slot.tier ? tier_label(loc, slot.tier) : "";
    rows.push_back(row(any.meter, label, join_details({tier, region_label(loc, slot.region)}), std::move(cells)));
  }
  return {meter_unit(loc, shown_per_default(*items.front())), true, false, std::move(columns), std::move(rows)};
}

}  // namespace

std::vector<PriceTableView> price_tables(const Localizer& loc, const Pricing& pricing) {
  // A meter whose items name sizes or resolutions is laid out as a grid of its own.
  std::map<std::size_t, std::vector<const PriceItem*>> grids;
  std::vector<const PriceItem*> rest;
  std::set<std::string> by_size;
  for (const auto& it : pricing.items)
    if (it.qualifiers.size || it.qualifiers.resolution) by_size.insert(it.meter);
  for (const auto& it : pricing.items) {
    if (by_size.count(it.meter)) grids[meter_index(it.meter)].push_back(&it);
    else rest.push_back(&it);
  }
  std::vector<PriceTableView> tables;
  if (!rest.empty()) tables.push_back(tier_table(loc, pricing, rest));
  for (const auto& [index, items] : grids) {
    // Per-image and per-second prices keep their own `per`; one grid per quantity.
    std::map<std::int64_t, std::vector<const PriceItem*>> by_per;
    for (const PriceItem* it : items) by_per[shown_per_default(*it).per].push_back(it);
    for (const auto& [per, group] : by_per) tables.push_back(grid_table(loc, pricing, group));
  }
  return tables;
}

TokenPrices token_prices(const Model& m) {
  TokenPrices out;
  if (!m.pricing) return out;
  auto standard = [&](const char* meter, std::optional<Decimal>& price, std::optional<Decimal>& list) {
    const PriceItem* item = m.pricing->find(meter);
    if (!item) return;
    price = price_per(item->price, item->per, 1000000);
    if (item->list_price) list = price_per(*item->list_price, item->per, 1000000);
  };
  standard("input_tokens", out.input, out.input_list);
  standard("output_tokens", out.output, out.output_list);
  for (const auto& item : m.pricing->items) {
    if (!item.qualifiers.above || item.qualifiers.service_tier || item.qualifiers.region) continue;
    if (item.meter == "input_tokens") out.input_tiered = true;
    if (item.meter == "output_tokens") out.output_tiered = true;
  }
  if (out.input && out.output) {
    // (3 x input + output) / 4: a typical mix of three input tokens for each output token.
    Decimal sum = out.input->times(3).minus(Decimal().minus(*out.output));
    out.blended = sum.divided(Decimal::from_int(4), 12);
  }
  return out;
}

std::string price_html(const Localizer& loc, const Decimal& amount, const std::string& currency, bool from) {
  std::string isolated = "<bdi dir=\"ltr\">" + html_escape(loc.price(amount, currency)) + "</bdi>";
  if (!from) return isolated;
  // The message is formatted around a placeholder so that only the amount is isolated, never the
  // words around it.
  const std::string mark = "\x01";
  return replace_all(html_escape(loc.message(key<"pricing.from">(), {MessageArg::str("price", mark)})), mark, isolated);
}

}  // namespace ms
