// The catalog's list data: every model's row as the catalog pages show it, formatted for one
// locale, as JSON. The catalog's script loads it to filter and sort across all models (the
// static pages hold 100 rows each).
#pragma once
#include <string>

#include "viewmodel/viewmodel.h"

namespace ms {

// Site-relative path of a locale's list data ("en/models/rows.json").
std::string list_data_path(const std::string& locale);

// {"columns": [...], "providers": {id: name}, "statuses": {id: label}, "rows": [[...], ...]}:
// one array per model in catalog order, its values in the order of "columns". Every number,
// price and label is the string the static pages show; "*_sort" columns are exact decimals
// ("" when unknown). Paths are site-relative. The pricing page's columns: list prices
// ("input_list", "output_list"), "discount", "other_html", and "priced" ("1" when the model has
// any price).
std::string list_data_json(const SiteContext& ctx, const std::string& locale);

}  // namespace ms
