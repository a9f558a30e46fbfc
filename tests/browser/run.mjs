#!/usr/bin/env node
// Browser tests of a built modelsite site: headless Debian Chromium driven by playwright-core,
// against the site served on 127.0.0.1 by ./server.mjs.
//
//   node tests/browser/run.mjs SITE_DIR
//
// Prints "ok N - name" / "not ok N - name" lines and a closing "N passed, N failed" line; exits 1
// on any failure. Screenshots go to tests/browser/artifacts/ (beside this script).
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CSP, startServer } from "./server.mjs";

const here = (rel) => fileURLToPath(new URL(rel, import.meta.url));
const { chromium } = await import(new URL("../../node_modules/playwright-core/index.mjs", import.meta.url).href);
const AXE = here("../../node_modules/axe-core/axe.min.js");
const AXE_SOURCE = await readFile(AXE, "utf8");
const ARTIFACTS = here("./artifacts/");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--no-first-run", "--disable-sync", "--disable-quic"];

const siteArg = process.argv[2];
if (!siteArg) {
  console.error("usage: node tests/browser/run.mjs SITE_DIR");
  process.exit(2);
}
const SITE = path.resolve(siteArg);
if (!existsSync(path.join(SITE, "index.html")) || !existsSync(path.join(SITE, "en", "models", "index.html"))) {
  console.error(`${SITE}: not a built site (no index.html or en/models/index.html); run modelsite build first`);
  process.exit(2);
}

// ---- a tiny runner ---------------------------------------------------------------------------
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
    const text = (e && e.stack) || String(e);
    for (const line of text.split("\n").slice(0, 25)) console.log(`  # ${line}`);
  }
}

// The whole run is bounded: a hung browser must not hang CTest (generous: the machine is shared).
const watchdog = setTimeout(() => {
  console.log(`not ok ${count + 1} - run finished within 240 s`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, 240_000);

// ---- setup -----------------------------------------------------------------------------------
const server = await startServer(SITE);
const ORIGIN = server.origin;
const MODEL = "/models/openai/gpt-4-0314/";
const url = (p) => ORIGIN + p;
const catalog = JSON.parse(await readFile(path.join(SITE, "api", "models.json"), "utf8")).models;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });

