// The in-process Node runner: one long-lived process per checker worker. Each request (a JSON
// line on stdin) names a snippet file; the snippet's exact text is evaluated as an ES module in a
// fresh vm context that holds exactly the globals a plain `node file.mjs` has, with its own
// process.env, argv, stdout, stderr and exit status. Modules it imports are evaluated again in
// that context from code compiled once (ES modules from cached data; a dual package such as
// `openai` from its CommonJS build, see commonjsTwin), so no state is shared between snippets.
// A reply (a JSON line on fd 3) carries the exit status and output.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { Console } from "node:console";
import { Readable, Writable } from "node:stream";
import { createRequire, isBuiltin } from "node:module";
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
  // Standalone, a snippet's stdin is /dev/null (empty); the harness's own stdin is its request queue.
  Object.defineProperty(overlay, "stdin", {
    get: () => (run.stdin ??= new Readable({ read() { this.push(null); } })), set: (v) => { run.stdin = v; }, enumerable: true, configurable: true,
  });
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

// A built-in module as the snippet sees it: one shallow copy per snippet, shared by its ES
// imports and its CommonJS requires, so a snippet that reassigns an export changes its own copy
// only. `process` is the snippet's own process object.
function builtinExports(specifier, run) {
  const name = specifier.replace(/^node:/, "");
  if (name === "process") return run.process;
  let copy = run.builtins.get(name);
  if (!copy) {
    const real = realProcess.getBuiltinModule(name);
    copy = Object.create(Object.getPrototypeOf(real));
    Object.defineProperties(copy, Object.getOwnPropertyDescriptors(real));
    run.builtins.set(name, copy);
  }
  return copy;
}

function builtinModule(specifier, context, run) {
  const copy = builtinExports(specifier, run);
  const names = Object.keys(copy).filter((k) => k !== "default");
  return new vm.SyntheticModule(["default", ...names], function () {
    this.setExport("default", copy);
    for (const k of names) this.setExport(k, copy[k]);
  }, { context, identifier: "node:" + specifier.replace(/^node:/, "") });
}

// --- CommonJS: a package's `require` build, compiled once, evaluated again in each context ------
// Each file is compiled once for the whole process as a vm.Script holding Node's module wrapper
// function; running it in a snippet's context makes that context's own copy of the function, and
// calling it evaluates the file afresh there (new classes, prototypes and module state), with
// none of the parsing, module records or linking an ES module graph needs per context.
const commonjsScripts = new Map(); // file -> { script, dir, resolved }

