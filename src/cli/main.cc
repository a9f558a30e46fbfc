// modelsite: the command table. Parses options, calls the site stage, prints what it returns.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/fs.h"
#include "core/text.h"
#include "import/import.h"
#include "markdown/markdown.h"
#include "mock/mock.h"
#include "site/site.h"

using namespace ms;
using namespace ms::cli;

namespace {

constexpr const char* kVersion = "0.1.0";

// A progress bar on a terminal, a line every few seconds otherwise.
std::function<void(const CheckProgress&)> progress_printer() {
  bool tty = ::isatty(STDERR_FILENO);
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [tty, last](const CheckProgress& p) {
    if (tty) {
      int width = 30;
      int filled = p.total ? static_cast<int>(width * p.done / p.total) : width;
      std::fprintf(stderr, "\rchecking snippets [%s%s] %zu/%zu%s", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), '.').c_str(), p.done, p.total,
                   p.failed ? (", " + std::to_string(p.failed) + " failed").c_str() : "");
      if (p.done == p.total) std::fputc('\n', stderr);
      return;
    }
    auto now = std::chrono::steady_clock::now();
    if (p.done == p.total || now - *last > std::chrono::seconds(5)) {
      *last = now;
      std::fprintf(stderr, "checking snippets: %zu/%zu done, %zu failed\n", p.done, p.total, p.failed);
    }
  };
}

void print_check_summary(const CheckReport& r) {
  for (std::size_t i = 0; i < r.jobs.size(); ++i)
    if (r.results[i].status == SnippetStatus::failed) std::fputs(format_failure(r.jobs[i], r.results[i]).c_str(), stderr);
  std::fprintf(stderr, "%zu passed, %zu failed", r.passed, r.failed);
  if (r.verified) std::fprintf(stderr, " (plus %zu verified, not run)", r.verified);
  if (r.shard_count > 1) std::fprintf(stderr, " in shard %d/%d", r.shard_index, r.shard_count);
  std::fprintf(stderr, "; %zu ran in-process, %zu standalone", r.in_process, r.standalone);
  if (r.cached) std::fprintf(stderr, "; %zu results from the cache", r.cached);
  std::fputc('\n', stderr);
}

BuildOptions common_options(Args& a, const std::string& flag, BuildOptions& o, bool& handled) {
  handled = true;
  if (flag == "--root") o.root = value_of(a, flag);
  else if (flag == "--jobs" || flag == "-j") o.jobs = int_value(a, flag, 1, 256);
  else handled = false;
  return o;
}

int cmd_build(Args& a) {
  BuildOptions o;
  bool verbose = false;
  bool out_given = false;
  while (a.more()) {
    std::string f = a.items[a.pos++];
    bool handled;
    common_options(a, f, o, handled);
    if (handled) continue;
    if (f == "--out" || f == "-o") { o.out = value_of(a, f); out_given = true; }
    else if (f == "--no-check") o.check = false;
    else if (f == "--strict") o.strict = true;
    else if (f == "--verbose" || f == "-v") verbose = true;
    else if (f == "--report") o.report_json = value_of(a, f);
    else if (f == "--junit") o.report_junit = value_of(a, f);
    else throw UsageError{"unknown option `" + f + "` for build"};
  }
  if (!out_given) o.out = o.root / "site";
  o.check_progress = progress_printer();
  BuildResult r = build_site(o);
  print_diagnostics(r.diags);
  if (r.check) print_check_summary(*r.check);
  if (verbose)
    for (const auto& s : r.stages) std::fprintf(stderr, "  %-10s %8.1f ms  %zu items\n", s.name.c_str(), s.ms, s.items);
  if (r.exit_code == 0)
    std::fprintf(stderr, "built %zu pages (%zu files) into %s\n", r.pages, r.files_written, o.out.string().c_str());
  return r.exit_code;
}

// --shard K/N: 1 <= K <= N.
void parse_shard(const std::string& v, BuildOptions& o) {
  auto slash = v.find('/');
  auto number = [&](const std::string& s) {
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoi(s);
  };
  int k = slash == std::string::npos ? -1 : number(v.substr(0, slash));
  int n = slash == std::string::npos ? -1 : number(v.substr(slash + 1));
  if (k < 1 || n < 1 || k > n) throw UsageError{"--shard takes K/N with 1 <= K <= N, e.g. --shard 2/4 (got `" + v + "`)"};
  o.shard_index = k;
  o.shard_count = n;
}

