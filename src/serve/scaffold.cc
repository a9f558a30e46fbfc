#include "serve/scaffold.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "core/diagnostics.h"
#include "core/json_source.h"
#include "core/text.h"

namespace ms {

namespace {

ScaffoldResult failed(int code, std::string message) {
  ScaffoldResult r;
  r.exit_code = code;
  r.error = std::move(message);
  return r;
}

std::string json_quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// Refuses when any target exists; otherwise writes them all (and schemas/ when the site has none).
ScaffoldResult write_new_files(const fs::path& root, const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  for (const auto& [rel, text] : files)
    if (fs::exists(root / rel, ec))
      return failed(1, rel + " already exists; modelsite new never overwrites a file (remove it first, or pick another name)");
  ScaffoldResult r;
  if (!fs::exists(root / "schemas", ec)) {
    for (const auto& [name, text] : bundled_schemas()) {
      if (!write_file(root / "schemas" / name, text)) return failed(1, "cannot write schemas/" + name);
      r.created.push_back("schemas/" + name);
    }
  }
  for (const auto& [rel, text] : files) {
    if (!write_file(root / rel, text)) return failed(1, "cannot write " + rel);
    r.created.push_back(rel);
  }
  return r;
}

std::optional<SiteConfig> site_config(const fs::path& root, std::string& error) {
  Diagnostics d;
  auto cfg = load_site_config(root, d);
  if (!cfg) error = "site.json does not load; fix it first:\n" + format_diagnostics(d);
  return cfg;
}

std::string model_template(const std::string& provider, const std::string& id) {
  return "// A model: what its pages show. Required: id, name, provider, status, endpoints.\n"
         "// Every commented key is optional: remove the // to use it (see README.md, \"Models\").\n"
         "{\n"
         "  \"$schema\": \"../../../schemas/model.schema.json\",\n"
         "  \"id\": " + json_quoted(id) + ",                    // the file name without .json\n"
         "  \"name\": " + json_quoted(id) + ",                  // the name people know it by\n"
         "  \"provider\": " + json_quoted(provider) + ",        // content/providers/<provider>.json\n"
         "  // \"family\": \"" + id + "\",                 // related-model cards prefer the same family\n"
         "  // \"released\": \"2026-01-31\",               // YYYY-MM-DD\n"
         "  // \"deprecated_on\": \"2026-06-30\",          // YYYY-MM-DD\n"
         "  // \"retired_on\": \"2026-12-31\",             // YYYY-MM-DD\n"
         "  // \"replacements\": [\"other-model\"],         // ids of models to move to\n"
         "  // \"context_window\": 128000,                 // tokens\n"
         "  // \"max_output_tokens\": 16384,               // tokens\n"
         "  // \"knowledge_cutoff\": \"2025-06\",           // YYYY-MM or YYYY-MM-DD\n"
         "  // \"modalities\": { \"input\": [\"text\", \"image\"], \"output\": [\"text\"] },  // text | image | audio | video | pdf\n"
         "  // \"capabilities\": [\"function-calling\", \"streaming\"],  // see schemas/model.schema.json\n"
         "  // \"commercial_use\": true,\n"
         "  // \"pricing\": { \"currency\": \"USD\", \"items\": [\n"
         "  //   { \"meter\": \"input_tokens\", \"per\": 1000000, \"price\": \"1.25\", \"list_price\": \"1.25\" },\n"
         "  //   { \"meter\": \"output_tokens\", \"per\": 1000000, \"price\": \"10\" } ] },\n"
         "  // \"example\": { \"system\": \"You are a helpful assistant.\", \"prompt\": \"Say hello.\" },\n"
         "  \"status\": \"preview\",                       // active | preview | deprecated | retired | coming-soon\n"
         "  \"endpoints\": [\"chat.completions\"]          // chat.completions | responses | completions | embeddings |\n"
         "                                                // images.generations | audio.speech | audio.transcriptions | moderations\n"
         "}\n";
}

// `from`'s JSON with its id, name and provider replaced in the text (comments and layout kept).
std::optional<std::string> model_from(const std::string& text, const std::string& provider, const std::string& id,
                                      std::string& error) {
  Diagnostics d;
  auto doc = parse_json_document(SourceFile("from", text), d);
  if (!doc || !doc->value.is_object()) {
    error = "the model to copy does not parse";
    return std::nullopt;
  }
  // Replace the values from the back, so earlier offsets stay valid.
  std::vector<std::pair<std::size_t, std::string>> edits;
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"provider", provider}, {"id", id}})
    if (doc->value.contains(key) && doc->value[key].is_string()) edits.emplace_back(doc->value_offset("/" + key), json_quoted(value));
  std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out = text;
  for (const auto& [at, with] : edits) {
    std::size_t end = at + 1;
    while (end < out.size() && out[end] != '"') end += out[end] == '\\' ? 2 : 1;
    out.replace(at, end + 1 - at, with);
  }
  if (!doc->value.contains("$schema")) {
    std::size_t brace = doc->value_offset("");
    out.insert(brace + 1, "\n  \"$schema\": \"../../../schemas/model.schema.json\",");
  }
  return out;
}

