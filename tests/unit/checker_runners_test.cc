// The in-process runners: the Node harness gives each snippet what a plain `node file.mjs` run
// has and nothing more, keeps snippets apart, and its results match standalone runs.
#include <catch2/catch.hpp>

#include "checker/node_runner.h"
#include "checker/process.h"
#include "checker/python_runner.h"
#include "checker/verify.h"
#include "core/fs.h"
#include "core/json_source.h"
#include "test_support.h"

using namespace ms;

namespace {

std::map<std::string, std::string> env_with(std::map<std::string, std::string> extra) {
  const char* path = std::getenv("PATH");
  extra["PATH"] = path ? path : "/usr/bin:/bin";
  extra["HOME"] = "/nonexistent";
  return extra;
}

// Runs each (file name, source) in order in one harness process.
std::vector<NodeOutcome> run_in_harness(const std::vector<std::pair<std::string, std::string>>& snippets, int timeout_ms = 10000) {
  test::TempDir tmp;
  std::error_code ec;
  fs::create_directory_symlink(test::source_dir() / "node_modules", tmp.path / "node_modules", ec);
  NodeRunner runner;
  REQUIRE(runner.start(tmp.path));
  std::vector<NodeOutcome> out;
  for (const auto& [file, source] : snippets) {
    fs::path dir = tmp.path / ("s" + std::to_string(out.size()));
    fs::create_directories(dir);
    write_file(dir / file, source);
    if (!runner.running()) REQUIRE(runner.start(tmp.path));
    auto o = runner.run(dir, file, env_with({{"SNIPPET_VAR", "value " + std::to_string(out.size())}}), timeout_ms);
    REQUIRE(o);
    out.push_back(*o);
  }
  return out;
}

const char* kGlobals =
    "const names = Object.getOwnPropertyNames(globalThis).sort();\n"
    "console.log(names.map((n) => n + ':' + typeof globalThis[n]).join('\\n'));\n"
    "console.log('global is globalThis:', global === globalThis);\n"
    "console.log('argv length:', process.argv.length, 'cwd ok:', process.cwd() === new URL('.', import.meta.url).pathname.replace(/\\/$/, ''));\n";

}  // namespace

TEST_CASE("a snippet in the harness sees exactly the globals of a plain node run", "[checker][node]") {
  test::TempDir tmp;
  write_file(tmp.path / "globals.mjs", kGlobals);
  ProcessResult plain = run_process({"node", "globals.mjs"}, tmp.path, env_with({}), 20000);
  REQUIRE(plain.exit_code == 0);
  auto in_harness = run_in_harness({{"globals.mjs", kGlobals}});
  CHECK(in_harness[0].result.exit_code == 0);
  CHECK(in_harness[0].result.err == "");
  CHECK(in_harness[0].result.out == plain.out);
  CHECK(plain.out.find("\nfetch:function\n") != std::string::npos);
  CHECK(plain.out.find("\nprocess:object\n") != std::string::npos);
  CHECK(plain.out.find("global is globalThis: true\n") != std::string::npos);
}

TEST_CASE("a snippet in the harness has its own environment, output and exit status", "[checker][node]") {
  auto r = run_in_harness({
      {"env.mjs", "console.log(JSON.stringify(Object.keys(process.env).sort()), process.env.SNIPPET_VAR);\n"
                  "process.stderr.write('to stderr\\n');\n"},
      {"exit.mjs", "console.log('before');\nprocess.exit(3);\nconsole.log('after');\n"},
      {"throw.mjs", "throw new Error('boom');\n"},
      {"reject.mjs", "Promise.reject(new Error('not handled'));\n"},
      {"later.mjs", "setTimeout(() => { throw new Error('in a timer'); }, 20);\n"},
      {"exitcode.mjs", "process.exitCode = 4;\nsetTimeout(() => console.log('waited for'), 30);\n"},
      {"async-exit.mjs", "await new Promise((r) => setTimeout(r, 10));\nprocess.exit(5);\n"},
  });
  CHECK(r[0].result.out == "[\"HOME\",\"PATH\",\"SNIPPET_VAR\"] value 0\n");
  CHECK(r[0].result.err == "to stderr\n");
  CHECK(r[0].result.exit_code == 0);
  CHECK(r[1].result.out == "before\n");
  CHECK(r[1].result.exit_code == 3);
  CHECK(r[2].result.exit_code == 1);
  CHECK(r[2].result.err.find("Error: boom") == 0);
  CHECK(r[3].result.exit_code == 1);
  CHECK(r[3].result.err.find("Error: not handled") == 0);
  CHECK(r[4].result.exit_code == 1);
  CHECK(r[4].result.err.find("Error: in a timer") == 0);
  CHECK(r[5].result.exit_code == 4);
  CHECK(r[5].result.out == "waited for\n");
  CHECK(r[6].result.exit_code == 5);
}

