// The formatted cells of a model's row in the list pages (catalog, pricing), shared by the
// static pages and the list data the catalog's script filters and sorts.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/decimal.h"
#include "i18n/locale.h"

namespace ms {

// "Text, Image": each label isolated where its direction differs from the page's.
std::string modality_list_html(const Localizer& loc, const std::vector<std::string>& mods);
// "Text, Image → Text": the arrow is the locale's (it points from input to output in the
// direction the page reads).
std::string modality_flow_html(const Localizer& loc, const Model& m);
// Our price per 1M input / output tokens, when the model is priced that way.
std::optional<Decimal> million_price(const Model& m, const char* meter);

// One price column of a row: the text, the HTML (amount isolated, "from" for tiers) and the
// exact sort key ("" when the model has no such price).
struct PriceCell {
  std::string text, html, sort;
  bool from = false;
};
// The standard input / output prices per 1M tokens, their 3:1 blend, and whether any is known.
struct TokenCells {
  PriceCell input, output, blended;
  bool has_prices = false;
};
TokenCells token_cells(const Localizer& loc, const Model& m);

// The pricing list's other columns: the list prices struck through beside ours ("" when none),
// the first discount as a percentage ("" when none), the standard prices of the other meters as
// HTML (qualified prices are on the model page), and whether the model has any price at all.
struct PricingCells {
  std::string input_list, output_list, discount, other_html;
  bool has_any_price = false;
};
PricingCells pricing_cells(const Localizer& loc, const Model& m);

}  // namespace ms
