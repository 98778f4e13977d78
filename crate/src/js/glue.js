// The JS half of the boundary between a guest and the polyfill (imported by src/js/glue.rs).
//
// A guest's import call reaches Rust through one trampoline per syscall: a closure that adds
// the Wasi's slot id and calls the polyfill's raw export (`wasip1_<name>`) with the same
// numbers. No object is made per call. Rust reaches guest memory only through the copy
// functions below, which bounds-check every access and re-derive their view after
// `memory.grow` (a detached buffer has length 0, a grown shared one is longer).
//
// A raw export returns an errno (0..76), or SIGNAL when the guest must stop: the trampoline
// then throws what Rust left in `state.pending` (an Exit, a trap Error, or the exception a
// host callback threw), after Rust has returned, so no exception ever unwinds Rust frames.

const SIGNAL = 0x10000;
const FREED = 0x10001; // the Wasi was freed: its state is gone, so the trampoline says so itself
const OK = 0, OUT_OF_BOUNDS = 1, NO_MEMORY = 2, THREW = 3;
const CHUNK = 65536; // crypto.getRandomValues takes at most 64 KiB per call

class Exit {
  constructor(code) { this.code = code; }
}

const states = [];
let hostMemory = null;
let host8 = new Uint8Array(0);

function hostView(end) {
  if (host8.length < end) host8 = new Uint8Array(hostMemory.buffer);
  return host8;
}

// The guest view covering [0, end), or a status number when there is none.
function guestView(s, end) {
  let g8 = s.g8;
  if (end > g8.length) {
    if (s.memory === null) return NO_MEMORY;
    g8 = s.g8 = new Uint8Array(s.memory.buffer);
    if (end > g8.length) return OUT_OF_BOUNDS;
  }
  return g8;
}

function trampoline(f, slot, s, n) {
  const done = (r) => (r < SIGNAL ? r : raise(s, r));
  switch (n) {
    case 0: return () => done(f(slot));
    case 1: return (a) => done(f(slot, a));
    case 2: return (a, b) => done(f(slot, a, b));
    case 3: return (a, b, c) => done(f(slot, a, b, c));
    case 4: return (a, b, c, d) => done(f(slot, a, b, c, d));
    case 5: return (a, b, c, d, e) => done(f(slot, a, b, c, d, e));
    case 6: return (a, b, c, d, e, g) => done(f(slot, a, b, c, d, e, g));
    case 7: return (a, b, c, d, e, g, h) => done(f(slot, a, b, c, d, e, g, h));
    case 9: return (a, b, c, d, e, g, h, i, j) => done(f(slot, a, b, c, d, e, g, h, i, j));
    default: throw new Error(`wasip1-web: no trampoline for ${n} parameters`);
  }
}

function raise(s, r) {
  if (r === FREED) throw new Error("wasip1-web: this Wasi object was freed; its imports no longer work");
  const p = s.pending;
  s.pending = null;
  throw p;
}

// Creates the state for `slot` and returns its `wasi_snapshot_preview1` import object: one
// trampoline per `wasip1_*` export of the polyfill, with the syscall's own arity.
export function make_imports(exports, slot) {
  hostMemory = exports.memory;
  const s = { memory: null, g8: new Uint8Array(0), pending: null, out: [null, null, null], started: false };
  states[slot & 0xffff] = s;
  const imports = {};
  for (const key of Object.keys(exports)) {
    if (!key.startsWith("wasip1_")) continue;
    const f = exports[key];
    imports[key.slice(7)] = trampoline(f, slot, s, f.length - 1);
  }
  return Object.freeze(imports);
}

export function release(slot) {
  delete states[slot & 0xffff];
}

export function bind_memory(slot, memory) {
  const s = states[slot & 0xffff];
  s.memory = memory;
  s.g8 = new Uint8Array(memory.buffer);
}

// Forgets the guest memory once a command has finished, so a finished Wasi does not keep the
// guest's memory (and instance) alive; later calls through its imports trap saying why.
export function unbind_memory(slot) {
  const s = states[slot & 0xffff];
  s.memory = null;
  s.g8 = new Uint8Array(0);
}

export function set_output(slot, fd, callback) {
  states[slot & 0xffff].out[fd] = callback;
}

export function g_read(slot, g, h, len) {
  const g8 = guestView(states[slot & 0xffff], g + len);
  if (typeof g8 === "number") return g8;
  const h8 = hostView(h + len);
  if (len <= 16) {
    for (let i = 0; i < len; i++) h8[h + i] = g8[g + i];
  } else {
    h8.set(g8.subarray(g, g + len), h);
  }
  return OK;
}

export function g_write(slot, g, h, len) {
  const g8 = guestView(states[slot & 0xffff], g + len);
  if (typeof g8 === "number") return g8;
  const h8 = hostView(h + len);
  if (len <= 16) {
    for (let i = 0; i < len; i++) g8[g + i] = h8[h + i];
  } else {
    g8.set(h8.subarray(h, h + len), g);
  }
  return OK;
}

export function g_random(slot, g, len) {
  const g8 = guestView(states[slot & 0xffff], g + len);
  if (typeof g8 === "number") return g8;
  if (g8.buffer instanceof ArrayBuffer) {
    for (let off = 0; off < len; off += CHUNK) {
      crypto.getRandomValues(g8.subarray(g + off, g + Math.min(len, off + CHUNK)));
    }
  } else {
    // getRandomValues refuses views of a SharedArrayBuffer: fill a private chunk, then copy.
    const tmp = new Uint8Array(Math.min(len, CHUNK));
    for (let off = 0; off < len; off += CHUNK) {
      const n = Math.min(CHUNK, len - off);
      crypto.getRandomValues(n === tmp.length ? tmp : tmp.subarray(0, n));
      g8.set(n === tmp.length ? tmp : tmp.subarray(0, n), g + off);
    }
  }
  return OK;
}

// Hands `len` guest bytes at `g` to the stdout/stderr callback as a fresh Uint8Array.
export function emit(slot, fd, g, len) {
  const s = states[slot & 0xffff];
  const g8 = guestView(s, g + len);
  if (typeof g8 === "number") return g8;
  try {
    s.out[fd](g8.slice(g, g + len));
  } catch (e) {
    s.pending = e;
    return THREW;
  }
  return OK;
}

export function set_exit(slot, code) {
  states[slot & 0xffff].pending = new Exit(code);
}

export function set_trap(slot, message) {
  states[slot & 0xffff].pending = new Error(`wasip1-web: guest trapped: ${message}`);
}

// Runs a guest export to completion. Returns the exit code: 0 when it returns, the code of a
// proc_exit. Throws an Error for a trap, or whatever a host callback threw.
export function run(slot, fn) {
  const s = states[slot & 0xffff];
  s.pending = null;
  try {
    fn();
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof WebAssembly.RuntimeError) {
      throw new Error(`wasip1-web: guest trapped: ${e.message}`, { cause: e });
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new Error(`wasip1-web: guest trapped: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

export function now() {
  return performance.now();
}

export function time_origin() {
  return performance.timeOrigin;
}

export function cross_origin_isolated() {
  return globalThis.crossOriginIsolated === true;
}