TEST_CASE("a snippet that changes globals, built-in modules or the openai module cannot affect the next", "[checker][node]") {
  const char* changer =
      "import OpenAI from 'openai';\nimport fs from 'node:fs';\n"
      "globalThis.fetch = () => { throw new Error('replaced'); };\n"
      "globalThis.leaked = 1;\nArray.prototype.leaked = 1;\nObject.prototype.leaked2 = 1;\n"
      "console.log = () => {};\nprocess.env.LEAKED = '1';\nprocess.leaked = 1;\nprocess.exitCode = 7;\n"
      "fs.readFileSync = () => 'replaced';\nOpenAI.prototype.leaked = 1;\nOpenAI.leaked = 1;\n"
      "process.stdout.write('changed\\n');\n";
  const char* checker =
      "import OpenAI from 'openai';\nimport fs from 'node:fs';\n"
      "const seen = [typeof globalThis.leaked, typeof [].leaked, typeof ({}).leaked2, process.env.LEAKED, process.leaked,\n"
      "  process.exitCode, OpenAI.prototype.leaked, OpenAI.leaked, fs.readFileSync === fs.readFileSync && fs.readFileSync.name,\n"
      "  fetch.name];\n"
      "console.log(JSON.stringify(seen));\n";
  auto r = run_in_harness({{"a.mjs", changer}, {"b.mjs", checker}});
  CHECK(r[0].result.out == "changed\n");
  CHECK(r[0].result.exit_code == 7);
  CHECK(r[1].result.err == "");
  CHECK(r[1].result.out == "[\"undefined\",\"undefined\",\"undefined\",null,null,null,null,null,\"readFileSync\",\"fetch\"]\n");
  CHECK(r[1].result.exit_code == 0);
}

// The harness loads the `openai` package from its CommonJS build, each file evaluated again in
// each snippet's context: its classes, prototypes and module state are the snippet's own, its
// exports are the ES build's, and what its files require is the snippet's copy.
TEST_CASE("the openai package in the harness exports what its ES build exports, and its classes are the snippet's own", "[checker][node]") {
  const char* changer =
      "import OpenAI, { APIError } from 'openai';\nimport * as ns from 'openai';\nimport stream from 'node:stream';\n"
      "APIError.prototype.leaked = 1;\n"
      "const client = new OpenAI({ apiKey: 'k' });\n"
      "Object.getPrototypeOf(client.chat.completions).create = function hijacked() {};\n"
      "Object.getPrototypeOf(Object.getPrototypeOf(client.chat.completions)).leaked = 1;\n"
      "stream.Readable = null;\n"
      "console.log(OpenAI.name, client instanceof OpenAI, ns.default === OpenAI, ns.OpenAI === OpenAI, typeof ns.toFile);\n";
  const char* checker =
      "import OpenAI, { APIError } from 'openai';\nimport * as ns from 'openai';\nimport stream from 'node:stream';\n"
      "const client = new OpenAI({ apiKey: 'k' });\n"
      "console.log(JSON.stringify([typeof APIError.prototype.leaked, client.chat.completions.create.name,\n"
      "  typeof Object.getPrototypeOf(Object.getPrototypeOf(client.chat.completions)).leaked, typeof stream.Readable]));\n"
      "console.log(Object.keys(ns).sort().join(','));\n";
  auto r = run_in_harness({{"a.mjs", changer}, {"b.mjs", checker}});
  CHECK(r[0].result.err == "");
  CHECK(r[0].result.out == "OpenAI true true true function\n");
  CHECK(r[1].result.err == "");
  std::string lines = r[1].result.out;
  REQUIRE(lines.find('\n') != std::string::npos);
  CHECK(lines.substr(0, lines.find('\n')) == "[\"undefined\",\"create\",\"undefined\",\"function\"]");
  // The names a plain node run of the ES build sees.
  test::TempDir tmp;
  std::error_code ec;
  fs::create_directory_symlink(test::source_dir() / "node_modules", tmp.path / "node_modules", ec);
  write_file(tmp.path / "names.mjs", "import * as ns from 'openai';\nconsole.log(Object.keys(ns).sort().join(','));\n");
  ProcessResult plain = run_process({"node", "names.mjs"}, tmp.path, env_with({}), 20000);
  REQUIRE(plain.exit_code == 0);
  CHECK(lines.substr(lines.find('\n') + 1) == plain.out);
  CHECK(plain.out.find("AzureOpenAI,") != std::string::npos);
}

