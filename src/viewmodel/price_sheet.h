// Prices as price sheets show them: the views of a model's price tables, and the
// standard, blended and "from" prices the catalog and pricing lists sort and show.
#pragma once
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "i18n/locale.h"
#include "viewmodel/views.h"

namespace ms {

// "per 1M input tokens": the unit message of the item's meter for its `per`.
std::string meter_unit(const Localizer& loc, const PriceItem& item);

// A model page's price tables (templates/README.md "price_tables"): one table of every price that
// is not a grid, with a row per meter, cache TTL, region and context tier and a column per service
// tier present; and a quality x size (or resolution) grid per image or video meter priced by size.
std::vector<PriceTableView> price_tables(const Localizer& loc, const Pricing& pricing);

// The standard price per 1M tokens of input and output, their 3:1 blend, and whether context tiers
// raise either above the standard price.
struct TokenPrices {
  std::optional<Decimal> input, output, input_list, output_list, blended;
  bool input_tiered = false, output_tiered = false;
};
TokenPrices token_prices(const Model& m);

// The price as HTML: the amount isolated left-to-right, inside "from …" when `from` is set
// ("from <bdi dir="ltr">$3.00</bdi>", "<bdi dir="ltr">$3.00</bdi>から").
std::string price_html(const Localizer& loc, const Decimal& amount, const std::string& currency, bool from);

}  // namespace ms
