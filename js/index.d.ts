import { Wasi as RawWasi } from "./wasip1_web.js";

/** A WASI preview1 host for one guest (see the README). */
export declare class Wasi extends RawWasi {
  /**
   * Runs a command's `_start` so that its waits do not block: with JSPI, sleeps and reads of an
   * async stdin (a callback returning a promise) suspend the guest while the page's event loop
   * runs. `source`: the compiled module (instantiated with the async imports), or an instance
   * made with `getImportObject({ async: true })`. Resolves with the exit code; rejects with the
   * trap. Without JSPI: as `start` (sleeps spin), and an async stdin rejects before any guest
   * code runs.
   */
  startAsync(source: WebAssembly.Module | WebAssembly.Instance): Promise<number>;
  /** The mounts once started: their guest paths and the bytes read through their handles. */
  readonly mounts: { path: string; bytesRead: number }[];
}

// Classes whose objects the API hands out (`wasi.trace`, `wasi.fs`) but that are not exported
// as values: types only.
export type { WasiTrace, WasiFs } from "./wasip1_web.js";
export type { Tree, Mount, WasiOptions, WasiImportObject, WasiStat, PermsManifest, Denial } from "./wasip1_web.js";

/** What `init` accepts: a URL of the polyfill's .wasm, a Response, its bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the polyfill's .wasm unless given: the lean build (no wasip1-perms, tracing or mounts),
 * or the full one when the page imported `wasip1-web/full`, `wasip1-web/perms` or
 * `wasip1-web/opfs`. Idempotent: later calls return the first call's promise. `new Wasi(...)`
 * before it throws an Error saying so.
 */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>;

/** Synchronous `init` from a compiled polyfill module or its bytes (for workers). */
export function initSync(module: BufferSource | WebAssembly.Module): void;

import type { WasiOptions, TraceSummary, TraceEntry, Denial, WasiFs, WasiStat, Mount } from "./wasip1_web.js";
export type { TraceSummary, TraceEntry } from "./wasip1_web.js";

/** Where a guest comes from. */
export type GuestSource = string | URL | Request | Response | Promise<Response>;

/** Milliseconds from the request's start (the performance.now() clock), in phase order. */
export interface LoadTimings {
  requestStart: number;
  /** Headers received. */
  responseStart: number;
  firstByte: number;
  lastByte: number;
  compiled: number;
}

export interface Compiled {
  module: WebAssembly.Module;
  timings: LoadTimings;
  /** Bytes received. */
  bytes: number;
  /** Whether it compiled while downloading (false after the wrong-MIME fallback). */
  streamed: boolean;
  /** Names of the module's custom sections, in order. */
  customSections: string[];
  /** The memory the guest imports (a wasi-threads guest's shared one), in 64 KiB pages; null when it imports none. */
  memory: { initial: number; maximum?: number; shared: boolean } | null;
}

/**
 * Options of `run` and `runInWorker`: those of `new Wasi`, and for a wasi-threads guest (built
 * for wasm32-wasip1-threads) how many threads may live at once besides the main one: beyond
 * it, the guest's thread spawn fails (pthread_create returns EAGAIN). Default 32, at most 1024.
 */
export interface RunOptions extends WasiOptions {
  maxThreads?: number;
}

/**
 * Fetches (or takes) a guest and compiles it while it downloads. A non-OK response rejects
 * with an Error naming the status and URL; a Content-Type other than application/wasm falls
 * back to arrayBuffer + compile (`streamed: false`) with a one-line warning.
 */
export function compileStreaming(source: GuestSource): Promise<Compiled>;

export interface RunTimings extends LoadTimings {
  instantiated: number;
  started: number;
  exited: number;
}

