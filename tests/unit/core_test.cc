#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <set>

#include "core/decimal.h"
#include "core/diagnostics.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/json_source.h"
#include "core/source.h"
#include "core/text.h"
#include "test_support.h"

using namespace ms;

TEST_CASE("decimals parse and print exactly, without binary floating point", "[core]") {
  struct Row { const char* in; const char* out; };
  const Row rows[] = {{"24", "24"}, {"0.04", "0.04"}, {"2e-07", "0.0000002"}, {"2.4E-6", "0.0000024"},
                      {"1.50", "1.5"}, {"000.10", "0.1"}, {"1e3", "1000"}, {"-0", "0"}};
  for (const auto& r : rows) {
    INFO(r.in);
    auto d = Decimal::parse(r.in);
    REQUIRE(d);
    CHECK(d->to_string() == r.out);
  }
  CHECK_FALSE(Decimal::parse("abc"));
  CHECK_FALSE(Decimal::parse("1.2.3"));
  CHECK_FALSE(Decimal::parse("1e"));
  CHECK_FALSE(Decimal::parse(""));
}

TEST_CASE("per-token prices scale to per-million prices exactly", "[core]") {
  // LiteLLM stores 2e-07 per token; 2e-07 * 1e6 in binary floating point is 0.19999999999999998.
  CHECK(Decimal::parse("2e-07")->shifted(6).to_string() == "0.2");
  CHECK(Decimal::parse("0.0000025")->times(1000000).to_string() == "2.5");
  CHECK(Decimal::parse("1.1e-06")->shifted(6).to_string() == "1.1");
}

TEST_CASE("discounts are computed as exact fractions", "[core]") {
  Decimal list = *Decimal::parse("30"), price = *Decimal::parse("24");
  CHECK(list.minus(price).divided(list, 4).to_string() == "0.2");
  CHECK(Decimal::parse("0.05")->minus(*Decimal::parse("0.04")).divided(*Decimal::parse("0.05"), 4).to_string() == "0.2");
  CHECK(Decimal::parse("3")->minus(*Decimal::parse("2"))
            .divided(*Decimal::parse("3"), 4).to_string() == "0.3333");
  CHECK(Decimal::parse("1")->divided(*Decimal::parse("3"), 2).to_string() == "0.33");
  CHECK(Decimal::parse("2")->divided(*Decimal::parse("3"), 2).to_string() == "0.67");
  CHECK(Decimal::parse("4")->minus(*Decimal::parse("7")).to_string() == "-3");
}

TEST_CASE("decimals compare by value", "[core]") {
  CHECK(*Decimal::parse("0.06") > *Decimal::parse("0.05"));
  CHECK(*Decimal::parse("1.50") == *Decimal::parse("1.5"));
  CHECK(*Decimal::parse("-1") < *Decimal::parse("0"));
  CHECK(*Decimal::parse("10") > *Decimal::parse("9.999"));
}

TEST_CASE("source positions count lines and code points from 1", "[core]") {
  SourceFile f("x.json", "ab\nمرحبا x\n");
  CHECK(f.position(0).line == 1);
  CHECK(f.position(0).col == 1);
  std::size_t x = f.text().find('x');
  CHECK(f.position(x).line == 2);
  CHECK(f.position(x).col == 7);
  CHECK(f.line_text(2) == "مرحبا x");
}

TEST_CASE("diagnostics print path:line:col, the source line and a caret", "[core]") {
  SourceFile f("content/a.json", "{\n  \"nme\": 1\n}\n");
  Diagnostics d;
  d.error(f, f.text().find("\"nme\""), "unknown-key", "unknown key `nme` (did you mean `name`?)");
  d.add_note_to_last("first defined in content/b.json");
  CHECK(format_diagnostics(d) ==
        "content/a.json:2:3: error: unknown key `nme` (did you mean `name`?) [unknown-key]\n"
        "    \"nme\": 1\n"
        "    ^\n"
        "  note: first defined in content/b.json\n");
}

TEST_CASE("a long source line is shown as 160 code points around the column", "[core]") {
  // One line of 400 code points: 150 two-byte letters, then `x`, then 249 digits.
  std::string line;
  for (int i = 0; i < 150; ++i) line += "é";
  line += "x";
  for (int i = 0; i < 249; ++i) line += static_cast<char>('0' + i % 10);
  SourceFile f("big.json", line + "\n");
  Diagnostics d;
  d.error(f, f.text().find('x'), "json-syntax", "here");
  std::string window;  // code points 71 to 230: 80 letters, `x`, 79 digits
  for (int i = 0; i < 80; ++i) window += "é";
  window += "x" + line.substr(301, 79);
  CHECK(format_diagnostics(d) == "big.json:1:151: error: here [json-syntax]\n  …" + window + "…\n  " + std::string(81, ' ') + "^\n");
  // Near the start, nothing is cut before the line.
  Diagnostics e;
  e.error(f, 2, "json-syntax", "here");
  std::string head;
  for (int i = 0; i < 150; ++i) head += "é";
  head += "x" + line.substr(301, 9);
  CHECK(format_diagnostics(e) == "big.json:1:2: error: here [json-syntax]\n  " + head + "…\n   ^\n");
}

