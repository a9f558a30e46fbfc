#!/usr/bin/env node
// The JSON Schemas in schemas/ against the build, with a real validator (Ajv, JSON Schema 2020-12):
//  1. every bundled JSON file (site.json, content/, locales/, and the test sites) is valid;
//  2. every invalid-input case under tests/invalid/ that is a schema matter is rejected by the
//     schema too (the editor flags what the build reports); the cases that are not schema matters
//     are listed below with the reason, and the schema must accept them;
//  3. the files `modelsite new` writes are valid.
//
//   node tests/schemas/validate.mjs [MODELSITE_BINARY]
//
// Prints "ok N - name" / "not ok N - name" and exits 1 on any failure.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const ajvModule = await import(new URL("../../node_modules/ajv/dist/2020.js", import.meta.url).href);
const Ajv2020 = ajvModule.default.default || ajvModule.default;

// Invalid-input cases the schema cannot decide, and why.
const NOT_SCHEMA = {
  "json-syntax": "a JSON syntax error: the editor's JSON parser reports it before any schema applies",
  "trailing-comma": "a JSON syntax error (trailing comma): the editor's JSON parser reports it",
  "bad-message": "ICU MessageFormat syntax inside a string: only ICU can parse it",
  "template-syntax": "a Mustache template, not JSON",
  "fragment-syntax": "a Mustache template, not JSON",
  "duplicate-id": "two files with the same id: a schema sees one file at a time",
  "id-mismatch": "the id must equal the file name: a schema does not see the file name",
  "unknown-provider": "the provider must exist in content/providers/: another file",
  "unknown-replacement": "replacement ids must exist in the catalog: other files",
  "price-above-list": "price <= list_price compares two values: JSON Schema cannot compare fields",
  "unordered-tiers": "`above` must grow from item to item in file order: JSON Schema cannot compare items",
  "duplicate-price": "two items with the same meter and qualifiers: uniqueItems compares whole items, not some of their keys",
  "unknown-locale": "`default_locale` must be one of `locales`: JSON Schema cannot compare two values of a file",
  "provider-mismatch": "the provider must equal the model's folder name: a schema does not see the path",
  "missing-locale-file": "a locale listed in site.json needs its own file: another file",
  "bad-encoding": "bytes that are not UTF-8: the editor's decoder sees them before any schema",
  "missing-default-body": "a page without its default-locale .md: Markdown files, not JSON",
  "missing-translation": "a missing .md translation under --strict: Markdown files, not JSON",
  "orphan-body": "a .md file without its model: Markdown files and another file",
  "reserved-slug": "a page's slug is a Markdown file's name",
  "missing-message": "a template uses a message no locale defines: templates and locale files together",
  "missing-template": "a Mustache template is missing: not JSON",
  "recursive-partial": "Mustache partials including each other: not JSON",
  "unknown-partial": "a Mustache template names a partial that does not exist: not JSON",
  "glossary": "a glossary's regular expression must compile with ICU, and a description's locale must be one of site.json's: ICU syntax and another file",
};

// ---- a tiny runner ---------------------------------------------------------------------------
let count = 0, failed = 0;
function test(name, fn) {
  count++;
  try {
    fn();
    console.log(`ok ${count} - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok ${count} - ${name}`);
    for (const line of String((e && e.message) || e).split("\n").slice(0, 30)) console.log(`  # ${line}`);
  }
}

// ---- JSON with comments ----------------------------------------------------------------------
// Removes // and /* */ comments outside strings (the build accepts them; JSON.parse does not).
export function stripComments(text) {
  let out = "", i = 0, inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") { out += text[i + 1] ?? ""; i += 2; continue; }
      if (c === '"') inString = false;
      i++;
    } else if (c === '"') { inString = true; out += c; i++; }
    else if (c === "/" && text[i + 1] === "/") { while (i < text.length && text[i] !== "\n") i++; }
    else if (c === "/" && text[i + 1] === "*") { const end = text.indexOf("*/", i + 2); i = end < 0 ? text.length : end + 2; }
    else { out += c; i++; }
  }
  return out;
}
const parseJsonc = (text) => JSON.parse(stripComments(text));

// ---- schemas ---------------------------------------------------------------------------------
const ajv = new Ajv2020({ allErrors: true, strict: true });
const KINDS = ["site", "provider", "model", "endpoint", "locale"];
const validators = {};
for (const kind of KINDS) {
  const schema = JSON.parse(readFileSync(path.join(REPO, "schemas", `${kind}.schema.json`), "utf8"));
  validators[kind] = ajv.compile(schema);
}

// Which schema a file (path relative to a site root) follows, or null.
function kindOf(rel) {
  const p = rel.split(path.sep).join("/");
  if (p === "site.json") return "site";
  if (/^content\/providers\/[^/]+\.json$/.test(p)) return "provider";
  if (/^content\/models\/[^/]+\/[^/]+\.json$/.test(p)) return "model";
  if (/^content\/endpoints\/[^/]+\.json$/.test(p)) return "endpoint";
  if (/^locales\/[^/]+\.json$/.test(p)) return "locale";
  return null;
}

function errorsOf(kind, value) {
  const validate = validators[kind];
  if (validate(value)) return [];
  return validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params && e.params.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : ""}${e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
}

function filesUnder(dir, rel = "") {
  const out = [];
  if (!existsSync(path.join(dir, rel))) return out;
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = path.join(rel, name);
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...filesUnder(dir, r));
    else out.push(r);
  }
  return out;
}