// A CommonJS file compiled once: its wrapper, folder and the resolutions of its require calls.
function commonjsFile(file) {
  let entry = commonjsScripts.get(file);
  if (!entry) {
    const source = fs.readFileSync(file, "utf8").replace(/^#!.*/, "");
    const script = new vm.Script("(function (exports, require, module, __filename, __dirname) { " + source + "\n})", { filename: file });
    entry = { script, dir: path.dirname(file), resolved: new Map() };
    commonjsScripts.set(file, entry);
  }
  return entry;
}

function resolveCommonjs(specifier, entry, file) {
  let r = entry.resolved.get(specifier);
  if (r === undefined) {
    r = isBuiltin(specifier) ? "node:" + specifier.replace(/^node:/, "") : createRequire(file).resolve(specifier);
    entry.resolved.set(specifier, r);
  }
  return r;
}

// Objects made inside the snippet's context (module records, require.cache), compiled once.
const contextObjects = new vm.Script(
  "({ module: (id, dir) => ({ id, filename: id, path: dir, exports: {}, loaded: false, children: [], paths: [] }), object: () => ({}) })");

// Node's require() inside the snippet's context: each file is evaluated once per snippet.
function requireIn(run, file) {
  let module = run.commonjs.get(file);
  if (module) return module.exports;
  run.make ??= contextObjects.runInContext(run.context);
  if (file.endsWith(".node")) throw new Unsupported("requires " + file + ", a native addon");
  const entry = file.endsWith(".json") ? null : commonjsFile(file);
  module = run.make.module(file, entry ? entry.dir : path.dirname(file));
  run.commonjs.set(file, module);
  if (!entry) {
    module.exports = run.global.JSON.parse(fs.readFileSync(file, "utf8"));
  } else {
    const require = (specifier) => {
      const target = resolveCommonjs(String(specifier), entry, file);
      return target.startsWith("node:") ? builtinExports(target, run) : requireIn(run, target);
    };
    require.resolve = (specifier) => resolveCommonjs(String(specifier), entry, file);
    require.cache = run.make.object();
    require.main = undefined;
    entry.script.runInContext(run.context).call(module.exports, module.exports, require, module, file, entry.dir);
  }
  module.loaded = true;
  return module.exports;
}

// Imported from an ES module, a CommonJS file is a module whose default export is its
// module.exports and whose named exports are its exported properties. The CommonJS build of a
// package's ES build (`twin`) exports what the ES build exports: `default` is its
// `exports.default`, as the build's __esModule marker says.
function commonjsModule(file, context, run, twin) {
  const exports = requireIn(run, file);
  const names = exports !== null && (typeof exports === "object" || typeof exports === "function")
    ? Object.keys(exports).filter((k) => k !== "default") : [];
  const main = twin ? exports.default : exports;
  return new vm.SyntheticModule(["default", ...names], function () {
    this.setExport("default", main);
    for (const k of names) this.setExport(k, exports[k]);
  }, { context, identifier: pathToFileURL(file).href });
}

// A package that ships both builds (an `import` and a `require` entry) is loaded from its
// CommonJS build when that build has exactly the ES build's exports (compared once per process:
// the ES build linked, not evaluated, in a scratch context). What a plain `node` run loads, the
// ES build, is what the standalone run of each snippet shape executes.
const twins = new Map(); // ES module URL -> CommonJS file, null (none), or "" while it is compared
async function commonjsTwin(specifier, parentURL, esmURL) {
  if (/^(\.|\/|file:|data:)/.test(specifier) || !esmURL.startsWith("file:")) return null;
  if (twins.has(esmURL)) return twins.get(esmURL) || null;
  twins.set(esmURL, "");
  let file = null;
  try { file = createRequire(fileURLToPath(parentURL)).resolve(specifier); } catch {}
  const esm = fileURLToPath(esmURL);
  if (file === esm || !file || !isCommonjs(file) || packageRoot(file) !== packageRoot(esm) || !(await sameExports(esmURL, file)))
    file = null;
  twins.set(esmURL, file);
  return file;
}

// Whether the CommonJS build exports the same names as the ES build, with `default` from its
// __esModule marker. The CommonJS build is evaluated and the ES build only linked, in a scratch
// context of their own.
async function sameExports(esmURL, file) {
  try {
    const run = newRun(path.dirname(file), file, {});
    const m = moduleFor(esmURL, run.context, run);
    await linkGraph(m, run.context, run);
    const esmNames = Reflect.ownKeys(m.namespace).filter((k) => typeof k === "string").sort();
    const exports = requireIn(run, file);
    if (!exports || exports.__esModule !== true || !("default" in exports)) return false;
    const cjsNames = ["default", ...Object.keys(exports).filter((k) => k !== "default")].sort();
    return JSON.stringify(esmNames) === JSON.stringify(cjsNames);
  } catch {
    return false;
  }
}

function isCommonjs(file) {
  return file.endsWith(".cjs") || (file.endsWith(".js") && packageType(file) === "commonjs");
}

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

// The folder and `type` of the package.json nearest to a file.
const packages = new Map(); // dir -> { root, type }
function packageOf(file) {
  const seen = [];
  let info;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    info = packages.get(dir);
    if (info) break;
    seen.push(dir);
    const pj = path.join(dir, "package.json");
    if (fs.existsSync(pj)) { info = { root: dir, type: JSON.parse(fs.readFileSync(pj, "utf8")).type || "commonjs" }; break; }
    if (dir === path.dirname(dir)) { info = { root: "", type: "commonjs" }; break; }
  }
  for (const dir of seen) packages.set(dir, info);
  return info;
}
const packageType = (file) => packageOf(file).type;
const packageRoot = (file) => packageOf(file).root;

function initMeta(meta, url) {
  meta.url = url;
  meta.filename = fileURLToPath(url);
  meta.dirname = path.dirname(meta.filename);
  meta.resolve = (spec) => import.meta.resolve(spec, url);
}

// Resolution is Node's own (import.meta.resolve), remembered for the life of the process. A key
// is "node:<name>" for a built-in module, "cjs:<file>" or "twin:<file>" for a CommonJS file
// (a package's CommonJS build standing for its ES build), else the module's URL. Keys are
// resolved (asynchronously) while a graph is built, and read (synchronously) while it is linked.
const resolved = new Map();
function keyOf(specifier, parentURL) {
  if (isBuiltin(specifier)) return "node:" + specifier.replace(/^node:/, "");
  return resolved.get(parentURL + "\0" + specifier);
}

