// The JavaScript targets: Node 18+ global fetch and the `openai` npm SDK, as ES modules
// (snippet.mjs, top-level await), formatted as Prettier would.
#include <stdexcept>

#include "snippets/render.h"

namespace ms::snippet_detail {
namespace {

std::string lit(std::string_view s) { return js_string_literal(s); }

std::string env_lookup(const ApiConfig& api) {
  // key_env is a variable name; process.env.NAME reads best when it is also an identifier.
  return "process.env." + api.key_env;
}

// Decodes an image sent as base64 into req.image_file and prints the file's name.
std::string save_base64_image(const CanonicalRequest& req, const std::string& b64) {
  return "await writeFile(" + lit(req.image_file) + ", Buffer.from(" + b64 + ", \"base64\"));\nconsole.log(" +
         lit(req.image_file) + ");\n";
}

// Whether the snippet writes a file with `writeFile`.
bool writes_file(const CanonicalRequest& req) { return req.endpoint == "audio.speech" || !req.image_file.empty(); }

// ---- js-openai -------------------------------------------------------------------------------

struct SdkCall {
  const char* result;
  const char* method;
  std::string print;
};

SdkCall sdk_call(const CanonicalRequest& req) {
  const std::string& e = req.endpoint;
  if (e == "chat.completions" && req.stream)
    return {"stream", "chat.completions.create",
            "for await (const chunk of stream) {\n"
            "  process.stdout.write(chunk.choices[0]?.delta?.content ?? \"\");\n"
            "}\n"
            "process.stdout.write(\"\\n\");\n"};
  if (e == "chat.completions")
    return {"completion", "chat.completions.create",
            "console.log(completion.choices[0].message.content);\n"};
  if (e == "responses")
    return {"response", "responses.create", "console.log(response.output_text);\n"};
  if (e == "completions")
    return {"completion", "completions.create", "console.log(completion.choices[0].text);\n"};
  if (e == "embeddings")
    return {"response", "embeddings.create", "console.log(response.data[0].embedding.length);\n"};
  if (e == "images.generations" && !req.image_file.empty())
    return {"response", "images.generate", save_base64_image(req, "response.data[0].b64_json")};
  if (e == "images.generations")
    return {"response", "images.generate", "console.log(response.data[0].url);\n"};
  if (e == "audio.speech")
    return {"speech", "audio.speech.create",
            "await writeFile(" + lit(req.output_file) +
                ", Buffer.from(await speech.arrayBuffer()));\nconsole.log(" + lit(req.output_file) +
                ");\n"};
  if (e == "audio.transcriptions")
    return {"transcription", "audio.transcriptions.create", "console.log(transcription.text);\n"};
  if (e == "moderations")
    return {"moderation", "moderations.create",
            "console.log(`flagged: ${moderation.results[0].flagged}`);\n"};
  throw std::invalid_argument("no js-openai snippet for `" + e + "`");
}

// Shared by both targets: what to do with a successful fetch / SDK response body.
std::string fetch_result(const CanonicalRequest& req) {
  const std::string& e = req.endpoint;
  if (e == "chat.completions" && req.stream)
    return "// Server-sent events: one \"data: {json}\" line per chunk, then \"data: [DONE]\".\n"
           "const decoder = new TextDecoder();\n"
           "let buffered = \"\";\n"
           "for await (const bytes of response.body) {\n"
           "  buffered += decoder.decode(bytes, { stream: true });\n"
           "  const lines = buffered.split(\"\\n\");\n"
           "  buffered = lines.pop();\n"
           "  for (const line of lines) {\n"
           "    if (!line.startsWith(\"data: \") || line.trim() === \"data: [DONE]\") continue;\n"
           "    for (const choice of JSON.parse(line.slice(\"data: \".length)).choices) {\n"
           "      process.stdout.write(choice.delta.content ?? \"\");\n"
           "    }\n"
           "  }\n"
           "}\n"
           "process.stdout.write(\"\\n\");\n";
  if (e == "audio.speech")
    return "await writeFile(" + lit(req.output_file) +
           ", Buffer.from(await response.arrayBuffer()));\nconsole.log(" + lit(req.output_file) +
           ");\n";
  std::string out = "const data = await response.json();\n";
  if (e == "chat.completions")
    out += "console.log(data.choices[0].message.content);\n";
  else if (e == "responses")
    out +=
        "const outputText = data.output\n"
        "  .filter((item) => item.type === \"message\")\n"
        "  .flatMap((item) => item.content)\n"
        "  .filter((part) => part.type === \"output_text\")\n"
        "  .map((part) => part.text)\n"
        "  .join(\"\");\n"
        "console.log(outputText);\n";
  else if (e == "completions")
    out += "console.log(data.choices[0].text);\n";
  else if (e == "embeddings")
    out += "console.log(data.data[0].embedding.length);\n";
  else if (e == "images.generations" && !req.image_file.empty())
    out += save_base64_image(req, "data.data[0].b64_json");
  else if (e == "images.generations")
    out += "console.log(data.data[0].url);\n";
  else if (e == "audio.transcriptions")
    out += "console.log(data.text);\n";
  else if (e == "moderations")
    out += "console.log(`flagged: ${data.results[0].flagged}`);\n";
  else
    throw std::invalid_argument("no js-fetch snippet for `" + e + "`");
  return out;
}

}  // namespace

std::string render_js_fetch(const CanonicalRequest& req, const ApiConfig& api) {
  std::string out;
  if (writes_file(req)) out += "import { writeFile } from \"node:fs/promises\";\n\n";
  if (!req.form.empty()) {
    out += "import { readFile } from \"node:fs/promises\";\n\n";
    out += "const form = new FormData();\n";
    for (const FormField& f : req.form) {
      if (f.is_file)
        out += "form.append(" + lit(f.name) + ", new Blob([await readFile(" + lit(f.value) +
               ")]), " + lit(f.value) + ");\n";
      else
        out += "form.append(" + lit(f.name) + ", " + lit(f.value) + ");\n";
    }
    out += "\n";
  }

  std::string authorization = "Authorization: `Bearer ${" + env_lookup(api) + "}`";
  out += "const response = await fetch(" + lit(api.base_url + req.path) + ", {\n";
  out += "  method: " + lit(req.method) + ",\n";
  if (req.json_body) {
    out += "  headers: {\n";
    out += "    \"Content-Type\": \"application/json\",\n";
    out += "    " + authorization + ",\n";
    out += "  },\n";
    out += "  body: JSON.stringify(" + js_value(*req.json_body, 2, 22, true) + "),\n";
  } else {
    out += "  headers: { " + authorization + " },\n";
    out += "  body: form,\n";
  }
  out += "});\n";
  out += "if (!response.ok) {\n";
  out += "  throw new Error(`${response.status} ${await response.text()}`);\n";
  out += "}\n\n";
  out += fetch_result(req);
  return out;
}

std::string render_js_openai(const CanonicalRequest& req, const ApiConfig& api) {
  SdkCall call = sdk_call(req);
  std::string out;
  if (!req.form.empty()) out += "import fs from \"node:fs\";\n";
  if (writes_file(req)) out += "import { writeFile } from \"node:fs/promises\";\n";
  out += "import OpenAI from \"openai\";\n\n";
  out += "const client = new OpenAI({\n";
  out += "  baseURL: " + lit(api.base_url) + ",\n";
  out += "  apiKey: " + env_lookup(api) + ",\n";
  out += "});\n\n";

  std::string params;
  if (req.json_body) {
    for (const auto& [key, value] : display_members(*req.json_body)) {
      std::string k = js_key(key) + ": ";
      params += "  " + k + js_value(*value, 2, 2 + static_cast<int>(k.size())) + ",\n";
    }
  }
  for (const FormField& f : req.form)
    params += "  " + js_key(f.name) + ": " +
              (f.is_file ? "fs.createReadStream(" + lit(f.value) + ")" : lit(f.value)) + ",\n";

  out += std::string("const ") + call.result + " = await client." + call.method + "({\n" + params +
         "});\n";
  out += call.print;
  return out;
}

}  // namespace ms::snippet_detail
