// Text where scripts of both directions meet, as HTML: each left-to-right part isolated on its
// own, the joining text (separators, arrows) taken from the locale's messages.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "i18n/locale.h"

namespace ms {

// The escaped text, wrapped in <bdi dir="..."> when its first strong character reads against
// the page's direction (a Latin name on an Arabic page); text without strong characters as is.
std::string isolate(const Localizer& loc, std::string_view text);

// The items, each escaped and isolated on its own, joined with the locale's `list.separator`.
std::string list_html(const Localizer& loc, const std::vector<std::string>& items);

// An HTML argument of message_html(): inserted as given, not escaped.
struct HtmlArg {
  std::string name;
  std::string html;
};

// Formats `key` with `args` (numbers, text) and `html` fragments: the message's own text is
// escaped; each fragment takes the place of its argument.
std::string message_html(const Localizer& loc, const std::string& key, const std::vector<HtmlArg>& html,
                         std::vector<MessageArg> args = {});

}  // namespace ms
