// runInWorker: a guest in a dedicated worker of its own (pkg/worker.js). (Source; scripts/build.sh
// puts a minified copy in pkg/.) A module of its own, re-exported by index.js, so that a page
// that never starts a worker does not make its bundler emit the worker's chunk.
import { SAB_HELP, hasJspi } from "./ready.js";
import { StdinRing } from "./ring.js";
import { endLoans, lendWorkers } from "./threads.js";

// The polyfill's .wasm (the full build: runInWorker takes every option, trace, perms and mounts
// among them) compiled once per page and handed to every worker (a WebAssembly.Module crosses
// postMessage), so that a worker starts without fetching and compiling it again. The first
// worker compiles it and sends it here: its URL is named in worker.js only, so that a bundler
// emits it with the worker's chunk, for pages that start a worker, and not for the others.
let polyfill = null;
let compiling = null; // resolves to it (or null when the first worker could not compile it)

/**
 * Compiles the polyfill for workers now (runInWorker does it on its first call) and starts one
 * worker ahead, for the next runInWorker: a page that will start a worker can call it early, so
 * that the guest starts sooner. Resolves when the polyfill is compiled.
 */
export function prepareWorkers() {
  spare ??= spawn();
  return compiling ?? Promise.resolve(polyfill);
}

// A worker started ahead by prepareWorkers, its modules loaded and the polyfill initialised:
// the next runInWorker takes it (and only that one: each run has a worker of its own).
let spare = null;
function spawn() {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  const init = (module) => worker.postMessage({ type: "init", polyfill: module });
  if (polyfill) init(polyfill);
  // While the first worker compiles it, the next ones wait for it (runInWorker awaits it too
  // before it posts their run, so their init comes first); after a failure each compiles its own.
  else if (compiling) compiling.then(init);
  else {
    init(null); // this worker compiles it and sends it here
    compiling = new Promise((resolve) => {
      const sent = ({ data }) => {
        if (data?.type !== "polyfill") return;
        worker.removeEventListener("message", sent);
        polyfill = data.module;
        if (!polyfill) compiling = null; // the next worker tries again
        resolve(polyfill);
      };
      worker.addEventListener("message", sent);
    });
  }
  return worker;
}

const ISOLATION_HELP = `runInWorker needs either JSPI (WebAssembly.Suspending, which this browser lacks) or ${SAB_HELP}`;

/** `source` as the worker gets it: a module as is, a URL resolved against this page (as fetch would). */
function workerSource(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source !== "string" && !(source instanceof URL)) {
    throw new TypeError("wasip1-web: runInWorker takes a URL (string or URL) or a compiled WebAssembly.Module");
  }
  return new URL(source, globalThis.document?.baseURI ?? globalThis.location?.href).href;
}

/** What a worker reports as an error, as an Error (a string or a clone that lost its class). */
function asError(e) {
  if (e === undefined || e === null) return undefined;
  return e instanceof Error ? e : new Error(String(e?.message ?? e));
}

/**
 * Runs a guest in a dedicated worker (see the README): `source` is a URL (relative to the page)
 * or a compiled WebAssembly.Module; `options` are those of `new Wasi`, where `stdout`/`stderr`
 * receive the chunks as they are written and `stdin`, when given, is read first and then end of
 * file. Resolves to `{ stdin: { write, close }, kill, exited }`; `exited` resolves to
 * `{ exitCode, error?, killed?, denials, trace, mounts? }` with `error` an Error (`mounts`, for
 * opfs()/directory() preopens: `[{ path, bytesRead }]`).
 */
