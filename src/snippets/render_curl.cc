// The curl target: one command, the JSON body in single quotes exactly as the canonical text.
//
// Single quotes are the only shell quoting in which nothing expands ($VAR, $(cmd), backticks,
// backslashes and newlines are all literal); a ' inside becomes '\''. The key is the one thing
// that must expand, so the Authorization header alone is in double quotes.
#include "snippets/render.h"

namespace ms::snippet_detail {
namespace {

// A shell word as written: bare when it is plainly safe, else single-quoted.
std::string shell_word(std::string_view s) {
  bool safe = !s.empty();
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
    safe = safe && ok;
  }
  return safe ? std::string(s) : shell_single_quote(s);
}

// curl -F reads `@file`, `<file` and `;type=` inside values; --form-string takes text literally.
std::string form_argument(const FormField& field) {
  if (field.is_file) {
    std::string_view name = field.value;
    bool plain = name.find_first_of(";,\"\\ ") == std::string_view::npos;
    std::string file = "@";
    if (plain) {
      file += name;
    } else {  // curl's own quoting for file names
      file += '"';
      for (char c : name) {
        if (c == '"' || c == '\\') file += '\\';
        file += c;
      }
      file += '"';
    }
    return "-F " + shell_word(field.name + "=" + file);
  }
  bool plain = field.value.find_first_of(";\"") == std::string::npos &&
               (field.value.empty() || (field.value[0] != '@' && field.value[0] != '<'));
  return (plain ? "-F " : "--form-string ") + shell_word(field.name + "=" + field.value);
}

}  // namespace

std::string render_curl(const CanonicalRequest& req, const ApiConfig& api) {
  std::string url = api.base_url + req.path;
  // -N: print server-sent events as they arrive. -g: [] and {} in the URL are not globs.
  std::string command = "curl ";
  if (req.stream) command += "-N ";
  if (url.find_first_of("[]{}") != std::string::npos) command += "-g ";
  command += shell_word(url);
  if (req.method != "POST") command += " -X " + shell_word(req.method);

  std::vector<std::string> args;
  if (req.json_body) args.push_back("-H \"Content-Type: application/json\"");
  args.push_back("-H \"Authorization: Bearer $" + api.key_env + "\"");
  if (req.json_body)
    args.push_back("-d " + shell_single_quote(canonical_json_text(*req.json_body)));
  for (const FormField& field : req.form) args.push_back(form_argument(field));
  if (!req.output_file.empty()) args.push_back("--output " + shell_word(req.output_file));

  std::string out = command;
  for (const std::string& arg : args) out += " \\\n  " + arg;
  out += '\n';
  return out;
}

}  // namespace ms::snippet_detail
