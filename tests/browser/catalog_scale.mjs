#!/usr/bin/env node
// Filtering and sorting the catalog of a generated 5,000-model site (tests/scale/reader_pages.py
// builds it with the locales en and ar): the list data loads on first use, then every filter and
// sort runs over all models; counts are exact (computed here from the site's api/models.json),
// the Arabic page works right to left, axe finds nothing serious in light and dark.
//
//   node tests/browser/catalog_scale.mjs SITE_DIR
//
// Logs the time of each interaction (filtering, sorting and drawing the first page of rows).
import assert from "node:assert/strict";
import { ROWS, scaleSite } from "./scale_site.mjs";

const { models, rowsJson, col, h, context, total, en, provider } = await scaleSite("catalog_scale.mjs");

// The provider with the most models, and a capability some but not all of its models have.
const ofProvider = models.filter((m) => m.provider === provider);
const capability = "vision";
const both = ofProvider.filter((m) => (m.capabilities || []).includes(capability));

const page = await h.open(context, "/en/models/");
const form = page.locator("[data-catalog-filters]");
const shown = form.locator("[data-shown]");
const rowIds = () => page.locator("table[data-catalog] tbody tr th bdi").allTextContents();
const timings = async (what) => {
  const t = await page.evaluate(() => window.modelsite.catalogTimings.splice(0));
  console.log(`  # ${what}: ${t.map((x) => x.toFixed(1)).join(", ")} ms`);
  return t;
};
const all = [];

await h.test(`the static page shows ${ROWS} of ${total} models; the list data loads on first use`, async () => {
  assert.equal(total, 5000);
  assert.equal((await rowIds()).length, ROWS);
  assert.ok(await page.locator("nav.pager").isVisible());
  await page.getByLabel("Name, id or provider").focus();
  await page.locator(`table[data-catalog][data-rows-loaded="${total}"]`).waitFor();
});

await h.test(`provider ${provider}: exactly its ${ofProvider.length} models, ${ROWS} shown, the rest on demand`, async () => {
  await form.locator("select[name=provider]").selectOption(provider);
  await shown.filter({ hasText: `${en.format(ofProvider.length)} of ${en.format(total)} models shown` }).waitFor();
  const ids = await rowIds();
  assert.equal(ids.length, Math.min(ROWS, ofProvider.length));
  const want = new Set(ofProvider.map((m) => m.id));
  assert.ok(ids.every((id) => want.has(id)), "only that provider's models");
  assert.equal(await page.locator("nav.pager").isVisible(), false, "the pager of the static pages is hidden");
  if (ofProvider.length > ROWS) {
    const more = page.locator("[data-more] button");
    assert.equal(await more.textContent(), `Show ${Math.min(ROWS, ofProvider.length - ROWS)} more models`);
    await more.click();
    assert.equal((await rowIds()).length, Math.min(2 * ROWS, ofProvider.length));
  }
  all.push(...await timings("provider filter, show more"));
});

await h.test(`provider ${provider} and capability ${capability}: exactly ${both.length} models`, async () => {
  await form.locator("select[name=capability]").selectOption(capability);
  await shown.filter({ hasText: `${en.format(both.length)} of ${en.format(total)} models shown` }).waitFor();
  const ids = await rowIds();
  if (both.length <= ROWS) assert.deepEqual([...ids].sort(), both.map((m) => m.id).sort());
  const want = new Set(both.map((m) => m.id));
  assert.ok(ids.every((id) => want.has(id)));
  assert.equal(ids.length, Math.min(ROWS, both.length));
  all.push(...await timings("capability filter"));
});

await h.test("text: a model's exact id finds the models whose name, id or provider contains it", async () => {
  await form.locator("select[name=provider]").selectOption("");
  await form.locator("select[name=capability]").selectOption("");
  const target = models[1234];
  const names = Object.fromEntries(Object.entries(rowsJson.providers));
  const fold = (s) => s.normalize("NFKC").toLowerCase();
  const expected = models.filter((m) => fold(`${m.name} ${m.id} ${names[m.provider]}`).includes(fold(target.id)));
  await page.getByLabel("Name, id or provider").fill(target.id);
  await shown.filter({ hasText: `${en.format(expected.length)} of ${en.format(total)} models shown` }).waitFor();
  const ids = await rowIds();
  assert.ok(ids.includes(target.id), `${target.id} is listed`);
  assert.deepEqual([...ids].sort(), expected.map((m) => m.id).sort().slice(0, ROWS));
  await page.getByLabel("Name, id or provider").fill("");
  await shown.filter({ hasText: `${en.format(total)} of ${en.format(total)} models shown` }).waitFor();
  all.push(...await timings("text filter"));
});

