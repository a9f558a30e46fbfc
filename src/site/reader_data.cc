#include "site/reader_data.h"

#include <memory>
#include <mutex>

#include "core/hash.h"
#include "site/search_index.h"
#include "viewmodel/list_data.h"

namespace ms {

std::vector<ReaderDataFile> reader_data_files(SiteContext& ctx, const std::string& global, const std::string& everything,
                                              std::map<std::string, SearchIndexState>* kept) {
  std::vector<ReaderDataFile> out;
  Hasher prose;
  for (const auto& m : ctx.catalog->models) prose.add(m.source_hash);
  const std::string with_prose = Hasher().add(everything).add(prose.hex()).hex();
  const SiteContext* site = &ctx;
  auto prose_terms = std::make_shared<ProseTerms>();
  for (const auto& locale : ctx.config->locales) {
    std::string rows = list_data_path(locale);
    std::string rows_print = Hasher().add(global).add(rows).add(everything).hex();
    // The URL's version is the content's own hash, so that it changes exactly when the data does.
    auto content = std::make_shared<std::string>(list_data_json(ctx, locale));
    ctx.list_data[locale] = rows + "?v=" + Hasher().add(*content).hex().substr(0, 10);
    out.push_back({rows, rows_print, [content] { return std::move(*content); }});

    // All of a locale's search files come from one pass over the catalog, made on first use.
    std::string version = Hasher().add(global).add(locale).add(with_prose).hex();
    struct Lazy {
      std::once_flag once;
      std::vector<SearchFile> files;
    };
    auto index = std::make_shared<Lazy>();
    auto state = kept ? std::shared_ptr<SearchIndexState>(std::shared_ptr<void>(), &(*kept)[locale])
                      : std::make_shared<SearchIndexState>();
    auto paths = search_file_paths(locale, ctx.catalog->models.size());
    const std::size_t first_docs = 1 + search_shard_count(ctx.catalog->models.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
      // The docs files show names, ids and providers: a prose edit leaves them as they are.
      std::string print = i < first_docs ? Hasher().add(version).add(paths[i]).hex()
                                         : Hasher().add(global).add(paths[i]).add(everything).hex();
      out.push_back({paths[i], print, [site, locale, index, i, prose_terms, state] {
                       std::call_once(index->once, [&] {
                         index->files = search_index_files(*site, locale, *prose_terms, *state);
                       });
                       return std::move(index->files[i].content);
                     }});
    }
  }
  return out;
}

}  // namespace ms
