// Page side of compat.test.mjs: code written for Node's WASI or for the other shims, run against
// the package as such code uses it. Each function returns a JSON-friendly report.
import { Wasi, runInWorker } from "/pkg/full.js";

const dec = new TextDecoder();
const modules = new Map();
const compile = (url) => {
  if (!modules.has(url)) modules.set(url, WebAssembly.compileStreaming(fetch(url)));
  return modules.get(url);
};

/** Runs `url` with `options` plus a stdout collector; `{ exitCode, out, error }`. */
async function runOnPage(url, options, imports = (wasi) => wasi.getImportObject()) {
  let out = "";
  try {
    const wasi = new Wasi({ stdout: (c) => (out += dec.decode(c)), stderr: () => {}, ...options });
    const instance = await WebAssembly.instantiate(await compile(url), imports(wasi));
    return { exitCode: wasi.start(instance), out, error: null };
  } catch (e) {
    return { exitCode: null, out, error: e instanceof Error ? e.message : `[not an Error] ${e}`, code: e?.code ?? null };
  }
}

/** wasiImport is a plain object: assign over an import, wrap one, derive one with Object.create. */
export async function overrideImports(url) {
  const report = {};
  // 1. Assigning over proc_exit (as reactors' drivers do) and wrapping fd_write.
  {
    const wasi = new Wasi({ args: ["hello"], env: { EXIT_CODE: "4" }, stdout: () => {} });
    const imp = wasi.wasiImport;
    report.frozen = Object.isFrozen(imp);
    report.sameObject = imp === wasi.wasiImport && imp === wasi.getImportObject().wasi_snapshot_preview1;
    let exits = [];
    const realExit = imp.proc_exit;
    imp.proc_exit = (code) => {
      exits.push(code);
      return realExit(code);
    };
    let writes = 0;
    const realWrite = imp.fd_write;
    imp.fd_write = (...args) => {
      writes++;
      return realWrite(...args);
    };
    const instance = await WebAssembly.instantiate(await compile(url), { wasi_snapshot_preview1: imp });
    report.assigned = { exitCode: wasi.start(instance), exits, wroteThroughWrapper: writes > 0, keys: Object.keys(imp).length };
  }
  // 2. Object.create(wasiImport) with an own proc_exit; the rest inherited.
  {
    const wasi = new Wasi({ args: ["hello"], env: { EXIT_CODE: "6" }, stdout: () => {} });
    const derived = Object.create(wasi.wasiImport);
    let seen = null;
    derived.proc_exit = (code) => {
      seen = code;
      wasi.wasiImport.proc_exit(code);
    };
    const instance = await WebAssembly.instantiate(await compile(url), { wasi_snapshot_preview1: derived });
    report.derived = { exitCode: wasi.start(instance), seen, ownKeys: Object.keys(derived), baseUntouched: wasi.wasiImport.proc_exit !== derived.proc_exit };
  }
  // 3. Spread into a new object (as some loaders merge import objects).
  {
    const wasi = new Wasi({ args: ["hello"], stdout: () => {} });
    const instance = await WebAssembly.instantiate(await compile(url), { wasi_snapshot_preview1: { ...wasi.wasiImport } });
    report.spread = { exitCode: wasi.start(instance) };
  }
  // 4. What a plain object answers: every import an own, writable, enumerable data property
  //    (whether or not it was read before), `in`, delete, and a frozen one still links.
  {
    const wasi = new Wasi({ args: ["hello"], stdout: () => {} });
    const imp = wasi.wasiImport;
    const d = Object.getOwnPropertyDescriptor(imp, "path_open");
    const keys = Object.keys(imp);
    delete imp.sched_yield;
    const frozen = Object.freeze(imp);
    const instance = await WebAssembly.instantiate(await compile(url), { wasi_snapshot_preview1: frozen });
    report.plain = {
      descriptor: { type: typeof d.value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable },
      firstKeys: keys.slice(0, 3),
      sameFunction: imp.fd_write === imp.fd_write,
      has: ["fd_write" in imp, "sched_yield" in imp, "no_such_call" in imp],
      afterDelete: Object.keys(imp).length,
      frozen: Object.isFrozen(imp),
      exitCode: wasi.start(instance),
    };
  }
  return report;
}

/** Node's options: version and returnOnExit. */
export async function nodeOptions(url) {
  const spec = { args: ["hello"], env: { EXIT_CODE: "3" } };
  const bad = [];
  for (const options of [{ version: "unstable" }, { version: 1 }, { returnOnExit: "yes" }]) {
    try {
      new Wasi(options);
      bad.push(null);
    } catch (e) {
      bad.push(e instanceof Error ? e.message : `[not an Error] ${e}`);
    }
  }
  return {
    preview1: await runOnPage(url, { ...spec, version: "preview1" }),
    returnOnExit: await runOnPage(url, { ...spec, returnOnExit: true }),
    throwOnExit: await runOnPage(url, { ...spec, returnOnExit: false }),
    zeroNoThrow: await runOnPage(url, { args: ["hello"], returnOnExit: false }),
    bad,
  };
}

