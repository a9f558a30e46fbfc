#!/usr/bin/env python3
"""Property test for modelsite's snippets: generated inputs, every target, run for real.

Generates random cases (model ids within the id rule; prompts, system texts, image URLs and voices
holding quotes, $VAR, $(cmd), backticks, backslashes, newlines, tabs, control characters, emoji,
right-to-left text, bidi controls and some 10 KB strings) over every endpoint, renders them with
the `snippet_cases` driver, then:

  1. checks each canonical body against one computed here from the case (an independent reading
     of the rules), and that every snippet names the base URL and the key variable;
  2. compiles every Python snippet (`python3 -m py_compile`, one call) and parses every
     JavaScript snippet as an ES module (one node process, vm.SourceTextModule), plus the real
     `node --check` on a sample;
  3. RUNS the curl, python-requests and js-fetch snippets against a local recording HTTP server
     and asserts the request: method, path, `Authorization: Bearer <key>`, content type, the
     body parsed equal to the canonical body AND byte for byte what that client must send
     (curl: the canonical text; requests: json.dumps of it; fetch: JSON.stringify of it), the
     multipart fields and uploaded bytes; and what the snippet printed or saved;
  4. RUNS the js-openai snippets with the real `openai` npm package (the one the project's
     package.json pins, installed in <repo>/node_modules; the work directory gets a
     `node_modules` symlink to it) against the same recording server, asserting the path
     (query parameters the SDK may add are ignored), `Authorization: Bearer <key>`, the
     content type, the body parsed equal to the canonical body (the SDK serializes it itself,
     so not byte for byte), the multipart fields and uploaded bytes, and that what the snippet
     printed or saved is what the server answered. The server answers every endpoint with a
     valid OpenAI shape (chat completion and its SSE chunks ending with `data: [DONE]`, a
     response object whose output_text the SDK computes, completion, embeddings, image, speech
     bytes, transcription, moderation), so the SDK's own parsing is exercised;
  5. python-openai snippets are COMPILED ONLY (step 2) when the running python3 cannot
     `import openai` (it is not installable here: no PyPI); when it can, they run for real like
     js-openai. The summary line says which happened and how many.

Python snippets run in-process (runpy) in worker processes and JavaScript snippets are imported
in node worker processes (--workers, default 2, so the real openai module is loaded once per
worker, not once per snippet), so 1,000 cases per target take seconds, not minutes; a sample
also runs as real `python3 snippet.py` / `node snippet.mjs` processes, js-openai included.

Usage: property_test.py --generator path/to/snippet_cases [--cases 1000] [--seed 20240601]
Prints one summary line; exits 1 on any failure, printing the first few with a diff.
"""

import argparse
import concurrent.futures
import difflib
import email.parser
import email.policy
import hashlib
import http.server
import importlib.util
import io
import json
import os
import random
import runpy
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

TARGETS = ["curl", "python-openai", "python-requests", "js-fetch", "js-openai"]
SDK_TARGETS = ("python-openai", "js-openai")
REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
KEY_ENV = "EXAMPLE_API_KEY"
ENDPOINTS = [
    "chat.completions", "responses", "completions", "embeddings", "images.generations",
    "audio.speech", "audio.transcriptions", "moderations",
]
PATHS = {
    "chat.completions": "/chat/completions", "responses": "/responses",
    "completions": "/completions", "embeddings": "/embeddings",
    "images.generations": "/images/generations", "audio.speech": "/audio/speech",
    "audio.transcriptions": "/audio/transcriptions", "moderations": "/moderations",
}

# Defaults of the canonical requests (DESIGN.md, issue 5).
DEFAULT_PROMPT = "Say hello in one short sentence."
DEFAULT_VISION_PROMPT = "What is in this image?"
DEFAULT_IMAGE_URL = "https://example.com/images/lighthouse.jpg"
DEFAULT_INPUTS = {
    "embeddings": "The quick brown fox jumps over the lazy dog.",
    "images.generations": "A watercolor painting of a lighthouse at dawn.",
    "audio.speech": "Hello! This is a test of text to speech.",
    "moderations": "I want to buy a new phone.",
}

# What the server answers, tricky on purpose: the snippets must print it as is.
ANSWER_PARTS = ["Hello from the mock! \"quotes\" 'single' $HOME `tick` \\ tab\there\n",
                "second line 👋 مرحبا שלום"]
ANSWER = "".join(ANSWER_PARTS)
IMAGE_URL = "https://images.example.com/generated/abc123.png?sig=a%2Fb&x=1"
EMBEDDING_SIZE = 1536
SPEECH_AUDIO = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4 + b"\r\n\x00end"
UPLOAD_AUDIO = b"ID3\x03\x00\x00\x00\x00\x00\x00upload" + bytes(range(255, -1, -1)) * 2


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def flagged_for(model_id):
    return sum(model_id.encode()) % 2 == 1


