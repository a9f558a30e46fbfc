#include "viewmodel/list_cells.h"
#include "i18n/message_keys.h"

#include "core/text.h"
#include "viewmodel/mixed_text.h"
#include "viewmodel/price_sheet.h"
#include "viewmodel/viewmodel.h"

namespace ms {

std::string modality_list_html(const Localizer& loc, const std::vector<std::string>& mods) {
  std::vector<std::string> labels;
  for (const auto& m : mods) labels.push_back(loc.message(key<"modality.">(m)));
  return list_html(loc, labels);
}

std::string modality_flow_html(const Localizer& loc, const Model& m) {
  std::string in = modality_list_html(loc, m.input_modalities);
  if (m.output_modalities.empty()) return in;
  return message_html(loc, key<"modality.flow">(), {{"input", in}, {"output", modality_list_html(loc, m.output_modalities)}});
}

std::optional<Decimal> million_price(const Model& m, const char* meter) {
  if (!m.pricing) return std::nullopt;
  const PriceItem* item = m.pricing->find(meter);
  if (!item) return std::nullopt;
  return per_million(*item);
}

TokenCells token_cells(const Localizer& loc, const Model& m) {
  TokenPrices tp = token_prices(m);
  const std::string cur = m.pricing ? m.pricing->currency : "USD";
  auto cell = [&](const std::optional<Decimal>& price, bool from) {
    PriceCell c;
    if (!price) return c;
    c.text = loc.price(*price, cur);
    c.html = price_html(loc, *price, cur, from);
    c.sort = price->to_string();
    c.from = from;
    return c;
  };
  TokenCells out;
  out.input = cell(tp.input, tp.input_tiered);
  out.output = cell(tp.output, tp.output_tiered);
  out.blended = cell(tp.blended, tp.input_tiered || tp.output_tiered);
  out.has_prices = tp.input || tp.output;
  return out;
}

PricingCells pricing_cells(const Localizer& loc, const Model& m) {
  PricingCells out;
  TokenPrices tp = token_prices(m);
  const std::string cur = m.pricing ? m.pricing->currency : "USD";
  if (tp.input_list) out.input_list = loc.price(*tp.input_list, cur);
  if (tp.output_list) out.output_list = loc.price(*tp.output_list, cur);
  if (!m.pricing) return out;
  std::string other;
  for (const auto& item : m.pricing->items) {
    if (out.discount.empty() && item.discount && !item.discount->is_zero())
      out.discount = loc.percent(Decimal().minus(*item.discount));
    if (item.meter == "input_tokens" || item.meter == "output_tokens" || !item.qualifiers.none()) continue;
    PriceItem shown = shown_per_default(item);
    if (!other.empty()) other += html_escape(loc.message(key<"list.separator">()));
    other += price_html(loc, shown.price, cur, false) + " " + html_escape(meter_unit(loc, shown));
  }
  out.other_html = std::move(other);
  out.has_any_price = !m.pricing->items.empty();
  return out;
}

}  // namespace ms