async function resolveKey(specifier, parentURL) {
  if (isBuiltin(specifier)) return "node:" + specifier.replace(/^node:/, "");
  const k = parentURL + "\0" + specifier;
  let key = resolved.get(k);
  if (key !== undefined) return key;
  const url = import.meta.resolve(specifier, parentURL);
  const twin = await commonjsTwin(specifier, parentURL, url);
  if (twin) {
    key = "twin:" + twin;
  } else if (url.startsWith("file:") && isCommonjs(fileURLToPath(url))) {
    key = "cjs:" + fileURLToPath(url);
  } else {
    key = url;
  }
  resolved.set(k, key);
  return key;
}

function moduleFor(key, context, run) {
  let m = run.modules.get(key);
  if (!m) {
    if (key.startsWith("node:")) m = builtinModule(key.slice(5), context, run);
    else if (key.startsWith("cjs:")) m = commonjsModule(key.slice(4), context, run, false);
    else if (key.startsWith("twin:")) m = commonjsModule(key.slice(5), context, run, true);
    else m = sourceModule(key, context, run);
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
      const key = await resolveKey(spec, m.identifier);
      if (!run.modules.has(key)) todo.push(moduleFor(key, context, run));
    }
  }
  await root.link((spec, referrer) => run.modules.get(keyOf(spec, referrer.identifier)));
}

async function load(specifier, parentURL, context, run) {
  const m = moduleFor(await resolveKey(specifier, parentURL), context, run);
  if (m.status === "unlinked") await linkGraph(m, context, run);
  return m;
}

function describe(err) {
  if (err && typeof err === "object" && "stack" in err) return String(err.stack);
  return "Uncaught " + String(err);
}

// Node's fetch sends through one process-wide connection pool (undici's global dispatcher): a
// kept-alive connection from one snippet would carry the next snippet's request, and could be
// one the server is just closing. Each snippet gets a fresh pool, destroyed when it ends, as a
// process of its own would.
const dispatcherKey = Symbol.for("undici.globalDispatcher.1");
new hostGlobal.Request("http://127.0.0.1/"); // loads Node's fetch, which installs the global dispatcher
const Dispatcher = hostGlobal[dispatcherKey]?.constructor;
function freshDispatcher() {
  if (!Dispatcher) return null;
  const pool = new Dispatcher();
  hostGlobal[dispatcherKey] = pool;
  return pool;
}

let current = null;
realProcess.on("uncaughtException", (err) => { if (current) current.fail(err); });
realProcess.on("unhandledRejection", (err) => { if (current) current.fail(err); });

// A snippet's run: its context, process view, output and the modules it has loaded.
function newRun(dir, file, env) {
  const run = { dir, file, env, stdout: capture(), stderr: capture(),
                modules: new Map(), commonjs: new Map(), builtins: new Map(), timers: new Set() };
  run.process = snippetProcess(run);
  run.context = makeContext(run);
  run.global = vm.runInContext("globalThis", run.context);
  return run;
}

async function runSnippet(req) {
  const run = newRun(req.dir, path.join(req.dir, req.file), req.env);
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
  const pool = freshDispatcher();
  realProcess.chdir(req.dir);
  try {
    const context = run.context;
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
  if (run.stdin && typeof run.stdin.destroy === "function") run.stdin.destroy();
  if (pool) await pool.destroy().catch(() => {});
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

// Node keeps every vm context that held a vm.SourceTextModule alive (nodejs/node#59118), so
// the heap grows with each snippet and every major collection marks more. Past this many bytes
// of heap the harness asks to be replaced by a fresh process (at 1,500 js-openai snippets, one
// process took 20 % more CPU than three).
const retireAt = Number(realProcess.argv[2] || 256 * 1024 * 1024);

const queue = readline.createInterface({ input: realProcess.stdin });
let chain = Promise.resolve();
queue.on("line", (line) => {
  chain = chain.then(async () => {
    const req = JSON.parse(line);
    const start = performance.now();
    const r = await runSnippet(req);
    r.ms = Math.round(performance.now() - start);
    if (realProcess.memoryUsage().heapUsed > retireAt) r.retire = true;
    replies.write(JSON.stringify(r) + "\n");
  });
});