// Every schema-governed file of a site folder: [rel, kind].
function siteFiles(root) {
  return filesUnder(root).map((rel) => [rel, kindOf(rel)]).filter(([rel, kind]) => kind && !rel.startsWith("node_modules"));
}

function assertSiteValid(root) {
  const problems = [];
  let n = 0;
  for (const [rel, kind] of siteFiles(root)) {
    n++;
    const errs = errorsOf(kind, parseJsonc(readFileSync(path.join(root, rel), "utf8")));
    for (const e of errs) problems.push(`${rel} (${kind}): ${e}`);
  }
  if (n === 0) throw new Error(`${root}: no schema-governed files`);
  if (problems.length) throw new Error(problems.join("\n"));
  return n;
}

// ---- 1. bundled files ------------------------------------------------------------------------
test("every bundled content file is valid against its schema", () => {
  const files = [["site.json", "site"], ...["content", "locales"].flatMap((d) => siteFiles(REPO).filter(([r]) => r.startsWith(d + path.sep)))];
  const problems = [];
  for (const [rel, kind] of files)
    for (const e of errorsOf(kind, parseJsonc(readFileSync(path.join(REPO, rel), "utf8")))) problems.push(`${rel}: ${e}`);
  if (files.length < 10) throw new Error(`only ${files.length} files found`);
  if (problems.length) throw new Error(problems.join("\n"));
});

test("the invalid-input base site and every golden site's input are valid", () => {
  assertSiteValid(path.join(REPO, "tests", "invalid", "base"));
  const golden = path.join(REPO, "tests", "golden");
  for (const name of existsSync(golden) ? readdirSync(golden).sort() : []) {
    const input = path.join(golden, name, "input");
    if (existsSync(input) && siteFiles(input).length) assertSiteValid(input);
  }
});

// ---- 2. invalid-input cases ------------------------------------------------------------------
// The case's JSON files as the build sees them: base, then the case's files (a `.patch` sets
// top-level keys of the base file, as tests/unit/test_support.cc does).
function caseFiles(caseDir) {
  const base = path.join(REPO, "tests", "invalid", "base");
  const out = [];
  for (const rel of filesUnder(caseDir)) {
    if (rel === "expected.txt" || rel.endsWith(".delete")) continue;
    if (rel.endsWith(".patch")) {
      const target = rel.slice(0, -".patch".length);
      const from = existsSync(path.join(base, target)) ? path.join(base, target) : path.join(REPO, target);
      const value = parseJsonc(readFileSync(from, "utf8"));
      Object.assign(value, JSON.parse(readFileSync(path.join(caseDir, rel), "utf8")));
      out.push({ rel: target, kind: kindOf(target), text: JSON.stringify(value) });
    } else {
      out.push({ rel, kind: kindOf(rel), text: readFileSync(path.join(caseDir, rel), "utf8") });
    }
  }
  return out;
}

const invalidRoot = path.join(REPO, "tests", "invalid");
const cases = readdirSync(invalidRoot).filter((n) => n !== "base" && statSync(path.join(invalidRoot, n)).isDirectory()).sort();
for (const name of cases) {
  const files = caseFiles(path.join(invalidRoot, name));
  const expected = readFileSync(path.join(invalidRoot, name, "expected.txt"), "utf8");
  if (NOT_SCHEMA[name]) {
    test(`invalid case ${name} is not a schema matter (${NOT_SCHEMA[name]})`, () => {
      for (const f of files.filter((f) => f.kind)) {
        let value;
        try { value = parseJsonc(f.text); } catch { continue; }  // a syntax case: nothing to validate
        const errs = errorsOf(f.kind, value);
        if (errs.length) throw new Error(`the schema rejects ${f.rel}, so this case is a schema matter after all:\n${errs.join("\n")}`);
      }
    });
    continue;
  }
  test(`invalid case ${name} is rejected by the schema as by the build`, () => {
    const governed = files.filter((f) => f.kind);
    if (!governed.length) throw new Error("no JSON file of a known kind in the case; list it in NOT_SCHEMA with the reason");
    const errs = governed.flatMap((f) => errorsOf(f.kind, parseJsonc(f.text)).map((e) => `${f.rel}: ${e}`));
    if (!errs.length) throw new Error(`the schema accepts the case, the build reports:\n${expected}`);
  });
}

// ---- 3. scaffolds ----------------------------------------------------------------------------
const binary = process.argv[2];
if (binary) {
  test("the files `modelsite new` writes are valid against their schemas", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "modelsite-schemas-"));
    try {
      for (const d of ["site.json", "content", "locales", "templates"]) cpSync(path.join(REPO, d), path.join(dir, d), { recursive: true });
      const run = (...args) => execFileSync(binary, ["new", ...args, "--root", dir], { stdio: ["ignore", "ignore", "pipe"] });
      run("provider", "newco");
      run("model", "newco/newco-1");
      run("model", "newco/newco-2", "--from", "gpt-4-0314");
      run("locale", "fr");
      run("page", "about-us");
      const made = ["site.json", "content/providers/newco.json", "content/models/newco/newco-1.json",
        "content/models/newco/newco-2.json", "locales/fr.json"];
      const problems = [];
      for (const rel of made) {
        const text = readFileSync(path.join(dir, rel), "utf8");
        const value = parseJsonc(text);
        if (rel !== "site.json" && !value.$schema) problems.push(`${rel}: no $schema`);
        for (const e of errorsOf(kindOf(rel), value)) problems.push(`${rel}: ${e}`);
      }
      if (problems.length) throw new Error(problems.join("\n"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

console.log(`${count - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
