// Small text helpers shared by the stages.
#pragma once
#include <string>
#include <string_view>

namespace ms {

// &, <, >, " and ' escaped; ' as `apostrophe` ("&#39;", or kainjow's "&apos;").
std::string html_escape(std::string_view s, const char* apostrophe = "&#39;");
// For element content only (not attributes): &, < and > escaped, quotes kept as they are.
std::string html_escape_text(std::string_view s);
bool is_valid_utf8(std::string_view s);
// The number of code points of UTF-8 text (bytes that do not continue a sequence).
std::size_t code_points(std::string_view s);
// Appends the code point `c` (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, char32_t c);
// ^[a-z0-9][a-z0-9._-]*$
bool is_valid_id(std::string_view id);
// YYYY-MM-DD (a real calendar date) or, when allow_month, YYYY-MM.
bool is_valid_date(std::string_view s, bool allow_month);
// Lowercase ASCII letters, digits and '-' from text; other letters kept as UTF-8.
std::string slugify(std::string_view text);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::string replace_all(std::string s, std::string_view from, std::string_view to);

}  // namespace ms
