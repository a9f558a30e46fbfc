#!/usr/bin/env node
// How soon a save shows in the browser under `modelsite serve`, at catalog scale.
//
//   node bench/serve.mjs [--models 2000] [--runs 10] [--binary build/modelsite] [--out results-serve.json]
//
// Generates the synthetic catalog (../shared/bench/make_catalog.py, seed 42) and converts it
// (bench/to_modelsite.py), starts `modelsite serve` on it, opens the middle model's page in
// headless Chromium and, RUNS times, appends a sentence to that model's prose file, measuring:
//   - rebuild: the milliseconds serve reports for the rebuild (its own clock, build only);
//   - process: save -> serve prints the rebuilt line (watcher, coalescing, build, publish);
//   - browser: save -> the first animation frame in which the open page's body text contains
//     the new sentence (both on the same clock: Date.now() in this script and in the page). The
//     page times out after 30 s without it.
// Prints the median and the worst of each, with the load average, and writes them as JSON.
import { spawn, execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir, cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const opt = { models: 2000, runs: 10, binary: path.join(REPO, "build/modelsite"), out: "" };
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const SHARED = process.env.SHARED_BENCH || path.join(REPO, "../shared/bench");
const { chromium } = await import(new URL("../node_modules/playwright-core/index.mjs", import.meta.url).href);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (s) => process.stderr.write(`[serve bench] ${s}\n`);

const dir = mkdtempSync(path.join(tmpdir(), "modelsite-serve-bench-"));
const site = path.join(dir, "site");
try {
  log(`generating ${opt.models} models`);
  execFileSync("python3", [path.join(SHARED, "make_catalog.py"), "--models", String(opt.models), "--seed", "42", "--out", path.join(dir, "catalog.json")]);
  execFileSync("python3", [path.join(REPO, "bench/to_modelsite.py"), path.join(dir, "catalog.json"), site, "--repo", REPO]);
  const models = [];
  for (const p of readdirSync(path.join(site, "content/models")).sort())
    for (const f of readdirSync(path.join(site, "content/models", p)).sort()) if (f.endsWith(".json")) models.push([p, f.slice(0, -5)]);
  const [provider, id] = models[Math.floor(models.length / 2)];
  const prose = path.join(site, "content/models", provider, `${id}.md`);

  const serve = spawn(opt.binary, ["serve", "--root", site, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  let out = "";
  const waiters = [];
  serve.stderr.on("data", (d) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  const waitLog = async (re, from) => {
    for (;;) {
      const m = out.slice(from).match(re);
      if (m) return m;
      await new Promise((r) => waiters.push(r));
    }
  };
  const t0 = Date.now();
  const port = Number((await waitLog(/on http:\/\/127\.0\.0\.1:(\d+)\//, 0))[1]);
  log(`first build and listen: ${Date.now() - t0} ms`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/en/models/${provider}/${id}/`, { waitUntil: "load" });
  await sleep(500);

  const runs = [];
  for (let i = 0; i < Number(opt.runs); i++) {
    const sentence = `Serve bench sentence ${i} ${Date.now()}.`;
    const from = out.length;
    // The page's clock at the first animation frame whose body contains the sentence (the page
    // takes the new build in place; after a fallback reload the same test holds). textContent,
    // not innerText: the probe runs every frame, and innerText lays the page out each time, which
    // took CPU from the rebuild it measures.
    const shown = page.waitForFunction((s) => (document.body && document.body.textContent.includes(s) ? Date.now() : 0),
      sentence, { polling: "raf", timeout: 30_000 });
    const load1 = loadavg()[0];
    const saved = Date.now();
    appendFileSync(prose, `\n${sentence}\n`);
    const m = await waitLog(/rebuilt [^\n]* in (\d+) ms[^\n]*\n/, from);
    const processMs = Date.now() - saved;
    const shownAt = await (await shown).jsonValue();
    runs.push({ rebuild_ms: Number(m[1]), process_ms: processMs, browser_ms: Math.round(shownAt - saved), load1 });
    log(`run ${i}: rebuild ${m[1]} ms, process ${processMs} ms, browser ${Math.round(shownAt - saved)} ms (load ${load1.toFixed(1)})`);
    await sleep(300);
  }
  await browser.close();
  serve.kill("SIGINT");
  await new Promise((r) => serve.on("exit", r));

  const stat = (k) => {
    const v = runs.map((r) => r[k]).sort((a, b) => a - b);
    return { median: v[Math.floor((v.length - 1) / 2)], max: v[v.length - 1] };
  };
  const result = { models: Number(opt.models), runs: runs.length, cores: cpus().length,
    load1_median: stat("load1").median, rebuild_ms: stat("rebuild_ms"), process_ms: stat("process_ms"), browser_ms: stat("browser_ms"), raw: runs };
  console.log(JSON.stringify({ ...result, raw: undefined }, null, 2));
  if (opt.out) writeFileSync(opt.out, JSON.stringify(result, null, 2) + "\n");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
