// Snippets: canonical requests, string literals, and golden snippets for every endpoint and
// target (tests/golden/snippets/<case>.<target>.txt; UPDATE_GOLDEN=1 rewrites them).
// The generated-input property test is tests/snippets/property_test.py.
#include "snippets/snippets.h"

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(MODELSITE_SOURCE_DIR) / "tests" / "golden" / "snippets";
const std::vector<std::string> kTargets = {"curl", "python-openai", "python-requests", "js-fetch",
                                           "js-openai"};

ms::ApiConfig example_api() {
  ms::ApiConfig api;
  api.base_url = "https://api.example.com/v1";
  api.key_env = "EXAMPLE_API_KEY";
  return api;
}

ms::Model text_model(std::string id) {
  ms::Model m;
  m.id = std::move(id);
  m.input_modalities = {"text"};
  return m;
}

struct GoldenCase {
  std::string name;  // file stem: the endpoint, or a variant such as chat.completions-stream
  ms::Model model;
  std::string endpoint;
  bool stream = false;
};

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;

  ms::Model gpt4 = text_model("gpt-4-0314");
  gpt4.example.system = "You are a helpful assistant.";
  gpt4.example.prompt = "Explain the significance of snapshot model versions in APIs.";
  cases.push_back({"chat.completions", gpt4, "chat.completions"});
  cases.push_back({"chat.completions-stream", gpt4, "chat.completions", true});

  ms::Model vision = text_model("gpt-4-v");
  vision.input_modalities = {"text", "image"};
  vision.example.prompt = "Describe this photo in one sentence.";
  vision.example.image_url = "https://upload.wikimedia.org/wikipedia/commons/a/a7/Lighthouse.jpg";
  cases.push_back({"chat.completions-vision", vision, "chat.completions"});

  ms::Model gpt41 = text_model("gpt-4.1");
  gpt41.example.system = "Answer in one paragraph.";
  gpt41.example.prompt = "What is a context window?";
  cases.push_back({"responses", gpt41, "responses"});

  cases.push_back({"completions", text_model("gpt-3.5-turbo-instruct"), "completions"});
  cases.push_back({"embeddings", text_model("text-embedding-3-small"), "embeddings"});
  cases.push_back({"images.generations", text_model("dall-e-3"), "images.generations"});
  // GPT Image models answer in base64 only: the snippet saves the PNG.
  cases.push_back({"images.generations-base64", text_model("gpt-image-1"), "images.generations"});

  ms::Model tts = text_model("tts-1");
  tts.example.voice = "nova";
  cases.push_back({"audio.speech", tts, "audio.speech"});

  ms::Model whisper = text_model("whisper-1");
  whisper.example.audio_file = "meeting.mp3";
  cases.push_back({"audio.transcriptions", whisper, "audio.transcriptions"});

  cases.push_back({"moderations", text_model("omni-moderation-latest"), "moderations"});
  return cases;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

bool updating_golden() {
  const char* v = std::getenv("UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

// The first differing line, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  for (int line = 1;; ++line) {
    bool he = static_cast<bool>(std::getline(e, le));
    bool ha = static_cast<bool>(std::getline(a, la));
    if (!he && !ha) return "(no line differs; trailing newline?)";
    if (!he || !ha || le != la)
      return "line " + std::to_string(line) + ":\n  expected: " + (he ? le : "<end>") +
             "\n  actual:   " + (ha ? la : "<end>");
  }
}

struct CommandResult {
  int status;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult r{-1, {}};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  r.status = pclose(pipe);
  return r;
}

bool have_tool(const std::string& tool) {
  return run("command -v " + tool + " >/dev/null").status == 0;
}

// What /bin/sh makes of a shell word: `printf %s WORD`.
std::string shell_evaluates(const std::string& word) {
  fs::path script = fs::temp_directory_path() / "modelsite_snippets_shell_test.sh";
  write_file(script, "printf %s " + word + "\n");
  CommandResult r = run("/bin/sh " + script.string());
  fs::remove(script);
  return r.output;
}

std::string python_evaluates(const std::string& literal) {
  fs::path script = fs::temp_directory_path() / "modelsite_snippets_literal_test.py";
  write_file(script, "import sys\nsys.stdout.buffer.write(" + literal +
                         ".encode('utf-8', 'surrogatepass'))\n");
  CommandResult r = run("python3 " + script.string());
  fs::remove(script);
  return r.output;
}