// Rows' exact sort keys as rows.json gives them (the strings the page shows come with them).
const key = (id, column) => rowsJson.rows.find((r) => r[col.id] === id)[col[column]];
for (const [label, column, order] of [["Input price", "input_sort", "desc"], ["Context window", "context_sort", "asc"],
                                      ["Blended price", "blended_sort", "asc"]]) {
  await h.test(`sort by ${label} (${order}) across all ${total} models; unknown values last`, async () => {
    await form.locator("select[name=order]").selectOption(order);
    await form.locator("select[name=sort]").selectOption({ label });
    const ids = await rowIds();
    assert.equal(ids.length, ROWS);
    const values = rowsJson.rows.map((r) => r[col[column]]).filter((v) => v !== "").map(Number);
    const best = order === "desc" ? Math.max(...values) : Math.min(...values);
    assert.equal(Number(key(ids[0], column)), best, `${ids[0]} comes first`);
    for (let i = 1; i < ids.length; i++) {
      const a = Number(key(ids[i - 1], column)), b = Number(key(ids[i], column));
      assert.ok(order === "desc" ? a >= b : a <= b, `${ids[i - 1]} (${a}) before ${ids[i]} (${b})`);
    }
    // The shown price is the sorted one: "$24.00" for 24.
    if (column === "input_sort") {
      const cell = await page.locator("table[data-catalog] tbody tr").first().locator("td").nth(3).textContent();
      assert.equal(parseFloat(cell.replace(/[^0-9.]/g, "")), Number(key(ids[0], column)));
    }
    all.push(...await timings(`sort by ${label}`));
  });
}

await h.test("every interaction at 5,000 models (filter or sort, and drawing the rows) is measured", async () => {
  assert.ok(all.length >= 6, `${all.length} interactions measured`);
  const sorted = [...all].sort((a, b) => a - b);
  console.log(`  # ${all.length} interactions: median ${sorted[sorted.length >> 1].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
});

await h.test("ar: the catalog filters right to left, with the count in Arabic and the same rows", async () => {
  const ar = await h.open(context, "/ar/models/");
  assert.equal(await ar.getAttribute("html", "dir"), "rtl");
  const arForm = ar.locator("[data-catalog-filters]");
  await arForm.locator("select[name=provider]").selectOption(provider);
  await ar.locator(`table[data-catalog][data-rows-loaded="${total}"]`).waitFor();
  const locale = await arForm.locator("[data-shown]").getAttribute("data-format-locale");
  const n = new Intl.NumberFormat(locale);
  await arForm.locator("[data-shown]").filter({ hasText: n.format(ofProvider.length) }).waitFor();
  const text = await arForm.locator("[data-shown]").textContent();
  assert.ok(text.includes(n.format(total)), `"${text}" names the total`);
  const ids = await ar.locator("table[data-catalog] tbody tr th bdi").allTextContents();
  assert.equal(ids.length, Math.min(ROWS, ofProvider.length));
  assert.ok(ids.every((id) => ofProvider.some((m) => m.id === id)));
  assert.equal(await ar.locator("table[data-catalog]").evaluate((t) => getComputedStyle(t).direction), "rtl");
  await ar.close();
});

for (const scheme of ["light", "dark"]) {
  await h.test(`axe (${scheme}): the filtered 5,000-model catalog in en and ar has no serious or critical violations`, async () => {
    const c = await h.context({ colorScheme: scheme });
    for (const locale of ["en", "ar"]) {
      const p = await h.open(c, `/${locale}/models/`);
      await p.locator("[data-catalog-filters] select[name=provider]").selectOption(provider);
      await p.locator(`table[data-catalog][data-rows-loaded="${total}"]`).waitFor();
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