# ---- case generation ------------------------------------------------------------------------

PIECES = [
    "'", '"', "`", "$VAR", "$HOME", "${PATH}", "$(id)", "$(rm -rf ~)", "`date`", "\\", "\\n",
    "\\\\", "\\'", '\\"', "\n", "\t", "\r", "\r\n", "'\\''", "'\"'\"'", "EOF", "'EOF'", '"""',
    "'''", "{", "}", "${x}", "#{x}", "%s", "%(x)s", "{0}", "{{", "</script>", "<!--", "-->",
    "\\u0041", "\\x41", "\\U0001F600", "\\N{BULLET}", "#", "//", "/*", "*/", "\u2028", "\u2029",
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u200b", "\u200d", "\ufeff",
    "\u00a0", "\u00ad", "\u0085", "\u009b", "\x7f", "\x1b[31m", "\x00"[1:], "\x01", "\x08",
    "\x0b", "\x0c", "\x1f", "مرحبا بالعالم", "שלום עולם", "سلام", "👋", "👨‍👩‍👧‍👦", "🏳️‍🌈",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "🇸🇦", "é", "e\u0301",
    "日本語のテキスト", "한국어", "中文", "\U0001F600", "\U000E0041", "\ufffd", "\uffff",
    "\U0010ffff", "\ue000", "data: [DONE]", "data: {}", "-d", "--output", "@file", "<file",
    ";type=text/plain", "&&", "||", "|", ";", "!", "!!", "~", "*", "?", "[a]", "\\\n",
    "  leading", "trailing  ", "NaN", "null", "true", "None", "True", "undefined", "__proto__",
    "constructor", "process.exit(1)", "os.system('x')", "\"; rm -rf / #", "'); drop table x;--",
]
WORDS = ["hello", "model", "prompt", "the", "quick", "brown", "fox", "API", "snippet", "test"]


def random_code_point(rng):
    bucket = rng.random()
    if bucket < 0.5:
        return chr(rng.randint(0x20, 0x7E))
    if bucket < 0.6:
        return chr(rng.choice([c for c in range(1, 0x20)] + [0x7F]))
    if bucket < 0.7:
        return chr(rng.randint(0x80, 0x24F))
    if bucket < 0.9:
        while True:
            c = rng.randint(0x250, 0xFFFF)
            if not 0xD800 <= c <= 0xDFFF:
                return chr(c)
    return chr(rng.randint(0x10000, 0x10FFFF))


def random_text(rng, max_pieces=24):
    parts = []
    for _ in range(rng.randint(0, max_pieces)):
        r = rng.random()
        if r < 0.45:
            parts.append(rng.choice(PIECES))
        elif r < 0.7:
            parts.append(rng.choice(WORDS) + " ")
        else:
            parts.append("".join(random_code_point(rng) for _ in range(rng.randint(1, 6))))
    return "".join(parts)


def long_text(rng, size=10_240):
    parts = []
    total = 0
    while total < size:
        piece = rng.choice(PIECES + WORDS + [random_text(rng, 8)])
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def random_id(rng):
    first = "abcdefghijklmnopqrstuvwxyz0123456789"
    rest = first + "._-"
    n = rng.choice([rng.randint(0, 12), rng.randint(0, 40), 200]) if rng.random() < 0.9 else 0
    return rng.choice(first) + "".join(rng.choice(rest) for _ in range(n))


def make_cases(n, seed):
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        # Every endpoint is covered early; then chat (the most common) gets extra weight.
        if i < len(ENDPOINTS):
            endpoint = ENDPOINTS[i]
        elif rng.random() < 0.35:
            endpoint = "chat.completions"
        else:
            endpoint = rng.choice(ENDPOINTS)
        case = {"id": random_id(rng), "endpoint": endpoint}
        if rng.random() < 0.9:
            case["prompt"] = long_text(rng) if rng.random() < 0.03 else random_text(rng)
        if rng.random() < 0.6:
            case["system"] = long_text(rng) if rng.random() < 0.02 else random_text(rng, 8)
        if endpoint == "chat.completions":
            if rng.random() < 0.25:
                case["stream"] = True
            elif rng.random() < 0.3:
                case["image_input"] = True
                if rng.random() < 0.7:
                    case["image_url"] = "https://example.com/" + random_text(rng, 4)
        if endpoint == "audio.speech" and rng.random() < 0.5:
            case["voice"] = rng.choice(["nova", "alloy", random_text(rng, 3)])
        if endpoint == "audio.transcriptions" and rng.random() < 0.7:
            case["audio_file"] = random_id(rng)[:30] + rng.choice([".mp3", ".wav", ""])
        cases.append(case)
    return cases


