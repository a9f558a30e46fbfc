// Content JSON with source positions: any bytes parse or give located diagnostics; positions of
// every diagnostic and of every member lie inside the file.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/diagnostics.h"
#include "core/json_source.h"

namespace {

void walk(const ms::JsonDocument& doc, const ms::Json& v, const std::string& pointer, int depth) {
  if (depth > 64) return;
  if (doc.value_offset(pointer) > doc.file.text().size()) std::abort();
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string child = ms::json_pointer_append(pointer, it.key());
      if (doc.key_offset(child) > doc.file.text().size()) std::abort();
      walk(doc, it.value(), child, depth + 1);
    }
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size() && i < 64; ++i) walk(doc, v[i], ms::json_pointer_append(pointer, i), depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ms::Diagnostics diags;
  auto doc = ms::parse_json_document(ms::SourceFile("content/models/acme/fuzz.json", text), diags);
  std::string shown = ms::format_diagnostics(diags);  // with the source line and caret
  if (doc) {
    if (diags.has_errors()) std::abort();  // a document is returned only when it parsed
    walk(*doc, doc->value, "", 0);
  } else if (!diags.has_errors()) {
    std::abort();  // a failure always says why
  }
  return 0;
}
