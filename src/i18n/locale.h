// Locale bundles (locales/<tag>.json): flat keys -> ICU MessageFormat patterns, plus "@meta".
// A Localizer compiles every pattern once per locale and formats messages with fallback.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/decimal.h"
#include "core/diagnostics.h"
#include "core/fs.h"
#include "core/source.h"

namespace ms {

struct LocaleMeta {
  std::string name;           // the language's own name, e.g. "العربية"
  std::string format_locale;  // ICU locale for numbers and dates, e.g. "ar-u-nu-latn"
  std::vector<std::string> fallback;
};

struct MessageArgInfo {
  std::string name;
  std::string type;  // "", "number", "plural", "select", "date", ...
  std::set<std::string> plural_keywords;  // for plural args
  bool operator==(const MessageArgInfo&) const = default;
};

struct LocaleBundle {
  std::string tag;
  SourceFile file;
  LocaleMeta meta;
  std::map<std::string, std::string> messages;  // key -> pattern
  std::map<std::string, std::size_t> key_offsets;
  std::map<std::string, std::size_t> value_offsets;
};

// Reads locales/<tag>.json for every configured locale and checks every pattern with ICU.
std::vector<LocaleBundle> load_locale_bundles(const fs::path& root, const SiteConfig& config,
                                              Diagnostics& diags);
// One bundle from text already read, for locale `tag` (diagnostics point into `file`).
std::optional<LocaleBundle> parse_locale_bundle(SourceFile file, const std::string& tag, const SiteConfig& config,
                                                Diagnostics& diags);

// The arguments a pattern uses (name, kind, plural keywords); empty when it does not parse.
std::vector<MessageArgInfo> message_arguments(const std::string& pattern);

// A message argument: an integer, an exact decimal, or text.
struct MessageArg {
  std::string name;
  enum class Kind { integer, text } kind = Kind::text;
  std::int64_t integer = 0;
  std::string text;
  static MessageArg num(std::string name, std::int64_t v) { return {std::move(name), Kind::integer, v, {}}; }
  static MessageArg str(std::string name, std::string v) { return {std::move(name), Kind::text, 0, std::move(v)}; }
};

class Localizer {
 public:
  // bundles: all loaded bundles; `tag` the page locale; the chain is the bundle, its
  // @meta.fallback, then the default locale.
  Localizer(const std::vector<LocaleBundle>& bundles, const std::string& tag, const std::string& default_locale);
  ~Localizer();
  Localizer(const Localizer&) = delete;
  Localizer& operator=(const Localizer&) = delete;

  const std::string& tag() const { return tag_; }
  const std::string& format_locale() const { return format_locale_; }
  const std::string& language_name() const { return language_name_; }
  bool rtl() const { return rtl_; }
  const char* dir() const { return rtl_ ? "rtl" : "ltr"; }

  // Formats `key`; a key missing from this locale comes from the fallback chain (recorded, see
  // fallbacks()); a key missing everywhere yields the key itself and is recorded as missing.
  std::string message(const std::string& key, const std::vector<MessageArg>& args = {}) const;
  // Every message without arguments, formatted, found through the fallback chain.
  std::vector<std::pair<std::string, std::string>> plain_messages() const;
  // The locale the key was found in ("" when missing everywhere).
  std::string source_locale(const std::string& key) const;
  // The key's ICU pattern as written, found through the fallback chain ("" when missing
  // everywhere, recorded like message()): for scripts that format the message in the browser.
  std::string pattern(const std::string& key) const;

  // Builds the currency's formatter up front so that pricing pages format without locks.
  void prepare_currency(const std::string& currency);

  // Keys this locale takes from the fallback chain, and keys looked up but found nowhere.
  std::set<std::string> fallbacks() const;
  std::set<std::string> missing() const;

  // Number formatting with ICU (formatters built once and reused).
  std::string integer(std::int64_t n) const;
  std::string compact(std::int64_t n) const;           // 8K, 128K, 1M
  std::string price(const Decimal& amount, const std::string& currency) const;
  std::string percent(const Decimal& fraction) const;  // 0.2 -> 20%; -0.2 -> -20%
  std::string date(const std::string& iso) const;      // YYYY-MM-DD long, YYYY-MM month + year

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string tag_, format_locale_, language_name_;
  bool rtl_ = false;
};

// Whether ICU writes the locale right to left.
bool locale_is_rtl(const std::string& tag);

// The direction of a text's first strong character (Unicode bidi rules P2-P3, through ICU):
// "ltr", "rtl", or "" when it has none (digits and punctuation only).
const char* first_strong_direction(std::string_view utf8);

}  // namespace ms
