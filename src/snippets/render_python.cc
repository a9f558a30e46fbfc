// The Python targets: the `openai` SDK and `requests`, formatted as Black would.
#include <stdexcept>

#include "snippets/render.h"

namespace ms::snippet_detail {
namespace {

std::string lit(std::string_view s) { return python_string_literal(s); }

std::string env_lookup(const ApiConfig& api) { return "os.environ[" + lit(api.key_env) + "]"; }

std::string file_variable(std::size_t index) {
  return index == 0 ? "audio_file" : "audio_file_" + std::to_string(index + 1);
}

// `with open(...) as audio_file:` for each uploaded file of a multipart request.
std::string open_files(const CanonicalRequest& req) {
  std::string out;
  std::size_t n = 0;
  for (const FormField& f : req.form) {
    if (!f.is_file) continue;
    out += n == 0 ? "with " : ", ";
    out += "open(" + lit(f.value) + ", \"rb\") as " + file_variable(n++);
  }
  return out.empty() ? out : out + ":\n";
}

// Decodes an image sent as base64 into req.image_file and prints the file's name.
std::string save_base64_image(const CanonicalRequest& req, const std::string& b64) {
  return "with open(" + lit(req.image_file) + ", \"wb\") as image_file:\n"
         "    image_file.write(base64.b64decode(" + b64 + "))\n"
         "print(" + lit(req.image_file) + ")\n";
}

std::string imports(const CanonicalRequest& req, bool json) {
  std::string out = req.image_file.empty() ? "" : "import base64\n";
  if (json) out += "import json\n";
  return out + "import os\n";
}

// ---- python-openai ---------------------------------------------------------------------------

struct SdkCall {
  const char* result;  // variable holding the response
  const char* method;  // client.<method>(...)
  std::string print;   // lines after the call
};

SdkCall sdk_call(const CanonicalRequest& req) {
  const std::string& e = req.endpoint;
  if (e == "chat.completions" && req.stream)
    return {"stream", "chat.completions.create",
            "for chunk in stream:\n"
            "    for choice in chunk.choices:\n"
            "        print(choice.delta.content or \"\", end=\"\", flush=True)\n"
            "print()\n"};
  if (e == "chat.completions")
    return {"completion", "chat.completions.create",
            "print(completion.choices[0].message.content)\n"};
  if (e == "responses") return {"response", "responses.create", "print(response.output_text)\n"};
  if (e == "completions")
    return {"completion", "completions.create", "print(completion.choices[0].text)\n"};
  if (e == "embeddings")
    return {"response", "embeddings.create", "print(len(response.data[0].embedding))\n"};
  if (e == "images.generations" && !req.image_file.empty())
    return {"response", "images.generate", save_base64_image(req, "response.data[0].b64_json")};
  if (e == "images.generations")
    return {"response", "images.generate", "print(response.data[0].url)\n"};
  if (e == "audio.speech")
    return {"speech", "audio.speech.create",
            "speech.write_to_file(" + lit(req.output_file) + ")\nprint(" + lit(req.output_file) +
                ")\n"};
  if (e == "audio.transcriptions")
    return {"transcription", "audio.transcriptions.create", "print(transcription.text)\n"};
  if (e == "moderations")
    return {"moderation", "moderations.create",
            "print(\"flagged:\", \"true\" if moderation.results[0].flagged else \"false\")\n"};
  throw std::invalid_argument("no python-openai snippet for `" + e + "`");
}

}  // namespace

std::string render_python_openai(const CanonicalRequest& req, const ApiConfig& api) {
  SdkCall call = sdk_call(req);
  std::string out = imports(req, false) + "\nfrom openai import OpenAI\n\n";
  out += "client = OpenAI(\n";
  out += "    base_url=" + lit(api.base_url) + ",\n";
  out += "    api_key=" + env_lookup(api) + ",\n";
  out += ")\n\n";

  // Keyword arguments are the body's fields; a multipart upload passes the open file.
  std::string indent = req.form.empty() ? "" : "    ";
  std::string args;
  const int arg_indent = static_cast<int>(indent.size()) + 4;
  if (req.json_body) {
    for (const auto& [key, value] : display_members(*req.json_body))
      args += std::string(static_cast<std::size_t>(arg_indent), ' ') + key + "=" +
              python_value(*value, arg_indent, arg_indent + static_cast<int>(key.size()) + 1) +
              ",\n";
  }
  std::size_t files = 0;
  for (const FormField& f : req.form)
    args += std::string(static_cast<std::size_t>(arg_indent), ' ') + f.name + "=" +
            (f.is_file ? file_variable(files++) : lit(f.value)) + ",\n";

  out += open_files(req);
  out += indent + call.result + " = client." + call.method + "(\n" + args + indent + ")\n";
  out += call.print;
  return out;
}

// ---- python-requests -------------------------------------------------------------------------

std::string render_python_requests(const CanonicalRequest& req, const ApiConfig& api) {
  const std::string& e = req.endpoint;
  std::string out;
  out += imports(req, req.stream);
  out += "\nimport requests\n\napi_key = " + env_lookup(api) + "\n\n";

  // The call, at `indent` inside a `with` block when the request holds files or streams.
  std::string indent = req.form.empty() ? "" : "    ";
  const std::string pad = indent + "    ";
  const int arg_indent = static_cast<int>(pad.size());
  std::string args = pad + lit(api.base_url + req.path) + ",\n";
  args += pad + "headers={\"Authorization\": f\"Bearer {api_key}\"},\n";
  if (req.json_body)
    args += pad + "json=" + python_value(*req.json_body, arg_indent, arg_indent + 5, true) + ",\n";
  if (!req.form.empty()) {
    Json data = Json::object();
    std::string files;
    std::size_t n = 0;
    for (const FormField& f : req.form) {
      if (f.is_file)
        files += (files.empty() ? "" : ", ") + lit(f.name) + ": " + file_variable(n++);
      else
        data[f.name] = f.value;
    }
    if (!data.empty())
      args += pad + "data=" + python_value(data, arg_indent, arg_indent + 5) + ",\n";
    if (!files.empty()) args += pad + "files={" + files + "},\n";
  }

  if (req.stream) {
    out += "with requests.post(\n" + args + pad + "stream=True,\n) as response:\n";
    out +=
        "    response.raise_for_status()\n"
        "    # Server-sent events: one \"data: {json}\" line per chunk, then \"data: [DONE]\".\n"
        "    for line in response.iter_lines():\n"
        "        if not line.startswith(b\"data: \") or line == b\"data: [DONE]\":\n"
        "            continue\n"
        "        for choice in json.loads(line.removeprefix(b\"data: \"))[\"choices\"]:\n"
        "            print(choice[\"delta\"].get(\"content\") or \"\", end=\"\", flush=True)\n"
        "print()\n";
    return out;
  }

  out += open_files(req);
  out += indent + "response = requests.post(\n" + args + indent + ")\n";
  out += "response.raise_for_status()\n";
  if (e == "chat.completions") {
    out += "print(response.json()[\"choices\"][0][\"message\"][\"content\"])\n";
  } else if (e == "responses") {
    out +=
        "output_text = \"\".join(\n"
        "    part[\"text\"]\n"
        "    for item in response.json()[\"output\"]\n"
        "    if item[\"type\"] == \"message\"\n"
        "    for part in item[\"content\"]\n"
        "    if part[\"type\"] == \"output_text\"\n"
        ")\n"
        "print(output_text)\n";
  } else if (e == "completions") {
    out += "print(response.json()[\"choices\"][0][\"text\"])\n";
  } else if (e == "embeddings") {
    out += "print(len(response.json()[\"data\"][0][\"embedding\"]))\n";
  } else if (e == "images.generations" && !req.image_file.empty()) {
    out += save_base64_image(req, "response.json()[\"data\"][0][\"b64_json\"]");
  } else if (e == "images.generations") {
    out += "print(response.json()[\"data\"][0][\"url\"])\n";
  } else if (e == "audio.speech") {
    out += "with open(" + lit(req.output_file) + ", \"wb\") as audio_file:\n";
    out += "    audio_file.write(response.content)\n";
    out += "print(" + lit(req.output_file) + ")\n";
  } else if (e == "audio.transcriptions") {
    out += "print(response.json()[\"text\"])\n";
  } else if (e == "moderations") {
    out += "flagged = response.json()[\"results\"][0][\"flagged\"]\n";
    out += "print(\"flagged:\", \"true\" if flagged else \"false\")\n";
  } else {
    throw std::invalid_argument("no python-requests snippet for `" + e + "`");
  }
  return out;
}

}  // namespace ms::snippet_detail
