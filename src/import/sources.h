// The three importers. Each reads one source into ImportData without touching the disk beyond
// reading it; bad values are warnings naming the model and field, and the import goes on.
#pragma once
#include <optional>

#include "core/diagnostics.h"
#include "core/fs.h"
#include "core/source.h"
#include "import/imported.h"

namespace ms {

// LiteLLM's model cost map (model_prices_and_context_window.json). Nothing when the file does
// not parse or is not an object of models.
std::optional<ImportData> import_litellm(const SourceFile& file, Diagnostics& diags);

// The JSON of OpenRouter's public models API (GET /api/v1/models: `data[]`).
std::optional<ImportData> import_openrouter(const SourceFile& file, Diagnostics& diags);

// A models.dev tree: `providers/<p>/provider.toml` and `providers/<p>/models/**/*.toml`.
// `shown` is how `dir` appears in messages. Nothing when there is no providers/ folder.
std::optional<ImportData> import_models_dev(const fs::path& dir, const std::string& shown, Diagnostics& diags);

// Shared by the importers: a warning about one model's field (`import-bad-value`).
void bad_value(Diagnostics& diags, const std::string& path, const std::string& model, const std::string& field,
               const std::string& why);

}  // namespace ms