// Every page of every context is watched: console errors, uncaught exceptions, failed requests,
// HTTP errors and any request that leaves 127.0.0.1.
const problems = [];
const visited = new Set();
// Violations of the Content-Security-Policy, reported by the page itself.
const CSP_WATCH = `document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`;
async function newContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US",
    colorScheme: "light", reducedMotion: "reduce", ...options });
  context.setDefaultTimeout(10_000);
  await context.addInitScript(CSP_WATCH);
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(ORIGIN + "/") || u.startsWith("data:")) return route.continue();
    problems.push(`external request blocked: ${u}`);
    return route.abort();
  });
  context.on("page", watch);
  return context;
}
function watch(page) {
  const where = () => page.url();
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error on ${where()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error on ${where()}: ${e.message}`));
  page.on("requestfailed", (r) => {
    if (!r.url().startsWith(ORIGIN)) return;  // already reported as external
    problems.push(`request failed on ${where()}: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()} on ${where()}`); });
  page.on("framenavigated", (f) => { if (f === page.mainFrame()) visited.add(new URL(f.url()).pathname); });
}
async function open(context, p) {
  const page = await context.newPage();
  const res = await page.goto(url(p), { waitUntil: "load" });
  assert.equal(res.status(), 200, `${p}: HTTP ${res.status()}`);
  return page;
}

const desktop = await newContext();
await desktop.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
const enModel = await open(desktop, "/en" + MODEL);
const arModel = await open(desktop, "/ar" + MODEL);

const text = (loc) => loc.evaluate((el) => el.textContent.trim());
const box = async (loc) => { const b = await loc.boundingBox(); assert.ok(b, "element has no box"); return b; };

// ---- 1. model page, en and ar -------------------------------------------------------------------
await test("en model page shows prices, discount and context window", async () => {
  assert.equal(await enModel.getAttribute("html", "lang"), "en");
  assert.equal(await enModel.getAttribute("html", "dir"), "ltr");
  const input = enModel.locator('table.price-table tr[data-meter="input_tokens"]');
  const cells = await input.locator("td").allTextContents();
  assert.deepEqual(cells.map((c) => c.trim()), ["$24.00", "$30.00", "-20%"]);
  const output = await enModel.locator('table.price-table tr[data-meter="output_tokens"] td').allTextContents();
  assert.deepEqual(output.map((c) => c.trim()), ["$48.00", "$60.00", "-20%"]);
  const context = enModel.locator(".fact-list div").filter({ has: enModel.locator("dt", { hasText: /^Context window$/ }) });
  assert.equal(await text(context.locator("dd")), "8,192 tokens");
  await assert.doesNotReject(enModel.getByText("$24.00", { exact: true }).first().waitFor({ state: "visible" }));
});

await test("ar model page is rtl, its code stays ltr", async () => {
  assert.equal(await arModel.getAttribute("html", "lang"), "ar");
  assert.equal(await arModel.getAttribute("html", "dir"), "rtl");
  assert.equal(await arModel.evaluate(() => getComputedStyle(document.body).direction), "rtl");
  const pres = await arModel.locator("pre").evaluateAll((els) =>
    els.map((el) => ({ dir: el.getAttribute("dir"), direction: getComputedStyle(el).direction, id: el.querySelector("code")?.id })));
  assert.ok(pres.length >= 5, `expected the API examples' <pre> elements, found ${pres.length}`);
  for (const p of pres) {
    assert.equal(p.dir, "ltr", `<pre> ${p.id || ""} has dir=${p.dir}`);
    assert.equal(p.direction, "ltr", `<pre> ${p.id || ""} computes direction ${p.direction}`);
  }
  // The same figures in Arabic number formatting ("24.00 US$"), each isolated left-to-right.
  const bdis = arModel.locator('table.price-table tr[data-meter="input_tokens"] td bdi');
  const cells = (await bdis.allTextContents()).map((c) => c.replace(/[\u200e\u200f\u061c]/g, ""));
  assert.equal(cells.length, 3);
  assert.match(cells[0], /24\.00/);
  assert.match(cells[1], /30\.00/);
  assert.match(cells[2], /-20\s*%/);
  assert.deepEqual(await bdis.evaluateAll((els) => els.map((e) => getComputedStyle(e).direction)), ["ltr", "ltr", "ltr"]);
});

await test("header mirrors: brand left in en, right in ar; language switch opposite", async () => {
  for (const [page, rtl] of [[enModel, false], [arModel, true]]) {
    const width = page.viewportSize().width;
    const brand = await box(page.locator(".site-header a.brand"));
    const langs = await box(page.locator(".site-header nav.lang-switch"));
    const brandCenter = brand.x + brand.width / 2, langsCenter = langs.x + langs.width / 2;
    const lang = rtl ? "ar" : "en";
    if (rtl) {
      assert.ok(brandCenter > width / 2, `${lang}: brand centre ${brandCenter} should be on the right half of ${width}`);
      assert.ok(langsCenter < width / 2, `${lang}: language switch centre ${langsCenter} should be on the left half`);
    } else {
      assert.ok(brandCenter < width / 2, `${lang}: brand centre ${brandCenter} should be on the left half of ${width}`);
      assert.ok(langsCenter > width / 2, `${lang}: language switch centre ${langsCenter} should be on the right half`);
    }
  }
});

// ---- 2. tabs ------------------------------------------------------------------------------------
async function tabState(group) {
  return group.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => {
    const panel = document.getElementById(t.getAttribute("aria-controls"));
    return { name: t.textContent.trim(), selected: t.getAttribute("aria-selected"), tabindex: t.getAttribute("tabindex"),
      panelHidden: panel.hidden, panelShown: panel.getClientRects().length > 0, focused: document.activeElement === t };
  }));
}
function assertSelected(state, name) {
  const on = state.filter((t) => t.selected === "true");
  assert.deepEqual(on.map((t) => t.name), [name], "exactly one tab is aria-selected");
  for (const t of state) {
    const sel = t.name === name;
    assert.equal(t.selected, sel ? "true" : "false", `${t.name}: aria-selected`);
    assert.equal(t.tabindex, sel ? "0" : "-1", `${t.name}: tabindex (roving)`);
    assert.equal(t.panelShown, sel, `${t.name}: its panel should be ${sel ? "visible" : "hidden"}`);
  }
}

