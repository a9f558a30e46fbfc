// What a snippet run must show: the request the mock received, the output, the saved file.
#include "checker/verify.h"

#include <algorithm>

#include "core/text.h"

namespace ms {

std::string trim_end(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  return trim_end(nl == std::string::npos ? s : s.substr(0, nl));
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// A line diff (longest common subsequence): "-" canonical only, "+" received only.
std::string line_diff(const std::string& expected, const std::string& got) {
  auto a = split_lines(expected), b = split_lines(got);
  if (a.size() * b.size() > 4'000'000) return "--- canonical\n" + expected + "\n+++ received\n" + got + "\n";
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out = "--- canonical request\n+++ received by the mock\n";
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) { out += "  " + a[i] + "\n"; ++i; ++j; }
    else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) out += "+ " + b[j++] + "\n";
    else out += "- " + a[i++] + "\n";
  }
  return out;
}

std::optional<std::string> expected_stdout(const SnippetJob& job, const MockResponse& resp) {
  const std::string& e = job.endpoint;
  if (job.target == "curl") {
    if (e == "audio.speech") return std::string();
    return trim_end(resp.body);
  }
  if (e == "audio.speech") return job.request.output_file;
  if (!job.request.image_file.empty()) return job.request.image_file;
  if (job.stream) {
    std::string text;
    for (const auto& line : split_lines(resp.body)) {
      if (!starts_with(line, "data: ") || line == "data: [DONE]") continue;
      try {
        Json chunk = Json::parse(line.substr(6));
        const Json& delta = chunk.at("choices").at(0).at("delta");
        if (delta.contains("content") && delta["content"].is_string()) text += delta["content"].get<std::string>();
      } catch (...) {
      }
    }
    return trim_end(text);
  }
  Json j;
  try {
    j = Json::parse(resp.body);
  } catch (...) {
    return trim_end(resp.body);
  }
  try {
    if (e == "chat.completions") return trim_end(j.at("choices").at(0).at("message").at("content").get<std::string>());
    if (e == "completions") return trim_end(j.at("choices").at(0).at("text").get<std::string>());
    if (e == "responses") {
      std::string text;
      for (const auto& item : j.at("output"))
        if (item.contains("content"))
          for (const auto& part : item["content"])
            if (part.value("type", "") == "output_text") text += part.value("text", "");
      return trim_end(text);
    }
    if (e == "embeddings") return std::to_string(j.at("data").at(0).at("embedding").size());
    if (e == "images.generations") return trim_end(j.at("data").at(0).at("url").get<std::string>());
    if (e == "audio.transcriptions") return trim_end(j.at("text").get<std::string>());
    if (e == "moderations") return std::string("flagged: ") + (j.at("results").at(0).at("flagged").get<bool>() ? "true" : "false");
  } catch (...) {
  }
  return std::nullopt;
}

std::optional<std::string> base64_image(const MockResponse& resp) {
  try {
    return Json::parse(resp.body).at("data").at(0).at("b64_json").get<std::string>();
  } catch (...) {
    return std::nullopt;
  }
}

bool check_request(const SnippetJob& job, const RecordedRequest& got, const std::string& key, SnippetResult& res) {
  std::string want_path = "/v1" + job.request.path;
  if (got.request.method != job.request.method || got.request.path != want_path) {
    res.error = "the mock received " + got.request.method + " " + got.request.path + ", expected " + job.request.method + " " + want_path;
    return false;
  }
  auto auth = got.request.headers.find("authorization");
  if (auth == got.request.headers.end() || auth->second != "Bearer " + key) {
    res.error = "the request did not carry `Authorization: Bearer $" + std::string("KEY") + "` with the key from the environment";
    return false;
  }
  if (job.request.json_body) {
    Json received;
    try {
      received = Json::parse(got.request.body);
    } catch (...) {
      res.error = "the request body is not JSON";
      res.diff = line_diff(canonical_json_text(*job.request.json_body), got.request.body);
      return false;
    }
    if (received != *job.request.json_body) {
      res.error = "the request body differs from the canonical request";
      res.diff = line_diff(job.request.json_body->dump(2), received.dump(2));
      return false;
    }
    return true;
  }
  auto ct = got.request.headers.find("content-type");
  auto parts = parse_multipart(ct == got.request.headers.end() ? "" : ct->second, got.request.body);
  if (!parts) {
    res.error = "the request is not a valid multipart/form-data upload";
    return false;
  }
  std::string want, have;
  for (const auto& f : job.request.form) want += f.name + "=" + (f.is_file ? "@" + f.value + " (" + std::to_string(sample_audio().size()) + " bytes)" : f.value) + "\n";
  for (const auto& p : *parts)
    have += p.name + "=" + (p.filename ? "@" + *p.filename + " (" + std::to_string(p.data.size()) + " bytes)" : p.data) + "\n";
  bool same_file = true;
  for (const auto& p : *parts)
    if (p.filename && p.data != sample_audio()) same_file = false;
  if (want != have || !same_file) {
    res.error = "the uploaded form differs from the canonical request";
    res.diff = line_diff(want, have);
    return false;
  }
  return true;
}

