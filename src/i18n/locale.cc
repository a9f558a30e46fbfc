#include "i18n/locale.h"

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/ubidi.h>

#include <algorithm>
#include <atomic>
#include <unordered_map>

#include "core/json_source.h"
#include "core/text.h"

namespace ms {

namespace nf = icu::number;

namespace {

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

icu::UnicodeString from_utf8(const std::string& s) { return icu::UnicodeString::fromUTF8(s); }

// Maps a UTF-16 offset inside a JSON string value to the byte offset of the raw text.
std::size_t raw_offset_in_string(const std::string& text, std::size_t value_offset, int utf16_offset) {
  std::size_t i = value_offset + 1;  // after the opening quote
  int units = 0;
  while (i < text.size() && units < utf16_offset && text[i] != '"') {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      i += (i + 1 < text.size() && text[i + 1] == 'u') ? 6 : 2;
      units += 1;
    } else if (c >= 0xF0) {
      i += 4;
      units += 2;
    } else if (c >= 0xE0) {
      i += 3;
      units += 1;
    } else if (c >= 0xC0) {
      i += 2;
      units += 1;
    } else {
      i += 1;
      units += 1;
    }
  }
  return std::min(i, text.size());
}

}  // namespace

bool locale_is_rtl(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  return U_SUCCESS(status) && loc.isRightToLeft();
}

const char* first_strong_direction(std::string_view utf8) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  switch (ubidi_getBaseDirection(s.getBuffer(), s.length())) {
    case UBIDI_LTR: return "ltr";
    case UBIDI_RTL: return "rtl";
    default: return "";
  }
}

std::vector<MessageArgInfo> message_arguments(const std::string& pattern) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError perr;
  icu::MessagePattern mp(from_utf8(pattern), &perr, status);
  std::vector<MessageArgInfo> out;
  if (U_FAILURE(status)) return out;
  const icu::UnicodeString& text = mp.getPatternString();
  int32_t n = mp.countParts();
  for (int32_t i = 0; i < n; ++i) {
    const icu::MessagePattern::Part& part = mp.getPart(i);
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_START) continue;
    MessageArgInfo info;
    const icu::MessagePattern::Part& name = mp.getPart(i + 1);
    info.name = to_utf8(text.tempSubString(name.getIndex(), name.getLength()));
    UMessagePatternArgType type = part.getArgType();
    switch (type) {
      case UMSGPAT_ARG_TYPE_NONE: info.type = ""; break;
      case UMSGPAT_ARG_TYPE_PLURAL: info.type = "plural"; break;
      case UMSGPAT_ARG_TYPE_SELECTORDINAL: info.type = "selectordinal"; break;
      case UMSGPAT_ARG_TYPE_SELECT: info.type = "select"; break;
      case UMSGPAT_ARG_TYPE_SIMPLE: {
        const icu::MessagePattern::Part& t = mp.getPart(i + 2);
        info.type = to_utf8(text.tempSubString(t.getIndex(), t.getLength()));
        break;
      }
      default: info.type = "choice";
    }
    if (type == UMSGPAT_ARG_TYPE_PLURAL) {
      // Selectors directly inside this argument.
      int32_t limit = mp.getLimitPartIndex(i);
      for (int32_t j = i + 2; j < limit; ++j) {
        const icu::MessagePattern::Part& p = mp.getPart(j);
        if (p.getType() == UMSGPAT_PART_TYPE_ARG_SELECTOR)
          info.plural_keywords.insert(to_utf8(text.tempSubString(p.getIndex(), p.getLength())));
        else if (p.getType() == UMSGPAT_PART_TYPE_MSG_START)
          j = mp.getLimitPartIndex(j);
      }
    }
    auto same = std::find_if(out.begin(), out.end(), [&](const MessageArgInfo& a) { return a.name == info.name; });
    if (same == out.end()) out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const MessageArgInfo& a, const MessageArgInfo& b) { return a.name < b.name; });
  return out;
}

namespace {

void read_locale_meta(const JsonDocument& doc, const std::string& ptr, const Json& value, const SiteConfig& config,
                      LocaleMeta& meta, Diagnostics& diags) {
  if (!value.is_object()) {
    diags.error(doc.file, doc.value_offset(ptr), "wrong-type", "`@meta` must be an object");
    return;
  }
  ObjectReader r(doc, ptr, value, diags, {"name", "format_locale", "fallback"});
  if (auto v = r.string("name", true)) meta.name = *v;
  if (auto v = r.string("format_locale")) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale loc = icu::Locale::forLanguageTag(*v, status);
    if (U_FAILURE(status) || loc.isBogus())
      diags.error(doc.file, r.value_offset("format_locale"), "bad-locale", "`" + *v + "` is not a locale ICU knows");
    else
      meta.format_locale = *v;
  }
  if (auto v = r.string_list("fallback")) {
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (std::find(config.locales.begin(), config.locales.end(), (*v)[i]) == config.locales.end())
        diags.error(doc.file, doc.value_offset(json_pointer_append(r.pointer("fallback"), i)), "unknown-locale",
                    "fallback locale `" + (*v)[i] + "` is not one of the site's locales");
      else
        meta.fallback.push_back((*v)[i]);
    }
  }
}

}  // namespace