await test("tabs: clicking Python (requests) shows its panel and hides curl", async () => {
  const group = enModel.locator(".api-group").first();
  await group.locator('[role="tablist"]').waitFor({ state: "visible" });
  assertSelected(await tabState(group), "curl");
  const tab = group.getByRole("tab", { name: "Python (requests)", exact: true });
  await tab.click();
  const panel = enModel.locator("#" + (await tab.getAttribute("aria-controls")));
  assert.ok(await panel.isVisible(), "Python (requests) panel visible");
  assert.ok(await group.locator('[role="tabpanel"][data-target="curl"]').isHidden(), "curl panel hidden");
  assert.equal(await tab.getAttribute("aria-selected"), "true");
  assert.equal(await group.getByRole("tab", { name: "curl", exact: true }).getAttribute("aria-selected"), "false");
  assertSelected(await tabState(group), "Python (requests)");
  assert.match(await text(panel.locator("code")), /^import requests/m);
});

await test("tabs: ArrowRight/ArrowLeft/Home/End move the selection (mirrored in rtl)", async () => {
  const group = enModel.locator(".api-group").first();
  await group.getByRole("tab", { name: "Python (requests)", exact: true }).focus();
  await enModel.keyboard.press("ArrowRight");
  let state = await tabState(group);
  assertSelected(state, "JavaScript (fetch)");
  assert.ok(state.find((t) => t.name === "JavaScript (fetch)").focused, "focus follows the selection");
  await enModel.keyboard.press("ArrowLeft");
  assertSelected(await tabState(group), "Python (requests)");
  await enModel.keyboard.press("End");
  assertSelected(await tabState(group), state[state.length - 1].name);
  await enModel.keyboard.press("ArrowRight");  // wraps around
  assertSelected(await tabState(group), "curl");
  await enModel.keyboard.press("End");
  await enModel.keyboard.press("Home");
  assertSelected(await tabState(group), "curl");
  await enModel.keyboard.press("ArrowRight");
  await enModel.keyboard.press("ArrowRight");
  await enModel.keyboard.press("ArrowRight");
  assertSelected(await tabState(group), "JavaScript (fetch)");

  // In rtl the next tab is on the left.
  const arGroup = arModel.locator(".api-group").first();
  await arGroup.getByRole("tab", { name: "curl", exact: true }).click();
  await arModel.keyboard.press("ArrowLeft");
  state = await tabState(arGroup);
  assertSelected(state, state[1].name);
  await arModel.keyboard.press("ArrowRight");
  assertSelected(await tabState(arGroup), "curl");
});

// ---- 3. copy ------------------------------------------------------------------------------------
await test("copy button copies the visible panel's code exactly", async () => {
  await enModel.bringToFront();
  const group = enModel.locator(".api-group").first();
  const panel = group.locator('[role="tabpanel"]:not([hidden])');
  assert.equal(await panel.count(), 1, "one visible panel");
  const code = panel.locator("pre code");
  const expected = await code.evaluate((el) => el.textContent);
  assert.ok(expected.includes('"gpt-4-0314"'), "the example names the model");
  const button = panel.locator("button.copy");
  assert.equal(await text(button), "Copy");
  await button.click();
  await enModel.waitForFunction((b) => b.textContent === "Copied", await button.elementHandle());
  const copied = await enModel.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, expected);
  // And it is what the page shows (no stray markup or entity left in the copy).
  assert.equal(copied, await code.innerText());
  assert.ok(!/&(quot|apos|amp|lt|gt);/.test(copied), "entities decoded");
});

await test("copy model id button copies the id", async () => {
  await enModel.locator(".model-id button.copy").click();
  assert.equal(await enModel.evaluate(() => navigator.clipboard.readText()), "gpt-4-0314");
});

