// Internal to the snippets stage: value printers shared by the target renderers.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "snippets/snippets.h"

namespace ms::snippet_detail {

// An object's members in display order: "model" first, then the fields in the order the API
// reference shows them; keys we do not know come last, alphabetically.
std::vector<std::pair<std::string, const Json*>> display_members(const Json& object);

// A JSON value as a Python / JavaScript expression. `indent` is the indentation of the line the
// value starts on and `column` where it starts; containers stay on one line when they fit
// (88 columns for Python as Black, 80 for JavaScript as Prettier), else one member per line with
// a trailing comma. `expand` puts the members of a top-level container on their own lines even
// when it would fit (a request body reads best that way).
std::string python_value(const Json& value, int indent, int column, bool expand = false);
std::string js_value(const Json& value, int indent, int column, bool expand = false);
// An object key: bare when it is an identifier, else a string literal.
std::string js_key(const std::string& key);

// Environment variable names: letters, digits and '_', not starting with a digit.
bool is_env_name(std::string_view name);

std::string render_curl(const CanonicalRequest& req, const ApiConfig& api);
std::string render_python_openai(const CanonicalRequest& req, const ApiConfig& api);
std::string render_python_requests(const CanonicalRequest& req, const ApiConfig& api);
std::string render_js_fetch(const CanonicalRequest& req, const ApiConfig& api);
std::string render_js_openai(const CanonicalRequest& req, const ApiConfig& api);

}  // namespace ms::snippet_detail