/** What isatty says under each way of giving stdio, on the page. */
export async function isattyOnPage(url) {
  let fed = false;
  const callback = () => (fed ? null : ((fed = true), "abc"));
  return {
    bytes: (await runOnPage(url, { stdin: "abc" })).out,
    text: (await runOnPage(url, { stdin: new TextEncoder().encode("abc") })).out,
    callback: (await runOnPage(url, { stdin: callback })).out,
    ttyAll: (await runOnPage(url, { stdin: "abc", tty: true })).out,
    ttyStdout: (await runOnPage(url, { stdin: "abc", tty: { stdout: true } })).out,
    ttyNotStdin: (await runOnPage(url, { stdin: () => null, tty: { stdin: false } })).out,
    console: (await runOnPage(url, { stdin: "abc", stderr: undefined })).out,
    badTty: (await runOnPage(url, { tty: { stdout: 1 } })).error,
  };
}

/** The same in a worker: stdin given up front, and stdin written through the handle. */
export async function isattyInWorker(url) {
  const run = async (options, feed) => {
    let out = "";
    const handle = await runInWorker(url, { ...options, stdout: (c) => (out += dec.decode(c)) });
    if (feed) {
      handle.stdin.write(feed);
      handle.stdin.close();
    }
    const exit = await handle.exited;
    return { out, exitCode: exit.exitCode };
  };
  return { given: await run({ stdin: "abc" }), written: await run({}, "abc"), said: await run({ stdin: "abc", tty: true }) };
}

/** runInWorker: a relative URL, the trace, errors as Errors. */
export async function workerDetails(relativeHello, relativeTrap, missing) {
  const hello = await runInWorker(relativeHello, { args: ["hello"], stdin: "", trace: true, stdout: () => {} });
  const helloExit = await hello.exited;
  const trap = await runInWorker(relativeTrap, { args: ["trap"], stdout: () => {} });
  const trapExit = await trap.exited;
  const gone = await runInWorker(missing, {});
  const goneExit = await gone.exited;
  const describe = (e) => (e === undefined ? undefined : { isError: e instanceof Error, message: e.message });
  return {
    hello: { exitCode: helloExit.exitCode, error: describe(helloExit.error), traced: helloExit.trace?.summary?.fd_write?.calls ?? null, logIsArray: Array.isArray(helloExit.trace?.log) },
    trap: { exitCode: trapExit.exitCode, error: describe(trapExit.error) },
    missing: { exitCode: goneExit.exitCode, error: describe(goneExit.error) },
  };
}

/**
 * `new Wasi(options)` checks: each malformed option's message; an options object without a
 * prototype; and a manifest whose toJSON makes another Wasi while the first is being made
 * (the options are read in one pass and handed over piece by piece: the two must not mix).
 */
export async function optionChecks(url) {
  const message = (options) => {
    try {
      new Wasi(options);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : `[not an Error] ${e}`;
    }
  };
  const bad = [
    [],
    "options",
    () => {},
    { stdot: () => {} },
    { args: "prog" },
    { args: ["prog", 1] },
    { args: ["a\0b"] },
    { env: "A=1" },
    { env: ["A=1", 2] },
    { env: ["NOEQUALS"] },
    { env: ["=1"] },
    { env: { A: 1 } },
    { env: { "A=B": "1" } },
    { env: { "": "1" } },
    { env: { A: "x\0y" } },
    { stdin: 5 },
    { stdin: new Int8Array(2) },
    { preopens: [] },
    { preopens: { "/data": "text" } },
    { preopens: { "/a\0b": {} } },
    { preopens: { "": {} } },
    { stdout: "console" },
    { stderr: 1 },
    { onDenied: true },
    { tty: "yes" },
    { tty: { stdin: "no" } },
    { tty: { stdio: true } },
    { trace: "on" },
    { trace: { log: 1, extra: 2 } },
    { trace: { log: 1.5 } },
    { trace: { log: -1 } },
    { strict: "yes" },
    { module: {} },
  ].map((o) => [typeof o === "function" ? "a function" : JSON.stringify(o, (k, v) => (typeof v === "string" ? v.replace("\0", "\\0") : v instanceof Int8Array ? "Int8Array" : v)), message(o)]);

  const bare = Object.create(null);
  bare.args = ["hello", "from", "a bare object"];
  bare.env = Object.assign(Object.create(null), { B: "2" });
  const nullProto = await runOnPage(url, bare);

  let inner = null;
  const perms = {
    toJSON() {
      inner = new Wasi({ args: ["inner"], env: { INNER: "1" } });
      return { version: 1, env: ["OUTER"], args: true };
    },
  };
  const nested = await runOnPage(url, { args: ["hello", "outer"], env: { OUTER: "1", OTHER: "2" }, perms });
  // argv and the environment are the guest's as given: laid out when it reads them, but from a
  // copy that new Wasi takes.
  const argv = ["hello", "before"];
  const vars = { V: "before" };
  const list = ["W=before"];
  const outs = ["", ""];
  const a = new Wasi({ args: argv, env: vars, stdout: (c) => (outs[0] += dec.decode(c)), stderr: () => {} });
  const b = new Wasi({ args: ["hello"], env: list, stdout: (c) => (outs[1] += dec.decode(c)), stderr: () => {} });
  argv[1] = "after";
  vars.V = "after";
  list[0] = "W=after";
  for (const w of [a, b]) w.start(await WebAssembly.instantiate(await compile(url), w.getImportObject()));
  const copied = outs.map((o) => o.split("stdin=")[0]);
  return { bad, nullProto, nested, innerMade: inner instanceof Wasi, copied };
}
