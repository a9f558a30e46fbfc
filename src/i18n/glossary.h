// A locale's glossary (locales/glossary/<tag>.json): the one term the site uses for each concept,
// with the variants a native reviewer rejects, so that UI strings, endpoint references and prose
// of a locale all say the same thing the same way.
#pragma once
#include <string>
#include <vector>

#include "config/config.h"
#include "core/diagnostics.h"
#include "core/fs.h"
#include "core/source.h"

namespace ms {

struct GlossaryTerm {
  std::string subject;               // what the term names, in English ("knowledge cutoff")
  std::string preferred;              // the locale's term for it
  std::vector<std::string> rejected;  // variants, matched literally
  std::vector<std::string> patterns;  // variants as ICU regular expressions (context, spacing)
  std::string note;                   // why the preferred term is the right one
};

struct Glossary {
  std::string tag;
  std::string path;  // locales/glossary/<tag>.json
  std::vector<GlossaryTerm> terms;
};

// Reads the glossary of every configured locale that has one; a pattern ICU cannot compile is
// a `bad-pattern` error.
std::vector<Glossary> load_glossaries(const fs::path& root, const SiteConfig& config, Diagnostics& diags);

// Reports every rejected variant found in file.text()[begin, end) as a `glossary-term` warning
// at its position, naming the preferred term.
void check_terms(const Glossary& glossary, const SourceFile& file, std::size_t begin, std::size_t end,
                 Diagnostics& diags);

}  // namespace ms