TEST_CASE("JSON nested deeper than 64 levels is refused at the bracket that goes too deep", "[core]") {
  std::string ok = std::string(64, '[') + std::string(64, ']');
  CHECK_FALSE(json_nesting_beyond(ok));
  // Brackets inside strings and comments do not count.
  std::string noisy = "// [[[[\n{\"a\": \"[[[[\\\"[[\", /* {{{{ */ \"b\": " + std::string(63, '[') + std::string(63, ']') + "}";
  CHECK_FALSE(json_nesting_beyond(noisy));
  std::string deep = "{\"a\": " + std::string(200000, '[') + std::string(200000, ']') + "}";
  CHECK(json_nesting_beyond(deep) == std::optional<std::size_t>(6 + 63));
  Diagnostics d;
  CHECK_FALSE(parse_json_document(SourceFile("a.json", deep), d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "json-depth");
  CHECK(d.items()[0].pos.col == 70);
}

TEST_CASE("JSON documents allow comments and know where each value is", "[core]") {
  Diagnostics d;
  auto doc = parse_json_document(SourceFile("a.json", "// c\n{ \"a\": [1, {\"b\": \"x\"}], /* d */ \"c/d\": true }"), d);
  REQUIRE(doc);
  CHECK_FALSE(d.has_errors());
  TextPos b = doc->file.position(doc->value_offset("/a/1/b"));
  CHECK(b.line == 2);
  CHECK(b.col == 18);
  CHECK(doc->file.text().substr(doc->key_offset("/c~1d"), 5) == "\"c/d\"");
}

TEST_CASE("a trailing comma is named as the cause of a JSON syntax error", "[core]") {
  Diagnostics d;
  auto doc = parse_json_document(SourceFile("a.json", "{\n  \"a\": [1, 2,],\n  \"b\": 1\n}"), d);
  CHECK_FALSE(doc);
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].pos.line == 2);
  CHECK(d.items()[0].pos.col == 13);
  CHECK(d.items()[0].message == "trailing comma before `]` (JSON allows no comma after the last item)");
}

TEST_CASE("suggestions come only from close candidates", "[core]") {
  CHECK(closest_match("contex_window", {"context_window", "name"}) == "context_window");
  CHECK(closest_match("telepathy", {"vision", "reasoning"}).empty());
}

TEST_CASE("ids, dates and UTF-8 are validated exactly", "[core]") {
  CHECK(is_valid_id("gpt-4.1"));
  CHECK(is_valid_id("claude-opus-4.6"));
  CHECK_FALSE(is_valid_id("GPT-4"));
  CHECK_FALSE(is_valid_id("../etc"));
  CHECK_FALSE(is_valid_id(".hidden"));
  CHECK_FALSE(is_valid_id("a/b"));
  CHECK(is_valid_date("2024-02-29", false));
  CHECK_FALSE(is_valid_date("2023-02-29", false));
  CHECK_FALSE(is_valid_date("2021-09", false));
  CHECK(is_valid_date("2021-09", true));
  CHECK_FALSE(is_valid_date("2021-13", true));
  CHECK(is_valid_utf8("مرحبا 你好"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
  CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("content hashes tell pieces, lengths and single bits apart, and never change", "[core]") {
  // Fixed values: asset versions and fingerprints must not depend on the platform or compiler.
  CHECK(ms::Hasher().hex() == "6a09e667f3bcc908");
  CHECK(ms::hash_hex("") == "677e0639349a2a50");
  CHECK(ms::hash_hex("modelsite") == "df9bea8affbbfe33");
  CHECK(ms::hash_hex(std::string(100, 'x')) == "8c887b43450455c5");
  // Where one piece ends matters.
  CHECK(ms::Hasher().add("ab").add("c").hex() != ms::Hasher().add("a").add("bc").hex());
  CHECK(ms::Hasher().add("abc").add("").hex() != ms::Hasher().add("abc").hex());
  CHECK(ms::Hasher().add(std::string(8, '\0')).hex() != ms::Hasher().add(std::string(9, '\0')).hex());
  // Every length from 0 to 80 of the same byte, and every single-bit change of a 48-byte text
  // (in a 16-byte block, the 8-byte tail and the bytes between), hash differently.
  std::set<std::string> seen;
  for (std::size_t n = 0; n <= 80; ++n) seen.insert(ms::hash_hex(std::string(n, 'a')));
  CHECK(seen.size() == 81);
  const std::string text = "the quick brown fox jumps over the lazy dog, ok?";
  REQUIRE(text.size() == 48);
  seen = {ms::hash_hex(text), ms::hash_hex(text.substr(0, 45))};
  for (std::size_t i = 0; i < text.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string t = text;
      t[i] = static_cast<char>(t[i] ^ (1 << bit));
      seen.insert(ms::hash_hex(t));
      if (i < 45) seen.insert(ms::hash_hex(t.substr(0, 45)));
    }
  CHECK(seen.size() == 2 + 48 * 8 + 45 * 8);
}

TEST_CASE("a file rewritten in place keeps its inode and has exactly the new content", "[core]") {
  test::TempDir dir;
  fs::path p = dir.path / "snippet.sh";
  REQUIRE(overwrite_file(p, "a longer first version\n"));
  struct stat first {};
  REQUIRE(::stat(p.c_str(), &first) == 0);
  REQUIRE(overwrite_file(p, "short\n"));
  CHECK(read_file(p) == "short\n");
  REQUIRE(overwrite_file(p, "a longer third version, longer than the first\n"));
  CHECK(read_file(p) == "a longer third version, longer than the first\n");
  REQUIRE(overwrite_file(p, ""));
  CHECK(read_file(p) == "");
  struct stat last {};
  REQUIRE(::stat(p.c_str(), &last) == 0);
  CHECK(last.st_ino == first.st_ino);
  CHECK_FALSE(overwrite_file(dir.path / "no-such-folder" / "x", "x"));
}
