// What an importer produces: providers and models in the content format, plus what it could not
// map. The writer turns this into files; nothing here touches the disk.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/json_source.h"

namespace ms {

// One price item; qualifiers are empty when absent (DESIGN.md "Content").
struct ImportedPrice {
  std::string meter;
  std::int64_t per = 1;
  std::string price;  // exact decimal text
  std::int64_t above = 0;
  std::string service_tier, ttl, quality, size, resolution, region;

  // Same meter and qualifiers: two such items would be a duplicate price.
  bool same_slot(const ImportedPrice& o) const;
  Json to_json() const;  // keys in the content format's order
};

struct ImportedModel {
  std::string source_key;  // the model's name in the source, for messages and the manifest
  std::string provider;    // folded provider id
  std::string id;          // folded model id (unique in the catalog after assign_ids)
  std::string name;
  std::string status = "active";
  bool status_from_source = false;  // the source says the status (else a new file starts active)
  std::string released, deprecated_on, knowledge_cutoff;
  std::optional<std::int64_t> context_window, max_output_tokens;
  std::vector<std::string> input_modalities, output_modalities;
  std::vector<std::string> endpoints, capabilities;
  std::vector<ImportedPrice> prices;
  std::string description;  // prose from the source (Markdown), "" when none

  // Adds `p` unless the same slot is taken; returns false when it was (the caller counts it).
  bool add_price(ImportedPrice p);
  void add_capability(const std::string& c);
  void add_endpoint(const std::string& e);
  void add_modality(bool input, const std::string& m);
  // The importer-owned keys of the content file, in the content format (pricing items sorted).
  Json owned_json() const;
};

struct ImportedProvider {
  std::string id;
  std::string name;
  std::string website;  // "" when the source gives none
};

// Counts of source fields, for the summary: every field is either mapped or not.
struct FieldCounts {
  std::map<std::string, std::size_t> mapped;
  std::map<std::string, std::size_t> not_mapped;
  void map(const std::string& field) { ++mapped[field]; }
  void skip(const std::string& field) { ++not_mapped[field]; }
  // Adds `other`'s counts; with `all_not_mapped`, its mapped fields count as not mapped (the
  // entry they belong to was not imported).
  void add(const FieldCounts& other, bool all_not_mapped = false);
};

struct ImportData {
  std::string source;  // "litellm", "models.dev", "openrouter"
  std::vector<ImportedProvider> providers;
  std::vector<ImportedModel> models;
  FieldCounts fields;
  std::map<std::string, std::size_t> skipped;  // source entries not imported, by reason
  std::vector<std::string> renamed;            // "source key -> provider/id" for id collisions
  // Models whose source file could not be read this time: not vanished, their files are kept.
  std::set<std::string> unreadable;
};

// Sorts models and providers and makes model ids unique across the catalog: among models that
// fold to the same id, the one kept under it is (in order) the one the manifest already has
// there, one whose source name has no provider prefix, then the first by provider and source
// name; the others get `<id>-<provider>` (then `-2`, `-3`, ...). `previous` maps source keys to
// the "provider/id" they were imported as before, so ids stay stable across re-imports.
// `reserved` maps the ids of model files this source did not make to their "provider/id": a
// model keeps such an id only in the same provider folder (the writer then leaves the author's
// file alone), elsewhere the id is taken.
void assign_ids(ImportData& data, const std::map<std::string, std::string>& previous,
                const std::map<std::string, std::string>& reserved);

// Whether a price's meter is in the catalog's meter table (catalog/pricing.h), its qualifiers are
// allowed on that meter and their values are in the table's vocabularies.
bool qualifiers_allowed(const ImportedPrice& p, std::string* why);

}  // namespace ms
