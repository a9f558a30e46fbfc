// The typed views: the message keys they read are known from the code, and templates/README.md
// documents exactly the fields their template data has.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "catalog/catalog.h"
#include "config/config.h"
#include "i18n/message_keys.h"
#include "test_support.h"
#include "viewmodel/template_data.h"
#include "viewmodel/viewmodel.h"

using namespace test;
using namespace ms;

namespace {

// A small site of its own: the base of the invalid-input cases plus a retired model that names
// a replacement and has tiered prices, and a free page.
void write_site(const fs::path& dir) {
  make_site(dir, {source_dir() / "tests" / "invalid" / "base"});
  write(dir / "content/models/acme/beta.json", R"({
  "id": "beta", "name": "Beta", "provider": "acme", "status": "retired",
  "deprecated_on": "2024-01-01", "retired_on": "2024-06-01", "replacements": ["alpha"],
  "family": "greek", "max_output_tokens": 1024, "knowledge_cutoff": "2023-10",
  "modalities": { "input": ["text", "image"], "output": ["text"] },
  "endpoints": ["chat.completions", "embeddings"], "capabilities": ["streaming"], "commercial_use": true,
  "pricing": { "currency": "USD", "items": [
    { "meter": "input_tokens", "per": 1000000, "price": "2", "list_price": "3" },
    { "meter": "output_tokens", "per": 1000000, "price": "8" },
    { "meter": "input_tokens", "per": 1000000, "price": "4", "above": 200000 } ] }
})");
  write(dir / "content/pages/about.md", "# About *us*\n\nA page.\n");
}

struct LoadedSite {
  SiteConfig config;
  std::vector<LocaleBundle> bundles;
  Catalog catalog;
  SiteContext ctx;
};

// Loads the site; with `no_messages`, every locale is emptied, so that every key a view asks for
// is recorded by its Localizer as missing.
void load(const fs::path& dir, LoadedSite& s, bool no_messages) {
  Diagnostics diags;
  auto cfg = load_site_config(dir, diags);
  REQUIRE(cfg);
  s.config = *cfg;
  s.bundles = load_locale_bundles(dir, s.config, diags);
  auto cat = load_catalog(dir, s.config, diags);
  INFO(diags.items().size());
  REQUIRE(cat);
  s.catalog = std::move(*cat);
  if (no_messages)
    for (auto& b : s.bundles) b.messages.clear();
  s.ctx.config = &s.config;
  s.ctx.catalog = &s.catalog;
  for (const auto& l : s.config.locales) {
    s.ctx.localizers[l] = std::make_unique<Localizer>(s.bundles, l, s.config.default_locale);
    s.ctx.cards.emplace(l, s.catalog.models.size());
  }
  s.ctx.assets = {{"css", "assets/style.css"}, {"js", "assets/site.js"}};
}

// Every view of every page of the site, as template data.
std::size_t make_every_view(const LoadedSite& s) {
  std::size_t n = 0;
  const SiteContext& ctx = s.ctx;
  to_data(root_index_view(ctx)), ++n;
  for (const auto& l : s.config.locales) {
    to_data(home_view(ctx, l));
    to_data(catalog_view(ctx, l));
    to_data(pricing_view(ctx, l));
    to_data(deprecations_view(ctx, l));
    to_data(endpoints_view(ctx, l));
    to_data(not_found_view(ctx, l));
    for (const auto& p : s.catalog.pages) to_data(free_page_view(ctx, p, l));
    for (const auto& m : s.catalog.models) to_data(model_view(ctx, m, l, {}));
    for (const auto& [id, doc] : s.catalog.endpoints) to_data(api_params_view(ctx, id, l));
    n += 6 + s.catalog.pages.size() + s.catalog.models.size() + s.catalog.endpoints.size();
  }
  return n;
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += n + "\n";
  return out;
}

}  // namespace

