#!/usr/bin/env node
// Arabic pages as a reader sees them: the visual order of mixed Arabic and Latin text, measured
// from the positions Chromium lays the text out at (getBoundingClientRect of DOM ranges), not
// from the markup. Each check also runs on the markup the site used to emit, which must fail it,
// so a check that cannot tell right from wrong fails too.
//
//   node tests/browser/bidi_ar.mjs SITE_DIR
//
// Prints "ok N - name" / "not ok N - name" lines and a closing "N passed, N failed" line; exits 1
// on any failure.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { startServer } from "./server.mjs";

const { chromium } = await import(new URL("../../node_modules/playwright-core/index.mjs", import.meta.url).href);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--no-first-run", "--disable-sync", "--disable-quic"];

const siteArg = process.argv[2];
if (!siteArg || !existsSync(path.join(path.resolve(siteArg), "ar", "models", "index.html"))) {
  console.error("usage: node tests/browser/bidi_ar.mjs SITE_DIR (a built site with an ar locale)");
  process.exit(2);
}
const SITE = path.resolve(siteArg);

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
const watchdog = setTimeout(() => {
  console.log(`not ok ${count + 1} - run finished within 60 s`);
  process.exit(1);
}, 60_000);

const server = await startServer(SITE);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ar" });
context.setDefaultTimeout(10_000);
const errors = [];
async function open(p) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${p}: ${e.message}`));
  const res = await page.goto(server.origin + p, { waitUntil: "load" });
  assert.equal(res.status(), 200, `${p}: HTTP ${res.status()}`);
  return page;
}

// In the page: the boxes of the given substrings of an element's text, in logical order. Each
// part is located in the element's text nodes (it may span an isolate's boundary) and measured
// as a DOM range.
function measure(el, parts) {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n, start: all.length });
    all += n.data;
  }
  const at = (offset) => {
    for (let i = nodes.length - 1; i >= 0; i--)
      if (offset >= nodes[i].start) return [nodes[i].node, offset - nodes[i].start];
    return [nodes[0].node, 0];
  };
  let from = 0;
  return parts.map((part) => {
    const start = all.indexOf(part, from);
    if (start < 0) throw new Error(`"${part}" not in "${all}"`);
    from = start + part.length;
    const range = document.createRange();
    range.setStart(...at(start));
    range.setEnd(...at(start + part.length));
    const r = range.getBoundingClientRect();
    return { part, left: r.left, right: r.right, top: r.top };
  });
}

// Right to left: each box lies wholly to the left of the one before it (on one line: the probed
// elements are set to white-space: nowrap, so a narrow column cannot wrap them).
function readsRightToLeft(boxes) {
  for (let i = 1; i < boxes.length; i++) {
    const a = boxes[i - 1], b = boxes[i];
    if (Math.abs(a.top - b.top) > 2) return `"${a.part}" and "${b.part}" are on different lines`;
    if (!(b.right <= a.left + 0.5)) return `"${b.part}" (${b.left}..${b.right}) is not left of "${a.part}" (${a.left}..${a.right})`;
  }
  return "";
}

// Installs measure() in the page as window.measure.
async function install(page) {
  await page.evaluate((src) => { window.measure = new Function(`return ${src}`)(); }, measure.toString());
}

// The boxes of `parts` in a copy of the element at `selector` (same place, same styles) holding
// other markup: the negative controls.
function measureMarkup(page, selector, html, parts) {
  return page.evaluate(({ selector, html, parts }) => {
    const el = document.querySelector(selector);
    const copy = el.cloneNode(false);
    copy.innerHTML = html;
    el.after(copy);
    try { return window.measure(copy, parts); } finally { copy.remove(); }
  }, { selector, html, parts });
}

await test("ar model page: a list of two Latin endpoint names reads right to left, first name rightmost", async () => {
  const page = await open("/ar/models/openai/gpt-4.1/");
  const dd = page.locator(".fact-list div").filter({ has: page.locator("dt", { hasText: /^نقاط النهاية$/ }) }).locator("dd");
  assert.equal(await dd.evaluate((el) => el.textContent), "Chat Completions، Responses");
  await install(page);
  await dd.evaluate((el) => { el.setAttribute("data-probe", ""); el.style.whiteSpace = "nowrap"; });
  const parts = ["Chat Completions", "، ", "Responses"];
  const boxes = await dd.evaluate((el, parts) => window.measure(el, parts), parts);
  assert.equal(readsRightToLeft(boxes), "", JSON.stringify(boxes));
  // Inside each name, Latin still runs left to right.
  const inner = await dd.evaluate((el) => window.measure(el, ["Chat", "Completions"]));
  assert.ok(inner[0].right <= inner[1].left + 0.5, `"Chat" left of "Completions": ${JSON.stringify(inner)}`);
  // The markup without an isolate per item lays the names out in the wrong order.
  const old = await measureMarkup(page, "[data-probe]", "Chat Completions، Responses", parts);
  assert.notEqual(readsRightToLeft(old), "", `unisolated names should read in the wrong order: ${JSON.stringify(old)}`);
});

await test("ar catalog: the modality arrow points from the inputs to the outputs", async () => {
  const page = await open("/ar/models/");
  const row = page.locator("table[data-catalog] tbody tr").filter({ has: page.locator("bdi.mono", { hasText: /^gpt-4-v$/ }) });
  const cell = row.locator("td").nth(1);
  const textContent = await cell.evaluate((el) => el.textContent);
  assert.equal(textContent, "نص، صورة ← نص");
  await install(page);
  await cell.evaluate((el) => { el.setAttribute("data-probe", ""); el.style.whiteSpace = "nowrap"; });
  const check = (boxes, arrow) => {
    // Logical order input, arrow, output; the arrow must point at the output's side.
    const [input, a, output] = boxes;
    const towardOutput = arrow === "←" ? output.right <= a.left + 0.5 : output.left >= a.right - 0.5;
    const awayFromInput = arrow === "←" ? input.left >= a.right - 0.5 : input.right <= a.left + 0.5;
    return towardOutput && awayFromInput ? "" : `arrow ${arrow} does not point from input to output: ${JSON.stringify(boxes)}`;
  };
  const parts = ["نص، صورة", "←", "نص"];
  const boxes = await cell.evaluate((el, parts) => window.measure(el, parts), parts);
  assert.equal(check(boxes, "←"), "");
  assert.equal(readsRightToLeft(boxes), "", "input rightmost, then the arrow, then the output");
  // The arrow the template used to hard-code points back at the input on an Arabic page.
  const oldParts = ["نص، صورة", "→", "نص"];
  const old = await measureMarkup(page, "[data-probe]", "نص، صورة → نص", oldParts);
  assert.notEqual(check(old, "→"), "", `the old arrow should fail: ${JSON.stringify(old)}`);
});

await test("ar card: a price reads before its unit (amount rightmost), only the amount isolated", async () => {
  // gpt-4-v's card among the related models (the home page shows only the first cards per provider).
  const page = await open("/ar/models/openai/gpt-4-0314/");
  const card = page.locator("li.card").filter({ has: page.locator("bdi.mono", { hasText: /^gpt-4-v$/ }) }).first();
  const price = card.locator(".card-price");
  const amount = await price.locator("bdi").first().evaluate((el) => el.textContent);
  const all = await price.evaluate((el) => el.textContent);
  assert.ok(all.startsWith(amount) && all.length > amount.length, `"${all}": the amount, then its unit`);
  const unit = all.slice(amount.length).trim();
  assert.ok(/[\u0600-\u06FF]/.test(unit), `the unit "${unit}" is in Arabic`);
  await install(page);
  await price.evaluate((el) => { el.setAttribute("data-probe", ""); el.style.whiteSpace = "nowrap"; });
  const parts = [amount, unit];
  const boxes = await price.evaluate((el, parts) => window.measure(el, parts), parts);
  assert.equal(readsRightToLeft(boxes), "", JSON.stringify(boxes));
  // The whole phrase in one left-to-right isolate put the unit first for a right-to-left reader.
  const esc = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const old = await measureMarkup(page, "[data-probe]", `<bdi dir="ltr">${esc(amount)} ${esc(unit)}</bdi>`, parts);
  assert.notEqual(readsRightToLeft(old), "", `a whole-phrase isolate should read in the wrong order: ${JSON.stringify(old)}`);
});

await test("ar catalog: the filtered count is the locale's plural message", async () => {
  const page = await open("/ar/models/");
  const form = page.locator("[data-catalog-filters]");
  await form.waitFor({ state: "visible" });
  const total = await page.locator("table[data-catalog] tbody tr").count();
  await form.locator('select[name="provider"]').selectOption("anthropic");
  assert.equal(await page.locator("[data-shown]").textContent(), `يُعرض 3 من أصل ${total} نموذجًا`);
  await form.locator('select[name="provider"]').selectOption("");
  await form.locator('select[name="status"]').selectOption("coming-soon");
  const shown = await page.locator("table[data-catalog] tbody tr:not([hidden])").count();
  const expected = { 0: `يُعرض 0 من أصل ${total} نموذجًا`, 1: `يُعرض 1 من أصل ${total} نموذجًا`, 2: `يُعرض 2 من أصل ${total} نموذجًا` }[shown];
  if (expected) assert.equal(await page.locator("[data-shown]").textContent(), expected);
});

await test("no script errors on the pages visited", async () => {
  assert.deepEqual(errors, []);
});

clearTimeout(watchdog);
await browser.close();
await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
