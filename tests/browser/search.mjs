#!/usr/bin/env node
// The site search in a browser, on the site built from the bundled catalog: opened with / and
// Ctrl-K, keyboard only (arrow keys, Enter, Escape, focus returned), translated prose found in
// en, ar, ko, zh and ja, the no-JavaScript fallback, and axe with the dialog open.
//
//   node tests/browser/search.mjs SITE_DIR
//
// Logs the bytes each first query loaded and the time from keystroke to results.
import assert from "node:assert/strict";
import path from "node:path";
import { harness } from "./harness.mjs";

const site = process.argv[2];
if (!site) {
  console.error("usage: node tests/browser/search.mjs SITE_DIR");
  process.exit(2);
}
const h = await harness(path.resolve(site));
const context = await h.context();

// Bytes of the search files a page loaded, from the responses' bodies.
function countBytes(page) {
  const seen = { bytes: 0, files: [] };
  page.on("response", async (r) => {
    if (!/\/search\//.test(r.url())) return;
    const body = await r.body().catch(() => Buffer.alloc(0));
    seen.bytes += body.length;
    seen.files.push(new URL(r.url()).pathname);
  });
  return seen;
}
const status = (page) => page.locator("dialog[open] [data-search-status]");
const options = (page) => page.locator("dialog[open] [role=option]");

// Opens the search of `locale`'s home with `keys`, types `query`, and expects `count` results
// (the live region's exact text) with `first` first; then opens it with the keyboard.
async function findsByKeyboard(locale, keys, query, statusText, first, firstName) {
  const page = await h.open(context, `/${locale}/`);
  const seen = countBytes(page);
  // Focus somewhere known first: the brand link, reached with the keyboard.
  await page.keyboard.press("Tab");  // skip link
  await page.keyboard.press("Tab");  // brand
  assert.equal(await page.evaluate(() => document.activeElement.className), "brand");
  await page.keyboard.press(keys);
  const input = page.locator("dialog[open] input[role=combobox]");
  await input.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input", "the query field has the focus");
  const t0 = Date.now();
  await page.keyboard.type(query);
  await status(page).filter({ hasText: statusText }).waitFor();
  const ms = Date.now() - t0;
  assert.equal(await status(page).textContent(), statusText);
  const timings = await page.evaluate(() => window.modelsite.searchTimings.map((t) => Math.round(t.ms)));
  console.log(`  # ${locale} "${query}": ${seen.bytes} bytes in ${seen.files.length} files; results ${ms} ms after typing began; per query ${timings.join(", ")} ms`);
  assert.equal(await options(page).first().locator("bdi").textContent(), first);
  assert.equal(await options(page).first().locator(".search-name").textContent(), firstName);
  // Arrow keys move the active option, Escape closes and gives the focus back.
  await page.keyboard.press("ArrowDown");
  assert.equal(await input.getAttribute("aria-activedescendant"), "search-option-0");
  assert.equal(await options(page).first().getAttribute("aria-selected"), "true");
  await page.keyboard.press("Escape");
  await page.locator("dialog[open]").waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement.className), "brand", "focus back on the brand link");
  // Open again with /, the query is kept; Enter opens the active result.
  await page.keyboard.press("/");
  await status(page).filter({ hasText: statusText }).waitFor();
  await page.keyboard.press("ArrowDown");
  await Promise.all([page.waitForURL(new RegExp(`/${locale}/models/[^/]+/${first.replace(/\./g, "\\.")}/$`)), page.keyboard.press("Enter")]);
  await page.close();
}

await h.test("en: / opens the search, an id finds the model first (5 more mention it), Enter opens it, Escape returns the focus", () =>
  findsByKeyboard("en", "/", "gpt-4-0314", "6 models found", "gpt-4-0314", "GPT-4 (0314)"));
await h.test("ar: Control+K, a word of the translation typed without its shadda (ثبّتت, pinned) finds gpt-4-0314", () =>
  findsByKeyboard("ar", "Control+K", "ثبتت", "نموذج واحد", "gpt-4-0314", "GPT-4 (0314)"));
await h.test("ko: a word of the Korean prose (회귀, regression) finds gpt-4-0314", () =>
  findsByKeyboard("ko", "Control+K", "회귀", "모델 1개 찾음", "gpt-4-0314", "GPT-4 (0314)"));
await h.test("zh: a word of the Chinese prose (回归) finds gpt-4-0314", () =>
  findsByKeyboard("zh", "Control+K", "回归", "找到 1 个模型", "gpt-4-0314", "GPT-4 (0314)"));
await h.test("ja: a word of the Japanese prose (スプレッドシート) finds claude-opus-4.6", () =>
  findsByKeyboard("ja", "Meta+K", "スプレッドシート", "1 件のモデル", "claude-opus-4.6", "Claude Opus 4.6"));

await h.test("a query no model matches says so; the prefix of a word being typed matches", async () => {
  const page = await h.open(context, "/en/");
  await page.keyboard.press("Control+K");
  await page.keyboard.type("zzzqqq");
  await status(page).filter({ hasText: "No model matches this search." }).waitFor();
  assert.equal(await options(page).count(), 0);
  await page.locator("dialog[open] input").fill("");
  await page.keyboard.type("anthrop");
  await status(page).filter({ hasText: "3 models found" }).waitFor();
  const ids = await options(page).locator("bdi").allTextContents();
  assert.deepEqual(ids.sort(), ["claude-mythos-preview", "claude-opus-4.6", "claude-sonnet-4.6"]);
  await page.close();
});

await h.test("the header's search link opens the dialog on click; its Close button closes it", async () => {
  const page = await h.open(context, "/ko/models/");
  await page.locator("a.search-open").click();
  await page.locator("dialog[open]").waitFor();
  await page.locator("dialog[open]").getByRole("button", { name: "닫기" }).click();
  await page.locator("dialog[open]").waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-open");
  await page.close();
});

await h.test("without JavaScript the search link is a plain link to the catalog", async () => {
  const noJs = await h.context({ javaScriptEnabled: false });
  const page = await h.open(noJs, "/zh/");
  const link = page.locator("a.search-open");
  assert.equal(await link.textContent(), "搜索");
  await Promise.all([page.waitForURL(h.url("/zh/models/")), link.click()]);
  assert.equal(await page.locator("table[data-catalog] tbody tr").count(), 38, "the catalog lists every model");
  await noJs.close();
});

for (const scheme of ["light", "dark"]) {
  await h.test(`axe (${scheme}): en and ar pages with the search dialog open have no serious or critical violations`, async () => {
    const c = await h.context({ colorScheme: scheme });
    for (const locale of ["en", "ar"]) {
      const page = await h.open(c, `/${locale}/models/`);
      await page.keyboard.press("Control+K");
      await page.keyboard.type(locale === "en" ? "gpt" : "نموذج");
      await status(page).filter({ hasText: /\S/ }).waitFor();
      await page.waitForFunction(() => !/…/.test(document.querySelector("dialog[open] [data-search-status]").textContent));
      assert.deepEqual(await h.axe(page), [], `${locale} ${scheme}`);
      await page.close();
    }
    await c.close();
  });
}

await h.test("no console errors or warnings, failed or external requests", async () => {
  assert.deepEqual(h.problems, []);
});
await h.finish();