// ---- 8. screenshots (before navigating away) ------------------------------------------------------
await test("screenshots of the en and ar model pages, desktop and 390 px mobile", async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const fresh = async (context, p) => { const page = await open(context, p); await page.evaluate(() => document.fonts.ready); return page; };
  const en = await fresh(desktop, "/en" + MODEL);
  await en.screenshot({ path: path.join(ARTIFACTS, "model-en.png"), fullPage: true });
  const ar = await fresh(desktop, "/ar" + MODEL);
  await ar.screenshot({ path: path.join(ARTIFACTS, "model-ar.png"), fullPage: true });
  await en.close(); await ar.close();
  const mobile = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const m = await fresh(mobile, "/en" + MODEL);
  const scrollWidth = await m.evaluate(() => document.documentElement.scrollWidth);
  await m.screenshot({ path: path.join(ARTIFACTS, "model-en-mobile.png"), fullPage: true });
  await mobile.close();
  assert.ok(scrollWidth <= 390, `the mobile page scrolls sideways: scrollWidth ${scrollWidth} > 390`);
});

// ---- 4. language switcher -------------------------------------------------------------------------
await test("language switcher: en model page -> 日本語", async () => {
  const link = enModel.locator("nav.lang-switch").getByRole("link", { name: "日本語", exact: true });
  await Promise.all([enModel.waitForURL(url("/ja" + MODEL)), link.click()]);
  assert.equal(new URL(enModel.url()).pathname, "/ja" + MODEL);
  assert.equal(await enModel.getAttribute("html", "lang"), "ja");
  assert.equal(await enModel.getAttribute("html", "dir"), "ltr");
  assert.equal(await enModel.locator('nav.lang-switch a[aria-current="true"]').getAttribute("hreflang"), "ja");
});

// ---- 5. catalog filters and sort ---------------------------------------------------------------------
const cat = await open(desktop, "/en/models/");
const rowsOf = (page) => page.locator("table[data-catalog] tbody tr");
// One evaluation in the page, so that the rows are read in a single task: the list data can
// replace the table's body between Playwright's query and a later evaluation of its results
// (a locator's evaluateAll is two steps), and rows read from a replaced body have no layout.
async function visibleRows(page) {
  return page.evaluate(() => [...document.querySelectorAll("table[data-catalog] tbody tr")]
    .filter((r) => !r.hidden && r.getClientRects().length > 0).map((r) => ({
      id: r.querySelector("th bdi").textContent.trim(), provider: r.dataset.provider, status: r.dataset.status,
      input: r.dataset.input, inputText: r.cells[4].textContent.trim() })));
}
const sortIds = (xs) => [...xs].sort();

await test("catalog: provider filter shows only the anthropic rows and updates the count", async () => {
  const form = cat.locator("[data-catalog-filters]");
  await form.waitFor({ state: "visible" });
  const total = await rowsOf(cat).count();
  assert.equal(total, catalog.length, "one row per model");
  assert.equal((await visibleRows(cat)).length, total, "all rows shown before filtering");
  const shown = cat.locator("[data-shown]");
  const before = await text(shown);
  await form.locator('select[name="provider"]').selectOption("anthropic");
  const expected = catalog.filter((m) => m.provider === "anthropic").map((m) => m.id);
  assert.equal(expected.length, 3, "the bundled catalog has 3 anthropic models");
  // At once (the page's own rows, or the list data if it came first), and once the list data of
  // every model has replaced them.
  for (const when of ["at once", "with the list data"]) {
    if (when !== "at once") await cat.locator("table[data-catalog][data-rows-loaded]").waitFor({ state: "attached" });
    const rows = await visibleRows(cat);
    assert.deepEqual(sortIds(rows.map((r) => r.id)), sortIds(expected), when);
    assert.ok(rows.every((r) => r.provider === "anthropic"), when);
  }
  const after = await text(shown);
  assert.notEqual(after, before, "count text changed");
  assert.equal(after, `3 of ${total} models shown`, "count text: the locale's catalog.shown_of message");
  assert.ok(await cat.locator("[data-empty]").isHidden(), "no empty-state message");
});