def expected_body(case):
    """The canonical body from the rules, computed independently of the C++ code."""
    e, model, prompt = case["endpoint"], case["id"], case.get("prompt")
    if e == "chat.completions":
        messages = []
        if "system" in case:
            messages.append({"role": "system", "content": case["system"]})
        if case.get("image_input"):
            messages.append({"role": "user", "content": [
                {"type": "text", "text": DEFAULT_VISION_PROMPT if prompt is None else prompt},
                {"type": "image_url",
                 "image_url": {"url": case.get("image_url", DEFAULT_IMAGE_URL)}},
            ]})
        else:
            messages.append({"role": "user",
                             "content": DEFAULT_PROMPT if prompt is None else prompt})
        body = {"model": model, "messages": messages}
        if case.get("stream"):
            body["stream"] = True
        return body
    if e == "responses":
        body = {"model": model, "input": DEFAULT_PROMPT if prompt is None else prompt}
        if "system" in case:
            body["instructions"] = case["system"]
        return body
    if e == "completions":
        return {"model": model, "prompt": DEFAULT_PROMPT if prompt is None else prompt,
                "max_tokens": 64}
    text = DEFAULT_INPUTS.get(e) if prompt is None else prompt
    if e == "embeddings":
        return {"model": model, "input": text, "encoding_format": "float"}
    if e == "images.generations":
        return {"model": model, "prompt": text, "n": 1, "size": "1024x1024"}
    if e == "audio.speech":
        return {"model": model, "input": text, "voice": case.get("voice", "alloy"),
                "response_format": "mp3"}
    if e == "moderations":
        return {"model": model, "input": text}
    return None  # transcriptions: multipart


def expected_form(case):
    return [{"name": "model", "value": case["id"], "is_file": False},
            {"name": "file", "value": case.get("audio_file", "speech.mp3"), "is_file": True}]


def expected_stdout(case, target):
    e = case["endpoint"]
    if e in ("chat.completions", "responses", "completions", "audio.transcriptions"):
        return ANSWER + "\n"
    if e == "embeddings":
        return f"{EMBEDDING_SIZE}\n"
    if e == "images.generations":
        return IMAGE_URL + "\n"
    if e == "audio.speech":
        return "speech.mp3\n"
    if e == "moderations":
        return "flagged: " + ("true" if flagged_for(case["id"]) else "false") + "\n"
    raise ValueError(e)


# ---- the recording server -------------------------------------------------------------------

CREATED = 1_717_200_000
USAGE = {"prompt_tokens": 12, "completion_tokens": 20, "total_tokens": 32}
MODERATION_CATEGORIES = [
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual",
    "sexual/minors", "violence", "violence/graphic",
]


def api_response(path, body_json, model):
    """(status, content type, body bytes) the server answers: valid OpenAI shapes, so the real
    SDKs parse them as they would the real API's answers."""
    if path == "/chat/completions" and body_json.get("stream"):
        events = [{"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                "logprobs": None, "finish_reason": None}]}]
        text = ANSWER
        while text:
            piece, text = text[:5], text[5:]
            events.append({"choices": [{"index": 0, "delta": {"content": piece},
                                        "logprobs": None, "finish_reason": None}]})
        events.append({"choices": [{"index": 0, "delta": {}, "logprobs": None,
                                    "finish_reason": "stop"}]})
        out = b""
        for ev in events:
            ev = {"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": CREATED,
                  "model": model, "system_fingerprint": None, **ev}
            out += b"data: " + json.dumps(ev).encode() + b"\n\n"
        return 200, "text/event-stream", out + b"data: [DONE]\n\n"
    if path == "/chat/completions":
        doc = {"id": "chatcmpl-mock", "object": "chat.completion", "created": CREATED,
               "model": model, "system_fingerprint": None,
               "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                            "message": {"role": "assistant", "content": ANSWER,
                                        "refusal": None, "annotations": []}}],
               "usage": USAGE}
    elif path == "/responses":
        # Two output_text parts after a reasoning item: the SDKs' output_text joins them.
        doc = {"id": "resp_mock", "object": "response", "created_at": CREATED,
               "status": "completed", "error": None, "incomplete_details": None,
               "instructions": body_json.get("instructions"), "model": model,
               "output": [
                   {"type": "reasoning", "id": "rs_1", "summary": []},
                   {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                    "content": [{"type": "output_text", "text": p, "annotations": []}
                                for p in ANSWER_PARTS]}],
               "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
               "temperature": 1.0, "top_p": 1.0,
               "usage": {"input_tokens": 12, "input_tokens_details": {"cached_tokens": 0},
                         "output_tokens": 20, "output_tokens_details": {"reasoning_tokens": 0},
                         "total_tokens": 32}}
    elif path == "/completions":
        doc = {"id": "cmpl-mock", "object": "text_completion", "created": CREATED,
               "model": model,
               "choices": [{"index": 0, "text": ANSWER, "logprobs": None,
                            "finish_reason": "stop"}],
               "usage": USAGE}
    elif path == "/embeddings":
        # The snippets ask for encoding_format "float": a list of floats, not base64.
        doc = {"object": "list", "model": model,
               "data": [{"object": "embedding", "index": 0,
                         "embedding": [0.001 * i for i in range(EMBEDDING_SIZE)]}],
               "usage": {"prompt_tokens": 8, "total_tokens": 8}}
    elif path == "/images/generations":
        doc = {"created": CREATED, "data": [{"url": IMAGE_URL}]}
    elif path == "/audio/speech":
        return 200, "audio/mpeg", SPEECH_AUDIO
    elif path == "/audio/transcriptions":
        doc = {"text": ANSWER}
    elif path == "/moderations":
        flagged = flagged_for(model)
        doc = {"id": "modr-mock", "model": model,
               "results": [{"flagged": flagged,
                            "categories": {c: flagged and c == "violence"
                                           for c in MODERATION_CATEGORIES},
                            "category_scores": {c: 0.9 if flagged and c == "violence" else 0.001
                                                for c in MODERATION_CATEGORIES},
                            "category_applied_input_types": {c: ["text"]
                                                             for c in MODERATION_CATEGORIES}}]}
    else:
        return 404, "application/json", b'{"error": {"message": "unknown path", "type": ' \
            b'"invalid_request_error", "param": null, "code": null}}'
    return 200, "application/json", json.dumps(doc, ensure_ascii=False).encode()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_key = {}
        self.unmatched = []

    def add(self, key, request):
        with self.lock:
            self.by_key.setdefault(key, []).append(request)

    def take(self, key):
        with self.lock:
            return self.by_key.pop(key, [])


