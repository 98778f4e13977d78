// One thread of a wasi-threads guest (see threads.js): a worker that instantiates the guest's
// module on the shared memory and runs `wasi_thread_start(tid, arg)` (or the main thread's
// `_start`). Each preview1 call, and `thread-spawn`, goes to the thread that owns the Wasi
// through this thread's slot in a SharedArrayBuffer: arguments in, then wait for the answer.
// The worker goes back to the pool when its thread returns. (Source; scripts/build.sh puts a
// minified copy in pkg/.)
import { SLOT, REQUEST, ENDED, RETURNED, SPAWN, ARGS } from "./thread-abi.js";

// Thrown through the guest's frames when the process has ended meanwhile (exit or trap in
// another thread): the thread unwinds and its worker says so.
class ProcessEnded {}

const SPIN_MS = 0.5;

// A job comes from the worker's owner (a page running the guest with run()), or, for a worker
// lent to runInWorker's worker, through the port the page handed over for that run.
let port = null;
self.onmessage = ({ data }) => {
  if (data?.type === "port") {
    port?.close();
    const p = (port = data.port);
    p.onmessage = (e) => thread(e.data, (m) => p.postMessage(m));
  } else thread(data, (m) => self.postMessage(m));
};

function thread(data, reply) {
  if (data?.type !== "thread") return;
  const { module, memory, ctl, slot, tid, arg, names, main, job } = data;
  const i32 = new Int32Array(ctl);
  const i64 = new BigInt64Array(ctl);
  const base = slot * SLOT;
  const args64 = (base + ARGS) / 2;
  const call = (index, args) => {
    let mask = 0;
    for (let j = 0; j < args.length; j++) {
      const a = args[j];
      if (typeof a === "bigint") {
        mask |= 1 << j;
        i64[args64 + j] = a;
      } else i64[args64 + j] = BigInt(a);
    }
    i32[base + 1] = index;
    i32[base + 2] = args.length;
    i32[base + 3] = mask;
    Atomics.store(i32, base, REQUEST);
    Atomics.add(i32, 0, 1);
    Atomics.notify(i32, 0);
    // Most answers come within microseconds: spin up to SPIN_MS before sleeping (a wait and its
    // wake-up cost tens of µs).
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(i32, base) === REQUEST && performance.now() < until);
    while (Atomics.load(i32, base) === REQUEST) Atomics.wait(i32, base, REQUEST);
    const state = Atomics.load(i32, base);
    Atomics.store(i32, base, 0);
    if (state === ENDED) throw new ProcessEnded();
    return i32[base + 4];
  };
  const preview1 = {};
  names.forEach((name, index) => {
    preview1[name] = (...args) => call(index, args);
  });
  let outcome;
  try {
    const instance = new WebAssembly.Instance(module, {
      env: { memory },
      wasi: { "thread-spawn": (startArg) => call(SPAWN, [startArg]) },
      wasi_snapshot_preview1: preview1,
    });
    if (main) instance.exports._start();
    else instance.exports.wasi_thread_start(tid, arg);
    outcome = { type: "returned" };
    Atomics.store(i32, base, RETURNED);
  } catch (e) {
    outcome = e instanceof ProcessEnded ? { type: "ended" } : { type: "trap", message: String(e?.message ?? e) };
  }
  outcome.job = job;
  reply(outcome);
}