TEST_CASE("every message key a view reads is known from the code that reads it", "[views][i18n]") {
  TempDir t;
  write_site(t.path);
  LoadedSite s;
  load(t.path, s, true);
  REQUIRE(make_every_view(s) > 10);
  std::set<std::string> asked, undeclared;
  for (const auto& l : s.config.locales)
    for (const auto& k : s.ctx.localizers.at(l)->missing()) {
      asked.insert(k);
      if (!message_key_used(k)) undeclared.insert(k);
    }
  CHECK(asked.count("home.lead") == 1);
  CHECK(asked.count("status.retired") == 1);
  CHECK(asked.count("pricing.over_tokens") == 1);
  CHECK(joined(undeclared) == "");
  // Families are declared by their prefix, single keys as themselves.
  CHECK(message_key_used("status.anything"));
  CHECK(message_key_used("pager.status"));
  CHECK_FALSE(message_key_used("pager"));
  CHECK_FALSE(message_key_used("home.nobody_reads_this"));
}

TEST_CASE("modelsite i18n reports a key the pages use but no locale defines, and a key nobody uses", "[views][i18n]") {
  TempDir t;
  write_site(t.path);
  for (const char* locale : {"en", "ar"}) {
    fs::path file = t.path / "locales" / (std::string(locale) + ".json");
    std::string text = read(file);
    std::regex lead("\\n *\"home\\.lead\": *\"(\\\\.|[^\"\\\\])*\",");
    REQUIRE(std::regex_search(text, lead));
    text = std::regex_replace(text, lead, "");
    if (std::string(locale) == "en") text.replace(text.find('{') + 1, 0, "\n  \"home.nobody_reads_this\": \"Hello\",");
    write(file, text);
  }
  RunResult r = run("i18n", t.path);
  INFO(r.out << r.err);
  CHECK(r.out.find("  locales/en.json: missing `home.lead` (used by the pages, defined in no locale)\n") != std::string::npos);
  CHECK(r.out.find("  locales/ar.json: missing `home.lead` (used by the pages, defined in no locale)\n") != std::string::npos);
  CHECK(r.out.find("  locales/en.json:2:3: `home.nobody_reads_this` is not used by any page\n") != std::string::npos);
  // The build stops on the same key.
  RunResult b = run("build --no-check --out site", t.path);
  CHECK(b.exit_code == 1);
  CHECK(b.err.find("message `home.lead` is used by the pages but defined in no locale [missing-message]") != std::string::npos);
}

