// Request bodies of the endpoints the mock serves, paraphrased from the official OpenAPI document
// (../shared/data/openai-openapi.json, version 2.3.0, components.schemas.Create*Request) in the
// subset of JSON Schema that schema.cc understands. Every top-level property the document lists
// is here, so a valid request is never refused; deeply nested option objects (tools,
// response_format schemas, prompts) are checked only as objects.
//
// Deliberate differences from the document, matching what the live API does:
// - responses: "model" is required;
// - image size and speech voice are closed enums (the document also allows any string);
// - speech voices include fable, nova and onyx (served by tts-1);
// - input_image.detail is optional;
// - unknown properties are refused everywhere ("Unknown parameter").
#include <string_view>

#include "mock/schema.h"

namespace ms::mock_detail {

namespace {

constexpr std::string_view kDefs = R"json({
  "metadata": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
  "stop": {"anyOf": [
    {"type": ["string", "null"]},
    {"type": "array", "minItems": 1, "maxItems": 4, "items": {"type": "string"}}]},
  "stream_options": {"type": ["object", "null"], "additionalProperties": false,
    "properties": {"include_usage": {"type": "boolean"}, "include_obfuscation": {"type": "boolean"}}},
  "logit_bias": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}},
  "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
  "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
  "penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
  "service_tier": {"type": ["string", "null"], "enum": ["auto", "default", "flex", "scale", "priority", "fast"]},
  "prompt_cache_retention": {"type": ["string", "null"], "enum": ["in_memory", "24h"]},
  "safety_identifier": {"type": ["string", "null"], "maxLength": 64},

  "chat_text_part": {"type": "object", "switch": {"property": "type", "cases": {
    "text": {"required": ["text"], "additionalProperties": false,
             "properties": {"text": {"type": "string"}, "prompt_cache_breakpoint": {"type": "object"}}}}}},
  "chat_user_part": {"type": "object", "switch": {"property": "type",
    "order": ["text", "image_url", "input_audio", "file"], "cases": {
    "text": {"required": ["text"], "additionalProperties": false,
             "properties": {"text": {"type": "string"}, "prompt_cache_breakpoint": {"type": "object"}}},
    "image_url": {"required": ["image_url"], "additionalProperties": false, "properties": {
      "image_url": {"type": "object", "required": ["url"], "additionalProperties": false, "properties": {
        "url": {"type": "string"}, "detail": {"type": "string", "enum": ["auto", "low", "high"]}}},
      "prompt_cache_breakpoint": {"type": "object"}}},
    "input_audio": {"required": ["input_audio"], "additionalProperties": false, "properties": {
      "input_audio": {"type": "object", "required": ["data", "format"], "additionalProperties": false,
        "properties": {"data": {"type": "string"}, "format": {"type": "string", "enum": ["wav", "mp3"]}}},
      "prompt_cache_breakpoint": {"type": "object"}}},
    "file": {"required": ["file"], "additionalProperties": false, "properties": {
      "file": {"type": "object", "additionalProperties": false, "properties": {
        "filename": {"type": "string"}, "file_data": {"type": "string"}, "file_id": {"type": "string"}}},
      "prompt_cache_breakpoint": {"type": "object"}}}}}},
  "chat_assistant_part": {"type": "object", "switch": {"property": "type", "order": ["text", "refusal"], "cases": {
    "text": {"required": ["text"], "additionalProperties": false,
             "properties": {"text": {"type": "string"}, "prompt_cache_breakpoint": {"type": "object"}}},
    "refusal": {"required": ["refusal"], "additionalProperties": false,
                "properties": {"refusal": {"type": "string"}}}}}},
  "chat_text_content": {"anyOf": [
    {"type": "string"},
    {"type": "array", "minItems": 1, "items": {"$ref": "chat_text_part"}}]},
  "chat_tool_call": {"type": "object", "switch": {"property": "type", "order": ["function", "custom"], "cases": {
    "function": {"required": ["id", "function"], "additionalProperties": false, "properties": {
      "id": {"type": "string"},
      "function": {"type": "object", "required": ["name", "arguments"], "additionalProperties": false,
        "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}}}}},
    "custom": {"required": ["id", "custom"], "additionalProperties": false, "properties": {
      "id": {"type": "string"},
      "custom": {"type": "object", "required": ["name", "input"], "additionalProperties": false,
        "properties": {"name": {"type": "string"}, "input": {"type": "string"}}}}}}}},
  "chat_message": {"type": "object", "switch": {"property": "role",
    "order": ["developer", "system", "user", "assistant", "tool", "function"], "cases": {
    "developer": {"required": ["content"], "additionalProperties": false, "properties": {
      "content": {"$ref": "chat_text_content"}, "name": {"type": "string"}}},
    "system": {"required": ["content"], "additionalProperties": false, "properties": {
      "content": {"$ref": "chat_text_content"}, "name": {"type": "string"}}},
    "user": {"required": ["content"], "additionalProperties": false, "properties": {
      "content": {"anyOf": [
        {"type": "string"},
        {"type": "array", "minItems": 1, "items": {"$ref": "chat_user_part"}}]},
      "name": {"type": "string"}}},
    "assistant": {"additionalProperties": false, "properties": {
      "content": {"anyOf": [
        {"type": ["string", "null"]},
        {"type": "array", "minItems": 1, "items": {"$ref": "chat_assistant_part"}}]},
      "refusal": {"type": ["string", "null"]},
      "name": {"type": "string"},
      "audio": {"type": ["object", "null"], "required": ["id"], "additionalProperties": false,
                "properties": {"id": {"type": "string"}}},
      "tool_calls": {"type": "array", "items": {"$ref": "chat_tool_call"}},
      "function_call": {"type": ["object", "null"], "required": ["arguments", "name"], "additionalProperties": false,
                        "properties": {"arguments": {"type": "string"}, "name": {"type": "string"}}}}},
    "tool": {"required": ["content", "tool_call_id"], "additionalProperties": false, "properties": {
      "content": {"$ref": "chat_text_content"}, "tool_call_id": {"type": "string"}}},
    "function": {"required": ["content", "name"], "additionalProperties": false, "properties": {
      "content": {"type": ["string", "null"]}, "name": {"type": "string"}}}}}},

  "response_content_part": {"type": "object", "switch": {"property": "type",
    "order": ["input_text", "input_image", "input_file", "output_text", "refusal"], "cases": {
    "input_text": {"required": ["text"], "additionalProperties": false,
                   "properties": {"text": {"type": "string"}, "prompt_cache_breakpoint": {"type": "object"}}},
    "input_image": {"additionalProperties": false, "properties": {
      "image_url": {"type": ["string", "null"]}, "file_id": {"type": ["string", "null"]},
      "detail": {"type": "string", "enum": ["low", "high", "auto", "original"]},
      "prompt_cache_breakpoint": {"type": "object"}}},
    "input_file": {"additionalProperties": false, "properties": {
      "file_id": {"type": ["string", "null"]}, "filename": {"type": "string"}, "file_data": {"type": "string"},
      "file_url": {"type": "string"}, "detail": {"type": "string"}, "prompt_cache_breakpoint": {"type": "object"}}},
    "output_text": {"required": ["text"], "properties": {"text": {"type": "string"}}},
    "refusal": {"required": ["refusal"], "properties": {"refusal": {"type": "string"}}}}}},
  "response_input_item": {"type": "object", "switch": {"property": "type", "default": "message",
    "order": ["message", "function_call", "function_call_output", "reasoning", "item_reference"], "cases": {
    "message": {"required": ["role", "content"], "additionalProperties": false, "properties": {
      "id": {"type": "string"},
      "role": {"type": "string", "enum": ["user", "assistant", "system", "developer"]},
      "content": {"anyOf": [
        {"type": "string"},
        {"type": "array", "items": {"$ref": "response_content_part"}}]},
      "status": {"type": "string", "enum": ["in_progress", "completed", "incomplete"]},
      "phase": {"type": ["string", "null"]}}},
    "function_call": {"required": ["call_id", "name", "arguments"]},
    "function_call_output": {"required": ["output"]},
    "item_reference": {"required": ["id"]},
    "file_search_call": {}, "computer_call": {}, "computer_call_output": {}, "web_search_call": {},
    "tool_search_call": {}, "tool_search_output": {}, "additional_tools": {}, "reasoning": {},
    "compaction": {}, "image_generation_call": {}, "code_interpreter_call": {}, "local_shell_call": {},
    "local_shell_call_output": {}, "shell_call": {}, "shell_call_output": {}, "apply_patch_call": {},
    "apply_patch_call_output": {}, "mcp_list_tools": {}, "mcp_approval_request": {},
    "mcp_approval_response": {}, "mcp_call": {}, "custom_tool_call_output": {}, "custom_tool_call": {},
    "compaction_trigger": {}, "program": {}, "program_output": {}}}},

  "voice": {"anyOf": [
    {"type": "string", "enum": ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx",
                                "sage", "shimmer", "verse", "marin", "cedar"]},
    {"type": "object", "required": ["id"], "additionalProperties": false, "properties": {"id": {"type": "string"}}}]}
})json";

