#!/usr/bin/env node
// The pricing page of a generated 5,000-model site (tests/scale/reader_pages.py builds it with
// the locales en and ar): its form filters by text and provider and sorts by name and every
// price column over all models from the list data, with counts exact (computed here from the
// site's api/models.json), the order exact (computed here from the list data's sort keys), every
// cell as the static pages write it, keyboard only; right to left in ar with the count in Arabic;
// nothing moves when the script runs (here and on the catalog); axe finds nothing serious in light and dark; without
// scripts the form is not shown and the static pages with their pager remain.
//
//   node tests/browser/pricing_scale.mjs SITE_DIR
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROWS, scaleSite } from "./scale_site.mjs";

const { SITE, models, rowsJson, col, h, context, total, en, provider, providerCount } = await scaleSite("pricing_scale.mjs");

// The expected order: by the exact sort key (unknown last in either order), ties and the name
// sort by the collator's name order, then id.
const collator = new Intl.Collator("en");
const nameOrder = [...rowsJson.rows].sort((a, b) => collator.compare(a[col.name], b[col.name]) || (a[col.id] < b[col.id] ? -1 : 1));
const nameRank = new Map(nameOrder.map((r, i) => [r[col.id], i]));
function expectedOrder(rows, sort, desc) {
  const key = (r) => (r[col[sort + "_sort"]] === "" ? NaN : parseFloat(r[col[sort + "_sort"]]));
  return [...rows].sort((a, b) => {
    const na = nameRank.get(a[col.id]), nb = nameRank.get(b[col.id]);
    if (sort === "name") return desc ? nb - na : na - nb;
    const x = key(a), y = key(b);
    if (isNaN(x) || isNaN(y)) return (isNaN(x) - isNaN(y)) || na - nb;
    return (desc ? y - x : x - y) || na - nb;
  }).map((r) => r[col.id]);
}

const page = await h.open(context, "/en/pricing/");
const form = page.locator("form[data-pricing-filters]");
const shown = form.locator("[data-shown]");
const idOf = (href) => href.replace(/\/$/, "").split("/").pop();
const rowIds = async () => (await page.locator("table[data-pricing] tbody tr th a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).map(idOf);
const cellsOf = (p) => p.locator("table[data-pricing] tbody tr").evaluateAll((trs) => trs.map((tr) => ({
  href: tr.querySelector("th a").getAttribute("href"), cells: Array.from(tr.cells, (c) => c.innerHTML.trim()) })));
const staticCells = new Map((await cellsOf(page)).map((r) => [r.href, r.cells]));
const timings = [];
const took = async () => timings.push(...await page.evaluate(() => window.modelsite.pricingTimings.splice(0)));
// Every row shown that the static first page also has: the same cells, character for character.
async function sameCellsAsStatic(p) {
  let compared = 0;
  for (const r of await cellsOf(p)) {
    if (!staticCells.has(r.href)) continue;
    assert.deepEqual(r.cells, staticCells.get(r.href), `cells of ${r.href}`);
    compared++;
  }
  return compared;
}

await h.test(`the static page shows ${ROWS} of ${total} models with its pager; the form is there from the first paint`, async () => {
  assert.equal(total, 5000);
  assert.equal((await rowIds()).length, ROWS);
  assert.ok(await page.locator("nav.pager").isVisible());
  assert.ok(await form.isVisible());
  // Nothing moves while the page and its scripts load, here and on the catalog pages (whose
  // form used to appear only once the script ran).
  const shift = (p) => p.evaluate(() => new Promise((resolve) => {
    let sum = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) sum += e.value; }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve(sum), 300);
  }));
  assert.equal(await shift(page), 0, "/en/pricing/: layout shift while loading");
  for (const p of ["/en/models/", "/ar/models/", "/ar/pricing/"]) {
    const other = await h.open(context, p);
    assert.equal(await shift(other), 0, `${p}: layout shift while loading`);
    await other.close();
  }
});