std::string language_name(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  if (U_FAILURE(status) || loc.isBogus() || std::string(loc.getLanguage()).empty()) return "";
  icu::UnicodeString name;
  loc.getDisplayName(loc, name);
  std::string out;
  name.toUTF8String(out);
  return out;
}

}  // namespace

ScaffoldResult new_model(const fs::path& root, const std::string& provider_slash_id, const std::string& from_id) {
  auto slash = provider_slash_id.find('/');
  if (slash == std::string::npos)
    return failed(2, "`new model` needs PROVIDER/ID, like acme/alpha-1, not `" + provider_slash_id + "`");
  std::string provider = provider_slash_id.substr(0, slash), id = provider_slash_id.substr(slash + 1);
  if (!is_valid_id(provider) || !is_valid_id(id))
    return failed(2, "provider and model ids must match ^[a-z0-9][a-z0-9._-]*$, not `" + provider_slash_id + "`");
  std::string error;
  if (!site_config(root, error)) return failed(1, error);
  std::error_code ec;
  if (!fs::exists(root / "content" / "providers" / (provider + ".json"), ec))
    return failed(1, "no provider `" + provider + "` (content/providers/" + provider + ".json); create it with `modelsite new provider " +
                         provider + "`");
  std::string json = model_template(provider, id);
  if (!from_id.empty()) {
    std::optional<std::string> from_text;
    for (const auto& dir : list_dirs(root / "content" / "models"))
      if (fs::exists(dir / (from_id + ".json"), ec)) from_text = read_file(dir / (from_id + ".json"));
    if (!from_text) return failed(1, "no model `" + from_id + "` to copy under content/models/");
    auto copied = model_from(*from_text, provider, id, error);
    if (!copied) return failed(1, error);
    json = *copied;
  }
  std::string base = "content/models/" + provider + "/" + id;
  std::string prose = "<!-- The model's page text in the default locale (Markdown). Translations go in " + id +
                      ".<locale>.md. -->\n\nWhat the model is for, what it does well, and what to know before using it.\n";
  return write_new_files(root, {{base + ".json", json}, {base + ".md", prose}});
}

ScaffoldResult new_provider(const fs::path& root, const std::string& id) {
  if (!is_valid_id(id)) return failed(2, "provider ids must match ^[a-z0-9][a-z0-9._-]*$, not `" + id + "`");
  std::string error;
  if (!site_config(root, error)) return failed(1, error);
  std::string json = "// A provider: the company or project that publishes models. Required: id, name.\n"
                     "{\n"
                     "  \"$schema\": \"../../schemas/provider.schema.json\",\n"
                     "  \"id\": " + json_quoted(id) + ",          // the file name without .json; models name it in \"provider\"\n"
                     "  // \"website\": \"https://example.com\",  // optional: https:// or http://\n"
                     "  \"name\": " + json_quoted(id) + "         // as the provider writes its name\n"
                     "}\n";
  return write_new_files(root, {{"content/providers/" + id + ".json", json}});
}