def make_server(recorder):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def read_body(self):
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                data = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0], 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return data
                    data += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length", 0)))

        def do_POST(self):
            body = self.read_body()
            auth = self.headers.get("Authorization", "")
            key = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
            recorder.add(key, {"method": self.command, "path": self.path, "authorization": auth,
                               "content_type": self.headers.get("Content-Type", ""),
                               "body": body})
            path = self.path.split("?", 1)[0]  # an SDK may add query parameters
            path = path[len("/v1"):] if path.startswith("/v1/") else path
            model = ""
            parsed = {}
            try:
                parsed = json.loads(body)
                model = str(parsed.get("model", "")) if isinstance(parsed, dict) else ""
            except ValueError:
                pass
            if path == "/audio/transcriptions":
                fields = parse_multipart(self.headers.get("Content-Type", ""), body)
                model = next((f["value"] for f in fields if f["name"] == "model"), "")
            status, ctype, payload = api_response(path, parsed if isinstance(parsed, dict) else {},
                                                  model)
            recorder.add(("sent", key), payload)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if ctype != "text/event-stream":
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            else:  # streamed in pieces, splitting events mid-line, until the connection closes
                self.end_headers()
                for i in range(0, len(payload), 97):
                    self.wfile.write(payload[i:i + 97])
                    self.wfile.flush()

        do_GET = do_POST

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 64
    return server


def parse_multipart(content_type, body):
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    fields = []
    if not msg.is_multipart():
        return fields
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename is not None:
            fields.append({"name": name, "value": filename, "is_file": True,
                           "sha256": sha256(payload)})
        else:
            fields.append({"name": name, "value": payload.decode("utf-8", "replace"),
                           "is_file": False})
    return fields


# ---- helper scripts --------------------------------------------------------------------------

NODE_WORKER = r'''
// Imports each snippet module in turn (top-level await runs it), capturing what it prints.
// `openai` is the real package (work/node_modules links to the repository's node_modules), so
// a worker loads it once and each js-openai snippet makes its real HTTP request through it.
import { readFileSync, writeFileSync, existsSync, unlinkSync } from "node:fs";
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";

const TIMEOUT_MS = 30000;
const [manifestPath, outPath] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const realWrite = process.stdout.write;
const results = [];
for (const entry of manifest) {
  process.chdir(entry.cwd);
  process.env[entry.key_env] = entry.key;
  let out = "";
  process.stdout.write = (chunk, encoding, cb) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    const done = typeof encoding === "function" ? encoding : cb;
    if (done) done();
    return true;
  };
  let error = null;
  let timer;
  try {
    await Promise.race([
      import(pathToFileURL(entry.file).href),
      new Promise((_, reject) => {
        const fail = () => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s`));
        timer = setTimeout(fail, TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    error = String((e && e.stack) || e);
  } finally {
    clearTimeout(timer);
    process.stdout.write = realWrite;
  }
  const files = {};
  if (entry.output_file && existsSync(entry.output_file)) {
    files[entry.output_file] = createHash("sha256").update(readFileSync(entry.output_file)).digest("hex");
    unlinkSync(entry.output_file);
  }
  results.push({ index: entry.index, stdout: out, error, files });
}
writeFileSync(outPath, JSON.stringify(results));
process.exit(0);  // do not wait for idle sockets the SDK may keep
'''

