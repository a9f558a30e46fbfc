#!/usr/bin/env node
// Validates EVERY .html file of a built modelsite site with html-validate and the repository's
// .htmlvalidate.json (found beside this script's repository, not in the current directory).
//
//   node tests/browser/validate_html.mjs SITE_DIR
//
// Prints each problem as file:line:col: severity [rule] message, then "N passed, N failed" (files);
// exits 1 on any error (warnings are printed but do not fail), 2 on wrong usage.
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const { HtmlValidate, StaticConfigLoader } = await import(
  new URL("../../node_modules/html-validate/dist/esm/index.js", import.meta.url).href);
const CONFIG = fileURLToPath(new URL("../../.htmlvalidate.json", import.meta.url));

const siteArg = process.argv[2];
if (!siteArg) {
  console.error("usage: node tests/browser/validate_html.mjs SITE_DIR");
  process.exit(2);
}
const SITE = path.resolve(siteArg);
try {
  if (!(await stat(SITE)).isDirectory()) throw new Error("not a directory");
} catch (e) {
  console.error(`${SITE}: ${e.message}`);
  process.exit(2);
}

async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(p)));
    else if (entry.isFile() && entry.name.endsWith(".html")) out.push(p);
  }
  return out;
}

// The committed config is used as is (StaticConfigLoader: no other .htmlvalidate.json on the
// site's path can add to it, wherever the site was built).
const config = JSON.parse(await readFile(CONFIG, "utf8"));
const validator = new HtmlValidate(new StaticConfigLoader(config));

const files = (await htmlFiles(SITE)).sort();
if (files.length === 0) {
  console.error(`${SITE}: no .html files; build the site first`);
  process.exit(2);
}
let failedFiles = 0, errors = 0, warnings = 0;
const byRule = new Map();
for (const file of files) {
  const report = await validator.validateFile(file);
  let fileErrors = 0;
  for (const result of report.results) {
    for (const m of result.messages) {
      const error = m.severity === 2;
      if (error) { errors++; fileErrors++; } else warnings++;
      byRule.set(m.ruleId, (byRule.get(m.ruleId) || 0) + 1);
      console.log(`${path.relative(process.cwd(), file) || file}:${m.line}:${m.column}: ${error ? "error" : "warning"} [${m.ruleId}] ${m.message}`);
    }
  }
  if (fileErrors) failedFiles++;
}
if (byRule.size) {
  console.log("# by rule: " + [...byRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(", "));
}
console.log(`# ${files.length} files, ${errors} errors, ${warnings} warnings (config ${CONFIG})`);
console.log(`${files.length - failedFiles} passed, ${failedFiles} failed`);
process.exit(failedFiles ? 1 : 0);
