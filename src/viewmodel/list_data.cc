#include "viewmodel/list_data.h"
#include "i18n/message_keys.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "viewmodel/list_cells.h"

namespace ms {

namespace {

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

// The model's input and output modalities, each once, as space-separated tokens.
std::string modality_tokens(const Model& m) {
  std::vector<std::string> mods = m.input_modalities;
  for (const auto& o : m.output_modalities)
    if (std::find(mods.begin(), mods.end(), o) == mods.end()) mods.push_back(o);
  return joined(mods);
}

}  // namespace

std::string list_data_path(const std::string& locale) { return locale + "/models/rows.json"; }

std::string list_data_json(const SiteContext& ctx, const std::string& locale) {
  using OJson = nlohmann::ordered_json;
  const Localizer& loc = ctx.loc(locale);
  OJson out;
  out["columns"] = {"id", "name", "path", "provider", "status", "modalities", "endpoints", "capabilities",
                    "modalities_html", "context", "context_sort", "input_html", "input_sort",
                    "output_html", "output_sort", "blended_html", "blended_sort", "input_list", "output_list",
                    "discount", "other_html", "priced"};
  OJson providers = OJson::object();
  for (const auto& p : ctx.catalog->providers) providers[p.id] = p.name;
  out["providers"] = std::move(providers);
  OJson statuses = OJson::object();
  for (const auto& s : model_statuses()) statuses[s] = loc.message(key<"status.">(s));
  out["statuses"] = std::move(statuses);
  OJson rows = OJson::array();
  for (const auto& m : ctx.catalog->models) {
    TokenCells cells = token_cells(loc, m);
    PricingCells pc = pricing_cells(loc, m);
    rows.push_back({m.id, m.name, url_of(model_path(locale, m)), m.provider, m.status, modality_tokens(m),
                    joined(m.endpoints), joined(m.capabilities), modality_flow_html(loc, m),
                    m.context_window ? loc.compact(*m.context_window) : "",
                    m.context_window ? std::to_string(*m.context_window) : "", cells.input.html, cells.input.sort,
                    cells.output.html, cells.output.sort, cells.blended.html, cells.blended.sort, pc.input_list,
                    pc.output_list, pc.discount, pc.other_html, pc.has_any_price ? "1" : ""});
  }
  out["rows"] = std::move(rows);
  return out.dump(-1, ' ', false, OJson::error_handler_t::replace) + "\n";
}

}  // namespace ms
