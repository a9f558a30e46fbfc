// The real LiteLLM cost map (../shared/data/) imported into a fresh site and built: the figures
// its price sheets show, in English and Arabic, for a model with prices above 200K tokens and
// 1-hour cache writes, a Gemini 2.5 Pro tier, an image model priced by quality and size, a
// per-second audio model and a model with batch and priority prices.
#include "import_support.h"

using namespace test;

namespace {

fs::path litellm_file() {
  const char* name = "shared/data/litellm_model_prices_and_context_window.json";
  for (const char* up : {"..", "../.."})
    if (fs::exists(source_dir() / up / name)) return fs::weakly_canonical(source_dir() / up / name);
  return {};
}

// A page's visible text: tags and scripts removed, whitespace runs (ICU's no-break spaces in
// Arabic figures included) made one space.
std::string page_text(const fs::path& page) {
  std::string html = read(page), out;
  for (std::size_t at; (at = html.find("\u00a0")) != std::string::npos;) html.replace(at, 2, " ");
  for (std::size_t i = 0; i < html.size();) {
    if (html.compare(i, 7, "<script") == 0) {
      std::size_t end = html.find("</script>", i);
      i = end == std::string::npos ? html.size() : end + 9;
      out += ' ';
    } else if (html[i] == '<') {
      std::size_t end = html.find('>', i);
      i = end == std::string::npos ? html.size() : end + 1;
      out += ' ';
    } else {
      char c = html[i++];
      bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      if (!space || (!out.empty() && out.back() != ' ')) out += space ? ' ' : c;
    }
  }
  std::string collapsed;
  for (char c : out)
    if (c != ' ' || (!collapsed.empty() && collapsed.back() != ' ')) collapsed += c;
  return collapsed;
}

}  // namespace

TEST_CASE("the real LiteLLM file imports into a fresh site that builds, with exact prices on its pages", "[import][site]") {
  fs::path source = litellm_file();
  INFO("the LiteLLM file is read from ../shared/data/");
  REQUIRE(!source.empty());
  TempDir root;
  copy_tree(source_dir() / "templates", root.path / "templates");
  copy_tree(source_dir() / "locales", root.path / "locales");
  copy_tree(source_dir() / "content/endpoints", root.path / "content/endpoints");
  fs::copy_file(source_dir() / "site.json", root.path / "site.json");

  RunResult imp = import_into(root.path, "litellm", source.string());
  REQUIRE(imp.exit_code == 0);
  CHECK(imp.out.find("fields not mapped (field: times):\n") == 0);
  CHECK(imp.out.find("  max_tokens: 2499\n") != std::string::npos);
  CHECK(imp.out.find("  tiered_pricing: 20\n") != std::string::npos);
  CHECK(imp.out.substr(imp.out.rfind("imported")) ==
        "imported 2758 models from 105 providers: 2758 new, 0 changed, 0 unchanged; 9052 fields not mapped\n");

  RunResult b = run("build --no-check --jobs 2 --root '" + root.path.string() + "'", source_dir());
  INFO(b.err.substr(0, 2000));
  REQUIRE(b.exit_code == 0);
  fs::path site = root.path / "site";
  auto en = [&](const std::string& model) { return page_text(site / "en/models" / model / "index.html"); };
  auto ar = [&](const std::string& model) { return page_text(site / "ar/models" / model / "index.html"); };
  const std::string rlm = "\u200f";  // prices in Arabic text run left to right after a right-to-left mark

  std::string sonnet = en("anthropic/claude-sonnet-4-5");
  CHECK(sonnet.find("per 1M input tokens up to 200K tokens $3.00 — — per 1M input tokens over 200K tokens $6.00 — —") !=
        std::string::npos);
  CHECK(sonnet.find("per 1M cache write tokens 1-hour cache · up to 200K tokens $6.00 — — "
                    "per 1M cache write tokens 1-hour cache · over 200K tokens $12.00 — —") != std::string::npos);
  CHECK(sonnet.find("per 1M output tokens up to 200K tokens $15.00 — — per 1M output tokens over 200K tokens $22.50 — —") !=
        std::string::npos);
  std::string sonnet_ar = ar("anthropic/claude-sonnet-4-5");
  CHECK(sonnet_ar.find("لكل مليون رمز إدخال حتى 200 ألف رمز " + rlm + "3.00 US$ — — لكل مليون رمز إدخال أكثر من 200 ألف رمز " +
                       rlm + "6.00 US$ — —") != std::string::npos);
  CHECK(sonnet_ar.find("لكل مليون رمز مكتوب في الذاكرة المؤقتة مدة التخزين ساعة واحدة · أكثر من 200 ألف رمز " + rlm +
                       "12.00 US$ — —") != std::string::npos);

  std::string gemini = en("vertex_ai-language-models/gemini-2.5-pro");
  CHECK(gemini.find("per 1M input tokens up to 200K tokens $1.25 — — per 1M input tokens over 200K tokens $2.50 — —") !=
        std::string::npos);
  CHECK(gemini.find("per 1M output tokens up to 200K tokens $10.00 — — per 1M output tokens over 200K tokens $15.00 — —") !=
        std::string::npos);
  CHECK(ar("vertex_ai-language-models/gemini-2.5-pro")
            .find("لكل مليون رمز إخراج حتى 200 ألف رمز " + rlm + "10.00 US$ — — لكل مليون رمز إخراج أكثر من 200 ألف رمز " + rlm +
                  "15.00 US$ — —") != std::string::npos);

  CHECK(en("openai/gpt-image-1")
            .find("per image 1024×1024 1024×1536 1536×1024 Low quality $0.011 $0.016 $0.016 "
                  "Medium quality $0.042 $0.063 $0.063 High quality $0.167 $0.25 $0.25") != std::string::npos);
  CHECK(ar("openai/gpt-image-1")
            .find("لكل صورة 1024×1024 1024×1536 1536×1024 جودة منخفضة " + rlm + "0.011 US$ " + rlm + "0.016 US$ " + rlm +
                  "0.016 US$ جودة متوسطة " + rlm + "0.042 US$ " + rlm + "0.063 US$ " + rlm + "0.063 US$ جودة عالية " + rlm +
                  "0.167 US$ " + rlm + "0.25 US$ " + rlm + "0.25 US$") != std::string::npos);

  CHECK(en("openai/whisper-1").find("per second of audio $0.0001 — —") != std::string::npos);
  CHECK(ar("openai/whisper-1").find("لكل ثانية صوت " + rlm + "0.0001 US$ — —") != std::string::npos);

  CHECK(en("openai/gpt-4o").find("Usage Standard Batch Priority per 1M input tokens $2.50 $1.25 $4.25 "
                                 "per 1M cached input tokens $1.25 — $2.125 per 1M output tokens $10.00 $5.00 $17.00") !=
        std::string::npos);
  CHECK(ar("openai/gpt-4o").find("الاستخدام قياسي دفعات أولوية لكل مليون رمز إدخال " + rlm + "2.50 US$ " + rlm + "1.25 US$ " +
                                 rlm + "4.25 US$ لكل مليون رمز إدخال مخزَّن مؤقتًا " + rlm + "1.25 US$ — " + rlm +
                                 "2.125 US$ لكل مليون رمز إخراج " + rlm + "10.00 US$ " + rlm + "5.00 US$ " + rlm +
                                 "17.00 US$") != std::string::npos);
}