await test("catalog: status retired with all providers shows exactly the retired models", async () => {
  const form = cat.locator("[data-catalog-filters]");
  await form.locator('select[name="provider"]').selectOption("");
  await form.locator('select[name="status"]').selectOption("retired");
  const rows = await visibleRows(cat);
  const expected = catalog.filter((m) => m.status === "retired").map((m) => m.id);
  assert.ok(expected.length > 0, "the catalog has retired models");
  assert.deepEqual(sortIds(rows.map((r) => r.id)), sortIds(expected));
  assert.match(await text(cat.locator("[data-shown]")), new RegExp(`(^|\\D)${expected.length}(\\D|$)`));
});

await test("catalog: a filter matching nothing shows the empty state", async () => {
  const form = cat.locator("[data-catalog-filters]");
  await form.locator('select[name="provider"]').selectOption("anthropic");  // anthropic + retired: none
  assert.equal((await visibleRows(cat)).length, 0);
  assert.ok(await cat.locator("[data-empty]").isVisible(), "empty-state message shown");
  await form.locator('select[name="provider"]').selectOption("");
  await form.locator('select[name="status"]').selectOption("");
  assert.equal((await visibleRows(cat)).length, catalog.length);
});

await test("catalog: the Apply button re-applies the filters without leaving the page", async () => {
  const form = cat.locator("[data-catalog-filters]");
  const before = cat.url();
  await form.locator('select[name="provider"]').selectOption("google");
  await form.getByRole("button", { name: "Apply", exact: true }).click();
  assert.equal(cat.url(), before, "the form is not submitted");
  const rows = await visibleRows(cat);
  assert.deepEqual(rows.map((r) => r.id), catalog.filter((m) => m.provider === "google").map((m) => m.id));
  await form.locator('select[name="provider"]').selectOption("");
  assert.equal((await visibleRows(cat)).length, catalog.length);
});

await test("catalog: sort by input price, unpriced last", async () => {
  const form = cat.locator("[data-catalog-filters]");
  await form.locator('select[name="sort"]').selectOption("input");
  const rows = await visibleRows(cat);
  assert.equal(rows.length, catalog.length);
  const priced = rows.filter((r) => r.input !== "");
  assert.ok(priced.length >= 3, "several priced rows");
  const firstUnpriced = rows.findIndex((r) => r.input === "");
  if (firstUnpriced >= 0) assert.ok(rows.slice(firstUnpriced).every((r) => r.input === ""), "unpriced rows come last");
  for (let i = 1; i < priced.length; i++) {
    assert.ok(parseFloat(priced[i - 1].input) <= parseFloat(priced[i].input),
      `${priced[i - 1].id} (${priced[i - 1].input}) before ${priced[i].id} (${priced[i].input})`);
  }
  // The sort key is the price shown: "$24.00" sorts as 24.
  for (const r of priced) {
    const shown = parseFloat(r.inputText.replace(/[^0-9.]/g, ""));
    assert.equal(shown, parseFloat(r.input), `${r.id}: shows ${r.inputText}, sorts as ${r.input}`);
  }
  const cheapest = catalog.map((m) => ({ id: m.id, p: m.pricing?.items?.find((i) => i.meter === "input_tokens") }))
    .filter((x) => x.p).sort((a, b) => a.p.price / a.p.per - b.p.price / b.p.per)[0];
  assert.equal(rows[0].id, cheapest.id, "the cheapest input price comes first");
  await form.locator('select[name="sort"]').selectOption("name");
  const names = await cat.evaluate(() => [...document.querySelectorAll("table[data-catalog] tbody tr")].map((r) => r.dataset.name));
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), "back to name order");
});