std::string sample_audio() {
  // 0.25 s of a 440 Hz triangle wave, 8 kHz mono 16-bit WAV, integer arithmetic only.
  static const std::string audio = [] {
    const int rate = 8000, samples = rate / 4;
    std::string out;
    auto u32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF); };
    auto u16 = [&](std::uint16_t v) { for (int i = 0; i < 2; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF); };
    out += "RIFF"; u32(36 + samples * 2); out += "WAVEfmt "; u32(16); u16(1); u16(1); u32(rate); u32(rate * 2); u16(2); u16(16);
    out += "data"; u32(samples * 2);
    for (int i = 0; i < samples; ++i) {
      int phase = (i * 440 * 4 / rate) % 4;
      int frac = (i * 440 * 4 % rate) * 8000 / rate;
      int v = phase == 0 ? frac : phase == 1 ? 8000 - frac : phase == 2 ? -frac : frac - 8000;
      u16(static_cast<std::uint16_t>(static_cast<std::int16_t>(v)));
    }
    return out;
  }();
  return audio;
}

}  // namespace ms

namespace ms {

std::string sdk_method(const std::string& endpoint) {
  if (endpoint == "images.generations") return "images.generate";
  return endpoint + ".create";
}

namespace {

// The canonical request as keyword arguments: the JSON body, or the form's fields (a file field
// as {"@file": name}).
Json canonical_kwargs(const SnippetJob& job) {
  if (job.request.json_body) return *job.request.json_body;
  Json form = Json::object();
  for (const auto& f : job.request.form) form[f.name] = f.is_file ? Json{{"@file", f.value}} : Json(f.value);
  return form;
}

// Keys and value types, values erased.
Json skeleton(const Json& v) {
  if (v.is_object()) {
    Json out = Json::object();
    for (const auto& [k, x] : v.items()) out[k] = skeleton(x);
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& x : v) {
      Json s = skeleton(x);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
    return out;
  }
  return v.type_name();
}

}  // namespace

bool check_static(const SnippetJob& job, const std::string& found_json, const std::string& base_url,
                  const std::string& key_env, SnippetResult& res) {
  Json found;
  try {
    found = Json::parse(found_json);
  } catch (...) {
    res.error = "the static reader printed no result";
    return false;
  }
  std::string method = "client." + sdk_method(job.endpoint);
  if (!found["problems"].empty()) {
    res.error = "cannot verify the call statically: " + found["problems"][0].get<std::string>();
    return false;
  }
  const Json& calls = found["calls"];
  if (calls.size() != 1) {
    res.error = "the snippet calls " + method + " on an OpenAI client " + std::to_string(calls.size()) + " times, expected exactly once";
    return false;
  }
  const Json& client = calls[0]["client"];
  if (client.value("base_url", Json()) != Json(base_url) || client.value("api_key", Json()) != Json("$" + key_env)) {
    res.error = "the OpenAI client is not made with base_url=\"" + base_url + "\" and api_key=os.environ[\"" + key_env + "\"]";
    res.diff = line_diff(Json{{"api_key", "$" + key_env}, {"base_url", base_url}}.dump(2), client.dump(2));
    return false;
  }
  Json want = canonical_kwargs(job);
  const Json& got = calls[0]["kwargs"];
  if (got != want) {
    res.error = "the keyword arguments of " + method + " differ from the canonical request";
    res.diff = line_diff(want.dump(2), got.dump(2));
    return false;
  }
  return true;
}

std::string snippet_shape(const SnippetJob& job) {
  Json s = job.request.json_body ? skeleton(*job.request.json_body) : skeleton(canonical_kwargs(job));
  return job.endpoint + (job.stream ? " stream " : " ") + job.target + " " + s.dump();
}

std::string snippet_identity(const SnippetJob& job) {
  return job.model_id + "\n" + job.endpoint + "\n" + (job.stream ? "stream" : "") + "\n" + job.target;
}

}  // namespace ms
