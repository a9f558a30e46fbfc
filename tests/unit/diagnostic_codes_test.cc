// Every diagnostic code the sources can emit has a test that shows it: an invalid-input case
// under tests/invalid/ whose expected output names it, or a line in
// tests/invalid/covered-elsewhere.txt naming the test that does.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "test_support.h"

using namespace test;

namespace {

// Codes are lower-case words joined by hyphens ("unknown-key"). They reach Diagnostics either as
// a literal argument of a reporting call or of a helper that reports, or assigned to `code`.
std::set<std::string> codes_in_sources() {
  static const std::regex call(R"(\b(?:error|warning|check_vocabulary|check_list)\s*\()");
  static const std::regex literal(R"re("([a-z]+(?:-[a-z]+)+)")re");
  static const std::regex assigned(R"re(\bcode\s*=\s*"([a-z]+(?:-[a-z]+)+)")re");
  std::set<std::string> codes;
  for (const auto& e : fs::recursive_directory_iterator(source_dir() / "src")) {
    auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    const std::string text = read(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
      auto from = text.begin() + it->position() + it->length();
      auto to = std::find(from, text.end(), ';');
      std::smatch m;
      // The first code-shaped literal of the call is its code; later ones are message text.
      if (std::regex_search(from, to, m, literal)) codes.insert(m[1]);
    }
    for (std::sregex_iterator it(text.begin(), text.end(), assigned), end; it != end; ++it)
      codes.insert((*it)[1]);
  }
  return codes;
}

// Codes shown by tests/invalid/<case>/expected.txt ("... [code]").
std::set<std::string> codes_in_invalid_cases() {
  static const std::regex shown(R"(\[([a-z]+(?:-[a-z]+)+)\]$)");
  std::set<std::string> codes;
  for (const auto& e : fs::directory_iterator(source_dir() / "tests" / "invalid")) {
    fs::path expected = e.path() / "expected.txt";
    if (!fs::exists(expected)) continue;
    std::istringstream in(read(expected));
    std::string line;
    std::smatch m;
    while (std::getline(in, line))
      if (std::regex_search(line, m, shown)) codes.insert(m[1]);
  }
  return codes;
}

// "code  where it is tested" lines; `#` starts a comment.
std::map<std::string, std::string> codes_covered_elsewhere() {
  std::map<std::string, std::string> out;
  std::istringstream in(read(source_dir() / "tests" / "invalid" / "covered-elsewhere.txt"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find_first_of(" \t");
    std::string code = line.substr(0, space);
    std::string where = space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    out[code] = where;
  }
  return out;
}

}  // namespace

TEST_CASE("the source scan finds the codes of reporting calls", "[cases]") {
  auto codes = codes_in_sources();
  // One of each way a code reaches Diagnostics: a located call, a helper, a multi-line call.
  CHECK(codes.count("unknown-key"));
  CHECK(codes.count("unknown-modality"));
  CHECK(codes.count("template-syntax"));
  CHECK(codes.count("missing-message"));
}

TEST_CASE("every diagnostic code used in src/ has an invalid-input case", "[cases]") {
  auto shown = codes_in_invalid_cases();
  auto elsewhere = codes_covered_elsewhere();
  std::vector<std::string> untested;
  for (const auto& code : codes_in_sources())
    if (!shown.count(code) && !elsewhere.count(code)) untested.push_back(code);
  INFO("add a tests/invalid/<case>/ that reports each of these (or name its test in covered-elsewhere.txt)");
  CHECK(untested == std::vector<std::string>{});
}

TEST_CASE("covered-elsewhere lists only codes that exist and have no invalid-input case", "[cases]") {
  auto used = codes_in_sources();
  auto shown = codes_in_invalid_cases();
  for (const auto& [code, where] : codes_covered_elsewhere()) {
    INFO(code);
    CHECK(used.count(code));
    CHECK_FALSE(shown.count(code));
    CHECK_FALSE(where.empty());
  }
}
