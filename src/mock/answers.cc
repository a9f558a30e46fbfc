// The answers of each endpoint to a validated request: deterministic text, ids from the request's
// hash, and the official response shapes (including server-sent events for "stream": true).
#include "mock/answers.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "mock/media.h"

namespace ms::mock_detail {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

namespace {

// Pieces whose concatenation is `text`: each word with the space before it (for streaming).
std::vector<std::string> stream_pieces(const std::string& text) {
  std::vector<std::string> pieces;
  if (text.empty()) return pieces;
  std::size_t start = 0;
  for (;;) {
    std::size_t sp = text.find(' ', start + 1);
    if (sp == std::string::npos) {
      pieces.push_back(text.substr(start));
      return pieces;
    }
    pieces.push_back(text.substr(start, sp - start));
    start = sp;
  }
}

}  // namespace

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

Json canonical(const Json& v) {
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) return Json(static_cast<std::int64_t>(d));
    return v;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(canonical(e));
    return out;
  }
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = canonical(it.value());
    return out;
  }
  return v;
}

MockResponse json_response(OJson body, int status) {
  MockResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.json = std::make_shared<const OJson>(std::move(body));
  return r;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

namespace {

std::string with_excerpt(std::string prefix, std::string_view text) {
  std::string ex = mock_excerpt(text);
  if (!ex.empty()) prefix += " " + ex;
  return prefix;
}

}  // namespace

std::optional<std::int64_t> optional_int(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null() || !it->is_number()) return std::nullopt;
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_unsigned()) return static_cast<std::int64_t>(std::min<std::uint64_t>(it->get<std::uint64_t>(), max));
  double d = it->get<double>();
  if (!(std::fabs(d) < 9.0e18)) return d < 0 ? -max : max;  // also NaN
  return static_cast<std::int64_t>(d);
}