TEST_CASE("a snippet's stdin in the harness is empty, as standalone, and not the harness's request queue", "[checker][node]") {
  const char* reader =
      "let got = '';\nprocess.stdin.setEncoding('utf8');\nprocess.stdin.on('data', (d) => { got += d; });\n"
      "process.stdin.on('end', () => console.log(JSON.stringify(got)));\n";
  auto r = run_in_harness({{"read.mjs", reader}, {"next.mjs", "console.log('next');\n"}});
  CHECK(r[0].result.out == "\"\"\n");
  CHECK(r[0].result.exit_code == 0);
  CHECK(r[1].result.out == "next\n");
}

TEST_CASE("a snippet that never finishes in the harness is stopped at the time limit, and the next one runs", "[checker][node]") {
  auto r = run_in_harness({{"spin.mjs", "while (true) {}\n"}, {"ok.mjs", "console.log('next');\n"}}, 1500);
  CHECK(r[0].result.timed_out);
  CHECK(r[1].result.out == "next\n");
  CHECK(r[1].result.exit_code == 0);
}

TEST_CASE("a snippet in the Python fork server has what a plain python3 run has: its folder, environment, output and exit status", "[checker][python]") {
  const char* source =
      "import os, sys\n"
      "print(sorted(os.listdir('.')), os.getcwd() == os.path.dirname(os.path.abspath(__file__)))\n"
      "print(sorted(k for k in os.environ if k != 'PWD'), os.environ['SNIPPET_VAR'])\n"
      "print('to stderr', file=sys.stderr)\n"
      "sys.exit(3)\n";
  test::TempDir tmp;
  fs::create_directories(tmp.path / "plain");
  write_file(tmp.path / "plain" / "snippet.py", source);
  // With a locale, as the checker sets one: without it, a standalone python3 coerces the C locale
  // and adds LC_CTYPE to its own environment (PEP 538), which the server did once for itself.
  auto env = env_with({{"SNIPPET_VAR", "value"}, {"LANG", "C.UTF-8"}});
  // The interpreter itself, as the checker runs it (not a version manager's shim, which sets
  // variables of its own).
  ProcessResult which = run_process({"python3", "-c", "import sys; print(sys.executable)"}, tmp.path, env, 20000);
  std::string python = trim_end(which.out);
  REQUIRE_FALSE(python.empty());
  ProcessResult plain = run_process({python, "snippet.py"}, tmp.path / "plain", env, 20000);
  CHECK(plain.out == "['snippet.py'] True\n['HOME', 'LANG', 'PATH', 'SNIPPET_VAR'] value\n");

  PythonRunner server;
  REQUIRE(server.start(tmp.path, python));
  for (int run = 0; run < 2; ++run) {  // the second run sees no trace of the first
    fs::path dir = tmp.path / "w0";
    fs::create_directories(dir);
    write_file(dir / "snippet.py", source);
    auto r = server.run(dir, "snippet.py", env, 20000);
    REQUIRE(r);
    CHECK(r->out == plain.out);
    CHECK(r->err == "to stderr\n");
    CHECK(r->exit_code == 3);
  }
}

TEST_CASE("a harness whose heap has passed its limit is stopped after the snippet, and the next snippet runs in a new one", "[checker][node]") {
  test::TempDir tmp;
  write_file(tmp.path / "s" / "pid.mjs", "console.log(process.pid);\n");
  auto pids = [&](std::size_t limit) {
    NodeRunner runner;
    std::vector<std::string> out;
    for (int i = 0; i < 2; ++i) {
      if (!runner.running()) REQUIRE(runner.start(tmp.path, limit));
      auto o = runner.run(tmp.path / "s", "pid.mjs", env_with({}), 10000);
      REQUIRE(o);
      CHECK(o->result.exit_code == 0);
      out.push_back(o->result.out);
      CHECK(runner.running() == (limit > 1));
    }
    return out;
  };
  auto kept = pids(256u << 20);
  CHECK(kept[0] == kept[1]);
  auto replaced = pids(1);  // every heap is over one byte
  CHECK(replaced[0] != replaced[1]);
}
