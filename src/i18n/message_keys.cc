#include "i18n/message_keys.h"

#include <set>

namespace ms {

namespace {
std::set<std::string>& registry() {
  static std::set<std::string> keys;
  return keys;
}
}  // namespace

detail::KeyRegistration::KeyRegistration(const char* key) { registry().insert(key); }

std::vector<std::string> used_message_keys() { return {registry().begin(), registry().end()}; }

bool message_key_used(const std::string& key) {
  const auto& keys = registry();
  if (keys.count(key)) return true;
  for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1))
    if (keys.count(key.substr(0, dot + 1))) return true;
  return false;
}

}  // namespace ms