NODE_SYNTAX_CHECK = r'''
// Parses every file as an ES module (what `node --check snippet.mjs` does) in one process.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const files = JSON.parse(readFileSync(process.argv[2], "utf8"));
const failures = [];
for (const file of files) {
  try {
    new vm.SourceTextModule(readFileSync(file, "utf8"), { identifier: file });
  } catch (e) {
    failures.push({ file, error: String(e) });
  }
}
process.stdout.write(JSON.stringify(failures));
'''


PY_COMPILE_ALL = r'''
import json, py_compile, sys
failed = 0
for path in json.load(open(sys.argv[1])):
    try:
        py_compile.compile(path, cfile=sys.argv[2], doraise=True)
    except py_compile.PyCompileError as e:
        failed += 1
        print(e.msg)
sys.exit(1 if failed else 0)
'''


# ---- workers --------------------------------------------------------------------------------

def python_worker(manifest_path, out_path):
    """Runs python snippets in this process, one after another (--python-worker mode)."""
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    import requests  # noqa: F401  (imported once here, not per snippet)
    if manifest["openai"]:
        import openai  # noqa: F401  the real package, only when the running python3 has it

    real_stdout = sys.stdout
    results = []
    for entry in manifest["entries"]:
        os.chdir(entry["cwd"])
        os.environ[entry["key_env"]] = entry["key"]
        buf = io.StringIO()
        error = None
        sys.stdout = buf
        try:
            runpy.run_path(entry["file"], run_name="__main__")
        except SystemExit as e:
            if e.code not in (None, 0):
                error = f"SystemExit({e.code!r})"
        except BaseException:  # noqa: BLE001 - report whatever the snippet raised
            error = traceback.format_exc()
        finally:
            sys.stdout = real_stdout
        files = {}
        out_file = entry.get("output_file")
        if out_file and os.path.exists(out_file):
            with open(out_file, "rb") as f:
                files[out_file] = sha256(f.read())
            os.remove(out_file)
        results.append({"index": entry["index"], "stdout": buf.getvalue(), "error": error,
                        "files": files})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f)


def npm_openai_version():
    with open(NODE_MODULES / "openai" / "package.json", encoding="utf-8") as f:
        return json.load(f)["version"]


def clean_env(key=None):
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if key is not None:
        env[KEY_ENV] = key
    return env


def run_process(argv, cwd, key, timeout=60):
    try:
        p = subprocess.run(argv, cwd=cwd, env=clean_env(key), capture_output=True,
                           timeout=timeout)
        return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return -1, b"", f"timed out after {timeout}s"


# ---- the test -------------------------------------------------------------------------------

class Failures:
    def __init__(self):
        self.items = []
        self.lock = threading.Lock()

    def add(self, run, what, detail=""):
        with self.lock:
            self.items.append((run, what, detail))


def text_diff(expected, actual, names=("expected", "actual")):
    lines = difflib.unified_diff(expected.splitlines(keepends=True),
                                 actual.splitlines(keepends=True), *names, n=2)
    out = "".join(lines)
    return out[:4000] + ("\n... (diff truncated)" if len(out) > 4000 else "")


def expected_raw_body(target, canonical_text):
    """The exact bytes each runnable client sends for the canonical body."""
    doc = json.loads(canonical_text)  # dicts keep the key order of the canonical text
    if target == "curl":
        return canonical_text.encode()
    if target == "python-requests":
        return json.dumps(doc).encode()  # requests: json=
    if target == "js-fetch":
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()  # stringify
    raise ValueError(target)