std::optional<LocaleBundle> parse_locale_bundle(SourceFile file, const std::string& tag, const SiteConfig& config,
                                                Diagnostics& diags) {
  auto doc = parse_json_document(std::move(file), diags);
  if (!doc) return std::nullopt;
  if (!doc->value.is_object()) {
    diags.error(doc->file, 0, "wrong-type", "a locale file must hold an object of key -> message");
    return std::nullopt;
  }
  LocaleBundle b;
  b.tag = tag;
  b.meta.format_locale = tag;
  for (auto it = doc->value.begin(); it != doc->value.end(); ++it) {
    std::string ptr = json_pointer_append("", it.key());
    if (it.key() == kSchemaKey) {
      if (!it.value().is_string())
        diags.error(doc->file, doc->value_offset(ptr), "wrong-type", "`$schema` must be a string (the path or URL of the file's JSON Schema)");
      continue;
    }
    if (it.key() == "@meta") {
      read_locale_meta(*doc, ptr, it.value(), config, b.meta, diags);
      continue;
    }
    if (!it.value().is_string()) {
      diags.error(doc->file, doc->value_offset(ptr), "wrong-type",
                  "message `" + it.key() + "` must be a string, not " + json_type_name(it.value()));
      continue;
    }
    std::string pattern = it.value().get<std::string>();
    UErrorCode status = U_ZERO_ERROR;
    UParseError perr{};
    icu::MessageFormat check(from_utf8(pattern), icu::Locale::forLanguageTag(b.meta.format_locale, status), perr, status);
    if (U_FAILURE(status)) {
      std::size_t at = raw_offset_in_string(doc->file.text(), doc->value_offset(ptr), perr.offset);
      diags.error(doc->file, at, "bad-message",
                  "message `" + it.key() + "` is not valid ICU MessageFormat (" + u_errorName(status) + ")");
      continue;
    }
    b.messages[it.key()] = std::move(pattern);
    b.key_offsets[it.key()] = doc->key_offset(ptr);
    b.value_offsets[it.key()] = doc->value_offset(ptr);
  }
  if (b.meta.name.empty() && !doc->value.contains("@meta"))
    diags.error(doc->file, 0, "missing-field", "missing `@meta` with the language's `name`");
  b.file = std::move(doc->file);
  return b;
}

std::vector<LocaleBundle> load_locale_bundles(const fs::path& root, const SiteConfig& config, Diagnostics& diags) {
  std::vector<LocaleBundle> out;
  for (const auto& tag : config.locales) {
    fs::path path = root / "locales" / (tag + ".json");
    std::string shown = "locales/" + tag + ".json";
    auto text = read_file(path);
    if (!text) {
      diags.error(shown, "missing-locale-file", "locale `" + tag + "` is configured in site.json but " + shown + " does not exist");
      continue;
    }
    if (auto b = parse_locale_bundle(SourceFile(shown, std::move(*text)), tag, config, diags)) out.push_back(std::move(*b));
  }
  return out;
}

struct Localizer::Impl {
  std::uint64_t id = 0;  // distinguishes this localizer's per-thread clones from any other's
  icu::Locale locale;
  std::vector<const LocaleBundle*> chain;
  std::unordered_map<std::string, std::unique_ptr<icu::MessageFormat>> formats;
  std::unordered_map<std::string, std::string> plain;  // messages without arguments, preformatted
  std::unordered_map<std::string, std::string> found_in;
  // LocalizedNumberFormatter is immutable and safe to share between threads.
  nf::LocalizedNumberFormatter integer, compact, percent;
  std::map<std::string, nf::LocalizedNumberFormatter> currency;  // filled before rendering
  std::unique_ptr<icu::DateFormat> long_date;
  std::unique_ptr<icu::SimpleDateFormat> month_year;
  mutable std::mutex mutex;  // guards `missing` and currencies added late
  mutable std::set<std::string> missing;
  mutable std::map<std::string, nf::LocalizedNumberFormatter> late_currency;
};

