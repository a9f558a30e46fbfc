// site.json: the site's configuration. Unknown keys are errors.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/fs.h"
#include "core/source.h"

namespace ms {

struct ApiConfig {
  std::string base_url = "https://api.example.com/v1";  // printed in every snippet
  std::string key_env = "EXAMPLE_API_KEY";              // snippets read the key from it
  std::string playground_url;                           // "{model}" is replaced; optional
};

struct SiteConfig {
  std::string title = "Model Hub";
  std::string description;
  std::string base_url = "https://models.example.com/";  // always ends with '/'
  std::string default_locale = "en";
  std::vector<std::string> locales = {"en"};
  ApiConfig api;
  std::vector<std::string> snippets = {"curl", "python-openai", "python-requests", "js-fetch",
                                       "js-openai"};
  bool strict = false;    // missing translations are errors
  bool raw_html = false;  // Markdown may carry raw HTML
};

// The snippet targets modelsite knows, in display order.
const std::vector<std::string>& known_snippet_targets();

// Reads ROOT/site.json.
std::optional<SiteConfig> load_site_config(const fs::path& root, Diagnostics& diags);
// The same from text already read (diagnostics point into `file`).
std::optional<SiteConfig> parse_site_config(SourceFile file, Diagnostics& diags);

}  // namespace ms
