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

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

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

std::string with_excerpt(std::string prefix, std::string_view text) {
  std::string ex = mock_excerpt(text);
  if (!ex.empty()) prefix += " " + ex;
  return prefix;
}

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

namespace {

// The text a /responses request answers (its last user message, else its last message) and the
// mock's count of its input tokens (instructions included).
struct ResponsesInput {
  std::string text;
  std::size_t tokens = 0;
};

ResponsesInput responses_input(const Json& body) {
  std::string last_user, last_any;
  bool found_user = false;
  std::size_t tokens = 0;
  if (auto it = body.find("input"); it != body.end()) {
    if (it->is_string()) {
      last_user = it->get<std::string>();
      found_user = true;
      tokens += mock_token_count(last_user);
    } else if (it->is_array()) {
      for (const auto& item : *it) {
        if (item.value("type", std::string("message")) != "message" || !item.contains("content")) continue;
        std::string text = content_text(item["content"]);
        tokens += mock_token_count(text);
        if (!text.empty()) last_any = text;
        if (item.value("role", std::string()) == "user") {
          last_user = text;
          found_user = true;
        }
      }
    }
  }
  tokens += mock_token_count(string_or(body, "instructions", ""));
  return {found_user ? last_user : last_any, tokens};
}

// A request member echoed in the response object, or the API's default when it is absent or null.
OJson echo(const Call& c, const char* key, OJson fallback) {
  auto it = c.body.find(key);
  if (it == c.body.end() || it->is_null()) return fallback;
  return OJson::parse(it->dump());
}

// The Response object in a given status (the final answer, and the stream's first events).
OJson response_object(const Call& c, const std::string& status, OJson output, OJson usage) {
  return OJson{{"id", "resp_" + c.hash},
               {"object", "response"},
               {"created_at", MockApi::kCreated},
               {"status", status},
               {"background", false},
               {"completed_at", status == "in_progress" ? OJson(nullptr) : OJson(MockApi::kCreated)},
               {"error", nullptr},
               {"incomplete_details", nullptr},
               {"instructions", echo(c, "instructions", nullptr)},
               {"max_output_tokens", echo(c, "max_output_tokens", nullptr)},
               {"max_tool_calls", echo(c, "max_tool_calls", nullptr)},
               {"model", c.model},
               {"output", std::move(output)},
               {"parallel_tool_calls", echo(c, "parallel_tool_calls", true)},
               {"previous_response_id", echo(c, "previous_response_id", nullptr)},
               {"reasoning", echo(c, "reasoning", OJson{{"effort", nullptr}, {"summary", nullptr}})},
               {"service_tier", "default"},
               {"store", echo(c, "store", true)},
               {"temperature", echo(c, "temperature", 1)},
               {"text", echo(c, "text", OJson{{"format", {{"type", "text"}}}})},
               {"tool_choice", echo(c, "tool_choice", "auto")},
               {"tools", echo(c, "tools", OJson::array())},
               {"top_p", echo(c, "top_p", 1)},
               {"truncation", echo(c, "truncation", "disabled")},
               {"usage", std::move(usage)},
               {"user", echo(c, "user", nullptr)},
               {"metadata", echo(c, "metadata", OJson::object())}};
}

// The server-sent events of a streamed response: created, the message's item and part, the text
// word by word, then each part done and the completed response.
std::string responses_stream(const Call& c, const std::string& text, const OJson& item, const OJson& part,
                             const OJson& usage) {
  const std::string msg_id = item["id"].get<std::string>();
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
  event("response.created", {{"response", response_object(c, "in_progress", OJson::array(), nullptr)}});
  event("response.in_progress", {{"response", response_object(c, "in_progress", OJson::array(), nullptr)}});
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
  event("response.completed", {{"response", response_object(c, "completed", OJson::array({item}), usage)}});
  return out;
}

}  // namespace

MockResponse answer_responses(const Call& c) {
  ResponsesInput input = responses_input(c.body);
  std::string text = with_excerpt("This is a mock response from " + c.model + " to:", input.text);
  std::size_t output_tokens = mock_token_count(text);
  OJson part{{"type", "output_text"}, {"text", text}, {"annotations", OJson::array()}, {"logprobs", OJson::array()}};
  OJson item{{"id", "msg_" + c.hash},
             {"type", "message"},
             {"status", "completed"},
             {"role", "assistant"},
             {"content", OJson::array({part})}};
  OJson usage{{"input_tokens", input.tokens},
              {"input_tokens_details", {{"cached_tokens", 0}, {"cache_write_tokens", 0}}},
              {"output_tokens", output_tokens},
              {"output_tokens_details", {{"reasoning_tokens", 0}}},
              {"total_tokens", input.tokens + output_tokens}};
  if (!flag(c.body, "stream")) return json_response(response_object(c, "completed", OJson::array({item}), usage));
  return sse_response(responses_stream(c, text, item, part, usage));
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

}  // namespace ms::mock_detail