// check --merge-reports A.json B.json ... [--report OUT.json] [--junit OUT.xml]: the shards'
// reports as one; exit 1 when a snippet failed, 2 when a report is missing or doubled.
int merge_report_files(Args& a, BuildOptions& o) {
  std::vector<std::string> names, texts;
  while (a.more()) {
    std::string f = a.items[a.pos++];
    if (f == "--report") o.report_json = value_of(a, f);
    else if (f == "--junit") o.report_junit = value_of(a, f);
    else if (starts_with(f, "--")) throw UsageError{"unknown option `" + f + "` for check --merge-reports"};
    else names.push_back(f);
  }
  if (names.empty()) throw UsageError{"--merge-reports needs the shards' JSON reports"};
  for (const auto& n : names) {
    auto t = read_file(n);
    if (!t) {
      std::fprintf(stderr, "error: cannot read %s\n", n.c_str());
      return 2;
    }
    texts.push_back(*t);
  }
  std::string error;
  auto merged = merge_reports(texts, names, error);
  if (!merged) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 2;
  }
  if (!o.report_json.empty() && !write_file(o.report_json, report_json(*merged))) {
    std::fprintf(stderr, "error: cannot write %s\n", o.report_json.string().c_str());
    return 2;
  }
  if (!o.report_junit.empty() && !write_file(o.report_junit, report_junit(*merged))) {
    std::fprintf(stderr, "error: cannot write %s\n", o.report_junit.string().c_str());
    return 2;
  }
  std::fprintf(stderr, "merged %zu reports: ", names.size());
  print_check_summary(*merged);
  return merged->failed ? 1 : 0;
}