bool flag(const Json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

std::string string_or(const Json& body, const char* key, std::string fallback) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

namespace {

// Text of chat / responses message content: a string, or the text parts joined by spaces.
std::string content_text(const Json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::vector<std::string> texts;
  if (content.is_array()) {
    for (const auto& part : content) {
      if (!part.is_object()) continue;
      auto type = part.value("type", std::string());
      if ((type == "text" || type == "input_text" || type == "output_text") && part.contains("text") &&
          part["text"].is_string())
        texts.push_back(part["text"].get<std::string>());
    }
  }
  return join(texts, " ");
}

OJson usage_chat(std::size_t prompt, std::size_t completion) {
  return OJson{{"prompt_tokens", prompt},
               {"completion_tokens", completion},
               {"total_tokens", prompt + completion},
               {"prompt_tokens_details", {{"cached_tokens", 0}, {"audio_tokens", 0}}},
               {"completion_tokens_details",
                {{"reasoning_tokens", 0},
                 {"audio_tokens", 0},
                 {"accepted_prediction_tokens", 0},
                 {"rejected_prediction_tokens", 0}}}};
}

std::string sse_data(const OJson& chunk) { return "data: " + dump_json(chunk) + "\n\n"; }

MockResponse sse_response(std::string body) {
  MockResponse r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.body = std::move(body);
  return r;
}


}  // namespace

MockResponse answer_chat_completions(const Call& c) {
  const Json& messages = c.body.at("messages");
  std::string last_user, last_any;
  bool found_user = false;
  std::size_t prompt_tokens = 0;
  for (const auto& m : messages) {
    std::string text = m.contains("content") ? content_text(m["content"]) : "";
    prompt_tokens += mock_token_count(text);
    if (!text.empty()) last_any = text;
    if (m.value("role", std::string()) == "user") {
      last_user = text;
      found_user = true;
    }
  }
  std::string answer = with_excerpt("This is a mock answer from " + c.model + " to:", found_user ? last_user : last_any);
  if (c.body.contains("response_format") && c.body["response_format"].is_object()) {
    auto type = c.body["response_format"].value("type", std::string());
    if (type == "json_object" || type == "json_schema") answer = dump_json(OJson{{"answer", answer}});
  }
  const std::string finish = "stop";
  std::size_t n = static_cast<std::size_t>(optional_int(c.body, "n").value_or(1));
  OJson usage = usage_chat(prompt_tokens, mock_token_count(answer) * n);
  std::string id = "chatcmpl-" + c.hash;

  if (flag(c.body, "stream")) {
    bool include_usage = c.body.contains("stream_options") && c.body["stream_options"].is_object() &&
                         flag(c.body["stream_options"], "include_usage");
    auto chunk = [&](OJson choices) {
      OJson ch{{"id", id},
               {"object", "chat.completion.chunk"},
               {"created", MockApi::kCreated},
               {"model", c.model},
               {"service_tier", "default"},
               {"system_fingerprint", "fp_mock"},
               {"choices", std::move(choices)}};
      if (include_usage) ch["usage"] = nullptr;
      return ch;
    };
    auto choice = [](std::size_t index, OJson delta, OJson finish_reason) {
      return OJson::array({OJson{{"index", index},
                                 {"delta", std::move(delta)},
                                 {"logprobs", nullptr},
                                 {"finish_reason", std::move(finish_reason)}}});
    };
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
      out += sse_data(chunk(choice(i, OJson{{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr)));
      for (const auto& piece : stream_pieces(answer)) out += sse_data(chunk(choice(i, OJson{{"content", piece}}, nullptr)));
      out += sse_data(chunk(choice(i, OJson::object(), finish)));
    }
    if (include_usage) {
      OJson last = chunk(OJson::array());
      last["usage"] = usage;
      out += sse_data(last);
    }
    out += "data: [DONE]\n\n";
    return sse_response(std::move(out));
  }

  OJson choices = OJson::array();
  for (std::size_t i = 0; i < n; ++i) {
    choices.push_back(OJson{{"index", i},
                            {"message",
                             {{"role", "assistant"},
                              {"content", answer},
                              {"refusal", nullptr},
                              {"annotations", OJson::array()}}},
                            {"logprobs", nullptr},
                            {"finish_reason", finish}});
  }
  return json_response(OJson{{"id", id},
                             {"object", "chat.completion"},
                             {"created", MockApi::kCreated},
                             {"model", c.model},
                             {"choices", std::move(choices)},
                             {"usage", std::move(usage)},
                             {"service_tier", "default"},
                             {"system_fingerprint", "fp_mock"}});
}

MockResponse answer_responses(const Call& c) {
  std::string last_user, last_any;
  bool found_user = false;
  std::size_t input_tokens = 0;
  if (auto it = c.body.find("input"); it != c.body.end()) {
    if (it->is_string()) {
      last_user = it->get<std::string>();
      found_user = true;
      input_tokens += mock_token_count(last_user);
    } else if (it->is_array()) {
      for (const auto& item : *it) {
        if (item.value("type", std::string("message")) != "message" || !item.contains("content")) continue;
        std::string text = content_text(item["content"]);
        input_tokens += mock_token_count(text);
        if (!text.empty()) last_any = text;
        if (item.value("role", std::string()) == "user") {
          last_user = text;
          found_user = true;
        }
      }
    }
  }
  std::string instructions = string_or(c.body, "instructions", "");
  input_tokens += mock_token_count(instructions);
  std::string text = with_excerpt("This is a mock response from " + c.model + " to:", found_user ? last_user : last_any);
  std::size_t output_tokens = mock_token_count(text);

  std::string id = "resp_" + c.hash;
  std::string msg_id = "msg_" + c.hash;
  auto echo = [&](const char* key, OJson fallback) -> OJson {
    auto it = c.body.find(key);
    if (it == c.body.end() || it->is_null()) return fallback;
    return OJson::parse(it->dump());
  };
  OJson part{{"type", "output_text"}, {"text", text}, {"annotations", OJson::array()}, {"logprobs", OJson::array()}};
  OJson item{{"id", msg_id},
             {"type", "message"},
             {"status", "completed"},
             {"role", "assistant"},
             {"content", OJson::array({part})}};
  auto response = [&](const std::string& status, OJson output, OJson usage) {
    return OJson{{"id", id},
                 {"object", "response"},
                 {"created_at", MockApi::kCreated},
                 {"status", status},
                 {"background", false},
                 {"completed_at", status == "in_progress" ? OJson(nullptr) : OJson(MockApi::kCreated)},
                 {"error", nullptr},
                 {"incomplete_details", nullptr},
                 {"instructions", echo("instructions", nullptr)},
                 {"max_output_tokens", echo("max_output_tokens", nullptr)},
                 {"max_tool_calls", echo("max_tool_calls", nullptr)},
                 {"model", c.model},
                 {"output", std::move(output)},
                 {"parallel_tool_calls", echo("parallel_tool_calls", true)},
                 {"previous_response_id", echo("previous_response_id", nullptr)},
                 {"reasoning", echo("reasoning", OJson{{"effort", nullptr}, {"summary", nullptr}})},
                 {"service_tier", "default"},
                 {"store", echo("store", true)},
                 {"temperature", echo("temperature", 1)},
                 {"text", echo("text", OJson{{"format", {{"type", "text"}}}})},
                 {"tool_choice", echo("tool_choice", "auto")},
                 {"tools", echo("tools", OJson::array())},
                 {"top_p", echo("top_p", 1)},
                 {"truncation", echo("truncation", "disabled")},
                 {"usage", std::move(usage)},
                 {"user", echo("user", nullptr)},
                 {"metadata", echo("metadata", OJson::object())}};
  };
  OJson usage{{"input_tokens", input_tokens},
              {"input_tokens_details", {{"cached_tokens", 0}, {"cache_write_tokens", 0}}},
              {"output_tokens", output_tokens},
              {"output_tokens_details", {{"reasoning_tokens", 0}}},
              {"total_tokens", input_tokens + output_tokens}};
  const std::string final_status = "completed";

  if (!flag(c.body, "stream")) return json_response(response(final_status, OJson::array({item}), usage));

  std::string out;
  int seq = 0;
  auto event = [&](const std::string& type, OJson fields) {
    OJson e{{"type", type}, {"sequence_number", seq++}};
    for (auto it = fields.begin(); it != fields.end(); ++it) e[it.key()] = it.value();
    out += "event: " + type + "\ndata: " + dump_json(e) + "\n\n";
  };
  OJson empty_item = item;
  empty_item["status"] = "in_progress";
  empty_item["content"] = OJson::array();
  OJson empty_part = part;
  empty_part["text"] = "";
  event("response.created", {{"response", response("in_progress", OJson::array(), nullptr)}});
  event("response.in_progress", {{"response", response("in_progress", OJson::array(), nullptr)}});
  event("response.output_item.added", {{"output_index", 0}, {"item", empty_item}});
  event("response.content_part.added",
        {{"item_id", msg_id}, {"output_index", 0}, {"content_index", 0}, {"part", empty_part}});
  for (const auto& piece : stream_pieces(text))
    event("response.output_text.delta", {{"item_id", msg_id},
                                         {"output_index", 0},
                                         {"content_index", 0},
                                         {"delta", piece},
                                         {"logprobs", OJson::array()}});
  event("response.output_text.done", {{"item_id", msg_id},
                                      {"output_index", 0},
                                      {"content_index", 0},
                                      {"text", text},
                                      {"logprobs", OJson::array()}});
  event("response.content_part.done", {{"item_id", msg_id}, {"output_index", 0}, {"content_index", 0}, {"part", part}});
  event("response.output_item.done", {{"output_index", 0}, {"item", item}});
  event("response.completed",
        {{"response", response(final_status, OJson::array({item}), usage)}});
  return sse_response(std::move(out));
}

MockResponse answer_completions(const Call& c) {
  std::vector<std::string> prompts;
  std::size_t prompt_tokens = 0;
  const Json& prompt = c.body.at("prompt");
  if (prompt.is_string()) {
    prompts.push_back(prompt.get<std::string>());
  } else if (prompt.is_null()) {
    prompts.push_back("");
  } else if (!prompt.empty() && prompt[0].is_string()) {
    for (const auto& p : prompt) prompts.push_back(p.get<std::string>());
  } else if (!prompt.empty() && prompt[0].is_array()) {
    for (const auto& p : prompt) {
      prompts.push_back("");
      prompt_tokens += p.size();
    }
  } else {
    prompts.push_back("");
    prompt_tokens += prompt.size();
  }
  if (prompts.empty()) prompts.push_back("");  // an empty array of strings
  for (const auto& p : prompts) prompt_tokens += mock_token_count(p);

  std::size_t n = static_cast<std::size_t>(optional_int(c.body, "n").value_or(1));
  bool echo_prompt = flag(c.body, "echo");
  struct Choice {
    std::string text;
    std::string finish;
  };
  std::vector<Choice> choices;
  std::size_t completion_tokens = 0;
  for (const auto& p : prompts) {
    std::string text = with_excerpt("This is a mock completion from " + c.model + " for:", p);
    completion_tokens += mock_token_count(text) * n;
    for (std::size_t j = 0; j < n; ++j) choices.push_back({echo_prompt ? p + text : text, "stop"});
  }
  OJson usage{{"prompt_tokens", prompt_tokens},
              {"completion_tokens", completion_tokens},
              {"total_tokens", prompt_tokens + completion_tokens}};
  std::string id = "cmpl-" + c.hash;
  auto base = [&](OJson ch) {
    return OJson{{"id", id},
                 {"object", "text_completion"},
                 {"created", MockApi::kCreated},
                 {"model", c.model},
                 {"system_fingerprint", "fp_mock"},
                 {"choices", std::move(ch)}};
  };

  if (flag(c.body, "stream")) {
    bool include_usage = c.body.contains("stream_options") && c.body["stream_options"].is_object() &&
                         flag(c.body["stream_options"], "include_usage");
    std::string out;
    for (std::size_t i = 0; i < choices.size(); ++i) {
      for (const auto& piece : stream_pieces(choices[i].text))
        out += sse_data(base(OJson::array(
            {OJson{{"text", piece}, {"index", i}, {"logprobs", nullptr}, {"finish_reason", nullptr}}})));
      out += sse_data(base(
          OJson::array({OJson{{"text", ""}, {"index", i}, {"logprobs", nullptr}, {"finish_reason", choices[i].finish}}})));
    }
    if (include_usage) {
      OJson last = base(OJson::array());
      last["usage"] = usage;
      out += sse_data(last);
    }
    out += "data: [DONE]\n\n";
    return sse_response(std::move(out));
  }

  OJson list = OJson::array();
  for (std::size_t i = 0; i < choices.size(); ++i)
    list.push_back(OJson{{"text", choices[i].text}, {"index", i}, {"logprobs", nullptr}, {"finish_reason", choices[i].finish}});
  OJson body = base(std::move(list));
  body["usage"] = std::move(usage);
  return json_response(body);
}

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
  bool gpt_image = c.model.rfind("gpt-image", 0) == 0;
  bool b64 = gpt_image || string_or(c.body, "response_format", "url") == "b64_json";
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