namespace {

// One of each: every optional set, every list with one item, so that to_data() sets every field.
std::set<std::string> every_field_name() {
  FieldNameRecorder recorder;
  BasePageView base;
  base.alternates.resize(1);
  base.languages.resize(1);
  base.nav.resize(1);
  base.json_ld = "{}";
  PagerView pager;
  pager.prev_href = pager.prev_url = pager.next_href = pager.next_url = "x";
  pager.pages.resize(1);
  ModelCardView card;
  ReplacementView replacement;

  HomeView home{base, "", "", "", {HomeProviderView{"", "", "", "", {card}, false}}, {PageLinkView{}}, true};
  to_data(home);
  CatalogView catalog{base, pager, "", ListFormView{}, {CatalogRowView{card, "", "", "", "", "", "", "", {}}},
                      {FilterView{"", "", {OptionView{}}}}};
  to_data(catalog);
  PricingView pricing{base, pager, ListFormView{}, {OptionView{}}, {PricingRowView{}}, "", false};
  to_data(pricing);
  DeprecationRowView deprecated;
  deprecated.replacements = {replacement};
  to_data(DeprecationsView{base, pager, {deprecated}, true});
  to_data(EndpointsView{base, pager, {EndpointSummaryView{"", "", "", "", {ModelLinkView{}}}}, {""},
                        {EndpointRowView{{}, {EndpointCellView{}}}}});
  ModelView model;
  model.base = base;
  model.model.replacements = {replacement};
  model.facts.resize(1);
  model.capabilities.resize(1);
  PriceTableView table;
  table.columns.resize(1);
  table.rows = {PriceRowView{"", "", "", false, {PriceCellView{}}}};
  model.price_tables = std::vector<PriceTableView>{table};
  ApiGroupView group;
  group.tabs.resize(1);
  model.api_groups = {group};
  model.playground_url = "x";
  model.related = {card};
  to_data(model);
  to_data(FreePageView{base, "", {}});
  to_data(NotFoundView{base});
  to_data(RootIndexView{base, {LocaleChoiceView{}}, "", ""});
  to_data(ApiParamsView{{ApiParamView{}}});
  return recorder.names();
}

// The names templates/README.md gives as variables: the first cell of each table row under
// "Variables every page has" up to "Partials", plus "Fragments rendered once" and "pager",
// and the `{a, b}` field lists in those rows.
std::set<std::string> documented_names() {
  std::istringstream in(read(source_dir() / "templates" / "README.md"));
  std::set<std::string> names;
  bool on = false, fragments = false;
  std::regex code("`([a-z_][a-z_0-9.]*)`"), fields("`\\{([a-z_, ]+)\\}`");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) on = line == "## Variables every page has" || line == "## Per-template variables" ||
                                         line == "## Shared objects";
    if (line == "### Fragments rendered once" || line == "### pager") on = true;
    if (line.rfind("#", 0) == 0) fragments = line == "### Fragments rendered once";
    if (!on || line.rfind("| ", 0) != 0 || line.rfind("|---", 0) == 0) continue;
    std::string first = line.substr(2, line.find(" |", 2) - 2);
    if (first == "Variable" || first == "Field" || first == "Name" || first == "Partial") continue;
    auto add_all = [&](const std::string& text, const std::regex& re, bool split_commas) {
      for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
        std::string token = (*it)[1];
        std::string part;
        for (char c : token + (split_commas ? "," : ".")) {
          if (c == (split_commas ? ',' : '.')) {
            if (!part.empty()) names.insert(part);
            part.clear();
          } else if (c != ' ') {
            part += c;
          }
        }
      }
    };
    // The fragment's row names its variables in prose, in its third column.
    std::string cells = line;
    for (int skip = 0; fragments && skip < 2; ++skip) cells = cells.substr(cells.find(" | ") + 3);
    add_all(fragments ? cells.substr(0, cells.find(" | ")) : first, code, false);
    add_all(line, fields, true);
  }
  return names;
}

}  // namespace

TEST_CASE("templates/README.md documents every field of the views and no other", "[views]") {
  std::set<std::string> provided = every_field_name(), documented = documented_names();
  std::set<std::string> undocumented, unprovided;
  for (const auto& n : provided)
    if (!documented.count(n)) undocumented.insert(n);
  // `t` comes from the locale's strings, not from a view.
  for (const auto& n : documented)
    if (!provided.count(n) && n != "t") unprovided.insert(n);
  CHECK(provided.size() > 100);
  CHECK(joined(undocumented) == "");
  CHECK(joined(unprovided) == "");
}

TEST_CASE("a page's title names the site too unless the two pass 70 characters; a model without prose has no empty overview", "[views]") {
  TempDir site;
  make_site(site.path, {source_dir() / "tests" / "invalid" / "base"});
  // 60 characters, as LiteLLM names a Bedrock commitment: with " · Test Hub" it would be 71.
  std::string long_name = "eu-central-1/1-month-commitment/anthropic.claude-instant-v21";
  REQUIRE(long_name.size() == 60);
  write(site.path / "content/models/acme/commitment.json",
        R"({ "id": "commitment", "name": ")" + long_name + R"(", "provider": "acme", "status": "active", "endpoints": ["chat.completions"] })");
  RunResult r = run("build --no-check --out out", site.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto title = [&](const std::string& page) {
    std::string html = read(site.path / "out" / page);
    auto from = html.find("<title>") + 7;
    return html.substr(from, html.find("</title>") - from);
  };
  CHECK(title("en/models/acme/alpha/index.html") == "Alpha · Test Hub");
  CHECK(title("en/models/acme/commitment/index.html") == long_name);
  std::string commitment = read(site.path / "out/en/models/acme/commitment/index.html");
  CHECK(commitment.find("class=\"overview\"") == std::string::npos);
  CHECK(read(site.path / "out/en/models/acme/alpha/index.html").find("<section class=\"overview\">") != std::string::npos);
}