await h.test("keyboard only: Tab to the text field loads the list data, typing filters, the sort and order selects work with arrow keys", async () => {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement && document.activeElement.name === "q")) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.name), "q");
  await page.locator(`table[data-pricing][data-rows-loaded="${total}"]`).waitFor();
  const target = models[2345];
  await page.keyboard.type(target.id);
  const want = models.filter((m) => `${m.name} ${m.id} ${rowsJson.providers[m.provider]}`.toLowerCase().includes(target.id.toLowerCase()));
  await shown.filter({ hasText: `${en.format(want.length)} of ${en.format(total)} models shown` }).waitFor();
  assert.deepEqual((await rowIds()).sort(), want.map((m) => m.id).sort());
  for (const key of ["Control+a", "Backspace"]) await page.keyboard.press(key);
  await shown.filter({ hasText: `${en.format(total)} of ${en.format(total)} models shown` }).waitFor();
  await page.keyboard.press("Tab");  // provider
  await page.keyboard.press("Tab");  // sort
  assert.equal(await page.evaluate(() => document.activeElement.name), "sort");
  await page.keyboard.press("ArrowDown");  // input price
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown");  // descending
  assert.equal(await form.locator("select[name=sort]").inputValue(), "input");
  assert.equal(await form.locator("select[name=order]").inputValue(), "desc");
  assert.deepEqual(await rowIds(), expectedOrder(rowsJson.rows, "input", true).slice(0, ROWS));
  await took();
});

for (const [sort, desc] of [["input", false], ["output", true], ["output", false], ["blended", true], ["blended", false], ["name", true], ["name", false]]) {
  await h.test(`sort by ${sort} (${desc ? "desc" : "asc"}) across all ${total} models: exactly the expected first ${ROWS}, unknown prices last`, async () => {
    await form.locator("select[name=order]").selectOption(desc ? "desc" : "asc");
    await form.locator("select[name=sort]").selectOption(sort);
    assert.deepEqual(await rowIds(), expectedOrder(rowsJson.rows, sort, desc).slice(0, ROWS));
    await took();
  });
}

await h.test(`provider ${provider}: exactly its ${providerCount} models, sorted, ${ROWS} at a time, cells as the static page writes them`, async () => {
  await form.locator("select[name=sort]").selectOption("name");
  await form.locator("select[name=order]").selectOption("asc");
  await form.locator("select[name=provider]").selectOption(provider);
  await shown.filter({ hasText: `${en.format(providerCount)} of ${en.format(total)} models shown` }).waitFor();
  const ofProvider = rowsJson.rows.filter((r) => r[col.provider] === provider);
  assert.equal(ofProvider.length, providerCount);
  assert.deepEqual(await rowIds(), expectedOrder(ofProvider, "name", false).slice(0, ROWS));
  assert.equal(await page.locator("nav.pager").isVisible(), false, "the pager of the static pages is hidden");
  const more = page.locator("[data-more] button");
  if (providerCount > ROWS) {
    assert.equal(await more.textContent(), `Show ${Math.min(ROWS, providerCount - ROWS)} more models`);
    await more.click();
    assert.deepEqual(await rowIds(), expectedOrder(ofProvider, "name", false).slice(0, 2 * ROWS));
  }
  // The chart (this page's models) shows only that provider's dots.
  const dots = await page.locator("svg.chart [data-provider]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-provider"), e.getAttribute("display")]));
  assert.ok(dots.length > 0);
  for (const [p, display] of dots) assert.equal(display, p === provider ? null : "none", `chart dot of ${p}`);
  await form.locator("select[name=provider]").selectOption("");
  await took();
});

