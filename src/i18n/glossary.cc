#include "i18n/glossary.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "core/json_source.h"

namespace ms {

namespace {

std::unique_ptr<icu::RegexPattern> compile(const std::string& pattern, UErrorCode& status) {
  UParseError perr{};
  return std::unique_ptr<icu::RegexPattern>(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, perr, status));
}

// Byte length of the UTF-8 text that `units` UTF-16 code units of `s` (from its start) encode.
std::size_t utf8_length(const icu::UnicodeString& s, int32_t units) {
  std::string out;
  s.tempSubString(0, units).toUTF8String(out);
  return out.size();
}

struct Finding {
  std::size_t offset;
  std::string found;
  const GlossaryTerm* term;
};

}  // namespace

std::vector<Glossary> load_glossaries(const fs::path& root, const SiteConfig& config, Diagnostics& diags) {
  std::vector<Glossary> out;
  for (const auto& tag : config.locales) {
    fs::path path = root / "locales" / "glossary" / (tag + ".json");
    if (!fs::exists(path)) continue;
    std::string shown = "locales/glossary/" + tag + ".json";
    auto text = read_file(path);
    if (!text) {
      diags.error(shown, "unreadable-file", "cannot read the file");
      continue;
    }
    auto doc = parse_json_document(SourceFile(shown, std::move(*text)), diags);
    if (!doc) continue;
    Glossary g{tag, shown, {}};
    ObjectReader r(*doc, "", doc->value, diags, {"$schema", "terms"});
    const Json* terms = r.array("terms", true);
    for (std::size_t i = 0; terms && i < terms->size(); ++i) {
      std::string ptr = json_pointer_append("/terms", i);
      ObjectReader tr(*doc, ptr, (*terms)[i], diags, {"concept", "preferred", "rejected", "patterns", "note"});
      GlossaryTerm t;
      if (auto v = tr.string("concept", true)) t.subject = *v;
      if (auto v = tr.string("preferred", true)) t.preferred = *v;
      if (auto v = tr.string_list("rejected")) t.rejected = *v;
      if (auto v = tr.string_list("patterns")) t.patterns = *v;
      if (auto v = tr.string("note")) t.note = *v;
      for (std::size_t k = 0; k < t.patterns.size(); ++k) {
        UErrorCode status = U_ZERO_ERROR;
        compile(t.patterns[k], status);
        if (U_FAILURE(status))
          diags.error(doc->file, doc->value_offset(json_pointer_append(tr.pointer("patterns"), k)), "bad-pattern",
                      "`" + t.patterns[k] + "` is not a valid ICU regular expression (" + u_errorName(status) + ")");
      }
      g.terms.push_back(std::move(t));
    }
    out.push_back(std::move(g));
  }
  return out;
}

void check_terms(const Glossary& glossary, const SourceFile& file, std::size_t begin, std::size_t end,
                 Diagnostics& diags) {
  end = std::min(end, file.text().size());
  if (begin >= end) return;
  std::string_view text(file.text().data() + begin, end - begin);
  std::vector<Finding> found;
  icu::UnicodeString utext;
  for (const auto& term : glossary.terms) {
    for (const auto& variant : term.rejected)
      for (std::size_t at = text.find(variant); !variant.empty() && at != std::string_view::npos;
           at = text.find(variant, at + variant.size()))
        found.push_back({begin + at, variant, &term});
    for (const auto& pattern : term.patterns) {
      UErrorCode status = U_ZERO_ERROR;
      auto re = compile(pattern, status);
      if (U_FAILURE(status)) continue;  // reported when the glossary was loaded
      if (utext.isEmpty()) utext = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
      std::unique_ptr<icu::RegexMatcher> m(re->matcher(utext, status));
      while (U_SUCCESS(status) && m->find(status)) {
        int32_t start = m->start(status), stop = m->end(status);
        std::string match;
        utext.tempSubString(start, stop - start).toUTF8String(match);
        found.push_back({begin + utf8_length(utext, start), match, &term});
        if (stop == start) break;  // an empty match would loop forever
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) { return a.offset < b.offset; });
  for (const auto& f : found) {
    std::string message = "`" + f.found + "` is not the " + glossary.tag + " term for " + f.term->subject + "; write `" +
                          f.term->preferred + "` (" + glossary.path + ")";
    diags.warning(file, f.offset, "glossary-term", message);
    if (!f.term->note.empty()) diags.add_note_to_last(f.term->note);
  }
}

}  // namespace ms
