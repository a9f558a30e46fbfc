// Message keys known from the code that uses them: a key written as key<"home.lead">() is
// recorded at program start, so `modelsite i18n` can tell used keys from unused ones without a
// hand-kept list (together with the {{t.key}} names the templates read).
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace ms {

// A string literal as a template argument.
template <std::size_t N>
struct KeyText {
  char text[N];
  constexpr KeyText(const char (&s)[N]) { std::copy_n(s, N, text); }
};

namespace detail {
struct KeyRegistration {
  explicit KeyRegistration(const char* key);
};
template <KeyText K>
struct DeclaredKey {
  static inline const KeyRegistration registration{K.text};
};
}  // namespace detail

/// Message key `K`, recorded as used (see used_message_keys()).
template <KeyText K>
const std::string& key() {
  (void)&detail::DeclaredKey<K>::registration;
  static const std::string text(K.text);
  return text;
}

/// A key of a family, `K` + `id` ("status." + "retired"): the prefix `K` is recorded as used.
template <KeyText K>
std::string key(std::string_view id) {
  return key<K>() + std::string(id);
}

/// Every key and key prefix (ending in '.') the program reads through key<>(), sorted.
std::vector<std::string> used_message_keys();
/// Whether `key` is one of used_message_keys() or starts with one of its prefixes.
bool message_key_used(const std::string& key);

}  // namespace ms
