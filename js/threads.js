// wasi-threads: a guest built for wasm32-wasip1-threads (it imports a shared `env.memory` and
// `wasi.thread-spawn`) runs as one process whose threads are web workers sharing its memory,
// with one Wasi — one fd table, one filesystem, one stdin, stdout and stderr in the order they
// were written. (Source; scripts/build.sh puts a minified copy in pkg/.)
//
// The thread that owns the Wasi (the page for run(), runInWorker's worker) runs no guest code:
// it serves the calls of every guest thread, the main one included, each a worker
// (thread-worker.js) that leaves its call in a SharedArrayBuffer slot and waits (thread-abi.js).
// A call that must wait (a sleep, stdin) answers later, while the others go on; proc_exit or a
// trap in any thread ends every thread, once. Workers whose thread returned are kept for the
// next spawn and the next run.
import { SLOT, REQUEST, DONE, ENDED, RETURNED, SPAWN, ARGS } from "./thread-abi.js";
import { SAB_HELP, withMounts } from "./ready.js";

/** Whether `module` is a wasi-threads guest (it imports thread-spawn or a memory). */
export function isThreaded(module) {
  return WebAssembly.Module.imports(module).some(
    (i) => (i.module === "wasi" && i.name === "thread-spawn") || i.kind === "memory",
  );
}

function uleb(b, at) {
  let v = 0;
  let shift = 0;
  let x;
  do {
    x = b[at++];
    v += (x & 0x7f) * 2 ** shift;
    shift += 7;
  } while (x & 0x80);
  return [v, at];
}

/**
 * The limits of the memory a module imports, from its import section's bytes (section 2's
 * body): `{ initial, maximum, shared }` in pages (maximum undefined when it declares none), or
 * null when it imports no memory.
 */
export function memoryImport(section) {
  let [count, at] = uleb(section, 0);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 2; k++) {
      const [len, next] = uleb(section, at);
      at = next + len;
    }
    const kind = section[at++];
    if (kind === 0) [, at] = uleb(section, at);
    else if (kind === 1 || kind === 2) {
      if (kind === 1) at++; // the table's element type
      const flags = section[at++];
      let initial, maximum;
      [initial, at] = uleb(section, at);
      if (flags & 1) [maximum, at] = uleb(section, at);
      if (kind === 2) return { initial, maximum, shared: (flags & 2) !== 0 };
    } else if (kind === 3) at += 2;
    else if (kind === 4) [, at] = uleb(section, at + 1);
    else return null;
  }
  return null;
}

/** The Error for a threaded guest that cannot run here, or null. `memory` as memoryImport gives it. */
export function threadsError(memory) {
  if (globalThis.crossOriginIsolated !== true || typeof SharedArrayBuffer !== "function") {
    return new Error(`wasip1-web: this guest uses threads (wasi-threads), which needs ${SAB_HELP}`);
  }
  if (!memory) return new Error("wasip1-web: this threaded guest's memory limits are unknown: give it by URL (they are read from its bytes)");
  if (!memory.shared) return new Error('wasip1-web: this threaded guest imports a memory "env.memory" that is not shared (build it for wasm32-wasip1-threads)');
  if (memory.maximum === undefined) return new Error('wasip1-web: this threaded guest\'s memory "env.memory" has no maximum, which a shared memory needs');
  return null;
}

// How long the serving thread watches for the next call before it sleeps (ms).
const SPIN_MS = 0.2;
// How long a spawn at the thread limit waits for a thread that is returning (ms).
const LIMIT_WAIT_MS = 20;

const workerUrl = new URL("./thread-worker.js", import.meta.url);

// Workers whose thread has returned, ready for the next one; and how many run a thread now.
const idle = [];
let running = 0;
let created = 0;
// Each thread started is a job; a worker's messages name theirs.
let jobs = 0;

/**
 * `{ running, idle, created }`: workers running a guest thread now, those kept for the next,
 * and how many were ever started (a worker whose thread was still returning when its process
 * ended is not kept).
 */
export function threadWorkers() {
  return { running, idle: idle.length, created };
}

function takeWorker() {
  running++;
  return idle.pop() ?? (created++, new Worker(workerUrl, { type: "module" }));
}

function giveBack(worker, terminate) {
  running--;
  worker.onmessage = worker.onerror = null;
  if (terminate) worker.terminate();
  else idle.push(worker);
}

// Where a run's threads get their workers: `acquire()` gives `{ post(message), listen(fn),
// release(keep) }` — `fn` receives the worker's messages (or `{ type: "failed", message }`);
// `release(true)` keeps the worker for the next thread, `release(false)` stops it.
// On a page: this page's pool.
const localWorkers = {
  acquire() {
    const worker = takeWorker();
    return {
      post: (message) => worker.postMessage(message),
      listen(fn) {
        worker.onmessage = ({ data }) => fn(data);
        worker.onerror = (e) => {
          e.preventDefault?.();
          fn({ type: "failed", message: e.message || "it did not start" });
        };
      },
      release: (keep) => giveBack(worker, !keep),
    };
  },
};

