#include "site/search_text.h"

#include <algorithm>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

namespace ms {

namespace {

UChar32 fold_arabic(UChar32 c) {
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627;  // آ أ إ ٱ -> ا
    case 0x0649: return 0x064A;                                         // ى -> ي
    case 0x0629: return 0x0647;                                         // ة -> ه
    case 0x0624: return 0x0648;                                         // ؤ -> و
    case 0x0626: return 0x064A;                                         // ئ -> ي
    default: break;
  }
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
  return c;
}

bool dropped(UChar32 c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640; }

bool is_cjk(UChar32 c) {
  if (c == 0x30FC) return true;  // the katakana-hiragana prolonged sound mark (script Common)
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &err);
  return U_SUCCESS(err) && (s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_HANGUL);
}

bool is_word(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

std::u32string folded_code_points(std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_SUCCESS(err)) {
    icu::UnicodeString normal = nfkc->normalize(text, err);
    if (U_SUCCESS(err)) text = normal;
  }
  text.toLower(icu::Locale::getRoot());
  std::u32string out;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    UChar32 c = text.char32At(i);
    if (dropped(c)) continue;
    out.push_back(static_cast<char32_t>(fold_arabic(c)));
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string utf8_of(const std::u32string& s, std::size_t from, std::size_t count) {
  std::string out;
  for (std::size_t i = from; i < from + count && i < s.size(); ++i) append_utf8(out, s[i]);
  return out;
}

}  // namespace

std::string fold_search_text(std::string_view utf8) {
  std::u32string s = folded_code_points(utf8);
  return utf8_of(s, 0, s.size());
}

std::vector<std::string> search_terms(std::string_view utf8) {
  std::u32string s = folded_code_points(utf8);
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    UChar32 c = static_cast<UChar32>(s[i]);
    std::size_t j = i;
    if (is_cjk(c)) {
      while (j < s.size() && is_cjk(static_cast<UChar32>(s[j]))) ++j;
      for (std::size_t k = i; k + 1 < j; ++k) out.push_back(utf8_of(s, k, 2));
      out.push_back(utf8_of(s, j - 1, 1));
    } else if (is_word(c)) {
      while (j < s.size() && is_word(static_cast<UChar32>(s[j])) && !is_cjk(static_cast<UChar32>(s[j]))) ++j;
      out.push_back(utf8_of(s, i, j - i));
    } else {
      j = i + 1;
    }
    i = j;
  }
  return out;
}

std::uint32_t search_shard(std::string_view term, std::uint32_t shards) {
  // The key: the first one or two code points' bytes (terms are valid UTF-8, made by
  // search_terms); a lead byte says how long its sequence is.
  auto length = [&](std::size_t at) -> std::size_t {
    unsigned char c = static_cast<unsigned char>(term[at]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return std::min(n, term.size() - at);
  };
  std::size_t end = term.empty() ? 0 : length(0);
  if (end > 0 && end < term.size()) {
    icu::UnicodeString first = icu::UnicodeString::fromUTF8(icu::StringPiece(term.data(), static_cast<int32_t>(end)));
    if (!is_cjk(first.char32At(0))) end += length(end);
  }
  std::uint32_t h = 2166136261u;
  for (std::size_t i = 0; i < end; ++i) {
    h ^= static_cast<unsigned char>(term[i]);
    h *= 16777619u;
  }
  return shards == 0 ? 0 : h % shards;
}

}  // namespace ms