def check_http(run, recorder, failures):
    """The request the server recorded for a run. For the SDK targets (js-openai, and
    python-openai when it runs) only what the canonical request defines is checked: the SDK
    adds headers and may add query parameters, and serializes the body itself (so the body is
    compared parsed, not byte for byte)."""
    case, target, snippet, key = run["case"], run["target"], run["snippet"], run["key"]
    requests_seen = recorder.take(key)
    if len(requests_seen) != 1:
        stray = {k: len(v) for k, v in recorder.by_key.items() if not isinstance(k, tuple)}
        failures.add(run, f"expected 1 request with the key, got {len(requests_seen)}",
                     f"requests with other keys: {list(stray)[:3]}")
        return None
    req = requests_seen[0]
    sdk = target in SDK_TARGETS
    if req["method"] != snippet["method"]:
        failures.add(run, "wrong method", f"{req['method']!r} != {snippet['method']!r}")
    want_path = "/v1" + snippet["path"]
    got_path = req["path"].split("?", 1)[0] if sdk else req["path"]
    if got_path != want_path:
        failures.add(run, "wrong path", f"{req['path']!r} != {want_path!r}")
    if req["authorization"] != "Bearer " + key:
        failures.add(run, "wrong Authorization", repr(req["authorization"]))
    body = req["body"]
    if snippet["canonical_body"] is not None:
        if req["content_type"].split(";")[0].strip() != "application/json":
            failures.add(run, "wrong Content-Type", req["content_type"])
        try:
            received = json.loads(body)
        except ValueError as e:
            failures.add(run, "body is not JSON", f"{e}\n{body[:500]!r}")
            return req
        if received != expected_body(case):
            failures.add(run, "body differs from the canonical body (parsed)",
                         text_diff(snippet["canonical_body"],
                                   json.dumps(received, indent=2, ensure_ascii=False)))
        want_raw = None if sdk else expected_raw_body(target, snippet["canonical_body"])
        if want_raw is not None and body != want_raw:
            failures.add(run, "body bytes differ from what the client must send",
                         text_diff(want_raw.decode("utf-8", "replace"),
                                   body.decode("utf-8", "replace")))
    else:
        if not req["content_type"].startswith("multipart/form-data; boundary="):
            failures.add(run, "wrong Content-Type", req["content_type"])
        fields = parse_multipart(req["content_type"], body)
        got = [{k: f[k] for k in ("name", "value", "is_file")} for f in fields]
        if got != expected_form(case):
            failures.add(run, "multipart fields differ", f"{got!r}\n!= {expected_form(case)!r}")
        for f in fields:
            if f["is_file"] and f["sha256"] != sha256(UPLOAD_AUDIO):
                failures.add(run, "uploaded file content differs")
    return req


