// The gallery's measuring engine: runs guests on several hosts, repetitions interleaved, and
// keeps every sample. No DOM here: app.js draws what it returns, the tests read it too.
//
// A host is one way of running a guest: ours on the page (`start`), ours in a worker
// (`runInWorker`), ours under JSPI (`startAsync`), and @bjorn3/browser_wasi_shim on the page,
// loaded only when asked. One sample = new host + instantiate + run to exit, timed on the page;
// the module is compiled once per guest before (its load pipeline is measured apart, by
// `load`). A run whose exit code or stdout differs from the first host's is not a number: its
// row says what happened instead.

import { Wasi, compileStreaming, runInWorker, prepareWorkers } from "../pkg/full.js";

/** The workloads, the same in every language (www/guests/), and the argv[1] each gets. */
export const WORKLOADS = {
  hello: { label: "hello (cold start)", arg: null },
  files: { label: "file I/O (write, read, list)", arg: { full: "200", quick: "20" } },
  clock: { label: "clock + random loop", arg: { full: "100000", quick: "2000" } },
  json: { label: "JSON parse", arg: null },
  alloc: { label: "allocation (binary trees)", arg: { full: "14", quick: "12" } },
};
export const LANGS = ["c", "rust", "go", "zig", "as"];
export const LANG_NAMES = { c: "C", rust: "Rust", go: "Go", zig: "Zig", as: "AssemblyScript" };

export const HOSTS = {
  page: "wasip1-web, page (start)",
  worker: "wasip1-web, worker (runInWorker)",
  async: "wasip1-web, page (startAsync, JSPI)",
  shim: "browser_wasi_shim, page",
};

/** The guest `lang`-`workload` at `scale` ("full" or "quick"), as the hosts run it. */
export function guestSpec(lang, workload, scale = "full", base = new URL("./out/", document.baseURI)) {
  const w = WORKLOADS[workload];
  const args = [`${lang}-${workload}`];
  if (w.arg) args.push(w.arg[scale] ?? w.arg.full);
  return {
    id: `${lang}-${workload}`,
    lang,
    workload,
    url: new URL(`${lang}-${workload}.wasm`, base).href,
    args,
    env: lang === "go" && workload === "alloc" ? { GODEBUG: "gctrace=1" } : {},
    files: workload === "json" ? { "doc.json": new URL("../guests/doc.json", base).href } : {},
  };
}

// ---- statistics ----------------------------------------------------------------------------

/** The q-quantile (0..1) of sorted `xs`, interpolated between the nearest ranks. */
function quantile(xs, q) {
  const at = (xs.length - 1) * q;
  const lo = Math.floor(at);
  return xs[lo] + (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]) * (at - lo);
}

/** median, min, p95, max and the spread (interquartile range ÷ median) of `samples` (ms). */
export function stats(samples) {
  if (samples.length === 0) return null;
  const xs = [...samples].sort((a, b) => a - b);
  const median = quantile(xs, 0.5);
  return { n: xs.length, median, min: xs[0], p95: quantile(xs, 0.95), max: xs[xs.length - 1], spread: (quantile(xs, 0.75) - quantile(xs, 0.25)) / median };
}

/**
 * Go's GC pauses from its `GODEBUG=gctrace=1` lines on stderr: for each collection, when it
 * started (s since the program's start) and its stop-the-world time (ms: sweep termination +
 * mark termination, the first and third of the wall-clock triple).
 */
export function gcPauses(stderr) {
  const pauses = [];
  for (const m of stderr.matchAll(/^gc (\d+) @([\d.]+)s [^:]*: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock/gm)) {
    pauses.push({ gc: Number(m[1]), at: Number(m[2]), pauseMs: Number(m[3]) + Number(m[5]) });
  }
  return pauses;
}

// ---- loading -------------------------------------------------------------------------------

const compiled = new Map();
const fileBytes = new Map();

/** The guest's module and its load pipeline (package compileStreaming), fetched once. */
export async function load(spec) {
  if (!compiled.has(spec.url)) compiled.set(spec.url, compileStreaming(spec.url).catch((e) => { compiled.delete(spec.url); throw e; }));
  return compiled.get(spec.url);
}