std::string node_evaluates(const std::string& literal) {
  fs::path script = fs::temp_directory_path() / "modelsite_snippets_literal_test.mjs";
  write_file(script, "process.stdout.write(" + literal + ");\n");
  CommandResult r = run("node " + script.string());
  fs::remove(script);
  return r.output;
}

const std::string kNasty =
    "It's \"quoted\" $HOME ${PATH} $(rm -rf /) `id` \\n\\ \n\t\r\x01\x1b\x7f caf\xc3\xa9 "
    "\xf0\x9f\x91\x8b \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
    "\xe2\x80\xae \xe2\x80\xa8 '\\'' EOF";

}  // namespace

TEST_CASE("every endpoint and target renders the golden snippet", "[snippets]") {
  const bool update = updating_golden();
  for (const GoldenCase& c : golden_cases()) {
    ms::CanonicalRequest req = ms::canonical_request(c.model, c.endpoint, c.stream);
    for (const std::string& target : kTargets) {
      std::string actual = ms::render_snippet(req, target, example_api());
      fs::path path = kGoldenDir / (c.name + "." + target + ".txt");
      INFO(path.string());
      if (update) {
        write_file(path, actual);
        continue;
      }
      std::string expected = read_file(path);
      INFO(first_difference(expected, actual));
      CHECK(actual == expected);
    }
  }
}

TEST_CASE("every golden snippet compiles", "[snippets]") {
  if (!have_tool("python3") || !have_tool("node")) {
    WARN("python3 or node missing; golden snippets not compiled");
    return;
  }
  fs::path dir = fs::temp_directory_path() / "modelsite_snippets_golden_check";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string python_files, js_checks, shell_checks;
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(kGoldenDir)) {
    std::string name = entry.path().filename().string();
    std::string text = read_file(entry.path());
    std::string stem = entry.path().stem().string();  // <case>.<target>
    std::string target = stem.substr(stem.rfind('.') + 1);
    fs::path copy = dir / (stem + (target.rfind("python", 0) == 0 ? ".py"
                                   : target.rfind("js", 0) == 0   ? ".mjs"
                                                                  : ".sh"));
    write_file(copy, text);
    ++count;
    if (copy.extension() == ".py")
      python_files += " '" + copy.string() + "'";
    else if (copy.extension() == ".mjs")
      js_checks += " && node --check '" + copy.string() + "'";
    else
      shell_checks += " && sh -n '" + copy.string() + "'";
  }
  REQUIRE(count == golden_cases().size() * kTargets.size());

  CommandResult py = run("python3 -m py_compile" + python_files);
  INFO(py.output);
  CHECK(py.status == 0);
  CommandResult js = run("true" + js_checks);
  INFO(js.output);
  CHECK(js.status == 0);
  CommandResult sh = run("true" + shell_checks);
  INFO(sh.output);
  CHECK(sh.status == 0);
  fs::remove_all(dir);
}

TEST_CASE("curl snippet keeps dollar signs literal", "[snippets]") {
  ms::Model m = text_model("gpt-4o");
  m.example.prompt = "Print $HOME and $(whoami) and `id`";
  std::string code =
      ms::render_snippet(ms::canonical_request(m, "chat.completions"), "curl", example_api());
  // The body is in single quotes; only the Authorization header may expand.
  CHECK(code.find("-d '{\n") != std::string::npos);
  CHECK(code.find("\"content\": \"Print $HOME and $(whoami) and `id`\"") != std::string::npos);
  CHECK(code.find("-H \"Authorization: Bearer $EXAMPLE_API_KEY\"") != std::string::npos);
}

TEST_CASE("shell single quotes survive any bytes the shell is given", "[snippets]") {
  CHECK(ms::shell_single_quote("it's") == "'it'\\''s'");
  CHECK(ms::shell_single_quote("") == "''");
  if (!have_tool("sh")) return;
  CHECK(shell_evaluates(ms::shell_single_quote(kNasty)) == kNasty);
}

