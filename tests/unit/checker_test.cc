// The checker runs real snippets against the real mock; these tests break snippets on purpose.
#include <catch2/catch.hpp>

#include "checker/checker.h"
#include "checker/process.h"
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

SnippetJob job_for(const Model& m, const std::string& target, bool stream = false) {
  CanonicalRequest req = canonical_request(m, "chat.completions", stream);
  return {m.id, m.source_path, "chat.completions", stream, target, {"en", "ar"}, render_snippet(req, target, kApi), req};
}

CheckReport check(std::vector<SnippetJob> jobs, int timeout_ms = 10000, int workers = 2, bool in_process = true,
                  const Model& m = sample_model()) {
  CheckOptions o;
  o.jobs = workers;
  o.timeout_ms = timeout_ms;
  o.api_base_url = kApi.base_url;
  o.key_env = kApi.key_env;
  o.node_modules = test::source_dir() / "node_modules";
  o.in_process = in_process;
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

// The same failures injected into snippets that the in-process runners (the Node harness, the
// Python fork server) run, and into standalone runs.
TEST_CASE("failures are caught the same way in-process and standalone", "[checker]") {
  Model m = sample_model();
  for (bool in_process : {true, false}) {
    for (std::string target : {"js-openai", "js-fetch", "python-requests"}) {
      INFO(target << (in_process ? " in-process" : " standalone"));
      bool js = target != "python-requests";
      SnippetJob body = job_for(m, target);
      body.code = replace_all(body.code, "You are a helpful assistant.", "You are a helpful assistant!");
      SnippetJob output = job_for(m, target);
      output.code += js ? "console.log('extra');\n" : "print('extra')\n";
      SnippetJob crash = job_for(m, target);
      crash.code += js ? "throw new Error('boom');\n" : "raise RuntimeError('boom')\n";
      SnippetJob hang = job_for(m, target);
      hang.code = (js ? "await new Promise((r) => setTimeout(r, 60000));\n" : "import time\ntime.sleep(60)\n") + hang.code;
      body.model_id += "-0";
      output.model_id += "-1";
      crash.model_id += "-2";
      hang.model_id += "-3";
      SnippetJob twice = job_for(m, target, true);
      twice.locales = {"ja"};
      SnippetJob again = twice;
      again.locales = {"ko"};
      // The limit leaves a standalone node run time to start on a loaded machine.
      CheckReport r = check({body, output, crash, hang, twice, again}, 10000, 2, in_process);
      REQUIRE(r.jobs.size() == 5);
      std::map<std::string, std::string> errors;
      for (std::size_t i = 0; i < r.jobs.size(); ++i) errors[r.jobs[i].model_id] = r.results[i].error;
      CHECK(errors["gpt-4-0314-0"] == "the request body differs from the canonical request");
      CHECK(errors["gpt-4-0314-1"] == "the snippet printed something other than the mock's answer");
      CHECK(errors["gpt-4-0314-2"] == "exited with status 1");
      CHECK(errors["gpt-4-0314-3"] == "timed out after 10 s (the process group was killed)");
      CHECK(errors["gpt-4-0314"] == "");
      CHECK(r.failed == 4);
      CHECK(r.passed == 1);
      for (std::size_t i = 0; i < r.jobs.size(); ++i)
        if (r.jobs[i].model_id == "gpt-4-0314") {
          CHECK(r.jobs[i].locales == std::vector<std::string>{"ja", "ko"});
          CHECK(r.results[i].in_process == in_process);
        }
    }
  }
}

TEST_CASE("a GPT Image snippet saves the base64 image the mock sent, and fails when it saves other bytes", "[checker]") {
  Model m = sample_model();
  m.id = "gpt-image-1";
  m.endpoints = {"images.generations"};
  CanonicalRequest req = canonical_request(m, "images.generations");
  REQUIRE(req.image_file == "image.png");
  auto image_job = [&](const std::string& target) {
    return SnippetJob{m.id, m.source_path, "images.generations", false, target, {"en"}, render_snippet(req, target, kApi), req};
  };
  std::vector<SnippetJob> jobs;
  for (std::string target : {"curl", "python-requests", "js-fetch", "js-openai"}) jobs.push_back(image_job(target));
  // Broken on purpose: the base64 text written as it is, not decoded.
  SnippetJob undecoded = image_job("python-requests");
  undecoded.model_id += "-undecoded";
  undecoded.code = replace_all(undecoded.code, "base64.b64decode(response.json()[\"data\"][0][\"b64_json\"])",
                               "response.json()[\"data\"][0][\"b64_json\"].encode()");
  REQUIRE(undecoded.code != jobs[1].code);
  SnippetJob first_bytes = image_job("js-fetch");
  first_bytes.model_id += "-cut";
  first_bytes.code = replace_all(first_bytes.code, "\"base64\"))", "\"base64\").subarray(0, 8))");
  REQUIRE(first_bytes.code != jobs[2].code);
  jobs.push_back(undecoded);
  jobs.push_back(first_bytes);
  CheckReport r = check(jobs, 10000, 2, true, m);
  std::map<std::string, std::string> errors;
  std::string details;
  for (std::size_t i = 0; i < r.jobs.size(); ++i) {
    errors[r.jobs[i].model_id + " " + r.jobs[i].target] = r.results[i].error;
    details += r.jobs[i].target + ": " + r.results[i].error + "\n" + r.results[i].diff + r.results[i].stderr_text;
  }
  INFO(details);
  CHECK(errors == std::map<std::string, std::string>{
                      {"gpt-image-1 curl", ""},
                      {"gpt-image-1 python-requests", ""},
                      {"gpt-image-1 js-fetch", ""},
                      {"gpt-image-1 js-openai", ""},
                      {"gpt-image-1-undecoded python-requests", "the snippet did not save the mock's base64 image to image.png"},
                      {"gpt-image-1-cut js-fetch", "the snippet did not save the mock's base64 image to image.png"},
                  });
  CHECK(r.passed == 4);
  CHECK(r.failed == 2);
}

TEST_CASE("python-openai snippets are verified statically against the canonical request, never passed", "[checker]") {
  Model m = sample_model();
  ProcessResult sdk = run_process({"python3", "-c", "import openai"}, test::source_dir(), {{"PATH", std::getenv("PATH")}}, 20000);
  if (sdk.exit_code == 0) {
    WARN("the Python openai package is installed here: python-openai snippets run for real");
    return;
  }
  SnippetJob good = job_for(m, "python-openai"), stream = job_for(m, "python-openai", true);
  SnippetJob broken = job_for(m, "python-openai");
  broken.model_id = "broken";
  broken.code = replace_all(broken.code, "You are a helpful assistant.", "You are a helpful assistant!");
  SnippetJob wrong_key = job_for(m, "python-openai");
  wrong_key.model_id = "wrong-key";
  wrong_key.code = replace_all(wrong_key.code, "os.environ[\"EXAMPLE_API_KEY\"]", "os.environ[\"OTHER_KEY\"]");
  SnippetJob not_python = job_for(m, "python-openai");
  not_python.model_id = "syntax";
  not_python.code += "print(\n";
  CheckReport r = check({good, stream, broken, wrong_key, not_python});
  REQUIRE(r.jobs.size() == 5);
  CHECK(r.verified == 2);
  CHECK(r.passed == 0);
  CHECK(r.failed == 3);
  for (std::size_t i = 0; i < r.jobs.size(); ++i) {
    INFO(r.jobs[i].model_id << ": " << r.results[i].error << r.results[i].stderr_text);
    if (r.jobs[i].model_id == "broken") {
      CHECK(r.results[i].error == "the keyword arguments of client.chat.completions.create differ from the canonical request");
      CHECK(r.results[i].diff.find("-       \"content\": \"You are a helpful assistant.\",") != std::string::npos);
      CHECK(r.results[i].diff.find("+       \"content\": \"You are a helpful assistant!\",") != std::string::npos);
    } else if (r.jobs[i].model_id == "wrong-key") {
      CHECK(r.results[i].error.find("the OpenAI client is not made with base_url=") == 0);
    } else if (r.jobs[i].model_id == "syntax") {
      CHECK(r.results[i].error == "does not compile");
      CHECK(r.results[i].stderr_text.find("SyntaxError") != std::string::npos);
    } else {
      CHECK(r.results[i].status == SnippetStatus::verified);
    }
  }
  CHECK(report_json(r).find("\"verified_not_run\": 2") != std::string::npos);
}

TEST_CASE("a snippet that works only inside the in-process runner fails its standalone run", "[checker]") {
  Model m = sample_model();
  // The fork server has imported `requests`; a reader's python3 has not.
  SnippetJob relies = job_for(m, "python-requests");
  relies.code = replace_all(relies.code, "import requests\n", "import sys\nrequests = sys.modules[\"requests\"]\n");
  REQUIRE(relies.code != job_for(m, "python-requests").code);
  SnippetJob same_shape = relies;  // a second snippet of the shape: it runs in-process only
  same_shape.model_id = "zz-later";
  same_shape.code += "# the same request, published elsewhere\n";
  CheckReport r = check({relies, same_shape});
  REQUIRE(r.jobs.size() == 2);
  CHECK(r.jobs[0].model_id == "gpt-4-0314");
  CHECK(r.results[0].status == SnippetStatus::failed);
  CHECK(r.results[0].error == "as a standalone process (python3 snippet.py), exited with status 1; it passed in-process");
  CHECK(r.results[0].stderr_text.find("KeyError: 'requests'") != std::string::npos);
  CHECK(r.results[0].in_process);
  CHECK(r.results[0].standalone);
  CHECK(r.results[1].status == SnippetStatus::passed);
  CHECK(r.results[1].in_process);
  CHECK_FALSE(r.results[1].standalone);
  CHECK(r.in_process == 2);
  CHECK(r.standalone == 1);
}
