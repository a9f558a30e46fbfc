#include "site/snippet_stage.h"

#include <algorithm>

#include "core/json_source.h"
#include "core/parallel.h"
#include "core/text.h"
#include "mock/mock.h"
#include "site/site.h"
#include "snippets/snippets.h"

namespace ms {

namespace {

MockRequest to_mock_request(const CanonicalRequest& req, const std::string& bearer) {
  MockRequest m;
  m.method = req.method;
  m.path = "/v1" + req.path;
  m.headers["authorization"] = "Bearer " + bearer;
  if (req.json_body) {
    m.headers["content-type"] = "application/json";
    m.body = canonical_json_text(*req.json_body);
  } else {
    std::vector<MultipartPart> parts;
    for (const auto& f : req.form) {
      MultipartPart p;
      p.name = f.name;
      if (f.is_file) {
        p.filename = f.value;
        p.content_type = "application/octet-stream";
        p.data = sample_audio();
      } else {
        p.data = f.value;
      }
      parts.push_back(std::move(p));
    }
    const std::string boundary = "modelsite-example-boundary";
    m.headers["content-type"] = "multipart/form-data; boundary=" + boundary;
    m.body = serialize_multipart(parts, boundary);
  }
  return m;
}

// Pretty JSON for reading: like dump(2), but a long list of numbers (an embedding) shows its
// first values, a count and its last value on one line instead of 1,536 lines.
void readable_json(const nlohmann::ordered_json& v, int indent, std::string& out) {
  std::string pad(static_cast<std::size_t>(indent + 2), ' '), end_pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object() && !v.empty()) {
    out += "{\n";
    std::size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
      out += pad + nlohmann::ordered_json(it.key()).dump() + ": ";
      readable_json(it.value(), indent + 2, out);
      out += i + 1 < v.size() ? ",\n" : "\n";
    }
    out += end_pad + "}";
  } else if (v.is_array() && !v.empty()) {
    bool numbers = std::all_of(v.begin(), v.end(), [](const nlohmann::ordered_json& x) { return x.is_number(); });
    if (numbers && v.size() > 8) {
      out += "[" + v[0].dump() + ", " + v[1].dump() + ", " + v[2].dump() + ", … " + std::to_string(v.size() - 4) +
             " more …, " + v[v.size() - 1].dump() + "]";
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < v.size(); ++i) {
      out += pad;
      readable_json(v[i], indent + 2, out);
      out += i + 1 < v.size() ? ",\n" : "\n";
    }
    out += end_pad + "]";
  } else {
    out += v.dump();
  }
}

std::string example_response(const MockApi& api, const CanonicalRequest& req) {
  MockResponse r = api.answer(to_mock_request(req, "sk-example"));
  if (r.json) {
    std::string out;
    // The answer in the order the mock wrote it (the API's own field order).
    readable_json(*r.json, 0, out);
    return out;
  }
  if (starts_with(r.content_type, "application/json")) return r.body;  // an error, already readable
  if (starts_with(r.content_type, "text/")) return r.body;
  return "HTTP " + std::to_string(r.status) + " " + r.content_type + ", " + std::to_string(r.body.size()) + " bytes";
}

}  // namespace

// One model's snippets as the check runs them (the same texts build_snippets publishes).
std::vector<SnippetJob> model_check_jobs(const SiteConfig& config, const Model& m, const std::vector<std::string>& targets) {
  std::vector<SnippetJob> jobs;
  for (const auto& endpoint : m.endpoints)
    for (bool stream : {false, true}) {
      if (stream && !supports_streaming(endpoint)) continue;
      CanonicalRequest req = canonical_request(m, endpoint, stream);
      for (const auto& target : targets)
        jobs.push_back({m.id, m.source_path, endpoint, stream, target, config.locales, render_snippet(req, target, config.api), req});
    }
  return jobs;
}

std::size_t build_snippets(const SiteConfig& config, const Catalog& catalog, SiteContext& ctx, std::vector<SnippetJob>* jobs,
                           const std::vector<std::string>& targets, int threads, const std::set<const void*>* needed) {
  MockApi api(mock_models(catalog));
  // One slot per model, filled in parallel, then gathered in catalog order.
  const auto& models = catalog.models;
  std::vector<ModelExtras> extras(models.size());
  std::vector<std::vector<SnippetJob>> model_jobs(models.size());
  std::vector<std::size_t> counts(models.size(), 0);
  run_parallel(models.size(), threads, [&](std::size_t i, int) {
    const Model& m = models[i];
    if (needed && !jobs && !needed->count(&m)) return;
    for (const auto& endpoint : m.endpoints) {
      for (int variant = 0; variant < 2; ++variant) {
        bool stream = variant == 1;
        if (stream && !supports_streaming(endpoint)) continue;
        SnippetGroup g;
        g.endpoint = endpoint;
        g.stream = stream;
        g.request = canonical_request(m, endpoint, stream);
        for (const auto& target : config.snippets) {
          std::string code = render_snippet(g.request, target, config.api);
          ++counts[i];
          g.targets.push_back(target);
          g.code_html.push_back(html_escape_text(code));
          // Pages keep only the escaped code; the check keeps the code itself.
          if (jobs && (targets.empty() || std::find(targets.begin(), targets.end(), target) != targets.end()))
            model_jobs[i].push_back({m.id, m.source_path, endpoint, stream, target, config.locales, std::move(code), g.request});
        }
        g.example_response_html = html_escape_text(example_response(api, g.request));
        extras[i].snippets.push_back(std::move(g));
      }
    }
  });
  std::size_t n = 0;
  for (std::size_t i = 0; i < models.size(); ++i) {
    n += counts[i];
    if (jobs) for (auto& j : model_jobs[i]) jobs->push_back(std::move(j));
    ctx.extras[models[i].id] = std::move(extras[i]);
  }
  return n;
}

}  // namespace ms
