// The text rules of the site search, the same at index time (here) and at query time
// (templates/assets/search.js): how text is folded and cut into terms.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

// NFKC, lower case (Unicode's default mapping), and Arabic folded the way readers type it: no
// diacritics or tatweel, alef with hamza or madda as bare alef, alef maqsura as yeh, ta marbuta
// as heh, hamza on waw / yeh as the bare letter, Arabic-Indic digits as 0-9.
std::string fold_search_text(std::string_view utf8);

// The terms of a text, folded: each run of letters, marks and digits is one term; a run of Han,
// Hiragana, Katakana or Hangul (no spaces between words) gives its overlapping pairs of
// characters and its last character alone, so that any query of one or more characters found
// in the text matches.
std::vector<std::string> search_terms(std::string_view utf8);

// Which of `shards` files holds a term: FNV-1a (32 bits) of the term's UTF-8 key, modulo
// `shards`. The key is the term's first character when that is Han, kana or Hangul (a query of
// one such character looks for every pair it starts), else its first two characters.
std::uint32_t search_shard(std::string_view term, std::uint32_t shards);

}  // namespace ms