def check_output(run, result, recorder, failures):
    case, target = run["case"], run["target"]
    if result.get("error"):
        failures.add(run, "snippet failed", result["error"][-3000:])
        return
    if target == "curl":
        sent = recorder.take(("sent", run["key"]))
        if case["endpoint"] == "audio.speech":
            want = b""
        else:
            want = sent[0] if sent else b"<nothing sent>"
        got = result["stdout_bytes"]
        if got != want:
            failures.add(run, "curl output is not the response body",
                         text_diff(want.decode("utf-8", "replace"), got.decode("utf-8", "replace")))
    else:
        recorder.take(("sent", run["key"]))
        want = expected_stdout(case, target)
        if result["stdout"] != want:
            failures.add(run, "printed output differs", text_diff(want, result["stdout"]))
    if case["endpoint"] == "audio.speech":
        got = result["files"].get("speech.mp3")
        if got != sha256(SPEECH_AUDIO):
            failures.add(run, "speech.mp3 missing or with other bytes",
                         f"files after the run: {result['files']!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--generator", help="path to the snippet_cases executable")
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--workers", type=int, default=2, help="python and node worker processes")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--python-worker", nargs=2, metavar=("MANIFEST", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.python_worker:
        python_worker(*args.python_worker)
        return 0
    if not args.generator:
        ap.error("--generator is required")
    for tool in ("curl", "node", "bash"):
        if shutil.which(tool) is None:
            print(f"snippets property test: `{tool}` not found", file=sys.stderr)
            return 1
    if not (NODE_MODULES / "openai" / "package.json").is_file():
        print(f"snippets property test: the openai npm package is not in {NODE_MODULES} "
              f"(run `npm ci` in {REPO_ROOT})", file=sys.stderr)
        return 1

    started = time.monotonic()
    recorder = Recorder()
    server = make_server(recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"

    work = tempfile.mkdtemp(prefix="modelsite-snippets-")
    failures = Failures()
    try:
        return run_all(args, base_url, work, recorder, failures, started)
    finally:
        server.shutdown()
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run_all(args, base_url, work, recorder, failures, started):
    cases = make_cases(args.cases, args.seed)

    # 1. Render.
    gen = subprocess.run(
        [args.generator, "--base-url", base_url, "--key-env", KEY_ENV],
        input="".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases).encode(),
        capture_output=True)
    if gen.returncode != 0:
        print("snippet_cases failed:\n" + gen.stderr.decode("utf-8", "replace"))
        return 1
    snippets = [json.loads(line) for line in gen.stdout.decode("utf-8").splitlines()]
    if len(snippets) != len(cases) * len(TARGETS):
        print(f"snippet_cases wrote {len(snippets)} snippets for {len(cases)} cases")
        return 1

    runs = []
    rng = random.Random(args.seed + 1)
    for s in snippets:
        case = cases[s["case"]]
        target = s["target"]
        # Keys carry characters that must not be mangled on the way to the header.
        key = f"sk-{target}-{s['case']}-{rng.getrandbits(32):08x}-$x'\"`\\"
        # Runs that read or write files get a directory each; the rest share one per target
        # (fewer files: creating and deleting thousands is slow on some file systems).
        cwd = os.path.join(work, target)
        stem = f"{s['case']:05d}"
        if s["input_file"] or s["output_file"]:
            cwd = os.path.join(cwd, stem)
            stem = "snippet"
        os.makedirs(cwd, exist_ok=True)
        path = os.path.join(cwd, stem + os.path.splitext(s["file"])[1])
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(s["code"])
        if s["input_file"]:
            with open(os.path.join(cwd, s["input_file"]), "wb") as f:
                f.write(UPLOAD_AUDIO)
        run = {"case": case, "target": target, "snippet": s, "key": key, "cwd": cwd, "file": path}
        runs.append(run)

        # Static checks.
        if s["target"] == TARGETS[0]:
            body = expected_body(case)
            if s["canonical_body"] is None:
                if body is not None or s["form"] != expected_form(case):
                    failures.add(run, "canonical form differs", repr(s["form"]))
            else:
                canonical = json.loads(s["canonical_body"])
                if canonical != body:
                    failures.add(run, "canonical body differs from the rules",
                                 text_diff(json.dumps(body, indent=2, ensure_ascii=False),
                                           s["canonical_body"]))
                if next(iter(canonical)) != "model":
                    failures.add(run, "canonical body does not start with the model")
        if base_url not in s["code"] or KEY_ENV not in s["code"]:
            failures.add(run, "snippet does not name the base URL and the key variable")

    by_target = {t: [r for r in runs if r["target"] == t] for t in TARGETS}
    # The real openai npm package: snippets under `work` resolve "openai" through this link.
    os.symlink(NODE_MODULES, os.path.join(work, "node_modules"), target_is_directory=True)
    # The real Python openai package, only if the running python3 has it (no PyPI here).
    run_py_openai = importlib.util.find_spec("openai") is not None
    for name, text in (("node_worker.mjs", NODE_WORKER), ("syntax_check.mjs", NODE_SYNTAX_CHECK)):
        with open(os.path.join(work, name), "w", encoding="utf-8") as f:
            f.write(text)

    # 2. Compile: all Python in one py_compile call, all JavaScript in one node process.
    py_files = [r["file"] for t in ("python-openai", "python-requests") for r in by_target[t]]
    js_files = [r["file"] for t in ("js-fetch", "js-openai") for r in by_target[t]]
    # py_compile.compile with one scratch output file, instead of a .pyc per snippet.
    with open(os.path.join(work, "py_files.json"), "w") as f:
        json.dump(py_files, f)
    compile_py = subprocess.Popen(
        [sys.executable, "-c", PY_COMPILE_ALL, os.path.join(work, "py_files.json"),
         os.path.join(work, "scratch.pyc")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=clean_env())
    with open(os.path.join(work, "js_files.json"), "w") as f:
        json.dump(js_files, f)
    check_js = subprocess.Popen(
        ["node", "--experimental-vm-modules", "--no-warnings",
         os.path.join(work, "syntax_check.mjs"), os.path.join(work, "js_files.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())

    # 3 and 4. Run: python and node workers in the background, curl in a thread pool.
    def entries(target_runs):
        return [{"index": i, "file": r["file"], "cwd": r["cwd"], "key": r["key"],
                 "key_env": KEY_ENV, "output_file": r["snippet"]["output_file"]}
                for i, r in enumerate(target_runs)]

    py_runs = by_target["python-requests"] + (by_target["python-openai"] if run_py_openai else [])
    js_runs = by_target["js-fetch"] + by_target["js-openai"]
    workers = []
    n = max(1, args.workers)
    for w in range(n):
        manifest = os.path.join(work, f"py_manifest_{w}.json")
        out = os.path.join(work, f"py_results_{w}.json")
        with open(manifest, "w", encoding="utf-8") as f:
            json.dump({"openai": run_py_openai, "entries": entries(py_runs)[w::n]}, f)
        workers.append(("python", out, subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--python-worker", manifest, out],
            env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
        manifest = os.path.join(work, f"js_manifest_{w}.json")
        out = os.path.join(work, f"js_results_{w}.json")
        with open(manifest, "w", encoding="utf-8") as f:
            json.dump(entries(js_runs)[w::n], f)
        workers.append(("node", out, subprocess.Popen(
            ["node", os.path.join(work, "node_worker.mjs"), manifest, out],
            env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)))

    def run_curl(run):
        code, out, err = run_process(["bash", run["file"]], run["cwd"], run["key"])
        result = {"stdout_bytes": out, "files": {}, "error": None}
        if code != 0:
            result["error"] = f"exit {code}\n{err}"
        path = os.path.join(run["cwd"], "speech.mp3")
        if os.path.exists(path):
            with open(path, "rb") as f:
                result["files"]["speech.mp3"] = sha256(f.read())
        return run, result

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for run, result in pool.map(run_curl, by_target["curl"]):
            check_http(run, recorder, failures)
            check_output(run, result, recorder, failures)

    ran = {t: 0 for t in TARGETS}
    ran["curl"] = len(by_target["curl"])
    for kind, out, proc in workers:
        try:
            _, err = proc.communicate(timeout=900)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            err = b"timed out after 900 s\n" + err
        if proc.returncode != 0:
            failures.add(None, f"{kind} worker failed", err.decode("utf-8", "replace")[-3000:])
            continue
        with open(out, encoding="utf-8") as f:
            results = json.load(f)
        target_runs = py_runs if kind == "python" else js_runs
        for result in results:
            run = target_runs[result["index"]]
            ran[run["target"]] += 1
            check_http(run, recorder, failures)
            check_output(run, result, recorder, failures)

    # A sample as real processes, exactly as a reader runs them.
    sample = by_target["python-requests"][:8] + by_target["js-fetch"][:8] + \
        by_target["js-openai"][:8] + (by_target["python-openai"][:8] if run_py_openai else [])
    for run in sample:
        run = dict(run, key=run["key"] + "-process", label=run["target"] + " (as a process)")
        argv = ["python3" if run["target"].startswith("python") else "node", run["file"]]
        code, out, err = run_process(argv, run["cwd"], run["key"])
        files = {}
        path = os.path.join(run["cwd"], "speech.mp3")
        if os.path.exists(path):
            with open(path, "rb") as f:
                files["speech.mp3"] = sha256(f.read())
            os.remove(path)
        result = {"stdout": out.decode("utf-8", "replace"), "files": files,
                  "error": f"exit {code}\n{err}" if code != 0 else None}
        check_http(run, recorder, failures)
        check_output(run, result, recorder, failures)
    node_check_sample = [r["file"] for t in ("js-fetch", "js-openai") for r in by_target[t][:10]]
    for path in node_check_sample:
        code, _, err = run_process(["node", "--check", path], work, None)
        if code != 0:
            failures.add(None, f"node --check {path} failed", err)

    out, _ = compile_py.communicate(timeout=600)
    if compile_py.returncode != 0:
        failures.add(None, "py_compile failed", out.decode("utf-8", "replace")[-4000:])
    out, err = check_js.communicate(timeout=600)
    if check_js.returncode != 0:
        failures.add(None, "JavaScript syntax check did not run", err.decode()[-2000:])
    else:
        for bad in json.loads(out or b"[]"):
            failures.add(None, f"JavaScript syntax error in {bad['file']}", bad["error"])

    elapsed = time.monotonic() - started
    per_target = len(cases)
    for t in TARGETS:
        want = len(by_target[t]) if t != "python-openai" or run_py_openai else 0
        if ran[t] != want:
            failures.add(None, f"{t}: {ran[t]} snippets ran, expected {want}")
    py_openai = (f"{ran['python-openai']} python-openai with the real openai package"
                 if run_py_openai else
                 f"python-openai: {len(by_target['python-openai'])} compiled only (no `openai` "
                 f"package in {sys.executable})")
    print(f"snippets property test: {per_target} cases x {len(TARGETS)} targets = {len(runs)} "
          f"snippets; compiled {len(py_files)} Python + {len(js_files)} JavaScript; ran "
          f"{ran['curl']} curl, {ran['python-requests']} python-requests, {ran['js-fetch']} "
          f"js-fetch and {ran['js-openai']} js-openai (real openai npm {npm_openai_version()}) "
          f"against the recording server, plus {len(sample)} as processes; {py_openai}; "
          f"{len(failures.items)} failures; {elapsed:.1f} s (seed {args.seed})")
    if failures.items:
        for run, what, detail in failures.items[:5]:
            print("\n---- FAIL:", what)
            if run is not None:
                case = dict(run["case"])
                for k in ("prompt", "system"):
                    if k in case and len(case[k]) > 300:
                        case[k] = case[k][:300] + f"... ({len(case[k])} chars)"
                print("target:", run.get("label", run["target"]))
                print("case:", json.dumps(case, ensure_ascii=True))
                print("file:", run["file"])
            if detail:
                print(detail)
        if len(failures.items) > 5:
            print(f"\n... and {len(failures.items) - 5} more failures")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
