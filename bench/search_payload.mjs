#!/usr/bin/env node
// What a reader's first search query downloads, measured in Chromium with an empty cache: the
// bytes of every search file fetched from pressing Ctrl-K to the results, per query.
//
//   node bench/search_payload.mjs SITE_DIR [locale:query ...]
//   node bench/search_payload.mjs --pagefind SITE_DIR [locale:query ...]   # a Pagefind index in SITE_DIR/pagefind
//
// The site is served from 127.0.0.1 with the tests' Content-Security-Policy (script-src 'self');
// for --pagefind also without it, since Pagefind compiles WebAssembly, which that policy forbids.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const { chromium } = await import(new URL("../node_modules/playwright-core/index.mjs", import.meta.url).href);
const args = process.argv.slice(2);
const pagefind = args[0] === "--pagefind";
if (pagefind) args.shift();
const site = path.resolve(args.shift() || "");
const queries = args.length ? args : ["en:atlas", "en:atlas mini", "en:borealis", "en:reasoner", "en:vision reasoning", "ar:نموذج", "zh:模型", "ko:모델"];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
  ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml" };

function serve(csp) {
  return new Promise((resolve) => {
    const server = createServer(async (req, res) => {
      let p = path.join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
      try { if ((await stat(p)).isDirectory()) p = path.join(p, "index.html"); } catch { /* 404 below */ }
      try {
        const body = await readFile(p);
        const headers = { "content-type": TYPES[path.extname(p)] || "application/octet-stream" };
        if (csp) headers["content-security-policy"] = "script-src 'self'; object-src 'none'; base-uri 'self'";
        res.writeHead(200, headers).end(body);
      } catch { res.writeHead(404).end(); }
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"], headless: true });
for (const csp of pagefind ? [true, false] : [true]) {
  const server = await serve(csp);
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(pagefind ? `Pagefind, ${csp ? "with" : "without"} script-src 'self':` : "modelsite's index:");
  for (const q of queries) {
    const [locale, query] = [q.slice(0, q.indexOf(":")), q.slice(q.indexOf(":") + 1)];
    const context = await browser.newContext();
    const page = await context.newPage();
    const files = [];
    page.on("response", async (r) => {
      const u = new URL(r.url()).pathname;
      if (!/\/(search|pagefind)\//.test(u)) return;
      files.push({ u, bytes: (await r.body().catch(() => Buffer.alloc(0))).length });
    });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(`${origin}/${locale}/`, { waitUntil: "networkidle" });
    const t0 = Date.now();
    let found;
    if (pagefind) {
      found = await page.evaluate(async (query) => {
        try {
          const pf = await import("/pagefind/pagefind.js");
          const r = await pf.search(query);
          const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
          return `${r.results.length} results, first ${top[0] ? top[0].url : "-"}`;
        } catch (e) { return "failed: " + e.message; }
      }, query);
    } else {
      await page.keyboard.press("Control+K");
      await page.keyboard.type(query);
      const status = page.locator("dialog[open] [data-search-status]");
      await page.waitForTimeout(100);
      await page.waitForLoadState("networkidle");
      found = `${await status.textContent()}, first ${await page.locator("dialog[open] [role=option] bdi").first().textContent().catch(() => "-")}`;
    }
    await page.waitForTimeout(300);
    const bytes = files.reduce((a, f) => a + f.bytes, 0);
    console.log(`  ${locale} "${query}": ${bytes} bytes in ${files.length} files, ${Date.now() - t0} ms; ${found}${errors.length ? "; errors: " + errors.join(" | ").slice(0, 300) : ""}`);
    await context.close();
  }
  server.close();
}
await browser.close();
