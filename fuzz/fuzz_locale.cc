// Locale bundles (ICU MessageFormat): any bytes give a bundle or located errors; every diagnostic
// and every recorded key or value offset lies inside the file; every message a bundle keeps
// compiles with ICU and formats (with numbers for plural, number and select arguments and text for
// the others) through a Localizer without failing.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/diagnostics.h"
#include "i18n/locale.h"

namespace {

void check_positions(const ms::SourceFile& file, const ms::Diagnostics& diags) {
  int lines = static_cast<int>(std::count(file.text().begin(), file.text().end(), '\n')) + 1;
  for (const auto& d : diags.items()) {
    if (d.path != file.path()) std::abort();
    if (d.pos.line < 0 || d.pos.line > lines) std::abort();
    if (d.pos.line > 0 && d.pos.col < 1) std::abort();
  }
}

void format_every_message(const ms::LocaleBundle& bundle) {
  std::vector<ms::LocaleBundle> bundles = {bundle};
  ms::Localizer l10n(bundles, bundle.tag, bundle.tag);
  for (const auto& [key, pattern] : bundle.messages) {
    std::vector<ms::MessageArg> args;
    for (const auto& a : ms::message_arguments(pattern)) {
      if (a.type == "plural" || a.type == "selectordinal" || a.type == "number" || a.type == "choice")
        args.push_back(ms::MessageArg::num(a.name, 3));
      else
        args.push_back(ms::MessageArg::str(a.name, "x"));
    }
    std::string out = l10n.message(key, args);
    if (l10n.pattern(key) != pattern) std::abort();
  }
  if (!l10n.missing().empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  static const ms::SiteConfig config = [] {
    ms::SiteConfig c;
    c.locales = {"en", "ar", "de"};
    return c;
  }();
  ms::SourceFile file("locales/ar.json", std::string(reinterpret_cast<const char*>(data), size));
  ms::Diagnostics diags;
  auto bundle = ms::parse_locale_bundle(file, "ar", config, diags);
  std::string shown = ms::format_diagnostics(diags);
  check_positions(file, diags);
  if (!bundle) {
    if (!diags.has_errors()) std::abort();  // a failure always says why
    return 0;
  }
  for (const auto& [key, offset] : bundle->key_offsets)
    if (offset > size || !bundle->messages.count(key)) std::abort();
  for (const auto& [key, offset] : bundle->value_offsets)
    if (offset > size) std::abort();
  for (const auto& fb : bundle->meta.fallback)
    if (std::find(config.locales.begin(), config.locales.end(), fb) == config.locales.end()) std::abort();
  format_every_message(*bundle);
  return 0;
}