await h.test("every row of the first static page, drawn from the list data, has exactly the static page's cells", async () => {
  // The static first page holds the catalog's first ROWS models; a text filter matching none
  // else is not needed: sort by name and show enough rows to meet all of them.
  let compared = 0;
  for (const m of models.slice(0, ROWS)) {
    await page.locator("input[name=q]").fill(m.id);
    await page.locator("table[data-pricing] tbody tr").first().waitFor();
    compared += await sameCellsAsStatic(page);
  }
  assert.ok(compared >= ROWS, `${compared} rows compared`);
  await page.locator("input[name=q]").fill("");
  await took();
});

await h.test("no match: the empty message and a count of zero", async () => {
  await page.locator("input[name=q]").fill("no-such-model-anywhere");
  await shown.filter({ hasText: `0 of ${en.format(total)} models shown` }).waitFor();
  assert.ok(await page.locator("[data-empty]").isVisible());
  assert.equal((await rowIds()).length, 0);
  await page.locator("input[name=q]").fill("");
});

await h.test("every pricing interaction at 5,000 models is measured", async () => {
  assert.ok(timings.length >= 8, `${timings.length} interactions measured`);
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`  # ${timings.length} interactions: median ${sorted[sorted.length >> 1].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
});

await h.test("ar: right to left, the provider filter counts in Arabic (the total's plural form), nothing moves while loading", async () => {
  const ar = await h.open(context, "/ar/pricing/");
  assert.equal(await ar.getAttribute("html", "dir"), "rtl");
  assert.equal(await ar.locator("table[data-pricing]").evaluate((t) => getComputedStyle(t).direction), "rtl");
  const arForm = ar.locator("form[data-pricing-filters]");
  await arForm.locator("select[name=provider]").selectOption(provider);
  await ar.locator(`table[data-pricing][data-rows-loaded="${total}"]`).waitFor();
  const n = new Intl.NumberFormat(await arForm.locator("[data-shown]").getAttribute("data-format-locale"));
  // ar.json's catalog.shown_of with 5,000 (plural category "other").
  await arForm.locator("[data-shown]").filter({ hasText: `يُعرض ${n.format(providerCount)} من أصل ${n.format(total)} نموذج` }).waitFor();
  const ids = (await ar.locator("table[data-pricing] tbody tr th a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).map(idOf);
  const arRows = JSON.parse(await readFile(path.join(SITE, "ar", "models", "rows.json"), "utf8")).rows;
  const arCollator = new Intl.Collator("ar");
  const want = arRows.filter((r) => r[col.provider] === provider)
    .sort((a, b) => arCollator.compare(a[col.name], b[col.name]) || (a[col.id] < b[col.id] ? -1 : 1)).map((r) => r[col.id]);
  assert.deepEqual(ids, want.slice(0, ROWS));
  await ar.close();
});

await h.test("without scripts: no form, the static rows and the pager", async () => {
  const noJs = await h.context({ javaScriptEnabled: false });
  for (const p of ["/en/pricing/", "/ar/pricing/", "/en/models/"]) {
    const pg = await h.open(noJs, p);
    assert.equal(await pg.locator("form.needs-script").isVisible(), false, `${p}: the form is not shown`);
    assert.ok(await pg.locator("nav.pager").isVisible(), `${p}: pager`);
    assert.equal(await pg.locator("table tbody tr").count(), ROWS);
    await pg.close();
  }
  await noJs.close();
});

for (const scheme of ["light", "dark"]) {
  await h.test(`axe (${scheme}): the filtered 5,000-model pricing page in en and ar has no serious or critical violations`, async () => {
    const c = await h.context({ colorScheme: scheme });
    for (const locale of ["en", "ar"]) {
      const p = await h.open(c, `/${locale}/pricing/`);
      await p.locator("form[data-pricing-filters] select[name=provider]").selectOption(provider);
      await p.locator(`table[data-pricing][data-rows-loaded="${total}"]`).waitFor();
      assert.deepEqual(await h.axe(p), [], `${locale} ${scheme}`);
      await p.close();
    }
    await c.close();
  });
}

await h.test("no console errors or warnings, failed or external requests", async () => {
  assert.deepEqual(h.problems, []);
});
await h.finish();
