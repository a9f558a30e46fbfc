// What the 5,000-model browser tests (catalog_scale.mjs, pricing_scale.mjs) share: the site named
// on the command line, its catalog (api/models.json) and English list data (rows.json), the
// harness with a browser context, and the provider with the most models.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { harness } from "./harness.mjs";

// Rows per list page, static and drawn (kListPageSize in src/viewmodel/pager.h, PAGE_ROWS in lists.js).
export const ROWS = 50;

export async function scaleSite(script) {
  const site = process.argv[2];
  if (!site) {
    console.error(`usage: node tests/browser/${script} SITE_DIR`);
    process.exit(2);
  }
  const SITE = path.resolve(site);
  const models = JSON.parse(await readFile(path.join(SITE, "api", "models.json"), "utf8")).models;
  const rowsJson = JSON.parse(await readFile(path.join(SITE, "en", "models", "rows.json"), "utf8"));
  const col = Object.fromEntries(rowsJson.columns.map((c, i) => [c, i]));
  const h = await harness(SITE, { seconds: 400 });
  const context = await h.context();
  const byProvider = new Map();
  for (const m of models) byProvider.set(m.provider, (byProvider.get(m.provider) || 0) + 1);
  const [provider, providerCount] = [...byProvider].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return { SITE, models, rowsJson, col, h, context, total: models.length, en: new Intl.NumberFormat("en"), provider, providerCount };
}