constexpr std::string_view kChatCompletions = R"json({
  "type": "object", "required": ["model", "messages"], "additionalProperties": false,
  "properties": {
    "metadata": {"$ref": "metadata"},
    "top_logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 20},
    "temperature": {"$ref": "temperature"},
    "top_p": {"$ref": "top_p"},
    "user": {"type": "string"},
    "safety_identifier": {"$ref": "safety_identifier"},
    "prompt_cache_key": {"type": ["string", "null"]},
    "prompt_cache_retention": {"$ref": "prompt_cache_retention"},
    "prompt_cache_options": {"type": "object"},
    "messages": {"type": "array", "minItems": 1, "items": {"$ref": "chat_message"}},
    "model": {"type": "string"},
    "service_tier": {"$ref": "service_tier"},
    "modalities": {"type": ["array", "null"], "items": {"type": "string", "enum": ["text", "audio"]}},
    "verbosity": {"type": ["string", "null"], "enum": ["low", "medium", "high"]},
    "reasoning_effort": {"type": ["string", "null"], "enum": ["none", "minimal", "low", "medium", "high", "xhigh", "max"]},
    "max_completion_tokens": {"type": ["integer", "null"]},
    "frequency_penalty": {"$ref": "penalty"},
    "presence_penalty": {"$ref": "penalty"},
    "web_search_options": {"type": "object"},
    "response_format": {"type": "object", "switch": {"property": "type",
      "order": ["text", "json_schema", "json_object"], "cases": {
      "text": {"additionalProperties": false},
      "json_object": {"additionalProperties": false},
      "json_schema": {"required": ["json_schema"], "additionalProperties": false, "properties": {
        "json_schema": {"type": "object", "required": ["name"], "properties": {
          "name": {"type": "string"}, "description": {"type": "string"}, "schema": {"type": "object"},
          "strict": {"type": ["boolean", "null"]}}}}}}}},
    "audio": {"type": ["object", "null"], "required": ["voice", "format"], "additionalProperties": false,
      "properties": {"voice": {"$ref": "voice"},
                     "format": {"type": "string", "enum": ["wav", "aac", "mp3", "flac", "opus", "pcm16"]}}},
    "store": {"type": ["boolean", "null"]},
    "moderation": {"type": ["object", "null"]},
    "stream": {"type": ["boolean", "null"]},
    "stop": {"$ref": "stop"},
    "logit_bias": {"$ref": "logit_bias"},
    "logprobs": {"type": ["boolean", "null"]},
    "max_tokens": {"type": ["integer", "null"]},
    "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 128},
    "prediction": {"type": ["object", "null"]},
    "seed": {"type": ["integer", "null"]},
    "stream_options": {"$ref": "stream_options"},
    "tools": {"type": "array", "items": {"type": "object", "switch": {"property": "type",
      "order": ["function", "custom"], "cases": {
      "function": {"required": ["function"], "additionalProperties": false, "properties": {
        "function": {"type": "object", "required": ["name"], "properties": {
          "name": {"type": "string"}, "description": {"type": "string"}, "parameters": {"type": "object"},
          "strict": {"type": ["boolean", "null"]}}}}},
      "custom": {"required": ["custom"], "properties": {"custom": {"type": "object"}}}}}}},
    "tool_choice": {"anyOf": [
      {"type": "string", "enum": ["none", "auto", "required"]},
      {"type": "object"}]},
    "parallel_tool_calls": {"type": "boolean"},
    "function_call": {"anyOf": [
      {"type": "string", "enum": ["none", "auto"]},
      {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}]},
    "functions": {"type": "array", "minItems": 1, "maxItems": 128,
      "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}
  }
})json";