export async function runInWorker(source, options = {}) {
  // Cross-origin isolated: the guest blocks on a SharedArrayBuffer ring (stdin) and with
  // Atomics.wait (sleeps). Otherwise, with JSPI, it runs under startAsync in the worker and
  // waits on messages and timers instead.
  const isolated = globalThis.crossOriginIsolated === true;
  if (!isolated && !hasJspi()) throw new Error(`wasip1-web: ${ISOLATION_HELP}`);
  const { stdout, stderr, stdin, onDenied, maxThreads, ...rest } = options;
  if (typeof stdin === "function") {
    throw new TypeError("wasip1-web: runInWorker takes stdin as bytes or text (or none: write it through handle.stdin)");
  }
  const url = workerSource(source);
  // stdin given up front is a pipe; one written through handle.stdin is a terminal (unless said).
  rest.tty ??= { stdin: stdin === undefined };
  const ring = isolated ? new StdinRing(1 << 16) : null;
  const worker = spare ?? spawn();
  spare = null;
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  let done = false;
  let closed = false;
  let pump = null;
  // wasi.fs requests to the worker, by id, until it is closed.
  const requests = new Map();
  let nextId = 0;
  // The workers of a threaded guest's threads, lent to this run by the page's pool.
  const lentTo = new Map();
  const close = () => {
    if (closed) return;
    closed = true;
    worker.terminate();
    endLoans(lentTo);
    for (const { reject } of requests.values()) reject(new Error("wasip1-web: the worker was closed; its files are gone"));
    requests.clear();
  };
  // The guest has ended: the worker stays, with its files, until close() (kill() closes too).
  const finish = (result, andClose = false) => {
    if (!done) {
      done = true;
      clearInterval(pump);
      settle(result);
    }
    if (andClose) close();
  };
  const fsCall = (call) => (...args) =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error("wasip1-web: the worker was closed; its files are gone"));
      const id = nextId++;
      requests.set(id, { resolve, reject });
      worker.postMessage({ type: "fs", id, call, args });
    });
  const fs = Object.fromEntries(["readFile", "writeFile", "readDir", "mkdir", "stat", "remove"].map((c) => [c, fsCall(c)]));
  const encoder = new TextEncoder();
  const bytes = (data) => (typeof data === "string" ? encoder.encode(data) : new Uint8Array(data));
  const input = ring
    ? {
        /** Queues bytes (or text) for the guest's stdin; never blocks. */
        write(data) {
          ring.write(bytes(data));
          // What did not fit goes in as the guest reads.
          if (!ring.flush() && pump === null) pump = setInterval(() => ring.flush() && (clearInterval(pump), (pump = null)), 1);
        },
        /** End of file, after what was written. */
        close() {
          ring.close();
          if (!ring.flush() && pump === null) pump = setInterval(() => ring.flush() && (clearInterval(pump), (pump = null)), 1);
        },
      }
    : {
        write(data) {
          const chunk = bytes(data);
          if (chunk.length) worker.postMessage({ type: "stdin", chunk });
        },
        close() {
          worker.postMessage({ type: "stdin", eof: true });
        },
      };
  worker.onmessage = ({ data }) => {
    if (lendWorkers(data, lentTo)) return;
    if (data.type === "stdout") stdout?.(data.chunk);
    else if (data.type === "stderr") stderr?.(data.chunk);
    else if (data.type === "denied") onDenied?.(data.record);
    else if (data.type === "fs") {
      const r = requests.get(data.id);
      requests.delete(data.id);
      if (data.error) r?.reject(asError(data.error));
      else r?.resolve(data.value);
    } else if (data.type === "exit") {
      const result = { exitCode: data.exitCode, denials: data.denials, trace: data.trace };
      if (data.mounts) result.mounts = data.mounts;
      if (data.error) result.error = asError(data.error);
      finish(result);
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    finish({ exitCode: null, error: new Error(`wasip1-web: ${e.message || "the worker failed to start"}`) }, true);
  };
  await compiling; // (see spawn)
  worker.postMessage({ type: "run", source: url, options: rest, ring: ring?.sab ?? null, onDenied: !!onDenied, maxThreads });
  if (stdin !== undefined) {
    input.write(stdin);
    input.close();
  }
  return {
    stdin: input,
    /** Stops the guest at once (the worker is terminated); `exited` resolves with `killed: true`. */
    kill() {
      finish({ exitCode: null, killed: true }, true);
    },
    /** The guest's filesystem, wasi.fs's methods returning promises; until close(). */
    fs,
    /** Ends the worker (and its files); kills the guest if it still runs. */
    close() {
      finish({ exitCode: null, killed: true }, true);
    },
    exited,
  };
}
