// site.json with source positions: any bytes give a configuration or located errors, never both;
// every diagnostic lies inside the file, and a configuration that loads is one the rest of the
// pipeline accepts (locales listed once, the default among them, known snippet targets).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "config/config.h"
#include "core/diagnostics.h"
#include "core/text.h"

namespace {

void check_positions(const ms::SourceFile& file, const ms::Diagnostics& diags) {
  int lines = static_cast<int>(std::count(file.text().begin(), file.text().end(), '\n')) + 1;
  for (const auto& d : diags.items()) {
    if (d.path != file.path()) std::abort();
    if (d.pos.line < 0 || d.pos.line > lines) std::abort();
    if (d.pos.line > 0 && d.pos.col < 1) std::abort();
    if (d.code.empty() || d.message.empty()) std::abort();
  }
}

void check_config(const ms::SiteConfig& cfg) {
  if (cfg.locales.empty()) std::abort();
  if (std::find(cfg.locales.begin(), cfg.locales.end(), cfg.default_locale) == cfg.locales.end()) std::abort();
  for (std::size_t i = 0; i < cfg.locales.size(); ++i)
    if (std::count(cfg.locales.begin(), cfg.locales.end(), cfg.locales[i]) != 1) std::abort();
  const auto& known = ms::known_snippet_targets();
  for (const auto& t : cfg.snippets)
    if (std::find(known.begin(), known.end(), t) == known.end()) std::abort();
  if (!ms::ends_with(cfg.base_url, "/")) std::abort();
  if (ms::ends_with(cfg.api.base_url, "/")) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ms::SourceFile file("site.json", std::string(reinterpret_cast<const char*>(data), size));
  ms::Diagnostics diags;
  auto cfg = ms::parse_site_config(file, diags);
  std::string shown = ms::format_diagnostics(diags);  // with the source line and caret
  check_positions(file, diags);
  if (cfg) {
    if (diags.has_errors()) std::abort();  // a configuration is returned only when it is valid
    check_config(*cfg);
  } else if (!diags.has_errors()) {
    std::abort();  // a failure always says why
  }
  return 0;
}
