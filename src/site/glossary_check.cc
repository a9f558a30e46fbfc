#include "site/glossary_check.h"

#include "core/json_source.h"
#include "i18n/glossary.h"

namespace ms {

namespace {

// The end of the JSON string value whose opening quote is at `open`.
std::size_t string_end(const std::string& text, std::size_t open) {
  std::size_t i = open + 1;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  return std::min(i, text.size());
}

void check_endpoint(const Glossary& g, const fs::path& root, const EndpointDoc& e, Diagnostics& diags) {
  auto text = read_file(root / e.source_path);
  if (!text) return;
  Diagnostics ignored;  // the catalog stage has reported any problem of the file already
  auto doc = parse_json_document(SourceFile(e.source_path, std::move(*text)), ignored);
  if (!doc || !doc->value.contains("parameters") || !doc->value["parameters"].is_array()) return;
  const Json& params = doc->value["parameters"];
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Json& p = params[i];
    if (!p.is_object() || !p.contains("description") || !p["description"].is_object()) continue;
    const Json& d = p["description"];
    if (!d.contains(g.tag) || !d[g.tag].is_string()) continue;
    std::string ptr = json_pointer_append(json_pointer_append(json_pointer_append("/parameters", i), "description"), g.tag);
    std::size_t open = doc->value_offset(ptr);
    check_terms(g, doc->file, open, string_end(doc->file.text(), open), diags);
  }
}

}  // namespace

std::map<std::string, std::size_t> check_glossaries(const fs::path& root, const SiteConfig& config,
                                                     const std::vector<LocaleBundle>& bundles, const Catalog& catalog,
                                                     Diagnostics& diags) {
  std::map<std::string, std::size_t> findings;
  for (const Glossary& g : load_glossaries(root, config, diags)) {
    Diagnostics found;
    for (const auto& b : bundles) {
      if (b.tag != g.tag) continue;
      for (const auto& [key, pattern] : b.messages) {
        std::size_t open = b.value_offsets.at(key);
        check_terms(g, b.file, open, string_end(b.file.text(), open), found);
      }
    }
    for (const auto& [id, e] : catalog.endpoints) check_endpoint(g, root, e, found);
    auto prose = [&](const std::map<std::string, ProseBody>& bodies) {
      auto it = bodies.find(g.tag);
      if (it == bodies.end()) return;
      SourceFile file(it->second.path, it->second.markdown);
      check_terms(g, file, 0, file.text().size(), found);
    };
    for (const auto& m : catalog.models) prose(m.bodies);
    for (const auto& p : catalog.pages) prose(p.bodies);
    findings[g.tag] = found.warning_count();
    diags.append(found);
  }
  return findings;
}

}  // namespace ms