export interface RunResult {
  /** 0, the proc_exit code, or null when the guest trapped (see `error`). */
  exitCode: number | null;
  /** Everything written to fd 1 and fd 2 (also collected when callbacks are given). */
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** The trap (or a host callback's exception), else null. */
  error: unknown;
  timings: RunTimings;
  /** The syscall profile when `trace` was on, else null. */
  trace: { summary: TraceSummary; log: TraceEntry[] } | null;
  /** What the wasip1-perms policy refused (empty without one). */
  denials: Denial[];
  /**
   * The guest's filesystem after the run, with the `wasi.fs` methods (what the guest wrote is
   * there); it holds the files until `fs.free()`.
   */
  fs: WasiFs;
  bytes: number;
  streamed: boolean;
  customSections: string[];
}

/**
 * compileStreaming + new Wasi(options) + instantiate + start (startAsync where the browser has
 * JSPI, so that sleeps and an async stdin do not block the page) in one call, with timings and
 * `wasip1:*` performance.measure entries. Resolves after a trap too (exitCode null, error
 * set); rejects when the guest cannot be loaded or linked, or a manifest (given as
 * `options.perms`, or embedded in the guest, which applies) is malformed.
 *
 * A wasi-threads guest runs as one process: each thread (the main one too) in a web worker on
 * its shared memory, every call served on this page by the one Wasi (one fd table, filesystem,
 * stdin; stdout and stderr in the order written). It needs a cross-origin isolated page (COOP
 * same-origin + COEP require-corp), or it rejects naming them before any guest code runs.
 */
export function run(source: GuestSource, options?: RunOptions): Promise<RunResult>;

/** A guest running in a dedicated worker (see runInWorker). */
export interface WorkerHandle {
  stdin: {
    /** Queues bytes or text for the guest's stdin; never blocks. */
    write(data: Uint8Array | string): void;
    /** End of file, after what was written. */
    close(): void;
  };
  /** Stops the guest at once (the worker and its files are gone); `exited` then resolves with `killed: true`. */
  kill(): void;
  /**
   * The guest's filesystem in the worker, with the `wasi.fs` methods returning promises: usable
   * once the guest has started (requests made while it computes are answered when it next
   * waits or ends) and after it exits, until `close()`.
   */
  fs: {
    readFile(path: string): Promise<Uint8Array>;
    writeFile(path: string, data: Uint8Array | string): Promise<void>;
    readDir(path: string): Promise<string[]>;
    mkdir(path: string): Promise<void>;
    stat(path: string): Promise<WasiStat>;
    remove(path: string): Promise<void>;
  };
  /** Ends the worker once the guest has exited (at once if it runs: as kill). Its files go with it. */
  close(): void;
  exited: Promise<WorkerExit>;
}

/** How a guest in a worker ended. */
export interface WorkerExit {
  /** 0, the proc_exit code, or null after a trap, a failure to start, or kill(). */
  exitCode: number | null;
  /** The trap, or why the guest could not be started (an Error). */
  error?: Error;
  /** Set when kill() ended it. */
  killed?: boolean;
  /** What the wasip1-perms policy refused. */
  denials?: Denial[];
  /** The syscall profile, when the `trace` option was given. */
  trace?: { summary: TraceSummary; log: TraceEntry[] } | null;
  /** With opfs()/directory() preopens: their guest paths and the bytes read through them. */
  mounts?: { path: string; bytesRead: number }[];
}

/**
 * Runs a guest in a dedicated worker, where it may block (a relative URL resolves against the
 * page, as fetch would): fd_read on stdin waits for
 * `handle.stdin.write`, and sleeps block with Atomics.wait instead of spinning. `options` are
 * those of `new Wasi` (stdout/stderr receive chunks as they are written; a given `stdin` is read
 * first, then end of file). On a cross-origin isolated page (COOP same-origin + COEP
 * require-corp) the guest blocks on shared memory; elsewhere, with JSPI, it runs under
 * startAsync in the worker; with neither it rejects naming the headers and JSPI.
 */
export function runInWorker(source: string | URL | WebAssembly.Module, options?: RunOptions): Promise<WorkerHandle>;

/**
 * Compiles the polyfill for workers now (runInWorker compiles it once per page, on its first
 * call, and hands the compiled module to every worker) and starts one worker ahead for the next
 * runInWorker: call it early on a page that will start a worker, so that the guest starts sooner.
 */
export function prepareWorkers(): Promise<void>;