constexpr std::string_view kResponses = R"json({
  "type": "object", "required": ["model"], "additionalProperties": false,
  "properties": {
    "metadata": {"$ref": "metadata"},
    "top_logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 20},
    "temperature": {"$ref": "temperature"},
    "top_p": {"$ref": "top_p"},
    "user": {"type": "string"},
    "safety_identifier": {"$ref": "safety_identifier"},
    "prompt_cache_key": {"type": ["string", "null"]},
    "prompt_cache_retention": {"$ref": "prompt_cache_retention"},
    "prompt_cache_options": {"type": "object"},
    "previous_response_id": {"type": ["string", "null"]},
    "model": {"type": "string"},
    "background": {"type": ["boolean", "null"]},
    "max_tool_calls": {"type": ["integer", "null"]},
    "text": {"type": "object"},
    "tools": {"type": "array", "items": {"type": "object"}},
    "tool_choice": {"anyOf": [
      {"type": "string", "enum": ["none", "auto", "required"]},
      {"type": "object"}]},
    "prompt": {"type": ["object", "null"]},
    "service_tier": {"type": ["string", "null"], "enum": ["auto", "default", "flex", "scale", "priority", "fast", "ultrafast"]},
    "truncation": {"type": ["string", "null"], "enum": ["auto", "disabled"]},
    "reasoning": {"type": ["object", "null"]},
    "input": {"anyOf": [
      {"type": "string"},
      {"type": "array", "items": {"$ref": "response_input_item"}}]},
    "include": {"type": ["array", "null"], "items": {"type": "string", "enum": [
      "file_search_call.results", "web_search_call.results", "web_search_call.action.sources",
      "message.input_image.image_url", "computer_call_output.output.image_url",
      "code_interpreter_call.outputs", "reasoning.encrypted_content", "message.output_text.logprobs"]}},
    "parallel_tool_calls": {"type": ["boolean", "null"]},
    "store": {"type": ["boolean", "null"]},
    "instructions": {"type": ["string", "null"]},
    "moderation": {"type": ["object", "null"]},
    "stream": {"type": ["boolean", "null"]},
    "stream_options": {"type": ["object", "null"]},
    "conversation": {"type": ["string", "object", "null"]},
    "context_management": {"type": ["array", "null"], "minItems": 1},
    "max_output_tokens": {"type": ["integer", "null"], "minimum": 16}
  }
})json";

