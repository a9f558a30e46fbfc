// The in-process Node runner: one long-lived process per checker worker. Each request (a JSON
// line on stdin) names a snippet file; the snippet's exact text is evaluated as an ES module in a
// fresh vm context that holds exactly the globals a plain `node file.mjs` has, with its own
// process.env, argv, stdout, stderr and exit status. Modules it imports (the `openai` package
// included) are evaluated again in that context, from cached compiled code, so no state is
// shared between snippets. A reply (a JSON line on fd 3) carries the exit status and output.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { Console } from "node:console";
import { Writable } from "node:stream";
import { isBuiltin } from "node:module";
import { pathToFileURL, fileURLToPath } from "node:url";
import readline from "node:readline";

const replies = fs.createWriteStream(null, { fd: 3 });
const realProcess = process;
const hostGlobal = globalThis;
// Globals Node puts on top of the JavaScript built-ins (the harness itself adds none: it is a module).
const hostNames = Object.getOwnPropertyNames(hostGlobal);
// Names a fresh context already has but Node replaces with its own object.
const replacedByNode = new Set(["console"]);
const compiled = new Map(); // url -> { source, cachedData }
// Handles (sockets, files, child processes) open in the whole process; the snippet's timers are
// counted by the wrappers below.
const openHandles = () => realProcess.getActiveResourcesInfo().filter((t) => t !== "Timeout" && t !== "Immediate").length;

class ExitSignal {
  constructor(code) { this.code = code; }
}

function capture() {
  const chunks = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, encoding, callback) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk));
      callback();
    },
  });
  stream.text = () => Buffer.concat(chunks).toString("utf8");
  return stream;
}

// A process object of the snippet's own: reads fall through to Node's process, writes stay in
// the snippet's overlay, and env, argv, stdout, stderr, exit and exitCode are the snippet's.
function snippetProcess(run) {
  const overlay = Object.create(null);
  overlay.env = Object.assign(Object.create(Object.getPrototypeOf(realProcess.env)), run.env);
  overlay.argv = [realProcess.execPath, run.file];
  overlay.argv0 = realProcess.argv0;
  overlay.stdout = run.stdout;
  overlay.stderr = run.stderr;
  overlay.exitCode = undefined;
  overlay.exit = (code) => {
    const c = code === undefined ? overlay.exitCode : code;
    throw new ExitSignal(c === undefined ? 0 : Number(c) | 0);
  };
  overlay.cwd = () => run.dir;
  overlay.chdir = () => { throw new Error("process.chdir() is not supported here"); };
  return new Proxy(realProcess, {
    get(target, key) {
      if (key in overlay) return overlay[key];
      const v = Reflect.get(target, key, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
    set(target, key, value) { overlay[key] = value; return true; },
    defineProperty(target, key, desc) { Object.defineProperty(overlay, key, desc); return true; },
    deleteProperty(target, key) { overlay[key] = undefined; return true; },
    has(target, key) { return key in overlay || key in target; },
  });
}

function makeContext(run) {
  const context = vm.createContext({});
  const g = vm.runInContext("globalThis", context);
  const own = new Set(Object.getOwnPropertyNames(g));
  const pending = run.timers; // the snippet's timers that have not fired or been cleared
  const track = (set, clear, repeats) => function (callback, ...rest) {
    if (typeof callback !== "function") return set(callback, ...rest);
    let h;
    h = set(function (...args) { if (!repeats) pending.delete(h); return callback.apply(this, args); }, ...rest);
    pending.add(h);
    return h;
  };
  const untrack = (clear) => function (h) { pending.delete(h); return clear(h); };
  const special = {
    global: { value: g, writable: true, configurable: true, enumerable: false },
    process: { value: run.process, writable: true, configurable: true, enumerable: false },
    console: { value: new Console({ stdout: run.stdout, stderr: run.stderr }), writable: true, configurable: true, enumerable: false },
    setTimeout: { value: track(setTimeout, clearTimeout, false) },
    setInterval: { value: track(setInterval, clearInterval, true) },
    setImmediate: { value: track(setImmediate, clearImmediate, false) },
    clearTimeout: { value: untrack(clearTimeout) },
    clearInterval: { value: untrack(clearInterval) },
    clearImmediate: { value: untrack(clearImmediate) },
  };
  for (const name of hostNames) {
    if (own.has(name) && !replacedByNode.has(name)) continue;
    const desc = Object.getOwnPropertyDescriptor(hostGlobal, name);
    if (special[name]) {
      const d = { ...desc, ...special[name] };
      if ("value" in d) { delete d.get; delete d.set; }
      Object.defineProperty(g, name, d);
    } else if (desc.get) {
      // Node's lazy globals (crypto, ...) check that they are read from the global object.
      Object.defineProperty(g, name, {
        configurable: desc.configurable, enumerable: desc.enumerable,
        get: function () { return desc.get.call(hostGlobal); },
        set: function (value) {
          Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: desc.enumerable });
        },
      });
    } else {
      Object.defineProperty(g, name, desc);
    }
  }
  for (const name of own) if (!hostNames.includes(name)) delete g[name];
  return context;
}

