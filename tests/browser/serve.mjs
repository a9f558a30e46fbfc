#!/usr/bin/env node
// Browser test of `modelsite serve`: the bundled catalog copied to a temporary folder, served by
// the real binary, driven with headless Debian Chromium (playwright-core) under a strict
// `script-src 'self'` policy. Edits a model's prose and sees it in place (no reload, scroll kept); breaks
// its JSON and sees the overlay with path:line:col; fixes it and sees the overlay go; sends raw
// path-traversal requests; checks the built folder has no trace of the live script; a busy port
// and SIGTERM.
//
//   node tests/browser/serve.mjs MODELSITE_BINARY
//
// Prints "ok N - name" / "not ok N - name" and a closing "N passed, N failed"; exits 1 on failure.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const { chromium } = await import(new URL("../../node_modules/playwright-core/index.mjs", import.meta.url).href);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--no-first-run", "--disable-sync", "--disable-quic"];
const BINARY = process.argv[2] && path.resolve(process.argv[2]);
if (!BINARY) {
  console.error("usage: node tests/browser/serve.mjs MODELSITE_BINARY");
  process.exit(2);
}

let count = 0, passed = 0, failed = 0;
async function test(name, fn) {
  count++;
  try {
    await fn();
    passed++;
    console.log(`ok ${count} - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok ${count} - ${name}`);
    for (const line of String((e && e.stack) || e).split("\n").slice(0, 25)) console.log(`  # ${line}`);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, ms = 15_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try { if (await fn()) return; } catch (e) { last = e; }  // a page navigating away
    await sleep(50);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (${last.message})` : ""}`);
}

// ---- a copy of the bundled catalog, served ---------------------------------------------------
const SITE = mkdtempSync(path.join(tmpdir(), "modelsite-serve-"));
for (const d of ["site.json", "content", "locales", "templates"]) cpSync(path.join(REPO, d), path.join(SITE, d), { recursive: true });
const OUT = path.join(SITE, ".modelsite-cache", "serve", "site");
const MODEL_JSON = path.join(SITE, "content/models/openai/gpt-4-0314.json");
const MODEL_MD = path.join(SITE, "content/models/openai/gpt-4-0314.md");
const ORIGINAL_JSON = readFileSync(MODEL_JSON, "utf8");

