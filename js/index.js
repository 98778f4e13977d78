// wasip1-web — the package entry (source; scripts/build.sh puts a minified copy in pkg/, next
// to the wasm-bindgen output it imports). `init()` loads the polyfill's own .wasm once; `Wasi`
// is the host class from the Rust crate, guarded so that using it before `init()` says so.
import wbgInit, { initSync as wbgInitSync, Wasi as RawWasi, embedManifest as rawEmbed, readManifest as rawRead } from "./wasip1_web.js";
import { load, run as runWith } from "./load.js";
import { StdinRing } from "./ring.js";

let loading = null;
let ready = false;

/**
 * Loads the polyfill's .wasm (from next to this file unless a URL, Response, bytes or
 * WebAssembly.Module is given). Idempotent: later calls return the first call's promise.
 */
export default function init(moduleOrPath) {
  if (loading === null) {
    const arg = moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath };
    loading = wbgInit(arg).then(
      () => { ready = true; },
      (e) => { loading = null; throw e; },
    );
  }
  return loading;
}

/** Synchronous `init` from a compiled polyfill module or its bytes (for workers). */
export function initSync(module) {
  if (!ready) {
    wbgInitSync({ module });
    ready = true;
    loading = Promise.resolve();
  }
}

function needInit(what) {
  if (!ready) throw new Error(`wasip1-web: call \`await init()\` before ${what}`);
}

/**
 * A copy of the guest's bytes with `manifest` (object or JSON text) in its `wasip1-perms`
 * custom section, replacing any it had. Throws for a malformed manifest or module.
 */
export function embedManifest(bytes, manifest) {
  needInit("embedManifest");
  return rawEmbed(bytes, manifest);
}

/** The manifest a guest embeds (bytes or compiled module), or null. */
export function readManifest(source) {
  needInit("readManifest");
  return rawRead(source);
}

/** A WASI preview1 host for one guest. See the README and index.d.ts. */
export class Wasi extends RawWasi {
  constructor(options) {
    needInit("`new Wasi(...)`");
    super(options);
  }

  /**
   * Releases the host state now; the guest's imports throw from then on. Without it, the
   * state goes once this object and the guest's imports are both unreachable.
   */
  free() {
    if (this.__wbg_ptr) this.releaseContext();
    super.free();
  }
}

/**
 * Fetches (or takes) a guest and compiles it while it downloads, timing each phase:
 * `{ module, timings, bytes, streamed, customSections }`. See the README.
 */
export async function compileStreaming(source) {
  const { origin, ...loaded } = await load(source);
  return loaded;
}

/**
 * compileStreaming + new Wasi(options) + instantiate + start, in one call. Resolves to
 * `{ exitCode, stdout, stderr, error, timings, trace, bytes, streamed, customSections }`.
 */
export async function run(source, options) {
  await init();
  return runWith(Wasi, source, options);
}

const ISOLATION_HELP =
  "runInWorker needs SharedArrayBuffer, which a page has only when it is cross-origin isolated: " +
  "serve it with the headers Cross-Origin-Opener-Policy: same-origin and " +
  "Cross-Origin-Embedder-Policy: require-corp (crossOriginIsolated is false here)";

/**
 * Runs a guest in a dedicated worker (see the README): `source` is a URL or a compiled
 * WebAssembly.Module; `options` are those of `new Wasi`, where `stdout`/`stderr` receive the
 * chunks as they are written and `stdin`, when given, is read first and then end of file.
 * Resolves to `{ stdin: { write, close }, kill, exited }`.
 */
export async function runInWorker(source, options = {}) {
  if (!globalThis.crossOriginIsolated) throw new Error(`wasip1-web: ${ISOLATION_HELP}`);
  const { stdout, stderr, stdin, onDenied, ...rest } = options;
  if (typeof stdin === "function") {
    throw new TypeError("wasip1-web: runInWorker takes stdin as bytes or text (or none: write it through handle.stdin)");
  }
  const ring = new StdinRing(1 << 16);
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  let done = false;
  let pump = null;
  const finish = (result) => {
    if (done) return;
    done = true;
    clearInterval(pump);
    worker.terminate();
    settle(result);
  };
  const encoder = new TextEncoder();
  const input = {
    /** Queues bytes (or text) for the guest's stdin; never blocks. */
    write(data) {
      ring.write(typeof data === "string" ? encoder.encode(data) : new Uint8Array(data));
      // What did not fit goes in as the guest reads.
      if (!ring.flush() && pump === null) pump = setInterval(() => ring.flush() && (clearInterval(pump), (pump = null)), 1);
    },
    /** End of file, after what was written. */
    close() {
      ring.close();
      if (!ring.flush() && pump === null) pump = setInterval(() => ring.flush() && (clearInterval(pump), (pump = null)), 1);
    },
  };
  worker.onmessage = ({ data }) => {
    if (data.type === "stdout") stdout?.(data.chunk);
    else if (data.type === "stderr") stderr?.(data.chunk);
    else if (data.type === "denied") onDenied?.(data.record);
    else if (data.type === "exit") finish({ exitCode: data.exitCode, error: data.error, denials: data.denials });
  };
  worker.onerror = (e) => {
    e.preventDefault();
    finish({ exitCode: null, error: e.message || "the worker failed to start" });
  };
  if (stdin !== undefined) {
    input.write(stdin);
    input.close();
  }
  worker.postMessage({ type: "run", source: source instanceof URL ? source.href : source, options: rest, ring: ring.sab, onDenied: !!onDenied });
  return {
    stdin: input,
    /** Stops the guest at once (the worker is terminated); `exited` resolves with `killed: true`. */
    kill() {
      finish({ exitCode: null, killed: true });
    },
    exited,
  };
}
