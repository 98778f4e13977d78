// Page side of builds.test.mjs: what a page gets from `wasip1-web`'s init() (the lean build)
// and what only the full build has. Each function returns a JSON-friendly report.
import { Wasi, runInWorker } from "/pkg/index.js";

const message = (f) => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : `[not an Error] ${e}`;
  }
};

/** The polyfill .wasm files this page fetched (paths). */
export function fetchedPolyfills() {
  return performance
    .getEntriesByType("resource")
    .map((e) => new URL(e.name).pathname)
    .filter((p) => /wasip1_web_bg\.wasm$/.test(p));
}

/** `bytes` with a custom section `name` holding `payload` appended. */
function withSection(bytes, name, payload) {
  const enc = new TextEncoder();
  const n = enc.encode(name);
  const body = [n.length, ...n, ...enc.encode(payload)];
  return new Uint8Array([...bytes, 0, body.length, ...body]);
}

/** What the lean build refuses, and a run with what it keeps (wasi.fs, denials, onDenied). */
export async function lean(url) {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const module = await WebAssembly.compile(bytes);
  const embedding = await WebAssembly.compile(withSection(bytes, "wasip1-perms", '{"version":1}'));
  const refused = {
    trace: message(() => new Wasi({ trace: true })),
    perms: message(() => new Wasi({ perms: { version: 1 } })),
    strict: message(() => new Wasi({ strict: true, module })),
    embedding: message(() => new Wasi({ module: embedding })),
    // Malformed options are still named as the full build names them.
    badStrict: message(() => new Wasi({ strict: "yes" })),
    badModule: message(() => new Wasi({ module: 1 })),
  };
  const out = [];
  const wasi = new Wasi({ args: ["hello", "lean"], module, strict: false, onDenied: () => {}, preopens: { "/data": { "in.txt": "kept" } }, stdout: (c) => out.push(...c) });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const exitCode = wasi.start(instance);
  wasi.fs.writeFile("/data/out.txt", "written");
  return {
    refused,
    exitCode,
    stdout: new TextDecoder().decode(new Uint8Array(out)),
    trace: wasi.trace === undefined,
    denials: wasi.denials,
    files: wasi.fs.readDir("/data").sort(),
    read: new TextDecoder().decode(wasi.fs.readFile("/data/out.txt")),
    mounts: message(() => wasi.fs.scanDir("/data")),
  };
}

/** `count` runInWorker runs started together from a lean page: the workers have the full build, so tracing works there. */
export function workerTrace(url, count) {
  const one = async () => {
    const handle = await runInWorker(url, { args: ["hello"], stdin: "", trace: true, stdout: () => {} });
    const exit = await handle.exited;
    return { exitCode: exit.exitCode, error: exit.error?.message ?? null, fdWrites: exit.trace?.summary?.fd_write?.calls ?? 0 };
  };
  return Promise.all(Array.from({ length: count }, one));
}

/** With the full build loaded (the page imported wasip1-web/perms first): tracing and a manifest. */
export async function full(url) {
  const module = await WebAssembly.compileStreaming(fetch(url));
  const wasi = new Wasi({ args: ["hello"], trace: true, perms: { version: 1 }, stdout: () => {} });
  const exitCode = wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
  return { exitCode, fdWrites: wasi.trace.summary().fd_write?.calls ?? 0 };
}
