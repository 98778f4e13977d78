// The dedicated worker runInWorker starts: runs one guest with the page's options,
// stdout/stderr posted back as they are written. On a cross-origin isolated page stdin comes
// through the shared ring (fd_read blocks until the page writes); otherwise the guest runs
// under startAsync (JSPI) and stdin arrives as messages, the guest suspended until one does.
// (Source; scripts/build.sh puts a minified copy in pkg/.)
import { Wasi, compileStreaming, initSync } from "./index.js";
import { fullBuild } from "./full-build.js";
import { StdinRing } from "./ring.js";
import { mountsOf } from "./ready.js";
import { isThreaded, pageWorkers, runThreaded } from "./threads.js";
// Mounts (opfs(), directory()) given to runInWorker are mounted here.
import "./opfs.js";

// stdin as messages (no SharedArrayBuffer): a stream of the chunks as they come, closed at end
// of file; the Wasi reads a stream as an async source. (Made now: messages may come before the
// guest starts.)
let stdinInput;
const stdinStream = new ReadableStream({
  start(controller) {
    stdinInput = controller;
  },
});

// The guest's Wasi once made: `fs` requests from the page are answered from it, during the run
// (when the guest waits) and after it.
let wasiFs = null;
const fsQueue = [];

// The polyfill, loaded once: the page's compiled module when it has one, else compiled here and
// sent to the page for its next workers (run-worker.js).
let loaded = null;
function load(module) {
  loaded ??= (async () => {
    const m = module ?? (await WebAssembly.compileStreaming(fetch(fullBuild())).catch(() => null));
    if (!module) self.postMessage({ type: "polyfill", module: m });
    if (!m) throw new Error("wasip1-web: the worker could not fetch and compile the polyfill (pkg/full/wasip1_web_bg.wasm)");
    initSync(m);
  })();
  return loaded;
}

function answerFs({ id, call, args }) {
  try {
    const value = wasiFs[call](...args);
    self.postMessage({ type: "fs", id, value: value ?? null });
  } catch (error) {
    self.postMessage({ type: "fs", id, error });
  }
}

self.onmessage = async ({ data }) => {
  if (data?.type === "fs") {
    if (wasiFs) answerFs(data);
    else fsQueue.push(data);
    return;
  }
  if (data?.type === "stdin") {
    if (data.eof) stdinInput.close();
    else stdinInput.enqueue(data.chunk);
    return;
  }
  if (data?.type === "init") {
    // The first message: the polyfill now, before the run arrives. (A failure is the run's.)
    load(data.polyfill).catch(() => {});
    return;
  }
  if (data?.type !== "run") return;
  const ring = data.ring ? new StdinRing(data.ring) : null;
  // Each chunk is a fresh copy (never a view of guest memory): transfer it.
  const post = (type) => (chunk) => self.postMessage({ type, chunk }, [chunk.buffer]);
  let exitCode = null;
  let error = null;
  let wasi = null;
  let trace = null;
  try {
    await load(null);
    const loaded = data.source instanceof WebAssembly.Module ? { module: data.source, memory: null } : await compileStreaming(data.source);
    const { module } = loaded;
    const threaded = isThreaded(module);
    // stdin from the ring blocks on it; but a threaded guest's calls are served here, which
    // must never block: then the ring is waited for on a timer.
    let stdin = stdinStream;
    if (ring && threaded) {
      stdin = async (max) => {
        while (!ring.ready()) await new Promise((resolve) => setTimeout(resolve, 1));
        return ring.read(max);
      };
    } else if (ring) stdin = Object.assign((max) => ring.read(max), { ready: () => ring.ready(), wait: (ms) => ring.wait(ms) });
    const onDenied = data.onDenied ? (record) => self.postMessage({ type: "denied", record }) : undefined;
    wasi = new Wasi({ module, ...data.options, stdin, stdout: post("stdout"), stderr: post("stderr"), onDenied });
    wasiFs = wasi.fs;
    for (const r of fsQueue.splice(0)) answerFs(r);
    // Mounts persist while the guest waits: startAsync, even with the ring for stdin.
    const sync = ring && !mountsOf(data.options?.preopens).length;
    try {
      if (threaded) {
        // The threads' workers are the page's (kept across runs), lent to this run.
        exitCode = await runThreaded(wasi, module, loaded.memory, { maxThreads: data.maxThreads, workers: pageWorkers });
      } else {
        exitCode = sync ? wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject())) : await wasi.startAsync(module);
      }
    } finally {
      if (wasi.trace) trace = { summary: wasi.trace.summary(), log: wasi.trace.log() };
    }
  } catch (e) {
    error = e;
  }
  let denials = [];
  try {
    denials = wasi?.denials ?? [];
  } catch {}
  // Requests made for a guest that never started get its reason.
  for (const { id } of fsQueue.splice(0)) self.postMessage({ type: "fs", id, error: new Error(`wasip1-web: the guest did not start: ${error?.message ?? error}`) });
  try {
    const mounts = wasi?.mounts?.length ? wasi.mounts : undefined;
    self.postMessage({ type: "exit", exitCode, error, denials, trace, mounts });
  } catch {
    // An error that cannot be cloned (a host callback threw something odd): its text then.
    self.postMessage({ type: "exit", exitCode, error: String(error?.message ?? error), denials, trace });
  }
};