constexpr std::string_view kCompletions = R"json({
  "type": "object", "required": ["model", "prompt"], "additionalProperties": false,
  "properties": {
    "model": {"type": "string"},
    "prompt": {"anyOf": [
      {"type": ["string", "null"]},
      {"type": "array", "items": {"type": "string"}},
      {"type": "array", "minItems": 1, "items": {"type": "integer"}},
      {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": {"type": "integer"}}}]},
    "best_of": {"type": ["integer", "null"], "minimum": 0, "maximum": 20},
    "echo": {"type": ["boolean", "null"]},
    "frequency_penalty": {"$ref": "penalty"},
    "logit_bias": {"$ref": "logit_bias"},
    "logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 5},
    "max_tokens": {"type": ["integer", "null"], "minimum": 0},
    "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 128},
    "presence_penalty": {"$ref": "penalty"},
    "seed": {"type": ["integer", "null"]},
    "stop": {"$ref": "stop"},
    "stream": {"type": ["boolean", "null"]},
    "stream_options": {"$ref": "stream_options"},
    "suffix": {"type": ["string", "null"]},
    "temperature": {"$ref": "temperature"},
    "top_p": {"$ref": "top_p"},
    "user": {"type": "string"}
  }
})json";

constexpr std::string_view kEmbeddings = R"json({
  "type": "object", "required": ["model", "input"], "additionalProperties": false,
  "properties": {
    "input": {"anyOf": [
      {"type": "string"},
      {"type": "array", "minItems": 1, "maxItems": 2048, "items": {"type": "string"}},
      {"type": "array", "minItems": 1, "maxItems": 2048, "items": {"type": "integer"}},
      {"type": "array", "minItems": 1, "maxItems": 2048,
       "items": {"type": "array", "minItems": 1, "items": {"type": "integer"}}}]},
    "model": {"type": "string"},
    "encoding_format": {"type": "string", "enum": ["float", "base64"]},
    "dimensions": {"type": "integer", "minimum": 1},
    "user": {"type": "string"}
  }
})json";

