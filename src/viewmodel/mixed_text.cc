#include "viewmodel/mixed_text.h"
#include "i18n/message_keys.h"

#include "core/text.h"

namespace ms {

std::string isolate(const Localizer& loc, std::string_view text) {
  std::string escaped = html_escape(text);
  std::string dir = first_strong_direction(text);
  if (dir.empty() || dir == loc.dir()) return escaped;
  return "<bdi dir=\"" + dir + "\">" + escaped + "</bdi>";
}

std::string list_html(const Localizer& loc, const std::vector<std::string>& items) {
  std::string separator = html_escape(loc.message(key<"list.separator">()));
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + isolate(loc, items[i]);
  return out;
}

std::string message_html(const Localizer& loc, const std::string& key, const std::vector<HtmlArg>& html,
                         std::vector<MessageArg> args) {
  // Each fragment enters the message as a marker made of characters that neither a message
  // nor html_escape produces (U+E000.. from the private use area), then replaces its marker.
  auto marker = [](std::size_t i) {
    std::string m = "\xEE\x80";
    m += static_cast<char>(0x80 + i);
    return m;
  };
  for (std::size_t i = 0; i < html.size() && i < 64; ++i) args.push_back(MessageArg::str(html[i].name, marker(i)));
  std::string out = html_escape(loc.message(key, args));
  for (std::size_t i = 0; i < html.size() && i < 64; ++i) out = replace_all(out, marker(i), html[i].html);
  return out;
}

}  // namespace ms
