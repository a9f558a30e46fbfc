// The answers of the endpoints that are not text generation: embeddings, images, speech,
// transcriptions and moderations (deterministic from the request, in the official shapes).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/openai_api.h"
#include "mock/answers.h"
#include "mock/media.h"

namespace ms::mock_detail {

std::size_t native_embedding_dimensions(const std::string& model) {
  return model.find("3-large") != std::string::npos ? 3072 : 1536;
}

MockResponse answer_embeddings(const Call& c) {
  const Json& input = c.body.at("input");
  std::vector<std::string> items;  // the text, or the token array's JSON
  std::size_t tokens = 0;
  if (input.is_string()) {
    items.push_back(input.get<std::string>());
    tokens += mock_token_count(items.back());
  } else if (input[0].is_string()) {
    for (const auto& s : input) {
      items.push_back(s.get<std::string>());
      tokens += mock_token_count(items.back());
    }
  } else if (input[0].is_array()) {
    for (const auto& a : input) {
      items.push_back(dump_json(canonical(a)));
      tokens += a.size();
    }
  } else {
    items.push_back(dump_json(canonical(input)));
    tokens += input.size();
  }
  std::size_t dims = native_embedding_dimensions(c.model);
  if (auto d = optional_int(c.body, "dimensions")) dims = static_cast<std::size_t>(*d);
  bool base64 = string_or(c.body, "encoding_format", "float") == "base64";

  OJson data = OJson::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::uint64_t state = fnv1a64(c.model + '\n' + items[i]);
    std::vector<double> v(dims);
    double norm = 0;
    for (auto& x : v) {
      x = static_cast<double>(splitmix64(state) >> 11) / 9007199254740992.0 * 2.0 - 1.0;
      norm += x * x;
    }
    norm = std::sqrt(norm);
    std::vector<float> f(dims);
    for (std::size_t k = 0; k < dims; ++k) f[k] = static_cast<float>(v[k] / norm);
    OJson embedding;
    if (base64) {
      std::string bytes;
      bytes.reserve(dims * 4);
      for (float x : f) {
        std::uint32_t bits;
        std::memcpy(&bits, &x, 4);
        for (int b = 0; b < 4; ++b) bytes += static_cast<char>((bits >> (8 * b)) & 0xFF);
      }
      embedding = base64_encode(bytes);
    } else {
      embedding = OJson::array();
      for (float x : f) embedding.push_back(static_cast<double>(x));
    }
    data.push_back(OJson{{"object", "embedding"}, {"index", i}, {"embedding", std::move(embedding)}});
  }
  return json_response(OJson{{"object", "list"},
                             {"data", std::move(data)},
                             {"model", c.model},
                             {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}});
}

MockResponse answer_images(const Call& c) {
  std::size_t n = static_cast<std::size_t>(optional_int(c.body, "n").value_or(1));
  bool b64 = images_only_base64(c.model) || string_or(c.body, "response_format", "url") == "b64_json";
  std::string prompt = c.body.at("prompt").get<std::string>();
  OJson data = OJson::array();
  for (std::size_t i = 0; i < n; ++i) {
    OJson image;
    if (b64) {
      std::uint64_t h = fnv1a64(c.hash + "/" + std::to_string(i));
      image["b64_json"] = base64_encode(mock_detail::tiny_png(static_cast<std::uint8_t>(h), static_cast<std::uint8_t>(h >> 8),
                                                             static_cast<std::uint8_t>(h >> 16)));
    } else {
      image["url"] = "https://mock.invalid/images/" + c.hash + (i == 0 ? "" : "-" + std::to_string(i)) + ".png";
    }
    if (c.model == "dall-e-3") image["revised_prompt"] = prompt;
    data.push_back(std::move(image));
  }
  return json_response(OJson{{"created", MockApi::kCreated}, {"data", std::move(data)}});
}

MockResponse answer_speech(const Call& c) {
  const Json& voice = c.body.at("voice");
  std::string voice_name = voice.is_string() ? voice.get<std::string>() : voice.value("id", std::string());
  std::string title =
      with_excerpt("This is a mock speech from " + c.model + " (" + voice_name + ") of:", c.body.at("input").get<std::string>());
  auto audio = mock_detail::silent_speech(string_or(c.body, "response_format", "mp3"), title);
  MockResponse r;
  r.content_type = audio.content_type;
  r.body = std::move(audio.bytes);
  return r;
}