TEST_CASE("python literals escape controls and keep printable Unicode readable", "[snippets]") {
  CHECK(ms::python_string_literal("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"");
  CHECK(ms::python_string_literal("a\\b\t") == "\"a\\\\b\\t\"");
  CHECK(ms::python_string_literal("\x01\x7f") == "\"\\x01\\x7f\"");
  CHECK(ms::python_string_literal("caf\xc3\xa9 \xf0\x9f\x91\x8b") ==
        "\"caf\xc3\xa9 \xf0\x9f\x91\x8b\"");
  // Bidi overrides and line separators are escaped: they make code read differently.
  CHECK(ms::python_string_literal("\xe2\x80\xae\xe2\x80\xa8") == "\"\\u202e\\u2028\"");
  CHECK(ms::python_string_literal("\xf3\xa0\x80\x81") == "\"\\U000e0001\"");
  if (!have_tool("python3")) return;
  CHECK(python_evaluates(ms::python_string_literal(kNasty)) == kNasty);
}

TEST_CASE("javascript literals use JSON escapes", "[snippets]") {
  CHECK(ms::js_string_literal("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"");
  CHECK(ms::js_string_literal("${x} `y`") == "\"${x} `y`\"");
  CHECK(ms::js_string_literal("\x01\xe2\x80\xa9") == "\"\\u0001\\u2029\"");
  CHECK(ms::js_string_literal("\xf3\xa0\x80\x81") == "\"\\udb40\\udc01\"");
  if (!have_tool("node")) return;
  CHECK(node_evaluates(ms::js_string_literal(kNasty)) == kNasty);
}

TEST_CASE("invalid UTF-8 becomes the replacement character in literals", "[snippets]") {
  CHECK(ms::python_string_literal("a\xff"
                                  "b") ==
        "\"a\xef\xbf\xbd"
        "b\"");
  CHECK(ms::js_string_literal("\xc0\x80") == "\"\xef\xbf\xbd\xef\xbf\xbd\"");
}

TEST_CASE("chat request sends the system message before the prompt", "[snippets]") {
  ms::Model m = text_model("gpt-4-0314");
  m.example.system = "Be brief.";
  m.example.prompt = "Hi";
  ms::CanonicalRequest req = ms::canonical_request(m, "chat.completions");
  CHECK(req.method == "POST");
  CHECK(req.path == "/chat/completions");
  CHECK(req.content_type == "application/json");
  CHECK(*req.json_body == ms::Json::parse(R"({"model": "gpt-4-0314", "messages": [
    {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]})"));
}

TEST_CASE("chat request for an image-input model sends text and image_url parts", "[snippets]") {
  ms::Model m = text_model("gpt-4o");
  m.input_modalities = {"text", "image"};
  m.example.image_url = "https://example.org/cat.png";
  ms::CanonicalRequest req = ms::canonical_request(m, "chat.completions");
  CHECK(*req.json_body == ms::Json::parse(R"({"model": "gpt-4o", "messages": [{"role": "user",
    "content": [{"type": "text", "text": "What is in this image?"},
                {"type": "image_url", "image_url": {"url": "https://example.org/cat.png"}}]}]})"));
}

TEST_CASE("streaming chat request adds stream true", "[snippets]") {
  ms::CanonicalRequest req = ms::canonical_request(text_model("m"), "chat.completions", true);
  CHECK(req.stream);
  CHECK(req.json_body->at("stream") == true);
}

TEST_CASE("streaming exists for chat completions only", "[snippets]") {
  CHECK(ms::supports_streaming("chat.completions"));
  CHECK_FALSE(ms::supports_streaming("embeddings"));
  CHECK_FALSE(ms::supports_streaming("nonsense"));
  CHECK_THROWS_AS(ms::canonical_request(text_model("m"), "embeddings", true),
                  std::invalid_argument);
}

TEST_CASE("unknown endpoints and targets are rejected", "[snippets]") {
  CHECK_THROWS_AS(ms::canonical_request(text_model("m"), "chat"), std::invalid_argument);
  ms::CanonicalRequest req = ms::canonical_request(text_model("m"), "moderations");
  CHECK_THROWS_AS(ms::render_snippet(req, "ruby", example_api()), std::invalid_argument);
  ms::ApiConfig bad = example_api();
  bad.key_env = "KEY; rm -rf /";
  CHECK_THROWS_AS(ms::render_snippet(req, "curl", bad), std::invalid_argument);
}

TEST_CASE("responses request passes the system text as instructions", "[snippets]") {
  ms::Model m = text_model("gpt-4.1");
  m.example.system = "Be brief.";
  CHECK(*ms::canonical_request(m, "responses").json_body ==
        ms::Json::parse(R"({"model": "gpt-4.1", "input": "Say hello in one short sentence.",
                            "instructions": "Be brief."})"));
}

TEST_CASE("embedding request names the float encoding so the SDKs send the same body",
          "[snippets]") {
  CHECK(*ms::canonical_request(text_model("e"), "embeddings").json_body ==
        ms::Json::parse(R"({"model": "e", "encoding_format": "float",
                            "input": "The quick brown fox jumps over the lazy dog."})"));
}

TEST_CASE("default example inputs come from the endpoint", "[snippets]") {
  ms::Model m = text_model("m");
  CHECK(ms::canonical_request(m, "completions").json_body->at("max_tokens") == 64);
  CHECK(ms::canonical_request(m, "images.generations").json_body->at("prompt") ==
        "A watercolor painting of a lighthouse at dawn.");
  CHECK(ms::canonical_request(m, "moderations").json_body->at("input") ==
        "I want to buy a new phone.");
  ms::CanonicalRequest speech = ms::canonical_request(m, "audio.speech");
  CHECK(speech.json_body->at("voice") == "alloy");
  CHECK(speech.json_body->at("response_format") == "mp3");
  CHECK(speech.output_file == "speech.mp3");
}

TEST_CASE("transcription request uploads the example audio file as a form", "[snippets]") {
  ms::Model m = text_model("whisper-1");
  ms::CanonicalRequest req = ms::canonical_request(m, "audio.transcriptions");
  CHECK(req.content_type == "multipart/form-data");
  CHECK_FALSE(req.json_body);
  CHECK(req.input_file == "speech.mp3");
  REQUIRE(req.form.size() == 2);
  CHECK((req.form[0].name == "model" && req.form[0].value == "whisper-1" && !req.form[0].is_file));
  CHECK((req.form[1].name == "file" && req.form[1].value == "speech.mp3" && req.form[1].is_file));
  m.example.audio_file = "call.wav";
  CHECK(ms::canonical_request(m, "audio.transcriptions").input_file == "call.wav");
}

TEST_CASE("canonical JSON text puts the model first and parses back to the body", "[snippets]") {
  ms::Model m = text_model("gpt-4o");
  m.example.prompt = "tab\there \xe2\x80\xae";
  ms::Json body = *ms::canonical_request(m, "chat.completions").json_body;
  std::string text = ms::canonical_json_text(body);
  CHECK(text.rfind("{\n  \"model\": \"gpt-4o\",\n  \"messages\": [", 0) == 0);
  CHECK(text.find("\"tab\\there \\u202e\"") != std::string::npos);
  CHECK(ms::Json::parse(text) == body);
}

TEST_CASE("snippets use the configured base URL and key variable", "[snippets]") {
  ms::ApiConfig api;
  api.base_url = "http://127.0.0.1:8080/openai/v1";
  api.key_env = "MY_KEY";
  ms::CanonicalRequest req = ms::canonical_request(text_model("m"), "chat.completions");
  for (const std::string& target : kTargets) {
    INFO(target);
    std::string code = ms::render_snippet(req, target, api);
    CHECK(code.find("http://127.0.0.1:8080/openai/v1") != std::string::npos);
    CHECK(code.find("MY_KEY") != std::string::npos);
    CHECK(code.find("api.example.com") == std::string::npos);
  }
}

TEST_CASE("targets have languages, file names and labels", "[snippets]") {
  CHECK(ms::target_language("curl") == "bash");
  CHECK(ms::target_language("python-requests") == "python");
  CHECK(ms::target_language("js-openai") == "javascript");
  CHECK(ms::target_file_name("curl") == "snippet.sh");
  CHECK(ms::target_file_name("python-openai") == "snippet.py");
  CHECK(ms::target_file_name("js-fetch") == "snippet.mjs");
  CHECK(ms::target_label("curl") == "curl");
  CHECK(ms::target_label("python-openai") == "Python (openai)");
  CHECK(ms::target_label("python-requests") == "Python (requests)");
  CHECK(ms::target_label("js-fetch") == "JavaScript (fetch)");
  CHECK(ms::target_label("js-openai") == "JavaScript (openai)");
  CHECK_THROWS_AS(ms::target_label("go"), std::invalid_argument);
}