/** The files `spec` puts in `/data` (name -> bytes), each fetched once per page. */
export async function guestFiles(spec) {
  const out = {};
  for (const [name, url] of Object.entries(spec.files)) {
    if (!fileBytes.has(url)) fileBytes.set(url, fetch(url).then((r) => { if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`); return r.arrayBuffer(); }).then((b) => new Uint8Array(b)));
    out[name] = await fileBytes.get(url);
  }
  return out;
}

// ---- hosts ---------------------------------------------------------------------------------

let shim = null;
const decoder = () => new TextDecoder();

function collector() {
  const out = decoder();
  const err = decoder();
  const c = { stdout: "", stderr: "" };
  c.out = (chunk) => { if (c.stdout.length < 1 << 16) c.stdout += out.decode(chunk, { stream: true }); };
  c.err = (chunk) => { if (c.stderr.length < 1 << 20) c.stderr += err.decode(chunk, { stream: true }); };
  return c;
}

function oursOptions(spec, data, c) {
  return { args: spec.args, env: spec.env, stdin: spec.stdin ?? "", preopens: { "/data": { ...data } }, stdout: c.out, stderr: c.err };
}

/** Ours on the page: `start` (synchronous), or `startAsync` under JSPI. */
async function onPage(spec, module, data, jspi) {
  if (jspi && typeof WebAssembly.Suspending !== "function") throw new CannotRun("this browser has no JSPI (WebAssembly.Suspending)");
  const c = collector();
  const t0 = performance.now();
  const wasi = new Wasi(oursOptions(spec, data, c));
  let exitCode = null;
  let error = null;
  try {
    exitCode = jspi ? await wasi.startAsync(module) : wasi.start(new WebAssembly.Instance(module, wasi.getImportObject()));
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  wasi.free();
  return { ms, exitCode, stdout: c.stdout, stderr: c.stderr, error };
}

/** One run of `spec` on `host`: `{ ms, exitCode, stdout, stderr, error }`. */
const RUN = {
  page: (spec, module, data) => onPage(spec, module, data, false),
  async: (spec, module, data) => onPage(spec, module, data, true),
  // Stop kills the worker of the run in progress (a guest that never exits ends there).
  async worker(spec, module, data, signal) {
    const c = collector();
    const t0 = performance.now();
    const handle = await runInWorker(module, oursOptions(spec, data, c));
    const kill = () => handle.kill();
    signal?.addEventListener("abort", kill);
    const exit = await handle.exited;
    signal?.removeEventListener("abort", kill);
    const ms = performance.now() - t0;
    handle.close();
    return { ms, exitCode: exit.exitCode, stdout: c.stdout, stderr: c.stderr, error: exit.error ?? null };
  },
  async shim(spec, module, data) {
    shim ??= await import("@bjorn3/browser_wasi_shim");
    const c = collector();
    const t0 = performance.now();
    const contents = new Map(Object.entries(data).map(([k, v]) => [k, new shim.File(v)]));
    const fds = [new shim.OpenFile(new shim.File(new TextEncoder().encode(spec.stdin ?? ""))), new shim.ConsoleStdout(c.out), new shim.ConsoleStdout(c.err), new shim.PreopenDirectory("/data", contents)];
    const env = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`);
    const wasi = new shim.WASI(spec.args, env, fds, { debug: false });
    let exitCode = null;
    let error = null;
    try {
      const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi.wasiImport });
      exitCode = wasi.start(instance);
    } catch (e) {
      error = e;
    }
    return { ms: performance.now() - t0, exitCode, stdout: c.stdout, stderr: c.stderr, error };
  },
};

/** A host that cannot run a guest at all (no JSPI, no isolation): the reason, not a number. */
export class CannotRun extends Error {}

