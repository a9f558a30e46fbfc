#include "site/reader_data.h"

#include <memory>

#include "core/hash.h"
#include "core/parallel.h"
#include "site/search_index.h"
#include "viewmodel/list_data.h"

namespace ms {

std::vector<ReaderDataFile> reader_data_files(SiteContext& ctx, const std::string& global, const std::string& everything,
                                              std::map<std::string, SearchIndexState>* kept,
                                              std::map<std::string, KeptRows>* rows_kept, int jobs) {
  const SiteContext* site = &ctx;
  const auto& locales = ctx.config->locales;
  // Each locale's search index on a thread of its own (they share only the prose terms, which
  // are safe to share); the rows, which set ctx.list_data, on this one.
  ProseTerms prose_terms;
  std::vector<SearchIndexState> fresh(kept ? 0 : locales.size());
  std::vector<SearchIndexState*> states;
  for (std::size_t i = 0; i < locales.size(); ++i) states.push_back(kept ? &(*kept)[locales[i]] : &fresh[i]);
  std::vector<std::vector<SearchFile>> search(locales.size());
  run_parallel(locales.size(), jobs, [&](std::size_t i, int) {
    search[i] = search_index_files(ctx, locales[i], global, prose_terms, *states[i]);
  });

  std::vector<ReaderDataFile> out;
  for (std::size_t i = 0; i < locales.size(); ++i) {
    const std::string& locale = locales[i];
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
    for (auto& file : search[i]) {
      std::string print = Hasher().add(file.path).add(file.content).hex();
      auto content = std::make_shared<std::string>(std::move(file.content));
      out.push_back({std::move(file.path), std::move(print), [content] { return std::move(*content); }});
    }
  }
  return out;
}

}  // namespace ms
