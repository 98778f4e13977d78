// wasip1-web — the package entry (source; scripts/build.sh puts a minified copy in pkg/, next
// to the wasm-bindgen output it imports). `init()` loads the polyfill's own .wasm once; `Wasi`
// is the host class from the Rust crate, guarded so that using it before `init()` says so.
import wbgInit, { initSync as wbgInitSync, Wasi as RawWasi } from "./wasip1_web.js";
import { load, run as runWith } from "./load.js";
import { MOUNTS, defaultBuild, hasJspi, isReady, mount, mountError, mountsOf, needInit, setReady } from "./ready.js";

let loading = null;

/**
 * Loads the polyfill's .wasm unless a URL, Response, bytes or WebAssembly.Module is given: the
 * lean build next to this file, or the full one (pkg/full/: wasip1-perms, tracing, mounts) when
 * `wasip1-web/full`, `/perms` or `/opfs` was imported. Idempotent: later calls return the first
 * call's promise.
 */
export default function init(moduleOrPath) {
  if (loading === null) {
    moduleOrPath ??= defaultBuild();
    const arg = moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath };
    loading = wbgInit(arg).then(
      () => setReady(),
      (e) => { loading = null; throw e; },
    );
  }
  return loading;
}

/** Synchronous `init` from a compiled polyfill module or its bytes (for workers). */
export function initSync(module) {
  if (!isReady()) {
    wbgInitSync({ module });
    setReady();
    loading = Promise.resolve();
  }
}

/** A WASI preview1 host for one guest. See the README and index.d.ts. */
const ASYNC_STDIN = Symbol("asyncStdin");

/**
 * stdin given as an async iterable (or a ReadableStream) of chunks (bytes or text) as the async
 * callback the host reads through: each call takes the next chunk, null at the end.
 */
function stdinOption(stdin) {
  if (stdin === null || typeof stdin !== "object" || ArrayBuffer.isView(stdin) || stdin instanceof ArrayBuffer) return stdin;
  let iterator = null;
  if (typeof stdin[Symbol.asyncIterator] === "function") iterator = stdin[Symbol.asyncIterator]();
  else if (typeof stdin.getReader === "function") {
    const reader = stdin.getReader();
    iterator = { next: () => reader.read() };
  }
  if (iterator === null) return stdin;
  return async () => {
    const { value, done } = await iterator.next();
    return done ? null : value;
  };
}

export class Wasi extends RawWasi {
  constructor(options) {
    needInit("`new Wasi(...)`");
    const stdin = stdinOption(options?.stdin);
    if (stdin !== options?.stdin) options = { ...options, stdin };
    // Mounts (opfs(), directory() from wasip1-web/opfs) start as empty directories; startAsync
    // fills them.
    const mounts = mountsOf(options?.preopens);
    if (mounts.length) {
      const preopens = { ...options.preopens };
      for (const [path] of mounts) preopens[path] = {};
      options = { ...options, preopens };
    }
    super(options);
    this[ASYNC_STDIN] = stdin?.constructor?.name === "AsyncFunction";
    this[MOUNTS] = mounts.length ? mounts : null;
  }

  start(instance) {
    if (this[MOUNTS]) throw mountError(this, "startAsync (JSPI): its files are persisted while the guest waits; start() cannot wait");
    return super.start(instance);
  }

  initialize(instance) {
    if (this[MOUNTS]) throw mountError(this, "startAsync (JSPI): initialize() cannot wait");
    return super.initialize(instance);
  }

  /** With mounts, once started: `[{ path, bytesRead }]` (bytes read through their handles). */
  get mounts() {
    return this[MOUNTS]?.mounted?.info() ?? [];
  }

  /**
   * Runs a command's `_start` so that its waits do not block the page: with JSPI
   * (`WebAssembly.Suspending`), sleeps and reads of an async stdin suspend the guest while the
   * event loop runs. `source` is the compiled module (instantiated here with the async imports)
   * or an instance made with `getImportObject({ async: true })`. Resolves with the exit code,
   * rejects with the trap. Without JSPI it runs as `start` does (sleeps spin, with the one
   * warning), and an async stdin rejects before any guest code runs.
   */
  async startAsync(source) {
    needInit("startAsync");
    const jspi = hasJspi();
    if (!jspi && this[ASYNC_STDIN]) {
      throw new Error(
        "wasip1-web: stdin is an async function, which needs JSPI (WebAssembly.Suspending and WebAssembly.promising); this browser has none",
      );
    }
    const mounts = await mount(this);
    const instance =
      source instanceof WebAssembly.Module ? await WebAssembly.instantiate(source, this.getImportObject({ async: jspi })) : source;
    if (!jspi) return this.start(instance);
    if (!mounts) return this.exitOutcome(await this.runAsync(instance));
    // With mounts the end of the run is a durability point too, trap or exit.
    let outcome;
    try {
      outcome = await this.runAsync(instance);
    } finally {
      await mounts.mounted.persist();
    }
    return this.exitOutcome(outcome);
  }

  /**
   * Releases the host state now; the guest's imports throw from then on. Without it, the
   * state goes once this object and the guest's imports are both unreachable.
   */
  free() {
    this[MOUNTS]?.mounted?.close();
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

export { runInWorker, prepareWorkers } from "./run-worker.js";
