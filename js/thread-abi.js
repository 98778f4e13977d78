// The layout of the SharedArrayBuffer through which the threads of a wasi-threads guest call
// the thread that owns the Wasi (threads.js, thread-worker.js). (Source; scripts/build.sh puts
// a minified copy in pkg/.)
//
// Int32 words. Word 0 is the doorbell: a thread adds 1 and notifies it after leaving a request.
// Slot k (k ≥ 1) is words [k * SLOT, (k + 1) * SLOT): state, call index, argument count, which
// arguments are i64 (bit j), the answer; the arguments, as BigInt64, from word ARGS on.
export const SLOT = 32;
export const ARGS = 8;
// Slot states: free or answered-and-read, a request waiting, answered, the process has ended,
// the thread has returned (its worker is about to say so, and can be kept).
export const REQUEST = 1;
export const DONE = 2;
export const ENDED = 3;
export const RETURNED = 4;
// The call index of `wasi.thread-spawn` (the preview1 calls are 0..45, by their names' order).
export const SPAWN = 1000;