function builtinModule(specifier, context) {
  const real = realProcess.getBuiltinModule ? realProcess.getBuiltinModule(specifier) : run_require(specifier);
  // A shallow copy: a snippet that reassigns an export changes its own copy only.
  const copy = Object.create(Object.getPrototypeOf(real));
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(real));
  const names = Object.keys(real).filter((k) => k !== "default");
  return new vm.SyntheticModule(["default", ...names], function () {
    this.setExport("default", copy);
    for (const k of names) this.setExport(k, copy[k]);
  }, { context, identifier: "node:" + specifier.replace(/^node:/, "") });
}

import { createRequire } from "node:module";
const hostRequire = createRequire(import.meta.url);
function run_require(specifier) { return hostRequire(specifier); }

function sourceModule(url, context, run) {
  let entry = compiled.get(url);
  if (!entry) {
    const file = fileURLToPath(url);
    if (!file.endsWith(".mjs") && !(file.endsWith(".js") && packageType(file) === "module"))
      throw new Unsupported("imports " + url + ", which is not an ES module");
    entry = { source: fs.readFileSync(file, "utf8"), cachedData: undefined };
    compiled.set(url, entry);
  }
  const m = new vm.SourceTextModule(entry.source, {
    identifier: url, context, cachedData: entry.cachedData,
    initializeImportMeta(meta) { initMeta(meta, url); },
    importModuleDynamically: (spec) => load(spec, url, context, run).then(async (mod) => { await mod.evaluate(); return mod; }),
  });
  if (!entry.cachedData) entry.cachedData = m.createCachedData();
  return m;
}

class Unsupported extends Error {}

const packageTypes = new Map();
function packageType(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (packageTypes.has(dir)) return packageTypes.get(dir);
    const pj = path.join(dir, "package.json");
    if (fs.existsSync(pj)) {
      const t = JSON.parse(fs.readFileSync(pj, "utf8")).type || "commonjs";
      packageTypes.set(dir, t);
      return t;
    }
    if (dir === path.dirname(dir)) return "commonjs";
  }
}

function initMeta(meta, url) {
  meta.url = url;
  meta.filename = fileURLToPath(url);
  meta.dirname = path.dirname(meta.filename);
  meta.resolve = (spec) => import.meta.resolve(spec, url);
}

// Resolution is Node's own (import.meta.resolve), remembered for the life of the process.
const resolved = new Map();
function keyOf(specifier, parentURL) {
  if (isBuiltin(specifier)) return "node:" + specifier.replace(/^node:/, "");
  const k = parentURL + "\0" + specifier;
  let url = resolved.get(k);
  if (url === undefined) resolved.set(k, (url = import.meta.resolve(specifier, parentURL)));
  return url;
}