function startServe(args) {
  const child = spawn(BINARY, ["serve", "--root", SITE, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  child.log = "";
  child.stderr.on("data", (d) => { child.log += d; });
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return child;
}
const serve = startServe(["--port", "0"]);
const watchdog = setTimeout(() => {
  console.log(`not ok ${count + 1} - run finished within 150 s`);
  serve.kill("SIGKILL");
  process.exit(1);
}, 150_000);
await until("serve to listen", () => /on http:\/\/127\.0\.0\.1:\d+\//.test(serve.log), 60_000);
const PORT = Number(serve.log.match(/on http:\/\/127\.0\.0\.1:(\d+)\//)[1]);
const ORIGIN = `http://127.0.0.1:${PORT}`;

// A request sent exactly as written (no client-side normalisation of `..`).
function raw(p) {
  return rawWith(p, {});
}
function rawWith(p, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, path: p, method: "GET", headers }, (res) => {
      let body = "";
      res.on("data", (d) => { body += d; });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
context.setDefaultTimeout(10_000);
const problems = [];
// Every HTML page gets a strict script policy: the live script must work as a file.
await context.route(`${ORIGIN}/**`, async (route) => {
  if (route.request().url().includes("/__modelsite/events")) return route.continue();  // a stream: not buffered
  const response = await route.fetch();
  const headers = response.headers();
  if ((headers["content-type"] || "").startsWith("text/html"))
    headers["content-security-policy"] = "script-src 'self'; object-src 'none'; base-uri 'none'";
  await route.fulfill({ response, headers });
});
const page = await context.newPage();
page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));

const MODEL_URL = `${ORIGIN}/en/models/openai/gpt-4-0314/`;
const overlayText = () => page.evaluate(() => document.querySelector("#modelsite-overlay pre")?.textContent ?? null);

await test("the model page is served with the live script, which runs under script-src 'self'", async () => {
  const res = await page.goto(MODEL_URL, { waitUntil: "load" });
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('script[src="/__modelsite/live.js"]').count(), 1);
  await until("the live script to add its style sheet", async () =>
    (await page.locator('link[href="/__modelsite/live.css"]').count()) === 1);
  assert.deepEqual(problems, []);
});

const MARKER = `Edited while serving ${process.pid}.`;
await test("a prose edit shows in the open page in place: no reload, the scroll position kept", async () => {
  await page.evaluate(() => { window.__beforeEdit = true; scrollTo(0, 400); });
  const scrolled = await page.evaluate(() => scrollY);
  assert.ok(scrolled > 0, "the model page is long enough to scroll");
  appendFileSync(MODEL_MD, `\n${MARKER}\n`);
  const t0 = Date.now();
  await until("the new text", async () => (await page.locator("main").innerText()).includes(MARKER));
  console.log(`  # prose edit visible after ${Date.now() - t0} ms`);
  assert.equal(await page.evaluate(() => window.__beforeEdit), true, "the page was reloaded instead of updated in place");
  assert.equal(await page.evaluate(() => scrollY), scrolled);
  assert.equal(await page.locator('script[src="/__modelsite/live.js"]').count(), 1);
  // The new document's own scripts ran again: the tabs of the updated page are set up.
  assert.ok((await page.locator("[data-tabs].enhanced").count()) > 0, "the site's scripts ran on the new content");
  const again = `${MARKER} Twice.`;
  appendFileSync(MODEL_MD, `\n${again}\n`);
  await until("the second edit", async () => (await page.locator("main").innerText()).includes(again));
  assert.deepEqual(problems, []);
});

await test("unchanged style sheets and scripts are revalidated with 304 or kept by their version, pages are not cached", async () => {
  const first = await raw("/assets/site.js");
  assert.equal(first.headers["cache-control"], "no-cache");
  assert.match(first.headers.etag, /^"\d+-\d+"$/);
  const again = await rawWith("/assets/site.js", { "If-None-Match": first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body, "");
  const stale = await rawWith("/assets/site.js", { "If-None-Match": '"1-1"' });
  assert.equal(stale.status, 200);
  assert.equal(stale.body, first.body);
  const html = await raw("/en/");
  assert.equal(html.headers["cache-control"], "no-store");
  assert.equal(html.headers.etag, undefined);
  // The versioned URL the page links (?v= the file's own hash) is kept for good; another version
  // of the same file is not (the server has only the current one).
  const versioned = html.body.match(/assets\/site\.js\?v=([0-9a-f]{10})/);
  assert.ok(versioned, "the page links site.js with its version");
  const kept = await raw(`/assets/site.js?v=${versioned[1]}`);
  assert.equal(kept.headers["cache-control"], "max-age=31536000, immutable");
  assert.equal(kept.body, first.body);
  const other = await raw("/assets/site.js?v=0123456789");
  assert.equal(other.headers["cache-control"], "no-cache");
});

let brokenAt;
await test("a JSON error shows an overlay with every diagnostic as the terminal prints it; the last good page stays", async () => {
  const logBefore = serve.log.length;
  writeFileSync(MODEL_JSON, ORIGINAL_JSON.replace('"name": "GPT-4 (0314)",', '"name": "GPT-4 (0314)"'));
  await until("the overlay", async () => (await overlayText()) !== null);
  const text = await overlayText();
  assert.match(text, /^content\/models\/openai\/gpt-4-0314\.json:\d+:\d+: error: invalid JSON: missing `,` before this item \[json-syntax\]\n/);
  const lines = text.split("\n");
  assert.match(lines[2], /^\s*\^$/, "the caret line under the source line");
  assert.match(text, /\n1 error, \d+ warnings?\n$/);
  await until("the terminal to print the failed build", () => serve.log.slice(logBefore).includes("build failed"));
  assert.ok(serve.log.slice(logBefore).includes(text.split("\n").slice(0, 3).join("\n")), "the terminal printed the same diagnostic");
  assert.ok((await page.locator("main").innerText()).includes(MARKER), "the last good page is still shown");
  assert.equal(await page.locator("#modelsite-overlay").getAttribute("role"), "alertdialog");
  brokenAt = Date.now();
});

await test("a page opened while the build is broken shows the overlay too", async () => {
  const other = await context.newPage();
  await other.goto(`${ORIGIN}/en/models/`, { waitUntil: "load" });
  await until("the overlay", async () => (await other.locator("#modelsite-overlay pre").count()) === 1);
  await other.close();
});

await test("fixing the file removes the overlay by itself", async () => {
  assert.ok(brokenAt, "the previous step broke the build");
  writeFileSync(MODEL_JSON, ORIGINAL_JSON);
  await until("the overlay to go", async () => (await page.locator("#modelsite-overlay").count()) === 0);
  assert.ok((await page.locator("main").innerText()).includes(MARKER));
});

await test("raw `..`, `%2e%2e`, absolute and symlinked paths get 404", async () => {
  symlinkSync(path.join(SITE, "site.json"), path.join(OUT, "leak.json"));
  for (const p of ["/../site.json", "/%2e%2e/site.json", "/%2E%2E/site.json", "/en/../../site.json", "/..%2fsite.json",
    "/%2e%2e%2f%2e%2e%2fsite.json", "//etc/passwd", "/leak.json", "/en/%00index.html"]) {
    const r = await raw(p);
    assert.equal(r.status, 404, `${p}: HTTP ${r.status}`);
    assert.ok(!r.body.includes('"base_url"'), `${p}: leaked site.json`);
  }
});

await test("content types, folder redirects and the site's 404 page", async () => {
  const types = { "/assets/style.css": "text/css", "/assets/site.js": "text/javascript", "/assets/favicon.svg": "image/svg+xml",
    "/sitemap.xml": "application/xml", "/api/models.json": "application/json", "/robots.txt": "text/plain",
    "/en/": "text/html", "/__modelsite/live.js": "text/javascript" };
  for (const [p, type] of Object.entries(types)) {
    const r = await raw(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.headers["content-type"].startsWith(type), `${p}: ${r.headers["content-type"]}`);
  }
  const redirect = await raw("/en/models?x=1");
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, "/en/models/?x=1");
  const missing = await raw("/en/no-such-page/");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.replace(/<script src="\/__modelsite\/live\.js"[^>]*><\/script>/, ""), readFileSync(path.join(OUT, "404.html"), "utf8"));
});

await test("the built folder has no trace of the live script", async () => {
  const files = [];
  const walk = (d) => { for (const n of readdirSync(d)) { const p = path.join(d, n); statSync(p).isDirectory() ? walk(p) : files.push(p); } };
  rmSync(path.join(OUT, "leak.json"));
  walk(OUT);
  assert.ok(files.length > 100, `only ${files.length} files built`);
  const traces = files.filter((f) => readFileSync(f).includes("__modelsite"));
  assert.deepEqual(traces, []);
});

await test("a second serve on the same port is refused with a clear error and exit 2", async () => {
  const second = startServe(["--port", String(PORT), "--out", path.join(SITE, "second-out")]);
  const { code } = await second.exited;
  assert.equal(code, 2);
  assert.match(second.log, new RegExp(`error: cannot listen on 127\\.0\\.0\\.1:${PORT}: .*--port`));
});

await browser.close();
await test("SIGTERM stops serve cleanly", async () => {
  serve.kill("SIGTERM");
  const { code, signal } = await Promise.race([serve.exited, sleep(10_000).then(() => ({ code: "timeout" }))]);
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.match(serve.log, /serve stopped\n$/);
});
clearTimeout(watchdog);
rmSync(SITE, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
