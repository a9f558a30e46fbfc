// The catalog: providers, models, free pages and endpoint references as plain structs.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/pricing.h"
#include "config/config.h"
#include "core/decimal.h"
#include "core/diagnostics.h"
#include "core/fs.h"

namespace ms {

// Fixed vocabularies (DESIGN.md "Content").
const std::vector<std::string>& model_statuses();    // active preview deprecated retired coming-soon
const std::vector<std::string>& modality_names();    // text image audio video pdf
const std::vector<std::string>& capability_names();  // function-calling ... web-search
const std::vector<std::string>& endpoint_names();    // chat.completions ... moderations

struct Provider {
  std::string id;
  std::string name;
  std::string website;
  std::string source_path;  // content/providers/<id>.json
};

struct ModelExample {
  std::optional<std::string> system;
  std::optional<std::string> prompt;
  std::optional<std::string> image_url;
  std::optional<std::string> voice;
  std::optional<std::string> audio_file;
};

struct ProseBody {
  std::string path;      // display path of the .md file
  std::string markdown;  // the source text
  std::string html;      // filled by the markdown stage
  std::string title;     // the text of its first level-1 heading, filled by the markdown stage
};

struct Model {
  std::string id;
  std::string name;
  std::string provider;
  std::string family;
  std::string status;
  std::string released, deprecated_on, retired_on, knowledge_cutoff;  // "" when not given
  std::vector<std::string> replacements;
  std::optional<std::int64_t> context_window, max_output_tokens;
  std::vector<std::string> input_modalities, output_modalities;
  std::vector<std::string> endpoints;
  std::vector<std::string> capabilities;
  std::optional<bool> commercial_use;
  std::optional<Pricing> pricing;
  ModelExample example;
  std::string source_path;  // content/models/<provider>/<id>.json
  std::map<std::string, ProseBody> bodies;  // locale -> prose (default locale = <id>.md)
  std::string data_hash;    // of the JSON file: what other pages show of the model (cards, lists)
  std::string source_hash;  // of the JSON and every prose file: what the model's own pages show
};

struct Page {
  std::string slug;
  std::map<std::string, ProseBody> bodies;  // locale -> body; the title is the first H1
  std::string source_hash;
};

struct EndpointParam {
  std::string name;
  std::string type;
  bool required = false;
  std::map<std::string, std::string> description;  // locale -> text ("" key = any locale)
};

struct EndpointDoc {
  std::string id;  // chat.completions
  std::string method = "POST";
  std::string path;  // /chat/completions
  std::string title;
  std::string content_type = "application/json";
  std::vector<EndpointParam> parameters;
  std::string source_path;
};

struct Catalog {
  std::vector<Provider> providers;  // sorted by id
  std::vector<Model> models;        // sorted by provider, then id
  std::vector<Page> pages;          // sorted by slug
  std::map<std::string, EndpointDoc> endpoints;

  const Provider* provider(std::string_view id) const;
  const Model* model(std::string_view id) const;
  std::unordered_map<std::string, std::size_t> model_index;  // id -> position in models
  // Positions in models, in catalog order, by family and by provider.
  std::unordered_map<std::string, std::vector<std::size_t>> by_family, by_provider;
};

// Model files as a long-lived process (`modelsite serve`) last parsed them, and the prose files
// as it last read them. A model file whose text and whose provider list are what they were is
// not parsed or validated again: its model and its diagnostics are reused. When the load is given
// the files' stats, a file whose stat is what it was when it was read (and was then settled, see
// FileStats) is not even read again. Files that are gone are forgotten at the next load.
struct CatalogMemo {
  struct Entry;  // load.cc
  struct Text {
    std::string text;
    std::optional<FileStat> stat;  // when read, if it proves the text (settled)
  };
  std::map<std::string, std::shared_ptr<const Entry>> models;  // path -> last result
  std::map<std::string, Text> bodies;                          // path -> prose as last read
  std::size_t reused = 0, parsed = 0;                           // model files, of the last load
  std::size_t unread = 0;  // model and prose files of the last load taken from their stats alone
};

// Loads and validates content/ under root for the configured locales. Every problem is reported;
// returns nothing when any is an error. With a memo, unchanged model files are not parsed again.
// `sources`: the stats of the files under content/ taken before this load (FileStats paths).
std::optional<Catalog> load_catalog(const fs::path& root, const SiteConfig& config, Diagnostics& diags, int jobs = 1,
                                    CatalogMemo* memo = nullptr, const FileStats* sources = nullptr);

}  // namespace ms