int cmd_check(Args& a) {
  BuildOptions o;
  while (a.more()) {
    std::string f = a.items[a.pos++];
    bool handled;
    common_options(a, f, o, handled);
    if (handled) continue;
    if (f == "--target") {
      std::string list = value_of(a, f);
      std::size_t start = 0;
      while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        std::string t = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!t.empty()) {
          const auto& known = known_snippet_targets();
          if (std::find(known.begin(), known.end(), t) == known.end())
            throw UsageError{"unknown target `" + t + "` (targets: curl, python-openai, python-requests, js-fetch, js-openai)"};
          o.targets.push_back(t);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (f == "--report") o.report_json = value_of(a, f);
    else if (f == "--junit") o.report_junit = value_of(a, f);
    else if (f == "--strict") o.strict = true;
    else if (f == "--standalone") o.in_process = false;
    else if (f == "--shard") parse_shard(value_of(a, f), o);
    else if (f == "--merge-reports") return merge_report_files(a, o);
    else throw UsageError{"unknown option `" + f + "` for check"};
  }
  o.check_progress = progress_printer();
  BuildResult r = check_site(o);
  print_diagnostics(r.diags);
  if (r.check) print_check_summary(*r.check);
  return r.exit_code;
}

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

int cmd_mock(Args& a) {
  fs::path root = ".";
  int port = 8080;
  while (a.more()) {
    std::string f = a.items[a.pos++];
    if (f == "--root") root = value_of(a, f);
    else if (f == "--port" || f == "-p") port = int_value(a, f, 0, 65535);
    else throw UsageError{"unknown option `" + f + "` for mock"};
  }
  Diagnostics diags;
  auto loaded = load_for_mock(root, diags);
  print_diagnostics(diags);
  if (!loaded) return 1;
  MockServer server(mock_models(loaded->catalog));
  server.on_request([](const RecordedRequest& r) {
    std::string line = format_log_line(r) + "\n";
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
  });
  int bound = server.start(port);
  if (bound < 0) {
    std::fprintf(stderr, "error: cannot listen on 127.0.0.1:%d (is the port in use?)\n", port);
    return 2;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::fprintf(stderr, "mock OpenAI API for %zu models on http://127.0.0.1:%d/v1 (Ctrl-C stops)\n",
               loaded->catalog.models.size(), bound);
  std::fprintf(stderr, "try: export %s=sk-test OPENAI_BASE_URL=http://127.0.0.1:%d/v1\n", loaded->config.api.key_env.c_str(), bound);
  while (!g_stop) ::usleep(100 * 1000);
  server.stop();
  std::fprintf(stderr, "mock stopped\n");
  return 0;
}

int cmd_i18n(Args& a) {
  fs::path root = ".";
  std::string format = "text";
  bool strict = false;
  while (a.more()) {
    std::string f = a.items[a.pos++];
    if (f == "--root") root = value_of(a, f);
    else if (f == "--format") {
      format = value_of(a, f);
      if (format != "text" && format != "json") throw UsageError{"--format is text or json, not `" + format + "`"};
    } else if (f == "--strict") strict = true;
    else throw UsageError{"unknown option `" + f + "` for i18n"};
  }
  Diagnostics diags;
  auto report = i18n_report(root, diags);
  print_diagnostics(diags);
  if (!report) return 1;
  std::string out = format == "json" ? i18n_report_json(*report) : i18n_report_text(*report);
  std::fputs(out.c_str(), stdout);
  return strict && !report->complete() ? 1 : 0;
}

// A progress bar on a terminal while an import writes; nothing otherwise.
std::function<void(std::size_t, std::size_t)> import_progress() {
  if (!::isatty(STDERR_FILENO)) return {};
  return [](std::size_t done, std::size_t total) {
    if (done != total && done % 50 != 0) return;
    int width = 30;
    int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\rimporting [%s%s] %zu/%zu", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total);
    if (done == total) std::fputc('\n', stderr);
  };
}

int cmd_import(Args& a) {
  ImportOptions o;
  if (!a.more()) throw UsageError{"which source? litellm FILE | models.dev DIR | openrouter FILE"};
  o.source = a.items[a.pos++];
  const auto& known = import_sources();
  if (std::find(known.begin(), known.end(), o.source) == known.end())
    throw UsageError{"unknown source `" + o.source + "` (sources: litellm, models.dev, openrouter)"};
  bool have_input = false;
  while (a.more()) {
    std::string f = a.items[a.pos++];
    if (f == "--root") o.root = value_of(a, f);
    else if (f == "--provider") {
      o.only_provider = value_of(a, f);
      if (!is_valid_id(o.only_provider)) throw UsageError{"--provider needs a provider id, not `" + o.only_provider + "`"};
    } else if (f == "--prune") o.prune = true;
    else if (!have_input && !f.empty() && f[0] != '-') { o.input = f; have_input = true; }
    else throw UsageError{"unknown option `" + f + "` for import"};
  }
  if (!have_input) throw UsageError{std::string("import ") + o.source + " needs the source " + (o.source == "models.dev" ? "folder" : "file")};
  o.progress = import_progress();
  ImportReport r = run_import(o);
  r.diags.sort();
  print_diagnostics(r.diags);
  if (r.read) std::fputs(format_import_summary(r).c_str(), stdout);
  else std::fputs("nothing was written\n", stderr);
  return r.exit_code;
}

const char* kHelp =
    "modelsite - build a localized static site from a catalog of AI models, with every code\n"
    "example checked against a local mock of the OpenAI-compatible API.\n"
    "\n"
    "usage:\n"
    "  modelsite build  [--root DIR] [--out DIR] [--no-check] [--strict] [--jobs N] [--verbose]\n"
    "                   [--report FILE.json] [--junit FILE.xml]\n"
    "  modelsite check  [--root DIR] [--target LIST] [--report FILE.json] [--junit FILE.xml] [--jobs N]\n"
    "                   [--shard K/N] [--standalone]\n"
    "  modelsite check  --merge-reports A.json B.json ... [--report FILE.json] [--junit FILE.xml]\n"
    "  modelsite mock   [--root DIR] [--port N]\n"
    "  modelsite i18n   [--root DIR] [--format text|json] [--strict]\n"
    "  modelsite import litellm FILE | models.dev DIR | openrouter FILE  [--root DIR] [--provider ID] [--prune]\n"
    "  modelsite serve  [--root DIR] [--port N] [--check] [--open] [--out DIR] [--jobs N] [--verbose]\n"
    "  modelsite new    model PROVIDER/ID [--from ID] | provider ID | locale TAG | page SLUG  [--root DIR]\n"
    "  modelsite --help | --version\n"
    "\n"
    "commands:\n"
    "  build   load, validate, render every page in every locale, check snippets, write --out\n"
    "          (default DIR/site); a failed build leaves the previous output untouched\n"
    "  check   run every distinct snippet against the mock; --target curl,js-fetch limits targets\n"
    "  mock    serve the mock API on 127.0.0.1 (default port 8080), one log line per request\n"
    "  i18n    translation coverage per locale (missing, unused, mismatched keys; texts)\n"
    "  import  write content files from LiteLLM's cost map, a models.dev tree or OpenRouter's models\n"
    "          JSON; re-import keeps the author's files and keys, --prune deletes vanished models\n"
    "  serve   preview on http://127.0.0.1:1313/: rebuild on every save, reload open pages, show\n"
    "          build errors in the page; --check also runs the snippet check after each build\n"
    "  new     start a model, provider, locale or page from a commented scaffold (never overwrites)\n"
    "\n"
    "exit codes: 0 success, 1 content errors or failing snippets, 2 wrong usage or a missing tool\n";

struct Command {
  const char* name;
  int (*run)(Args&);
};
const Command kCommands[] = {{"build", cmd_build}, {"check", cmd_check}, {"mock", cmd_mock}, {"i18n", cmd_i18n},
                            {"import", cmd_import}, {"serve", cmd_serve}, {"new", cmd_new}};

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) a.items.emplace_back(argv[i]);
  if (!a.more()) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  std::string cmd = a.items[a.pos++];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (cmd == "--version") {
    std::printf("modelsite %s\n", kVersion);
    return 0;
  }
  markdown_init();
  for (const auto& c : kCommands) {
    if (cmd != c.name) continue;
    try {
      return c.run(a);
    } catch (const UsageError& e) {
      std::fprintf(stderr, "modelsite %s: %s\n(see modelsite --help)\n", c.name, e.message.c_str());
      return 2;
    }
  }
  std::fprintf(stderr, "modelsite: unknown command `%s`\n(see modelsite --help)\n", cmd.c_str());
  return 2;
}