namespace {

// MessageFormat and DateFormat keep state while formatting: each thread formats with its own
// clones, made once, so pages render in parallel without locks.
struct ThreadClones {
  std::unordered_map<std::string, std::unique_ptr<icu::Format>> formats;
};
ThreadClones& thread_clones(std::uint64_t localizer_id) {
  thread_local std::unordered_map<std::uint64_t, ThreadClones> clones;
  return clones[localizer_id];
}
std::atomic<std::uint64_t> next_localizer_id{1};

template <typename T>
T* thread_clone(std::uint64_t id, const std::string& key, const T* original) {
  auto& slot = thread_clones(id).formats[key];
  if (!slot) slot.reset(original->clone());
  return static_cast<T*>(slot.get());
}

nf::LocalizedNumberFormatter currency_formatter(const icu::Locale& locale, const std::string& currency) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString code = from_utf8(currency);
  icu::CurrencyUnit unit(code.getTerminatedBuffer(), status);
  // At least the currency's usual two digits; more when the exact price has them.
  return nf::NumberFormatter::withLocale(locale).unit(unit).precision(nf::Precision::minMaxFraction(2, 12));
}

}  // namespace

Localizer::Localizer(const std::vector<LocaleBundle>& bundles, const std::string& tag, const std::string& default_locale)
    : impl_(std::make_unique<Impl>()), tag_(tag) {
  impl_->id = next_localizer_id.fetch_add(1);
  auto find = [&](const std::string& t) -> const LocaleBundle* {
    for (const auto& b : bundles)
      if (b.tag == t) return &b;
    return nullptr;
  };
  const LocaleBundle* own = find(tag);
  std::vector<std::string> order = {tag};
  if (own) order.insert(order.end(), own->meta.fallback.begin(), own->meta.fallback.end());
  order.push_back(default_locale);
  for (const auto& t : order) {
    const LocaleBundle* b = find(t);
    if (b && std::find(impl_->chain.begin(), impl_->chain.end(), b) == impl_->chain.end()) impl_->chain.push_back(b);
  }
  format_locale_ = own ? own->meta.format_locale : tag;
  language_name_ = own && !own->meta.name.empty() ? own->meta.name : tag;
  UErrorCode status = U_ZERO_ERROR;
  impl_->locale = icu::Locale::forLanguageTag(format_locale_, status);
  rtl_ = impl_->locale.isRightToLeft();

  for (const LocaleBundle* b : impl_->chain) {
    for (const auto& [key, pattern] : b->messages) {
      if (impl_->found_in.count(key)) continue;
      impl_->found_in[key] = b->tag;
      UErrorCode st = U_ZERO_ERROR;
      UParseError perr{};
      auto mf = std::make_unique<icu::MessageFormat>(from_utf8(pattern), impl_->locale, perr, st);
      if (U_FAILURE(st)) continue;  // reported when the bundle was loaded
      if (message_arguments(pattern).empty()) {
        icu::UnicodeString out;
        icu::FieldPosition pos;
        UErrorCode fs = U_ZERO_ERROR;
        mf->format(nullptr, 0, out, pos, fs);
        impl_->plain[key] = to_utf8(out);
      }
      impl_->formats[key] = std::move(mf);
    }
  }
  impl_->integer = nf::NumberFormatter::withLocale(impl_->locale).precision(nf::Precision::integer());
  // Context windows read as "8K", "32K", "128K": whole numbers, rounded down like the providers do.
  impl_->compact = nf::NumberFormatter::withLocale(impl_->locale)
                       .notation(nf::Notation::compactShort())
                       .precision(nf::Precision::integer())
                       .roundingMode(UNUM_ROUND_FLOOR);
  impl_->percent = nf::NumberFormatter::withLocale(impl_->locale)
                       .unit(icu::MeasureUnit::getPercent())
                       .scale(nf::Scale::powerOfTen(2))
                       .precision(nf::Precision::maxFraction(1))
                       .sign(UNUM_SIGN_EXCEPT_ZERO);
  impl_->long_date.reset(icu::DateFormat::createDateInstance(icu::DateFormat::kLong, impl_->locale));
  if (impl_->long_date) impl_->long_date->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  UErrorCode gs = U_ZERO_ERROR;
  std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(impl_->locale, gs));
  if (U_SUCCESS(gs)) {
    icu::UnicodeString pattern = gen->getBestPattern(u"yMMMM", gs);
    impl_->month_year = std::make_unique<icu::SimpleDateFormat>(pattern, impl_->locale, gs);
    if (U_SUCCESS(gs)) impl_->month_year->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
    else impl_->month_year.reset();
  }
}

Localizer::~Localizer() = default;

