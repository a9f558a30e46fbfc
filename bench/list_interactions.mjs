#!/usr/bin/env node
// Time of filtering and sorting the catalog and pricing pages of a built site in Chromium (the
// pages' own measurement: from the form's event to the rows drawn and laid out, see lists.js),
// after the list data has loaded. Each interaction runs RUNS times; prints the median and the
// maximum of each and of all, with the machine's load average before and after.
//
//   node bench/list_interactions.mjs SITE_DIR [RUNS] [LOCALE]
//
// The site is served by tests/browser/server.mjs (the tests' strict CSP); Debian's Chromium
// (CHROMIUM to use another).
import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { startServer } from "../tests/browser/server.mjs";

const [site, runsArg, localeArg] = process.argv.slice(2);
if (!site) {
  console.error("usage: node bench/list_interactions.mjs SITE_DIR [RUNS] [LOCALE]");
  process.exit(2);
}
const RUNS = Number(runsArg || 7), LOCALE = localeArg || "en";
const SITE = path.resolve(site);
const { chromium } = await import(new URL("../node_modules/playwright-core/index.mjs", import.meta.url).href);
const models = JSON.parse(await readFile(path.join(SITE, "api", "models.json"), "utf8")).models;
const count = new Map();
for (const m of models) count.set(m.provider, (count.get(m.provider) || 0) + 1);
const provider = [...count].sort((a, b) => b[1] - a[1])[0][0];
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

const loadBefore = load();
const server = await startServer(SITE);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const results = [];

async function measure(pagePath, form, timingsName, steps) {
  await page.goto(server.origin + pagePath, { waitUntil: "load" });
  await page.locator(`${form} input[name=q]`).focus();
  await page.locator("table[data-rows-loaded]").waitFor();
  await page.evaluate((n) => window.modelsite[n].splice(0), timingsName);
  for (const [name, act, undo] of steps) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await act();
      times.push(...await page.evaluate((n) => window.modelsite[n].splice(0), timingsName));
      await undo();
      await page.evaluate((n) => window.modelsite[n].splice(0), timingsName);
    }
    results.push({ page: pagePath, name, times });
  }
}
const sel = (form, name, value) => () => page.locator(`${form} select[name=${name}]`).selectOption(value);
const fill = (form, value) => () => page.locator(`${form} input[name=q]`).fill(value);

const cat = "form[data-catalog-filters]", pri = "form[data-pricing-filters]";
await measure(`/${LOCALE}/models/`, cat, "catalogTimings", [
  [`provider ${provider}`, sel(cat, "provider", provider), sel(cat, "provider", "")],
  ["capability vision", sel(cat, "capability", "vision"), sel(cat, "capability", "")],
  ["text (one letter)", fill(cat, "a"), fill(cat, "")],
  ["text (an id)", fill(cat, models[1234].id), fill(cat, "")],
  ["sort by input price", sel(cat, "sort", "input"), sel(cat, "sort", "name")],
  ["sort by context window", sel(cat, "sort", "context"), sel(cat, "sort", "name")],
  ["order descending", sel(cat, "order", "desc"), sel(cat, "order", "asc")],
]);
await measure(`/${LOCALE}/pricing/`, pri, "pricingTimings", [
  [`provider ${provider}`, sel(pri, "provider", provider), sel(pri, "provider", "")],
  ["text (one letter)", fill(pri, "a"), fill(pri, "")],
  ["text (an id)", fill(pri, models[1234].id), fill(pri, "")],
  ["sort by input price", sel(pri, "sort", "input"), sel(pri, "sort", "name")],
  ["sort by output price", sel(pri, "sort", "output"), sel(pri, "sort", "name")],
  ["sort by blended price", sel(pri, "sort", "blended"), sel(pri, "sort", "name")],
  ["order descending", sel(pri, "order", "desc"), sel(pri, "order", "asc")],
]);
await browser.close();
await server.close();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
console.log(`${models.length} models, ${RUNS} runs per interaction, load average before ${loadBefore}, after ${load()}`);
console.log("| page | interaction | median ms | max ms |");
console.log("| --- | --- | ---: | ---: |");
for (const r of results) console.log(`| ${r.page} | ${r.name} | ${median(r.times).toFixed(1)} | ${Math.max(...r.times).toFixed(1)} |`);
const all = results.flatMap((r) => r.times);
console.log(`all ${all.length} interactions: median ${median(all).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`);
