// The checker runs real snippets against the real mock; these tests break snippets on purpose.
#include <catch2/catch.hpp>

#include "checker/checker.h"
#include "core/text.h"
#include "test_support.h"

using namespace ms;

namespace {

Model sample_model() {
  Model m;
  m.id = "gpt-4-0314";
  m.name = "GPT-4 (0314)";
  m.provider = "openai";
  m.status = "retired";
  m.endpoints = {"chat.completions"};
  m.source_path = "content/models/openai/gpt-4-0314.json";
  m.example.system = "You are a helpful assistant.";
  m.example.prompt = "Explain snapshot versions; keep $HOME and `ls` literal.";
  return m;
}

const ApiConfig kApi{"https://api.example.com/v1", "EXAMPLE_API_KEY", ""};

SnippetJob job_for(const Model& m, const std::string& target) {
  CanonicalRequest req = canonical_request(m, "chat.completions");
  return {m.id, m.source_path, "chat.completions", false, target, {"en", "ar"}, render_snippet(req, target, kApi), req};
}

CheckReport check(std::vector<SnippetJob> jobs, int timeout_ms = 10000, int workers = 2) {
  Model m = sample_model();
  CheckOptions o;
  o.jobs = workers;
  o.timeout_ms = timeout_ms;
  o.api_base_url = kApi.base_url;
  o.key_env = kApi.key_env;
  test::TempDir work;
  o.work_dir = work.path / "work";
  Diagnostics d;
  CheckReport r = run_checks(std::move(jobs), {{m.id, m.provider, m.endpoints}}, o, d);
  REQUIRE_FALSE(d.has_errors());
  return r;
}

}  // namespace

TEST_CASE("real curl, python-requests and js-fetch snippets pass against the mock", "[checker]") {
  Model m = sample_model();
  CheckReport r = check({job_for(m, "curl"), job_for(m, "python-requests"), job_for(m, "js-fetch")});
  for (std::size_t i = 0; i < r.jobs.size(); ++i) {
    INFO(r.jobs[i].target << ": " << r.results[i].error << "\n" << r.results[i].diff << r.results[i].stderr_text);
    CHECK(r.results[i].status == SnippetStatus::passed);
  }
  CHECK(r.passed == 3);
  CHECK(r.failed == 0);
}

TEST_CASE("a snippet that sends a different body fails with the difference", "[checker]") {
  Model m = sample_model();
  SnippetJob broken = job_for(m, "python-requests");
  broken.code = replace_all(broken.code, "You are a helpful assistant.", "You are a helpful assistant!");
  CheckReport r = check({broken});
  REQUIRE(r.failed == 1);
  const SnippetResult& res = r.results[0];
  CHECK(res.error == "the request body differs from the canonical request");
  CHECK(res.diff.find("-       \"content\": \"You are a helpful assistant.\",") != std::string::npos);
  CHECK(res.diff.find("+       \"content\": \"You are a helpful assistant!\",") != std::string::npos);
  std::string shown = format_failure(r.jobs[0], res);
  CHECK(shown.find("content/models/openai/gpt-4-0314.json: error: python-requests snippet for chat.completions failed: "
                   "the request body differs from the canonical request [snippet-failed]") == 0);
  CHECK(shown.find("  note: published on the gpt-4-0314 page in: en, ar") != std::string::npos);
}

TEST_CASE("a snippet that prints something else, or crashes, fails with its stderr", "[checker]") {
  Model m = sample_model();
  SnippetJob wrong_output = job_for(m, "js-fetch");
  wrong_output.code = replace_all(wrong_output.code, "console.log(data.choices[0].message.content);",
                                  "console.log(data.choices[0].message.role);");
  SnippetJob crash = job_for(m, "python-requests");
  crash.code += "\nraise SystemExit('boom')\n";
  CheckReport r = check({wrong_output, crash});
  REQUIRE(r.failed == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    if (r.jobs[i].target == "js-fetch") {
      CHECK(r.results[i].error == "the snippet printed something other than the mock's answer");
      CHECK(r.results[i].diff.find("+++ printed\nassistant\n") != std::string::npos);
    } else {
      CHECK(r.results[i].error == "exited with status 1");
      CHECK(r.results[i].stderr_text == "boom\n");
    }
  }
}

TEST_CASE("a snippet that hangs is killed with its process group at the time limit", "[checker]") {
  Model m = sample_model();
  SnippetJob hang = job_for(m, "curl");
  hang.code = "sleep 30 &\nsleep 30\n" + hang.code;
  CheckReport r = check({hang}, 1000);
  REQUIRE(r.failed == 1);
  CHECK(r.results[0].error == "timed out after 1 s (the process group was killed)");
  CHECK(r.results[0].duration_ms < 5000);
}

TEST_CASE("the same snippet published in several places runs once", "[checker]") {
  Model m = sample_model();
  SnippetJob a = job_for(m, "curl"), b = job_for(m, "curl");
  b.locales = {"ja"};
  CheckReport r = check({a, b});
  REQUIRE(r.jobs.size() == 1);
  CHECK(r.jobs[0].locales == std::vector<std::string>{"en", "ar", "ja"});
  CHECK(r.passed == 1);
}

TEST_CASE("python snippets run as separate programs even when one interpreter serves them", "[checker]") {
  Model m = sample_model();
  // Sorted by model, endpoint and target, so on one worker the first runs before the second.
  SnippetJob first = job_for(m, "python-requests");
  first.model_id = "a-first";
  first.code = "import sys, requests\nrequests.left_behind = 1\nsys.modules['__main__'].marker = 1\nprint('a')\n";
  SnippetJob second = job_for(m, "python-requests");
  second.code = "import requests\nassert not hasattr(requests, 'left_behind')\nassert 'marker' not in globals()\n" + second.code;
  CheckReport r = check({first, second}, 10000, 1);
  REQUIRE(r.jobs.size() == 2);
  REQUIRE(r.jobs[1].target == "python-requests");
  INFO(r.results[1].error << r.results[1].stderr_text);
  CHECK(r.results[1].status == SnippetStatus::passed);
}