// In runInWorker's worker: the page's pool, so that workers outlive the run. Each thread's
// worker is lent through a MessageChannel: the page hands it one port, the run keeps the other.
// (A worker cannot start or stop the page's workers: it asks, by `id`.)
let lent = 0;
export const pageWorkers = {
  acquire() {
    const id = ++lent;
    const { port1, port2 } = new MessageChannel();
    self.postMessage({ type: "thread-worker", id, port: port2 }, [port2]);
    return {
      post: (message) => port1.postMessage(message),
      listen(fn) {
        port1.onmessage = ({ data }) => fn(data);
      },
      release(keep) {
        port1.onmessage = null;
        port1.close();
        self.postMessage({ type: "thread-worker-end", id, keep });
      },
    };
  },
};

/**
 * The page side of `pageWorkers`, for a run worker: answers its `thread-worker` and
 * `thread-worker-end` messages (true when the message was one of those). `lentTo` maps ids to
 * the workers lent to that run, which `endLoans` stops when the run is killed or closed.
 */
export function lendWorkers(data, lentTo) {
  if (data?.type === "thread-worker") {
    const worker = takeWorker();
    lentTo.set(data.id, worker);
    worker.onerror = (e) => e.preventDefault?.();
    worker.postMessage({ type: "port", port: data.port }, [data.port]);
    return true;
  }
  if (data?.type === "thread-worker-end") {
    const worker = lentTo.get(data.id);
    lentTo.delete(data.id);
    if (worker) giveBack(worker, !data.keep);
    return true;
  }
  return false;
}

/** Stops every worker still lent to a run (its worker was killed or closed). */
export function endLoans(lentTo) {
  for (const worker of lentTo.values()) giveBack(worker, true);
  lentTo.clear();
}

/**
 * Runs a wasi-threads guest as startAsync runs a command: `wasi` (not started) serves every
 * thread's calls, its mounts mounted first and persisted at the end; `memory` is the guest's
 * memory import (memoryImport). Resolves with the exit code once any thread exits, or the main
 * thread returns; rejects with the trap of any thread. Throws at once when it cannot run here
 * (no cross-origin isolation, an unshared memory, a bad maxThreads). Every thread is stopped by then. `maxThreads`: how many threads may live at
 * once besides the main one (thread-spawn fails beyond, as wasi-threads says: the guest's
 * pthread_create returns EAGAIN). `workers`: where the threads' workers come from (this page's
 * pool, or in runInWorker's worker `pageWorkers`, the page's).
 */
export function runThreaded(wasi, module, memory, { maxThreads = 32, workers = localWorkers } = {}) {
  const refusal = threadsError(memory);
  if (refusal) throw refusal;
  if (!Number.isInteger(maxThreads) || maxThreads < 1 || maxThreads > 1024) {
    throw new RangeError(`wasip1-web: maxThreads: expected an integer from 1 to 1024, got ${maxThreads}`);
  }
  return withMounts(wasi, () => serve(wasi, module, memory, maxThreads, workers)).then((ended) => {
    if (ended.error) throw ended.error;
    return wasi.exitOutcome(ended.exitCode);
  });
}