/** Why a run does not count: a trap, a failed exit, output other than the reference run's. */
function fault(run, reference) {
  if (run.error) return `failed: ${run.error?.message ?? run.error}`.split("\n")[0];
  if (run.exitCode !== 0) return `exited with ${run.exitCode}${run.stderr ? `: ${run.stderr.trim().split("\n").pop()}` : ""}`;
  if (reference !== null && run.stdout !== reference) return `wrong output: ${JSON.stringify(run.stdout.slice(0, 80))} (expected ${JSON.stringify(reference.slice(0, 80))})`;
  return null;
}

/**
 * Runs every guest in `specs` on every host in `hosts`: `warmup` unrecorded runs, then `reps`
 * rounds, each running every (guest, host) once, in that order — so hosts alternate and a
 * slow-down of the machine falls on all of them. `signal` stops between runs (an AbortSignal).
 * `onProgress({ done, total, guest, host, rep })` before each run.
 *
 * Returns `{ rows, runs }`: `rows[]` = `{ guest, lang, workload, host, stats | null, cannot |
 * null, gc }` (gc: the Go GC pauses of the last run, if any), `runs[]` = every recorded sample.
 */
export async function measure({ specs, hosts, reps = 5, warmup = 1, signal, onProgress = () => {} }) {
  if (hosts.includes("worker")) await prepareWorkers().catch(() => {});
  const cells = [];
  for (const spec of specs) {
    for (const host of hosts) cells.push({ spec, host, samples: [], cannot: null, last: null, reference: null });
  }
  const total = cells.length * (warmup + reps);
  let done = 0;
  const runs = [];
  for (let rep = -warmup; rep < reps; rep++) {
    for (const cell of cells) {
      if (signal?.aborted) return finish(cells, runs, true);
      onProgress({ done, total, guest: cell.spec.id, host: cell.host, rep });
      done++;
      if (cell.cannot) continue;
      const reference = cells.find((c) => c.spec === cell.spec && c.reference !== null)?.reference ?? null;
      let run;
      try {
        const { module } = await load(cell.spec);
        run = await RUN[cell.host](cell.spec, module, await guestFiles(cell.spec), signal);
      } catch (e) {
        cell.cannot = e instanceof CannotRun ? e.message : `failed: ${e?.message ?? e}`.split("\n")[0];
        continue;
      }
      if (signal?.aborted) return finish(cells, runs, true);
      const why = fault(run, reference);
      if (why) {
        cell.cannot = why;
        continue;
      }
      cell.reference ??= run.stdout;
      cell.last = run;
      if (rep >= 0) {
        cell.samples.push(run.ms);
        runs.push({ guest: cell.spec.id, lang: cell.spec.lang, workload: cell.spec.workload, host: cell.host, rep, ms: run.ms, stdoutBytes: run.stdout.length });
      }
      // Let the page paint and the Stop button be pressed.
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  return finish(cells, runs, false);
}

function finish(cells, runs, stopped) {
  const rows = cells.map((c) => ({
    guest: c.spec.id,
    lang: c.spec.lang,
    workload: c.spec.workload,
    host: c.host,
    stats: c.cannot ? null : stats(c.samples),
    cannot: c.cannot,
    gc: c.last && c.spec.lang === "go" ? gcPauses(c.last.stderr) : [],
  }));
  return { rows, runs, stopped };
}

// ---- one guest, looked at closely -----------------------------------------------------------

/**
 * What the size chart shows of a module's bytes: total, gzip (the browser's CompressionStream),
 * and per section (code, data, custom sections by name, the rest together).
 */
export async function sections(bytes) {
  const u8 = new Uint8Array(bytes);
  const parts = { code: 0, data: 0, other: 0 };
  const custom = {};
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = u8[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  while (p < u8.length) {
    const id = u8[p++];
    const len = leb();
    const end = p + len;
    if (id === 0) {
      const n = leb();
      const name = new TextDecoder().decode(u8.subarray(p, p + n));
      custom[name] = (custom[name] ?? 0) + (end - p + n);
    } else if (id === 10) parts.code += len;
    else if (id === 11) parts.data += len;
    else parts.other += len;
    p = end;
  }
  const gz = await new Response(new Blob([u8]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
  return { bytes: u8.length, gzip: gz.byteLength, ...parts, custom };
}