std::string Localizer::source_locale(const std::string& key) const {
  auto it = impl_->found_in.find(key);
  return it == impl_->found_in.end() ? "" : it->second;
}

std::string Localizer::pattern(const std::string& key) const {
  for (const LocaleBundle* b : impl_->chain)
    if (auto it = b->messages.find(key); it != b->messages.end()) return it->second;
  std::lock_guard lock(impl_->mutex);
  impl_->missing.insert(key);
  return "";
}

std::string Localizer::message(const std::string& key, const std::vector<MessageArg>& args) const {
  auto src = impl_->found_in.find(key);
  if (src == impl_->found_in.end()) {
    std::lock_guard lock(impl_->mutex);
    impl_->missing.insert(key);
    return key;
  }
  auto plain = impl_->plain.find(key);
  if (plain != impl_->plain.end()) return plain->second;
  auto it = impl_->formats.find(key);
  if (it == impl_->formats.end()) return key;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  for (const auto& a : args) {
    names.push_back(from_utf8(a.name));
    if (a.kind == MessageArg::Kind::integer) values.emplace_back(static_cast<int64_t>(a.integer));
    else values.emplace_back(from_utf8(a.text));
  }
  icu::UnicodeString out;
  UErrorCode status = U_ZERO_ERROR;
  icu::MessageFormat* mf = thread_clone(impl_->id, "m:" + key, it->second.get());
  mf->format(names.data(), values.data(), static_cast<int32_t>(values.size()), out, status);
  if (U_FAILURE(status)) return key;
  return to_utf8(out);
}

std::vector<std::pair<std::string, std::string>> Localizer::plain_messages() const {
  std::vector<std::pair<std::string, std::string>> out(impl_->plain.begin(), impl_->plain.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::string> Localizer::fallbacks() const {
  std::set<std::string> out;
  for (const auto& [key, locale] : impl_->found_in)
    if (locale != tag_) out.insert(key);
  return out;
}
std::set<std::string> Localizer::missing() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->missing;
}

void Localizer::prepare_currency(const std::string& currency) {
  if (!impl_->currency.count(currency)) impl_->currency.emplace(currency, currency_formatter(impl_->locale, currency));
}

std::string Localizer::integer(std::int64_t n) const {
  UErrorCode status = U_ZERO_ERROR;
  return to_utf8(impl_->integer.formatInt(n, status).toString(status));
}

std::string Localizer::compact(std::int64_t n) const {
  UErrorCode status = U_ZERO_ERROR;
  return to_utf8(impl_->compact.formatInt(n, status).toString(status));
}

std::string Localizer::price(const Decimal& amount, const std::string& currency) const {
  const nf::LocalizedNumberFormatter* fmt;
  auto it = impl_->currency.find(currency);
  if (it != impl_->currency.end()) {
    fmt = &it->second;
  } else {
    std::lock_guard lock(impl_->mutex);
    auto late = impl_->late_currency.find(currency);
    if (late == impl_->late_currency.end())
      late = impl_->late_currency.emplace(currency, currency_formatter(impl_->locale, currency)).first;
    fmt = &late->second;  // std::map nodes never move
  }
  UErrorCode status = U_ZERO_ERROR;
  std::string digits = amount.to_string();
  return to_utf8(fmt->formatDecimal(icu::StringPiece(digits.data(), static_cast<int32_t>(digits.size())), status).toString(status));
}

std::string Localizer::percent(const Decimal& fraction) const {
  UErrorCode status = U_ZERO_ERROR;
  std::string digits = fraction.to_string();
  return to_utf8(impl_->percent.formatDecimal(icu::StringPiece(digits.data(), static_cast<int32_t>(digits.size())), status).toString(status));
}

std::string Localizer::date(const std::string& iso) const {
  if (!is_valid_date(iso, true)) return iso;
  int year = std::stoi(iso.substr(0, 4)), month = std::stoi(iso.substr(5, 2));
  int day = iso.size() == 10 ? std::stoi(iso.substr(8, 2)) : 1;
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar cal(icu::TimeZone::createTimeZone("UTC"), status);
  cal.clear();
  cal.set(year, month - 1, day);
  UDate when = cal.getTime(status);
  if (U_FAILURE(status)) return iso;
  icu::UnicodeString out;
  if (iso.size() == 7) {
    if (!impl_->month_year) return iso;
    thread_clone(impl_->id, "d:month", impl_->month_year.get())->format(when, out);
  } else {
    if (!impl_->long_date) return iso;
    thread_clone(impl_->id, "d:long", impl_->long_date.get())->format(when, out);
  }
  return to_utf8(out);
}

}  // namespace ms