ScaffoldResult new_page(const fs::path& root, const std::string& slug) {
  static const std::vector<std::string> reserved = {"models", "pricing", "deprecations", "endpoints", "api", "assets"};
  if (!is_valid_id(slug)) return failed(2, "page slugs must match ^[a-z0-9][a-z0-9._-]*$, not `" + slug + "`");
  if (std::find(reserved.begin(), reserved.end(), slug) != reserved.end())
    return failed(2, "page slug `" + slug + "` is used by a generated page");
  std::string error;
  if (!site_config(root, error)) return failed(1, error);
  std::string md = "# " + slug + "\n\n"
                   "<!-- A free page at /<locale>/" + slug + "/. The first \"# \" heading is its title; translations go in " +
                   slug + ".<locale>.md. -->\n\nWrite the page here.\n";
  return write_new_files(root, {{"content/pages/" + slug + ".md", md}});
}

ScaffoldResult new_locale(const fs::path& root, const std::string& tag) {
  std::string name = language_name(tag);
  if (name.empty() || tag.size() < 2 || !std::isalpha(static_cast<unsigned char>(tag[0])))
    return failed(2, "`" + tag + "` is not a locale tag ICU knows, like `fr` or `pt-BR`");
  std::string error;
  auto cfg = site_config(root, error);
  if (!cfg) return failed(1, error);
  if (std::find(cfg->locales.begin(), cfg->locales.end(), tag) != cfg->locales.end())
    return failed(1, "locale `" + tag + "` is already in site.json");
  std::string rel = "locales/" + tag + ".json";
  std::error_code ec;
  if (fs::exists(root / rel, ec)) return failed(1, rel + " already exists; modelsite new never overwrites a file");
  auto def_text = read_file(root / "locales" / (cfg->default_locale + ".json"));
  if (!def_text) return failed(1, "cannot read locales/" + cfg->default_locale + ".json to copy its messages");
  nlohmann::ordered_json def = nlohmann::ordered_json::parse(*def_text, nullptr, false, true);
  if (!def.is_object()) return failed(1, "locales/" + cfg->default_locale + ".json does not parse");
  auto site_text = read_file(root / "site.json");
  auto edited = site_text ? add_locale_to_site_json(*site_text, tag) : std::nullopt;
  if (!edited) return failed(1, "cannot find the \"locales\" array in site.json");
  std::string out = "// UI strings for " + name + " (ICU MessageFormat). Every message below is still the `" +
                    cfg->default_locale + "` text:\n// translate each one; `modelsite i18n` lists what is missing or unused.\n{\n";
  out += "  \"$schema\": \"../schemas/locale.schema.json\",\n";
  out += "  \"@meta\": { \"name\": " + json_quoted(name) + ", \"format_locale\": " + json_quoted(tag) + ", \"fallback\": [" +
         json_quoted(cfg->default_locale) + "] }";
  for (auto it = def.begin(); it != def.end(); ++it) {
    if (it.key() == "@meta" || it.key() == "$schema" || !it.value().is_string()) continue;
    out += ",\n  " + json_quoted(it.key()) + ": " + it.value().dump(-1, ' ', false);
  }
  out += "\n}\n";
  ScaffoldResult r = write_new_files(root, {{rel, out}});
  if (r.exit_code != 0) return r;
  if (!write_file(root / "site.json", *edited)) return failed(1, "cannot write site.json");
  r.edited.push_back("site.json");
  return r;
}

std::optional<std::string> add_locale_to_site_json(const std::string& text, const std::string& tag) {
  Diagnostics d;
  auto doc = parse_json_document(SourceFile("site.json", text), d);
  if (!doc || !doc->value.is_object() || !doc->value.contains("locales") || !doc->value["locales"].is_array()) return std::nullopt;
  const Json& locales = doc->value["locales"];
  std::string item = json_quoted(tag);
  if (locales.empty()) {
    std::string out = text;
    out.insert(doc->value_offset("/locales") + 1, item);
    return out;
  }
  std::size_t last = doc->value_offset(json_pointer_append("/locales", locales.size() - 1));
  std::size_t end = last + 1;  // past the last item's closing quote
  while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
  ++end;
  // Items on lines of their own get a line of their own, indented like the last one.
  std::size_t first = doc->value_offset("/locales/0");
  std::string sep = ", ";
  if (text.find('\n', doc->value_offset("/locales")) < first) {
    std::size_t line_start = text.rfind('\n', last) + 1;
    sep = ",\n" + text.substr(line_start, last - line_start);
  }
  std::string out = text;
  out.insert(end, sep + item);
  return out;
}

}  // namespace ms
