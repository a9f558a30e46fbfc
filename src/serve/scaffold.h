// `modelsite new`: files for a new model, provider, locale or page that build at once, with the
// required keys, a comment on every optional key, and `$schema` pointing at the site's schemas/.
// Nothing is ever overwritten.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/fs.h"

namespace ms {

struct ScaffoldResult {
  std::vector<std::string> created;  // paths relative to the root
  std::vector<std::string> edited;   // e.g. site.json for a new locale
  std::string error;                 // set when nothing was done
  int exit_code = 0;                 // 0 done; 1 refused (the file exists, unknown provider...); 2 bad argument
};

ScaffoldResult new_model(const fs::path& root, const std::string& provider_slash_id, const std::string& from_id);
ScaffoldResult new_provider(const fs::path& root, const std::string& id);
ScaffoldResult new_locale(const fs::path& root, const std::string& tag);
ScaffoldResult new_page(const fs::path& root, const std::string& slug);

// The JSON Schemas bundled with modelsite (file name -> text), written to <root>/schemas/ by
// `new` when the site has none, so that `$schema` resolves in the editor.
const std::vector<std::pair<std::string, std::string>>& bundled_schemas();

// site.json with `tag` added to its "locales" array: the text is edited in place, so comments
// and formatting stay as they were. Nothing when the array cannot be found.
std::optional<std::string> add_locale_to_site_json(const std::string& text, const std::string& tag);

}  // namespace ms