function moduleFor(key, context, run) {
  let m = run.modules.get(key);
  if (!m) {
    m = key.startsWith("node:") ? builtinModule(key.slice(5), context) : sourceModule(key, context, run);
    run.modules.set(key, m);
  }
  return m;
}

// Creates every module of the graph below `root` first, then links them all at once.
async function linkGraph(root, context, run) {
  const todo = [root];
  while (todo.length) {
    const m = todo.pop();
    for (const spec of m.dependencySpecifiers ?? []) {
      const key = keyOf(spec, m.identifier);
      if (!run.modules.has(key)) todo.push(moduleFor(key, context, run));
    }
  }
  await root.link((spec, referrer) => run.modules.get(keyOf(spec, referrer.identifier)));
}

async function load(specifier, parentURL, context, run) {
  const m = moduleFor(keyOf(specifier, parentURL), context, run);
  if (m.status === "unlinked") await linkGraph(m, context, run);
  return m;
}

function describe(err) {
  if (err && typeof err === "object" && "stack" in err) return String(err.stack);
  return "Uncaught " + String(err);
}

let current = null;
realProcess.on("uncaughtException", (err) => { if (current) current.fail(err); });
realProcess.on("unhandledRejection", (err) => { if (current) current.fail(err); });

async function runSnippet(req) {
  const run = { dir: req.dir, file: path.join(req.dir, req.file), env: req.env, stdout: capture(), stderr: capture(),
                modules: new Map(), timers: new Set() };
  run.process = snippetProcess(run);
  const base = openHandles();
  let exit = null;
  let unsupported = null;
  const finished = new Promise((resolve) => {
    run.fail = (err) => {
      if (err instanceof ExitSignal) exit ??= err.code;
      else if (exit === null) { run.stderr.write(describe(err) + "\n"); exit = 1; }
      resolve();
    };
    run.done = resolve;
  });
  current = run;
  realProcess.chdir(req.dir);
  try {
    const context = makeContext(run);
    const url = pathToFileURL(run.file).href;
    const source = fs.readFileSync(run.file, "utf8");
    const main = new vm.SourceTextModule(source, {
      identifier: url, context,
      initializeImportMeta(meta) { initMeta(meta, url); },
      importModuleDynamically: (spec) => load(spec, url, context, run).then(async (mod) => { await mod.evaluate(); return mod; }),
    });
    run.modules.set(url, main);
    await linkGraph(main, context, run);
    // Like Node, rejections nobody handled are reported once the microtasks have run: settle
    // looks only after a turn of the event loop.
    main.evaluate().then(() => setImmediate(() => settle(run, base)), (err) => run.fail(err));
  } catch (err) {
    if (err instanceof Unsupported) unsupported = err.message;
    else run.fail(err);
    run.done();
  }
  await finished;
  current = null;
  for (const h of run.timers) { clearTimeout(h); clearInterval(h); clearImmediate(h); }
  if (exit === null) exit = run.process.exitCode === undefined ? 0 : Number(run.process.exitCode) | 0;
  await new Promise((r) => setImmediate(r));
  return { exit, unsupported, stdout: run.stdout.text(), stderr: run.stderr.text() };
}

// The module has finished; like Node, the run ends when nothing it started is still pending.
function settle(run, base) {
  const timers = [...run.timers].some((h) => typeof h.hasRef !== "function" || h.hasRef());
  if (!timers && openHandles() <= base) return run.done();
  setTimeout(() => settle(run, base), 1);
}

const queue = readline.createInterface({ input: realProcess.stdin });
let chain = Promise.resolve();
queue.on("line", (line) => {
  chain = chain.then(async () => {
    const req = JSON.parse(line);
    const start = performance.now();
    const r = await runSnippet(req);
    r.ms = Math.round(performance.now() - start);
    replies.write(JSON.stringify(r) + "\n");
  });
});
