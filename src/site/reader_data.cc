#include "site/reader_data.h"

#include <memory>

#include "core/hash.h"
#include "site/memo_file.h"
#include "site/search_index.h"
#include "viewmodel/list_data.h"

namespace ms {

std::vector<ReaderDataFile> reader_data_files(SiteContext& ctx, const std::string& global, const std::string& everything,
                                              std::map<std::string, SearchIndexState>* kept,
                                              std::map<std::string, KeptRows>* rows_kept,
                                              DerivedMemo* disk) {
  std::vector<ReaderDataFile> out;
  const SiteContext* site = &ctx;
  ProseTerms prose_terms;
  for (const auto& locale : ctx.config->locales) {
    std::string rows = list_data_path(locale);
    std::string rows_print = Hasher().add(global).add(rows).add(everything).hex();
    KeptRows* known = rows_kept ? &(*rows_kept)[locale] : nullptr;
    if (known && known->fingerprint == rows_print) {
      // Same inputs, same rows: the version is known; the rows are made only if their file is missing.
      ctx.list_data[locale] = known->url;
      out.push_back({rows, rows_print, [site, locale] { return list_data_json(*site, locale); }});
    } else {
      // The URL's version is the content's own hash, so that it changes exactly when the data does.
      auto content = std::make_shared<std::string>(list_data_json(ctx, locale));
      ctx.list_data[locale] = rows + "?v=" + Hasher().add(*content).hex().substr(0, 10);
      if (known) *known = {rows_print, ctx.list_data[locale]};
      out.push_back({rows, rows_print, [content] { return std::move(*content); }});
    }

    // The search files, each known by its content: a prose edit rewrites meta.json and the shards
    // whose terms it changed, nothing else.
    SearchIndexState fresh = !kept && disk ? disk->take_search(locale) : SearchIndexState{};
    SearchIndexState& state = kept ? (*kept)[locale] : fresh;
    for (auto& file : search_index_files(ctx, locale, global, prose_terms, state)) {
      std::string print = Hasher().add(file.path).add(file.content).hex();
      auto content = std::make_shared<std::string>(std::move(file.content));
      out.push_back({std::move(file.path), std::move(print), [content] { return std::move(*content); }});
    }
    if (!kept && disk) disk->put_search(locale, fresh);
  }
  return out;
}

}  // namespace ms