constexpr std::string_view kImages = R"json({
  "type": "object", "required": ["prompt"], "additionalProperties": false,
  "properties": {
    "prompt": {"type": "string"},
    "model": {"type": ["string", "null"]},
    "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 10},
    "quality": {"type": ["string", "null"], "enum": ["standard", "hd", "low", "medium", "high", "auto"]},
    "response_format": {"type": ["string", "null"], "enum": ["url", "b64_json"]},
    "output_format": {"type": ["string", "null"], "enum": ["png", "jpeg", "webp"]},
    "output_compression": {"type": ["integer", "null"]},
    "stream": {"type": ["boolean", "null"]},
    "partial_images": {"type": ["integer", "null"], "minimum": 0, "maximum": 3},
    "size": {"type": ["string", "null"], "enum": ["auto", "1024x1024", "1536x1024", "1024x1536", "256x256",
                                                  "512x512", "1792x1024", "1024x1792"]},
    "moderation": {"type": ["string", "null"], "enum": ["low", "auto"]},
    "background": {"type": ["string", "null"], "enum": ["transparent", "opaque", "auto"]},
    "style": {"type": ["string", "null"], "enum": ["vivid", "natural"]},
    "user": {"type": "string"}
  }
})json";

constexpr std::string_view kSpeech = R"json({
  "type": "object", "required": ["model", "input", "voice"], "additionalProperties": false,
  "properties": {
    "model": {"type": "string"},
    "input": {"type": "string", "maxLength": 4096},
    "instructions": {"type": "string", "maxLength": 4096},
    "voice": {"$ref": "voice"},
    "response_format": {"type": "string", "enum": ["mp3", "opus", "aac", "flac", "wav", "pcm"]},
    "speed": {"type": "number", "minimum": 0.25, "maximum": 4},
    "stream_format": {"type": "string", "enum": ["sse", "audio"]}
  }
})json";

// Form fields as JSON: "name[]" fields become arrays, numbers and booleans are parsed.
constexpr std::string_view kTranscriptions = R"json({
  "type": "object", "required": ["file", "model"], "additionalProperties": false,
  "properties": {
    "file": {"type": "string"},
    "model": {"type": "string"},
    "language": {"type": "string"},
    "languages": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    "keywords": {"type": "array", "items": {"type": "string"}},
    "prompt": {"type": "string"},
    "response_format": {"type": "string", "enum": ["json", "text", "srt", "verbose_json", "vtt", "diarized_json"]},
    "temperature": {"type": "number"},
    "include": {"type": "array", "items": {"type": "string", "enum": ["logprobs"]}},
    "timestamp_granularities": {"type": "array", "items": {"type": "string", "enum": ["word", "segment"]}},
    "stream": {"type": ["boolean", "null"]},
    "chunking_strategy": {"anyOf": [{"type": ["string", "null"], "enum": ["auto"]}, {"type": "object"}]},
    "known_speaker_names": {"type": "array", "maxItems": 4, "items": {"type": "string"}},
    "known_speaker_references": {"type": "array", "maxItems": 4, "items": {"type": "string"}}
  }
})json";

constexpr std::string_view kModerations = R"json({
  "type": "object", "required": ["input"], "additionalProperties": false,
  "properties": {
    "input": {"anyOf": [
      {"type": "string"},
      {"type": "array", "items": {"type": "string"}},
      {"type": "array", "items": {"type": "object", "switch": {"property": "type",
        "order": ["image_url", "text"], "cases": {
        "image_url": {"required": ["image_url"], "additionalProperties": false, "properties": {
          "image_url": {"type": "object", "required": ["url"], "additionalProperties": false,
                        "properties": {"url": {"type": "string"}}}}},
        "text": {"required": ["text"], "additionalProperties": false, "properties": {"text": {"type": "string"}}}}}}}]},
    "model": {"type": "string"}
  }
})json";

struct Schemas {
  Json defs = Json::parse(kDefs);
  Json chat = Json::parse(kChatCompletions);
  Json responses = Json::parse(kResponses);
  Json completions = Json::parse(kCompletions);
  Json embeddings = Json::parse(kEmbeddings);
  Json images = Json::parse(kImages);
  Json speech = Json::parse(kSpeech);
  Json transcriptions = Json::parse(kTranscriptions);
  Json moderations = Json::parse(kModerations);
};

const Schemas& schemas() {
  static const Schemas s;
  return s;
}

}  // namespace

const Json& request_schema(std::string_view endpoint) {
  const auto& s = schemas();
  if (endpoint == "chat.completions") return s.chat;
  if (endpoint == "responses") return s.responses;
  if (endpoint == "completions") return s.completions;
  if (endpoint == "embeddings") return s.embeddings;
  if (endpoint == "images.generations") return s.images;
  if (endpoint == "audio.speech") return s.speech;
  if (endpoint == "audio.transcriptions") return s.transcriptions;
  return s.moderations;
}

const Json& request_schema_defs() { return schemas().defs; }

}  // namespace ms::mock_detail