// ---- 6. axe-core ------------------------------------------------------------------------------------
const AXE_PAGES = [
  ["en model page", "/en" + MODEL],
  ["ar model page", "/ar" + MODEL],
  ["en catalog", "/en/models/"],
  ["en pricing", "/en/pricing/"],
  ["en deprecations", "/en/deprecations/"],
  ["en endpoints", "/en/endpoints/"],
  ["en home", "/en/"],
];
async function axe(page) {
  // Evaluated through the DevTools protocol: an injected <script> would be (rightly) refused by
  // the page's Content-Security-Policy.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ impact: n.impact, target: n.target.join(" "), summary: n.failureSummary })) }));
  });
}
function report(violations) {
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const lines = [];
  for (const v of violations) {
    const tag = bad.includes(v) ? "FAIL" : "note";
    lines.push(`${tag} [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})`);
    for (const n of v.nodes.slice(0, 8)) lines.push(`    ${n.target}${bad.includes(v) ? "  -- " + n.summary.replace(/\s+/g, " ") : ""}`);
    if (v.nodes.length > 8) lines.push(`    ... and ${v.nodes.length - 8} more`);
  }
  return { bad, lines };
}
for (const scheme of ["light", "dark"]) {
  const context = scheme === "light" ? desktop : await newContext({ colorScheme: "dark" });
  for (const [name, p] of AXE_PAGES) {
    if (scheme === "dark" && !/model page|catalog|home/.test(name)) continue;  // dark: a representative subset
    await test(`axe (${scheme}): ${name} has no serious or critical violations`, async () => {
      const page = await open(context, p);
      if (p === "/en/models/") await page.locator("[data-catalog-filters]").waitFor({ state: "visible" });
      const { bad, lines } = report(await axe(page));
      for (const l of lines) console.log(`  # ${l}`);
      await page.close();
      assert.equal(bad.length, 0, `${bad.length} serious/critical violation(s) on ${p}: ${bad.map((v) => v.id).join(", ")}`);
    });
  }
  if (context !== desktop) await context.close();
}

// ---- 9. root redirect ---------------------------------------------------------------------------------
for (const [locale, want] of [["ko-KR", "/ko/"], ["ar-EG", "/ar/"], ["fr-FR", "/en/"]]) {
  await test(`root page redirects a ${locale} browser to ${want}`, async () => {
    const context = await newContext({ locale });
    const page = await context.newPage();
    await Promise.all([page.waitForURL(url(want)), page.goto(url("/"))]);
    assert.equal(new URL(page.url()).pathname, want);
    assert.equal(await page.getAttribute("html", "lang"), want.slice(1, -1));
    await context.close();
  });
}

await test("the test server answers 404 with the site's 404 page", async () => {
  const res = await fetch(url("/en/models/openai/no-such-model/"));
  assert.equal(res.status, 404);
  assert.match(await res.text(), /<html lang="en"/);
});

await test("every kind of page works under the strict Content-Security-Policy in the response header", async () => {
  const page = await desktop.newPage();
  for (const p of ["/en/", "/en/models/", "/en/pricing/", "/en/deprecations/", "/en/endpoints/", "/ar" + MODEL]) {
    const res = await page.goto(url(p), { waitUntil: "networkidle" });
    assert.equal(res.headers()["content-security-policy"], CSP, `${p}: policy header`);
    // The page's own script ran (it marks the document), and no inline script or handler exists.
    const inline = await page.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => !s.src && s.type !== "application/ld+json").length,
      handlers: [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
      links: [...document.querySelectorAll("a[href]")].filter((a) => /^\s*javascript:/i.test(a.getAttribute("href"))).length,
    }));
    assert.deepEqual(inline, { scripts: 0, handlers: 0, links: 0 }, p);
  }
  // The policy is in force: an inline script added to a page does not run.
  await page.goto(url("/en/models/"), { waitUntil: "networkidle" });
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.appendChild(s);
    return window.__inlineRan === true;
  });
  assert.equal(ran, false);
  // That blocked script is the one violation expected (Chromium's message and the page's own
  // report of it); take it out of the problem list.
  await page.waitForTimeout(200);
  const expected = (p) => p.includes("/en/models/:") && (p.includes("Executing inline script violates") ||
                                                         p.includes("CSP violation: script-src-elem inline"));
  assert.equal(problems.filter(expected).length, 2, `the blocked inline script was reported: ${problems.join("; ")}`);
  problems.splice(0, problems.length, ...problems.filter((p) => !expected(p)));
  await page.close();
});

// ---- 7. console -----------------------------------------------------------------------------------------
await test("no console errors, page errors, failed or external requests on any visited page", async () => {
  assert.ok(visited.size >= 10, `visited ${visited.size} pages`);
  assert.deepEqual(problems, []);
});

clearTimeout(watchdog);
await browser.close();
await server.close();
console.log(`1..${count}`);
console.log(`# visited: ${[...visited].sort().join(" ")}`);
console.log(`# screenshots: ${ARTIFACTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
