// Shared set-up of the browser tests that came after run.mjs: a TAP-like runner with a watchdog,
// Debian Chromium through playwright-core, the site served by ./server.mjs under its strict
// Content-Security-Policy, every page watched for console errors, failed and external requests,
// and axe-core run through the DevTools protocol.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";

const here = (rel) => fileURLToPath(new URL(rel, import.meta.url));
const { chromium } = await import(new URL("../../node_modules/playwright-core/index.mjs", import.meta.url).href);
const AXE_SOURCE = await readFile(here("../../node_modules/axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--no-first-run", "--disable-sync", "--disable-quic"];

export async function harness(site, { seconds = 240 } = {}) {
  let count = 0, passed = 0, failed = 0;
  const problems = [];
  const watchdog = setTimeout(() => {
    console.log(`not ok ${count + 1} - run finished within ${seconds} s`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, seconds * 1000);
  const server = await startServer(site);
  const origin = server.origin;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const h = {
    origin,
    problems,
    url: (p) => origin + p,
    async test(name, fn) {
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
    },
    async context(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US",
        colorScheme: "light", reducedMotion: "reduce", ...options });
      context.setDefaultTimeout(15_000);
      await context.route("**/*", (route) => {
        const u = route.request().url();
        if (u.startsWith(origin + "/") || u.startsWith("data:")) return route.continue();
        problems.push(`external request blocked: ${u}`);
        return route.abort();
      });
      context.on("page", (page) => {
        page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()} on ${page.url()}: ${m.text()}`); });
        page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
        page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
      });
      return context;
    },
    async open(context, p) {
      const page = await context.newPage();
      const res = await page.goto(h.url(p), { waitUntil: "load" });
      if (res.status() !== 200) throw new Error(`${p}: HTTP ${res.status()}`);
      return page;
    },
    // Serious or critical axe violations on the page as it is now, as printable lines.
    async axe(page) {
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
      });
      for (const v of violations) console.log(`  # ${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 4).join(", ")})`);
      return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    },
    async finish() {
      clearTimeout(watchdog);
      await browser.close();
      await server.close();
      console.log(`1..${count}`);
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
  return h;
}