MockResponse answer_transcriptions(const Call& c, const Upload& file) {
  std::string text = "This is a mock transcript from " + c.model + " of " + file.filename + " (" +
                     std::to_string(file.size) + " bytes).";
  std::string format = string_or(c.body, "response_format", "json");
  OJson usage{{"type", "duration"}, {"seconds", 1}};
  if (format == "text") {
    MockResponse r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = text;
    return r;
  }
  if (format == "srt" || format == "vtt") {
    MockResponse r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = format == "srt" ? "1\n00:00:00,000 --> 00:00:01,000\n" + text + "\n\n"
                             : "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n" + text + "\n\n";
    return r;
  }
  if (format == "verbose_json") {
    std::vector<std::string> granularities;
    if (auto it = c.body.find("timestamp_granularities"); it != c.body.end())
      for (const auto& g : *it) granularities.push_back(g.get<std::string>());
    bool words = std::find(granularities.begin(), granularities.end(), "word") != granularities.end();
    bool segments = granularities.empty() ||
                    std::find(granularities.begin(), granularities.end(), "segment") != granularities.end();
    OJson body{{"task", "transcribe"},
               {"language", string_or(c.body, "language", "english")},
               {"duration", 1.0},
               {"text", text}};
    if (words) {
      auto ws = split_words(text);
      OJson list = OJson::array();
      for (std::size_t i = 0; i < ws.size(); ++i)
        list.push_back(OJson{{"word", ws[i]},
                             {"start", static_cast<double>(i) / static_cast<double>(ws.size())},
                             {"end", static_cast<double>(i + 1) / static_cast<double>(ws.size())}});
      body["words"] = std::move(list);
    }
    if (segments)
      body["segments"] = OJson::array({OJson{{"id", 0},
                                             {"seek", 0},
                                             {"start", 0.0},
                                             {"end", 1.0},
                                             {"text", text},
                                             {"tokens", OJson::array()},
                                             {"temperature", 0.0},
                                             {"avg_logprob", 0.0},
                                             {"compression_ratio", 1.0},
                                             {"no_speech_prob", 0.0}}});
    body["usage"] = usage;
    return json_response(body);
  }
  if (format == "diarized_json") {
    return json_response(OJson{{"task", "transcribe"},
                               {"duration", 1.0},
                               {"text", text},
                               {"segments", OJson::array({OJson{{"type", "transcript.text.segment"},
                                                                {"id", "seg_0"},
                                                                {"start", 0.0},
                                                                {"end", 1.0},
                                                                {"text", text},
                                                                {"speaker", "A"}}})},
                               {"usage", usage}});
  }
  return json_response(OJson{{"text", text}, {"usage", usage}});
}

namespace {

// Moderation categories in the order of the official schema; a category is flagged when the
// input contains its trigger as a word (case-insensitive).
struct Category {
  const char* name;
  const char* trigger;  // nullptr: never flagged
  bool image;           // applies to image inputs too
};
constexpr Category kCategories[] = {
    {"harassment", "idiot", false},         {"harassment/threatening", nullptr, false},
    {"hate", "hate", false},                {"hate/threatening", nullptr, false},
    {"illicit", "steal", false},            {"illicit/violent", nullptr, false},
    {"self-harm", "suicide", true},         {"self-harm/intent", nullptr, true},
    {"self-harm/instructions", nullptr, true}, {"sexual", "nsfw", true},
    {"sexual/minors", nullptr, false},      {"violence", "kill", true},
    {"violence/graphic", nullptr, true},
};

}  // namespace

MockResponse answer_moderations(const Call& c) {
  struct Input {
    std::string text;
    bool has_text = false;
    bool has_image = false;
  };
  std::vector<Input> inputs;
  const Json& input = c.body.at("input");
  if (input.is_string()) {
    inputs.push_back({input.get<std::string>(), true, false});
  } else if (!input.empty() && input[0].is_object()) {
    Input combined;
    std::vector<std::string> texts;
    for (const auto& part : input) {
      if (part.value("type", std::string()) == "text") {
        texts.push_back(part.value("text", std::string()));
        combined.has_text = true;
      } else {
        combined.has_image = true;
      }
    }
    combined.text = join(texts, " ");
    inputs.push_back(std::move(combined));
  } else {
    for (const auto& s : input) inputs.push_back({s.get<std::string>(), true, false});
  }
  OJson results = OJson::array();
  for (const auto& in : inputs) {
    // Words: runs of ASCII letters, lowercased ("Kill!" -> "kill"; "skills" is not "kill").
    std::vector<std::string> words(1);
    for (char ch : lower(in.text)) {
      if (ch >= 'a' && ch <= 'z')
        words.back() += ch;
      else if (!words.back().empty())
        words.emplace_back();
    }
    OJson categories = OJson::object(), scores = OJson::object(), applied = OJson::object();
    bool flagged = false;
    for (const auto& cat : kCategories) {
      bool hit = cat.trigger && std::find(words.begin(), words.end(), cat.trigger) != words.end();
      flagged = flagged || hit;
      categories[cat.name] = hit;
      scores[cat.name] = hit ? 0.99 : 0.0001;
      OJson types = OJson::array();
      if (in.has_text) types.push_back("text");
      if (in.has_image && cat.image) types.push_back("image");
      applied[cat.name] = std::move(types);
    }
    results.push_back(OJson{{"flagged", flagged},
                            {"categories", std::move(categories)},
                            {"category_scores", std::move(scores)},
                            {"category_applied_input_types", std::move(applied)}});
  }
  return json_response(OJson{{"id", "modr-" + c.hash}, {"model", c.model}, {"results", std::move(results)}});
}

}  // namespace ms::mock_detail