/** The run itself: resolves to `{ exitCode }` or `{ error }`. */
function serve(wasi, module, memory, maxThreads, workers) {
  const shared = new WebAssembly.Memory({ initial: memory.initial, maximum: memory.maximum, shared: true });
  const server = wasi.serveThreads(shared);
  const names = WebAssembly.Module.imports(module)
    .filter((i) => i.module === "wasi_snapshot_preview1")
    .map((i) => i.name);
  const slots = maxThreads + 2; // slot 0 is the doorbell's, slot 1 the main thread's
  const ctl = new SharedArrayBuffer(slots * SLOT * 4);
  const i32 = new Int32Array(ctl);
  const i64 = new BigInt64Array(ctl);
  const live = new Map(); // slot -> worker
  const busy = new Set(); // slots whose call is waiting for its answer here
  let nextTid = 1;
  let ended = false;
  let settle;
  const outcome = new Promise((resolve) => (settle = resolve));

  const answer = (slot, r) => {
    if (ended) return;
    if (typeof r === "object") return end({ exitCode: r.exit });
    i32[slot * SLOT + 4] = r;
    Atomics.store(i32, slot * SLOT, DONE);
    Atomics.notify(i32, slot * SLOT);
  };

  const end = (result) => {
    if (ended) return;
    ended = true;
    for (const [slot, w] of live) {
      // A worker whose thread had returned is kept (the message saying so, still on its way,
      // will be ignored: it names a job that is over); the others are stopped where they are.
      const returned = Atomics.load(i32, slot * SLOT) === RETURNED;
      if (!returned) {
        Atomics.store(i32, slot * SLOT, ENDED);
        Atomics.notify(i32, slot * SLOT);
      }
      w.release(returned);
    }
    live.clear();
    Atomics.notify(i32, 0); // the serving loop, if it waits for the doorbell
    try {
      server.finish();
    } finally {
      settle(result);
    }
  };

  // A slot whose thread is over; its worker is kept for the next.
  const free = (slot, w) => {
    live.delete(slot);
    Atomics.store(i32, slot * SLOT, 0);
    w.release(true);
  };

  // A thread whose function returned frees its slot and its worker as soon as the next spawn
  // looks: the worker's message saying so waits while this loop is busy serving, and a guest
  // that joined the thread may spawn the next at once (under maxThreads, it would get EAGAIN).
  // The message, when it comes, is ignored. Slot 1, the main thread's, ends the run instead.
  const reclaim = () => {
    for (const [slot, w] of live) if (slot > 1 && Atomics.load(i32, slot * SLOT) === RETURNED) free(slot, w);
  };

  const start = (tid, arg, main) => {
    reclaim();
    if (live.size > maxThreads) return -1;
    let slot = 1;
    while (live.has(slot)) slot++;
    const w = workers.acquire();
    live.set(slot, w);
    const job = ++jobs;
    w.listen((data) => {
      if (data.job !== job && data.type !== "failed") return;
      if (live.get(slot) !== w) return;
      if (data.type === "failed") return end({ error: new Error(`wasip1-web: a thread's worker failed: ${data.message}`) });
      free(slot, w);
      if (data.type === "trap") end({ error: new Error(`wasip1-web: guest trapped: ${data.message}`) });
      else if (main) end({ exitCode: 0 });
    });
    w.post({ type: "thread", module, memory: shared, ctl, slot, tid, arg, names, main, job });
    return tid;
  };

  // thread-spawn, asked by the thread in `slot`. At the limit, a thread whose joiner has just
  // seen it end is a few instructions from returning (natively, join returns once the thread is
  // gone), but its worker may be waiting for a core: retry from a timer, which leaves the core
  // to it, until `until`; then EAGAIN.
  const spawn = (slot, arg, until) => {
    const tid = nextTid;
    const r = start(tid, arg, false);
    if (r < 0 && performance.now() < until) {
      busy.add(slot);
      setTimeout(() => {
        busy.delete(slot);
        if (!ended) spawn(slot, arg, until);
      }, 1);
      return;
    }
    if (r > 0) nextTid = nextTid >= 0x1fffffff ? 1 : nextTid + 1;
    answer(slot, r);
  };

  const handle = (slot) => {
    const base = slot * SLOT;
    const index = i32[base + 1];
    const n = i32[base + 2];
    const mask = i32[base + 3];
    const at = (base + ARGS) / 2;
    if (index === SPAWN) return spawn(slot, Number(BigInt.asIntN(32, i64[at])), performance.now() + LIMIT_WAIT_MS);
    const args = new Array(n);
    for (let j = 0; j < n; j++) args[j] = mask & (1 << j) ? i64[at + j] : Number(BigInt.asIntN(32, i64[at + j]));
    let r;
    try {
      r = server.call(names[index], args);
    } catch (error) {
      return end({ error });
    }
    if (r instanceof Promise) {
      busy.add(slot);
      r.then(
        (v) => {
          busy.delete(slot);
          answer(slot, v);
        },
        (error) => end({ error }),
      );
    } else answer(slot, r);
  };

  const loop = async () => {
    let yielded = performance.now();
    while (!ended) {
      const bell = Atomics.load(i32, 0);
      let served = false;
      for (const slot of live.keys()) {
        if (!busy.has(slot) && Atomics.load(i32, slot * SLOT) === REQUEST) {
          served = true;
          handle(slot);
          if (ended) return;
        }
      }
      if (!served) {
        // A thread that just had its answer usually calls again within microseconds: watch the
        // doorbell a little before sleeping on it (a wake-up through the event loop costs tens
        // of µs, which would be the price of every call).
        const until = performance.now() + SPIN_MS;
        while (Atomics.load(i32, 0) === bell && performance.now() < until);
        if (Atomics.load(i32, 0) !== bell) continue;
        const w = Atomics.waitAsync(i32, 0, bell);
        if (w.async) await w.value;
        yielded = performance.now();
      } else if (performance.now() - yielded > 4) {
        // Busy serving: let timers (sleeps), worker messages and the page run too.
        await server.nextTask();
        yielded = performance.now();
      }
    }
  };

  start(0, 0, true);
  loop().catch((error) => end({ error }));
  return outcome;
}
