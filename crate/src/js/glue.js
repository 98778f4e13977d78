// The JS half of the boundary between a guest and the polyfill (imported by src/js/glue.rs).
//
// A guest's import call reaches Rust through a trampoline that adds the Wasi's slot id and
// calls the polyfill's raw export (`wasip1_<name>`) with the same numbers. The hot calls go
// through trampolines (encoded by src/abi.rs): wasm functions with the exact preview1 types, a
// group of them per Wasi (taken when its guest reads its first hot import, from an instance
// that serves several Wasis), so the call is wasm-to-wasm, with no JS frame and no BigInt for
// i64 arguments. The other calls go through one small JS closure each
// (each made when the guest's instantiation first reads it). No object is
// made per call. Rust reaches guest memory only through the copy functions below, which
// bounds-check every access and re-derive their view after `memory.grow` (a detached buffer
// has length 0, a grown shared one is longer).
//
// A raw export returns an errno (0..76), or SIGNAL (0x10000) or more when the guest must
// stop: the trampoline then calls `raise`, which throws what Rust left in `state.pending` (an
// Exit, a trap Error, or the exception a host callback threw) — after Rust has returned, so
// no exception ever unwinds Rust frames.

const SIGNAL = 0x10000;
const FREED = 0x10001; // (SIGNAL + 1) the Wasi was freed: its state is gone, so raise says so itself
const PENDING = 0x10002; // (SIGNAL + 2) the call must wait: under startAsync, wait and call again
const OK = 0, OUT_OF_BOUNDS = 1, NO_MEMORY = 2, THREW = 3, NOT_YET = 4;
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

// `life` is unused here, but passing it makes every closure reference its slot's token (and a
// trampoline raiser its instance's `lives`).
function raise(s, r, life) {
  if (r === FREED) throw new Error("wasip1-web: this Wasi object was freed; its imports no longer work");
  if (r === PENDING) throw new Error("wasip1-web: a call had to wait outside startAsync (internal error)");
  const p = s.pending;
  s.pending = null;
  throw p;
}

// ---- waiting under startAsync (JSPI) ----------------------------------------------------
//
// A call that must wait answers PENDING after leaving in `s.waiting` a promise that settles
// when the wait is over (a timer for a sleep; the stdin callback's promise). The guest's import
// for it is a WebAssembly.Suspending function: it returns that promise, the guest is suspended
// with the page's event loop running, and the call is made again once it settles. Hot calls
// keep their wasm trampolines: a second group, from an instance whose raiser `e.r` is a
// Suspending function (it returns 0 after the wait and the trampoline calls again). Nothing waits
// inside Rust: the call returns first, with no borrow held, so another Wasi or wasi.fs may run
// meanwhile.

// Asked each time (not once at load), so that a page may take JSPI away (the tests do).
export function jspi() {
  return typeof WebAssembly.Suspending === "function" && typeof WebAssembly.promising === "function";
}

/** The promise `r` waits on (PENDING), or the throw of raise. */
function waitOrRaise(s, r, life) {
  if (r !== PENDING) return raise(s, r, life);
  const w = s.waiting;
  s.waiting = null;
  return w;
}

// The cold calls that may wait: poll_oneoff (a sleep, stdin), and the durability points where a
// mount persists the tree (fd_sync, fd_datasync; fd_close is a hot call, whose trampoline's
// raiser waits).
const WAITS = new Set(["poll_oneoff", "fd_sync", "fd_datasync"]);

// The `wasi_snapshot_preview1` object for startAsync: the cold closures of the plain object,
// the cold calls that may wait made Suspending, and the hot calls from a trampoline group whose
// raiser suspends. Made once per Wasi, when asked.
export function async_imports(slot) {
  const s = states[slot & 0xffff];
  const made = s.asyncImports?.deref();
  if (made) return made;
  // (Called through a live Wasi, which holds the plain object, whose handler is `life`.)
  const life = s.life.deref();
  const plain = life.proxy;
  const hot = trampolineMaker(s, life, true);
  const imports = new LazyImports((name) => {
    const [, f, , h] = byName.get(name);
    if (h !== undefined) return hot(h);
    if (!WAITS.has(name)) return plain[name];
    const again = async (...a) => {
      for (;;) {
        await waitOrRaise(s, PENDING, life);
        const r = f(slot, ...a);
        if (r !== PENDING) return r < SIGNAL ? r : raise(s, r, life);
      }
    };
    return new WebAssembly.Suspending((...a) => {
      const r = f(slot, ...a);
      if (r < SIGNAL) return r;
      return r === PENDING ? again(...a) : raise(s, r, life);
    });
  }).proxy;
  s.asyncImports = new WeakRef(imports);
  return imports;
}

// wasi-threads (js/threads.js): every thread of a guest runs in a worker of its own and sends
// each call here, to the thread that owns the Wasi, which makes it with `call(name, args)` (i64
// arguments as BigInts). A call that must wait (a sleep, stdin) answers a promise of its result
// instead of blocking, so that the other threads' calls go on meanwhile; the end of the process
// (proc_exit) answers `{ exit: code }`; a trap throws its Error. `finish()` ends the run as
// `start`'s end does (the guest memory let go of, the stdio sinks flushed); `nextTask()` is a
// promise that settles in the next task, for the serving loop to yield with.
export function thread_server(slot) {
  const s = states[slot & 0xffff];
  const call = (name, args) => {
    const c = byName.get(name);
    if (c === undefined) return 52; // ENOSYS
    s.async = true;
    let r;
    try {
      r = c[1](slot, ...args);
    } finally {
      s.async = false;
    }
    if (r < SIGNAL) return r;
    if (r === PENDING) {
      const w = s.waiting;
      s.waiting = null;
      return w.then(() => call(name, args));
    }
    if (r === FREED) throw new Error("wasip1-web: this Wasi object was freed; its imports no longer work");
    const p = s.pending;
    s.pending = null;
    if (p instanceof Exit) return { exit: p.code };
    throw trapError(p);
  };
  return { call, finish: () => polyfill.wasip1web_finish(slot), nextTask };
}

// A promise that settles in the next task (a MessageChannel message: not clamped like timers).
let channel = null;
const nextTasks = [];
function nextTask() {
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => nextTasks.shift()?.();
  }
  return new Promise((resolve) => {
    nextTasks.push(resolve);
    channel.port2.postMessage(0);
  });
}

// Runs `_start` (`fn`) through WebAssembly.promising. The promise resolves with 0 when it
// returns or with the proc_exit code, and rejects with the trap (as `run` throws); either
// way the guest's memory is let go of and the stdio sinks flushed (wasip1web_finish).
export function run_async(slot, fn) {
  const s = states[slot & 0xffff];
  s.pending = null;
  // Waits suspend only through the async imports; a guest instantiated with the plain ones
  // waits as under start().
  s.async = !!s.asyncImports;
  const end = () => {
    s.async = false;
    polyfill.wasip1web_finish(slot);
  };
  return WebAssembly.promising(fn)().then(
    () => (end(), 0),
    (e) => {
      end();
      if (e instanceof Exit) return e.code;
      throw trapError(e);
    },
  );
}

// The hot calls' trampoline module (src/abi.rs), compiled at the first new Wasi (synchronously:
// it is a few KiB), the index of each of its calls, and how many groups it holds; the
// polyfill's exports.
let trampolines = null;
let polyfill = null;
let hotIndex = null;
let groups = 0;

// Called at the first new Wasi, with the polyfill's exports.
export function load_trampolines(bytes, groupCount, exports) {
  trampolines = new WebAssembly.Module(bytes);
  // Its imports: the raw exports of the hot calls, in its order (then the raiser).
  const imports = WebAssembly.Module.imports(trampolines).filter((i) => i.module === "r");
  hotIndex = new Map(imports.map((i, n) => [i.name.slice(7), n]));
  groups = groupCount;
  polyfill = exports;
  hostMemory = exports.memory;
  releaseRaw = exports.wasip1web_release;
  byName = new Map(
    Object.keys(exports)
      .filter((k) => k.startsWith("wasip1_"))
      .map((k) => [k.slice(7), [k.slice(7), exports[k], exports[k].length - 1, hotIndex.get(k.slice(7))]]),
  );
}

// Every syscall by name: [name, raw export, arity, index among the hot calls (undefined for a
// cold call)], read once from the polyfill's exports.
let byName = null;

// The hot calls' trampolines. An instance of the trampoline module holds `groups` copies of
// them; a Wasi takes one copy (a group: its entries read the Wasi's slot from a global of their
// own) when its guest reads its first hot import, and keeps it: a guest holds its imports for
// as long as it lives, so a group is never given to another Wasi, and an instance goes once all
// its guests have. One instance is thus made per `groups` Wasis, where each Wasi made one.
// The raiser of an instance holds `lives`, the tokens of the Wasis that took its groups, so
// that a guest holding only hot imports keeps its context (see importsGone). So a Wasi that is
// not freed keeps its context until every guest of its instance is gone and the instance has
// given out all its groups (at most `groups` contexts kept beyond their guests); free()
// releases it at once. (Letting go of a finished command's token cost more per run than it
// saved.) `async` instances (startAsync) have a Suspending raiser.
const pools = [null, null];

function takeGroup(s, life, async) {
  let p = pools[+async];
  if (p === null || p.next === groups) {
    const lives = [];
    const r = async
      ? new WebAssembly.Suspending((r, slot) => waitOrRaise(states[slot & 0xffff], r, lives).then(() => 0))
      : (r, slot) => raise(states[slot & 0xffff], r, lives);
    p = pools[+async] = { ...new WebAssembly.Instance(trampolines, { r: polyfill, e: { r } }).exports, lives, next: 0 };
  }
  const g = p.next++;
  p.s(g, s.slot);
  p.lives[g] = life;
  return (i) => p.t.get(g * hotIndex.size + i);
}

// The hot calls' trampolines for a Wasi: its group's entries, the group taken when the guest
// reads its first hot import.
function trampolineMaker(s, life, async) {
  let entry = null;
  return (i) => (entry ??= takeGroup(s, life, async))(i);
}

// A cold call's trampoline: one closure, the signal check inline.
function closure(f, slot, s, n, life) {
  switch (n) {
    case 0: return () => { const r = f(slot); return r < SIGNAL ? r : raise(s, r, life); };
    case 1: return (a) => { const r = f(slot, a); return r < SIGNAL ? r : raise(s, r, life); };
    case 2: return (a, b) => { const r = f(slot, a, b); return r < SIGNAL ? r : raise(s, r, life); };
    case 3: return (a, b, c) => { const r = f(slot, a, b, c); return r < SIGNAL ? r : raise(s, r, life); };
    case 4: return (a, b, c, d) => { const r = f(slot, a, b, c, d); return r < SIGNAL ? r : raise(s, r, life); };
    case 5: return (a, b, c, d, e) => { const r = f(slot, a, b, c, d, e); return r < SIGNAL ? r : raise(s, r, life); };
    case 6: return (a, b, c, d, e, g) => { const r = f(slot, a, b, c, d, e, g); return r < SIGNAL ? r : raise(s, r, life); };
    case 7: return (a, b, c, d, e, g, h) => { const r = f(slot, a, b, c, d, e, g, h); return r < SIGNAL ? r : raise(s, r, life); };
    case 9: return (a, b, c, d, e, g, h, i, j) => { const r = f(slot, a, b, c, d, e, g, h, i, j); return r < SIGNAL ? r : raise(s, r, life); };
    default: throw new Error(`wasip1-web: no trampoline for ${n} parameters`);
  }
}

// An import object whose 46 functions are made when first read: `make(name)` makes one. To
// its user it is a plain object — own, enumerable, writable data properties in syscall order;
// assigning over one, wrapping one, spreading it or deriving one with Object.create all work —
// but a new Wasi does not pay for functions its guest never imports (a guest reads only what it
// declares when it is instantiated). A Proxy over the plain object that holds what was made or
// assigned; an import deleted stays deleted.
// The traps are the methods of its handler, which holds its own `make`, its `proxy` and `gone`
// (the names deleted, once one is). Traps run with the handler as `this`.
class LazyImports {
  constructor(make) {
    this.make = make;
    this.gone = null;
    this.proxy = new Proxy({}, this);
  }
  // Whether `k` is an import not made yet.
  due(t, k) {
    return byName.has(k) && !Object.hasOwn(t, k) && !this.gone?.has(k);
  }
  made(t, k) {
    // (An assignment: the target is a plain object, so this is an own, writable, enumerable,
    // configurable data property, made without a descriptor object.)
    return (t[k] = this.make(k));
  }
  get(t, k, r) {
    return this.due(t, k) ? this.made(t, k) : Reflect.get(t, k, r);
  }
  has(t, k) {
    return this.due(t, k) || Reflect.has(t, k);
  }
  // The syscalls (made or not) in their order, then anything else assigned.
  ownKeys(t) {
    const keys = [];
    for (const name of byName.keys()) if (Object.hasOwn(t, name) || this.due(t, name)) keys.push(name);
    for (const k of Reflect.ownKeys(t)) if (!byName.has(k)) keys.push(k);
    return keys;
  }
  getOwnPropertyDescriptor(t, k) {
    if (this.due(t, k)) this.made(t, k);
    return Reflect.getOwnPropertyDescriptor(t, k);
  }
  // Assigning over an import not made yet does not make it. (`r` is not the import object
  // when the assignment is to an object made from it with Object.create, which then gets an
  // own property, as for a plain prototype's writable one.)
  set(t, k, v, r) {
    if (!this.due(t, k)) return Reflect.set(t, k, v, r);
    return Reflect.defineProperty(r === this.proxy ? t : r, k, { value: v, writable: true, enumerable: true, configurable: true });
  }
  deleteProperty(t, k) {
    if (byName.has(k)) (this.gone ??= new Set()).add(k);
    return Reflect.deleteProperty(t, k);
  }
  // Frozen or sealed, it must list exactly what it holds: make everything first.
  preventExtensions(t) {
    for (const name of byName.keys()) if (this.due(t, name)) this.made(t, name);
    return Reflect.preventExtensions(t);
  }
}

// Creates the state for `slot` and returns its import object, `{ wasi_snapshot_preview1 }`: wasm
// trampolines for the hot calls, one JS closure each for the others, each made on first read.
export function make_imports(slot, seed) {
  // The token (see importsGone) is the import object's handler, which every import function
  // references. The state holds it weakly: `states` must not keep it alive. From the options'
  // seed (read_options) it keeps argv and the environment (as JS strings until the guest reads
  // them: take_list) and the stdio callbacks.
  const life = new LazyImports(null);
  const s = { slot, memory: null, g8: NONE, pending: null, out: [null, seed[1], seed[2]], async: false, waiting: null, life: new WeakRef(life), lists: seed[0] };
  if (seed[3] !== null) setInput(s, seed[3]);
  states[slot & 0xffff] = s;
  const hot = trampolineMaker(s, life, false);
  life.make = (name) => {
    const [, f, n, h] = byName.get(name);
    return h === undefined ? closure(f, slot, s, n, life) : hot(h);
  };
  importsGone.register(life, slot);
  return { wasi_snapshot_preview1: life.proxy };
}

// A slot's context lives as long as any of its import functions: a guest holds the functions
// it imported (not the import object), and every one of them references the slot's `life`
// token (a hot call's trampoline through the raiser of its instance), which is what is
// registered here. So a guest keeps its context whether or not the Wasi wrapper or the import
// object are still around. When the token is collected, Rust forgets the context and the state
// goes (set to null, not deleted: the array stays dense). Nothing the module keeps (`states`)
// may hold the token, or it is never collected (`pools` does, through the trampoline instance
// still giving out groups: until it has given them all).
let releaseRaw = null;
const importsGone = new FinalizationRegistry((slot) => {
  releaseRaw(slot);
  forget_state(slot);
});

// Drops the state of `slot` unless its index already serves a newer slot.
export function forget_state(slot) {
  if (states[slot & 0xffff]?.slot === slot) states[slot & 0xffff] = null;
}

// Binds a guest's exported memory to `slot`; throws, binding nothing, unless it is one.
export function bind_memory(slot, memory) {
  if (!(memory instanceof WebAssembly.Memory)) throw optionError('the guest exports no memory named "memory"');
  const s = states[slot & 0xffff];
  s.memory = memory;
  s.g8 = NONE;
}

// Forgets the guest memory once a command has finished, so a finished Wasi does not keep the
// guest's memory (and instance) alive; later calls through its imports trap saying why.
export function unbind_memory(slot) {
  const s = states[slot & 0xffff];
  s.memory = null;
  s.g8 = NONE;
}

// ---- options -------------------------------------------------------------------------------

const encoder = new TextEncoder();
const NONE = new Uint8Array(0);

// `text` as UTF-8. Short ASCII text is copied char by char: TextEncoder's fixed cost was most of
// a new Wasi's time for `args: ["prog"]`, and 2% of an empty guest's whole run for `stdin: ""`.
function utf8(text) {
  if (text.length === 0) return NONE;
  if (text.length > 64) return encoder.encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

// `items` joined as UTF-8, each followed by a NUL.
function packItems(items) {
  return items.length === 0 ? NONE : utf8(items.join("\0") + "\0");
}

// `new Wasi(options)` read in one pass here, so that Rust crosses the boundary once per piece
// it takes rather than several times per option. Errors name the field; any key not listed is
// refused (a misspelt `stdot` must not be silently ignored).
const OPTIONS = ["args", "env", "preopens", "stdin", "stdout", "stderr", "tty", "trace", "perms", "module", "strict",
  "onDenied", "version", "returnOnExit"];
const KNOWN_OPTIONS = new Set(OPTIONS);
// What read_options returns: one bit per fact (src/js/wasi.rs `opt` has the same numbers). The
// pieces themselves wait in `taken`, for opt_take.
const O_RETURN_ON_EXIT = 1, O_TTY_IN = 2, O_TTY_OUT = 4, O_TTY_ERR = 8, O_TRACE = 16, O_STDIN_FN = 32, O_POLICY = 64,
  O_STDOUT_FN = 128, O_STDERR_FN = 256, O_ON_DENIED_FN = 512, O_STDIN_BYTES = 1024, O_PREOPENED = 2048;
let taken = [];

function optionError(message) {
  return new Error(`wasip1-web: ${message}`);
}
const absent = (v) => v === undefined || v === null;
const isObject = (v) => typeof v === "object" && v !== null;
const isPlain = (v) => isObject(v) && !Array.isArray(v);

// Each item of a list about to be packed, checked as the context checks it: no NUL.
function noNul(items, field) {
  for (let i = 0; i < items.length; i++) if (items[i].includes("\0")) throw optionError(`${field}: item ${i} contains a NUL byte`);
}

// `env` as "KEY=VALUE" items: an object of strings (in key order) or such strings. Names from
// Object.keys, each then looked up: over a thousand names that is 5x faster than
// Object.entries, which makes an array per pair (measured in Chromium 156).
function envItems(env) {
  if (Array.isArray(env)) {
    for (let i = 0; i < env.length; i++) {
      const s = env[i];
      if (typeof s !== "string") throw optionError(`env[${i}]: expected a "KEY=VALUE" string`);
      const eq = s.indexOf("=");
      if (eq < 0) throw optionError(`env[${i}]: "${s}" is not "KEY=VALUE"`);
      if (eq === 0) throw badName("");
    }
    return env;
  }
  if (!isObject(env)) throw optionError('env: expected an object of strings or an array of "KEY=VALUE" strings');
  const keys = Object.keys(env);
  const items = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = env[k];
    if (typeof v !== "string") throw optionError(`env.${k}: expected a string`);
    if (k === "" || k.includes("=")) throw badName(k);
    items[i] = k + "=" + v;
  }
  return items;
}

const badName = (k) => optionError(`env: invalid variable name "${k}" (empty or containing '=')`);

// stdin given up front, as bytes: text (as UTF-8), a Uint8Array or an ArrayBuffer.
function stdinBytes(v) {
  if (absent(v)) return NONE;
  if (typeof v === "string") return utf8(v);
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw optionError("stdin: expected a string, a Uint8Array or a function");
}

function fnOption(o, name, shape) {
  const v = o[name];
  if (absent(v) || typeof v === "function") return v ?? null;
  throw optionError(`${name}: expected a function ${shape}`);
}

// Checks `options` and returns the O_* bits; the pieces wait in `taken` (indices as OPTIONS',
// but 0 holds the seed, 3 stdin's bytes and 14 the preopens' names packed).
export function read_options(o) {
  if (absent(o)) o = {};
  else if (!isPlain(o)) throw optionError("options: expected an object");
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key)) throw optionError(`unknown option "${key}" (known: ${OPTIONS.join(", ")})`);
  }
  if (!absent(o.version) && o.version !== "preview1") throw optionError('version: only "preview1" (wasi_snapshot_preview1) is supported');
  let bits = 0;
  const returnOnExit = o.returnOnExit;
  if (absent(returnOnExit) || returnOnExit === true) bits |= O_RETURN_ON_EXIT;
  else if (returnOnExit !== false) throw optionError("returnOnExit: expected true or false");

  // args and env: checked item by item here; laid out as NUL-ended UTF-8 (one transfer each)
  // only when the guest first reads either (make_imports keeps them; take_list).
  const args = absent(o.args) ? [] : o.args;
  if (!Array.isArray(args)) throw optionError("args: expected an array of strings");
  for (let i = 0; i < args.length; i++) if (typeof args[i] !== "string") throw optionError(`args[${i}]: expected a string`);
  const env = absent(o.env) ? [] : envItems(o.env);
  noNul(args, "args");
  noNul(env, "env");

  // Copies: a later change to the caller's array is not the guest's business. The seed (0):
  // what make_imports keeps in the slot's state, [[args, env], stdout, stderr, stdin callback].
  const seed = [[args.slice(), env === o.env ? env.slice() : env], null, null, null];
  const t = [seed, null, null, NONE, null, null, null, null, null, null, null, null, null, null, NONE];
  const stdin = o.stdin;
  if (typeof stdin === "function") {
    bits |= O_STDIN_FN;
    seed[3] = stdin;
  } else {
    t[3] = stdinBytes(stdin);
    if (t[3].length) bits |= O_STDIN_BYTES;
  }

  const preopens = o.preopens;
  if (!absent(preopens)) {
    if (!isPlain(preopens)) throw optionError("preopens: expected an object mapping guest paths to trees");
    const names = Object.keys(preopens);
    for (const name of names) {
      const tree = preopens[name];
      if (!isObject(tree) || tree instanceof Uint8Array) {
        throw optionError(`preopens["${name}"]: expected a directory tree object`);
      }
      // (The context refuses it too, but the names cross packed, NUL-ended.)
      if (name.includes("\0")) throw optionError(`preopens: invalid guest path "${name}"`);
    }
    t[2] = preopens;
    t[14] = packItems(names);
    if (names.length) bits |= O_PREOPENED;
  }
  seed[1] = fnOption(o, "stdout", "(chunk: Uint8Array) => void");
  seed[2] = fnOption(o, "stderr", "(chunk: Uint8Array) => void");
  if (seed[1] !== null) bits |= O_STDOUT_FN;
  if (seed[2] !== null) bits |= O_STDERR_FN;

  // What each stream is connected to decides whether it is a terminal, unless `tty` says.
  let tty = [typeof stdin === "function", seed[1] === null, seed[2] === null];
  const ttyOption = o.tty;
  if (typeof ttyOption === "boolean") tty = [ttyOption, ttyOption, ttyOption];
  else if (!absent(ttyOption)) {
    const bad = () => optionError("tty: expected true, false or { stdin, stdout, stderr } of booleans");
    if (!isPlain(ttyOption)) throw bad();
    for (const key of Object.keys(ttyOption)) {
      const i = ["stdin", "stdout", "stderr"].indexOf(key);
      const v = ttyOption[key];
      if (i < 0 || !(absent(v) || typeof v === "boolean")) throw bad();
      if (!absent(v)) tty[i] = v;
    }
  }
  if (tty[0]) bits |= O_TTY_IN;
  if (tty[1]) bits |= O_TTY_OUT;
  if (tty[2]) bits |= O_TTY_ERR;

  // trace: true/false, or { log: N } (counters and the last N calls).
  const trace = o.trace;
  if (trace === true) bits |= O_TRACE, t[7] = 0;
  else if (!absent(trace) && trace !== false) {
    const keys = isPlain(trace) ? Object.keys(trace) : [];
    if (keys.length !== 1 || keys[0] !== "log" || typeof trace.log !== "number") throw optionError("trace: expected true, false or { log: N }");
    const n = trace.log;
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw optionError("trace.log: expected a whole number of calls");
    bits |= O_TRACE;
    t[7] = n;
  }
  if (!absent(o.perms) || !absent(o.module) || !absent(o.strict)) {
    bits |= O_POLICY;
    t[8] = o.perms;
    t[9] = o.module;
    t[10] = o.strict;
  }
  t[11] = fnOption(o, "onDenied", "(denial) => void");
  if (t[11] !== null) bits |= O_ON_DENIED_FN;
  taken = t;
  return bits;
}

// List `i` (0 args, 1 env) of `slot` as NUL-ended UTF-8, given up as it is taken.
export function take_list(slot, i) {
  const s = states[slot & 0xffff];
  const items = s.lists[i];
  s.lists[i] = null;
  return packItems(items);
}

// Piece `i` of the options read last (see read_options), given up as it is taken.
export function opt_take(i) {
  const v = taken[i];
  taken[i] = null;
  return v;
}

// ---- stdin from a callback, and waiting ----------------------------------------------------

// The state of a stdin callback (the `input` of the state make_imports makes).
function setInput(s, callback) {
  s.input = callback;
  s.inBuf = null; // bytes the callback gave that the guest has not read yet
  s.inAt = 0;
  s.inEof = false;
}

// Copies up to `len` bytes of stdin to guest address `g`: from what the callback gave before,
// else from a new call of it (which may block, in a worker). Returns the count (0: end of
// file), or -1 - status for an error status.
export function stdin_pull(slot, g, len) {
  g >>>= 0; len >>>= 0;
  const s = states[slot & 0xffff];
  const g8 = guestView(s, g + len);
  if (typeof g8 === "number") return -1 - g8;
  if (len === 0) return 0;
  if (s.inBuf === null || s.inAt === s.inBuf.length) {
    if (s.inEof) return 0;
    // Not asked ahead by poll_oneoff (nor failed already): ask now.
    if (!s.inFlight && !s.inError) ask(s, len);
    if (s.inError) {
      // The callback threw, or an async source's promise rejected while the guest waited: its
      // error ends the run.
      s.pending = s.inError;
      s.inError = null;
      return -1 - THREW;
    }
    if (s.inFlight) {
      // An async source: under startAsync the guest waits for it; otherwise nothing can.
      if (!s.async) {
        s.pending = new Error(
          "wasip1-web: the stdin callback returned a promise: run the guest with startAsync (which needs JSPI), or give stdin synchronously",
        );
        return -1 - THREW;
      }
      s.waiting = s.inFlight;
      return -1 - NOT_YET;
    }
    if (s.inEof) return 0;
  }
  const n = Math.min(len, s.inBuf.length - s.inAt);
  guestView(s, g + n).set(s.inBuf.subarray(s.inAt, s.inAt + n), g);
  s.inAt += n;
  return n;
}

// Asks the stdin callback for up to `max` bytes: an answer is kept (`takeChunk`), a promise is
// `s.inFlight` until it settles, an exception waits in `s.inError` for the read to report it.
function ask(s, max) {
  let chunk;
  try {
    chunk = s.input(max);
  } catch (e) {
    s.inError = e;
    return;
  }
  if (typeof chunk?.then === "function") fetchAsync(s, chunk);
  else takeChunk(s, chunk);
}

// An async source's answer, kept when it comes; `s.inFlight` until then.
function fetchAsync(s, promise) {
  return (s.inFlight = Promise.resolve(promise).then(
    (c) => {
      s.inFlight = null;
      takeChunk(s, c);
    },
    (e) => {
      s.inFlight = null;
      s.inError = e;
    },
  ));
}

// What a stdin callback gave: bytes to hand out, or end of file.
function takeChunk(s, chunk) {
  if (chunk === null || chunk === undefined || chunk.length === 0) {
    s.inEof = true;
    s.inBuf = null;
    return;
  }
  s.inBuf = typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk.buffer ?? chunk, chunk.byteOffset ?? 0, chunk.byteLength);
  s.inAt = 0;
}

// Whether a stdin read would not block: bytes held, end of file, or the callback's own
// `ready()` when it has one (a callback without it is taken as always ready).
// Under startAsync a callback without `ready()` is asked ahead: an answer at once is ready, a
// promise is not (until it settles; poll_oneoff then waits for it or its timeout, whichever
// comes first, and the read that follows takes the answer).
export function stdin_ready(slot) {
  const s = states[slot & 0xffff];
  if (s.inEof || s.inError || (s.inBuf !== null && s.inAt < s.inBuf.length)) return true;
  if (s.inFlight) return false;
  if (typeof s.input.ready === "function") return !!s.input.ready();
  if (!s.async) return true;
  ask(s, CHUNK);
  return !s.inFlight;
}

const canBlock =
  typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope && typeof SharedArrayBuffer === "function";
let sleepCell = null;
let warnedSpin = false;

// Waits until performance.now() reaches `deadline` (ms), or earlier when `onInput` is set and
// the stdin callback's `wait(ms)` returns. In a worker it blocks with Atomics.wait (no
// spinning); on a page's main thread, which may not block, it spins on the clock until the
// deadline and no longer, warning once when a wait is long.
export function wait_until(slot, deadline, onInput) {
  const left = deadline - performance.now();
  if (left <= 0) return true;
  const s = states[slot & 0xffff];
  if (s.async) {
    // Under startAsync: the guest is suspended on a timer, or on stdin's answer when that comes
    // first (returns false: wait "later").
    // Under 4 ms, the next task instead of a timer: the guest's next sleep would be a nested
    // timer, which browsers clamp to 4 ms; it re-checks the clock and waits again if early.
    const timer = left < 4 ? nextTask() : new Promise((resolve) => setTimeout(resolve, left));
    s.waiting = onInput && s.inFlight ? Promise.race([timer, s.inFlight]) : timer;
    return false;
  }
  if (onInput && s.input && typeof s.input.wait === "function") {
    s.input.wait(left);
    return true;
  }
  if (canBlock) {
    sleepCell ??= new Int32Array(new SharedArrayBuffer(4));
    // Atomics.wait may return a little before its timeout (seen in Firefox): wait out the rest.
    for (let ms = left; ms > 0; ms = deadline - performance.now()) Atomics.wait(sleepCell, 0, 0, ms);
    return true;
  }
  if (!warnedSpin && left > 100) {
    warnedSpin = true;
    console.warn(
      `wasip1-web: a guest waits ${Math.round(left)} ms on the page's main thread, which cannot block; ` +
        "the page spins until then. Run it in a worker (runInWorker) to sleep without spinning.",
    );
  }
  while (performance.now() < deadline) {
    // spin: the main thread may not block
  }
  return true;
}

// ---- file stores (js/mount.js) ----------------------------------------------------------
//
// A store is `{ h, n, read }`: `h` a FileSystemSyncAccessHandle (or anything with its
// methods), `n` the file's length or null until asked (the handle is exclusive, so it is kept
// here: asking the handle costs a round trip to the browser's storage process), `read` the count of bytes read
// through it. Reads and writes go between the handle and the guest's memory directly. Answers
// a count, or a negative errno: ENOSPC (51) when the quota is exceeded, EIO (29) for any other
// failure of the handle (closed, lost).
export function store_op(store, slot, op, at, ptr, len) {
  ptr >>>= 0; len >>>= 0;
  try {
    const h = store.h;
    switch (op) {
      case 0: return (store.n ??= h.getSize());
      case 1: case 2: {
        const g8 = guestView(states[slot & 0xffff], ptr + len);
        if (typeof g8 === "number") return -29;
        const view = g8.subarray(ptr, ptr + len);
        if (op === 2) {
          const n = written(h.write(view, { at }), len);
          if (store.n !== null) store.n = n < 0 ? h.getSize() : Math.max(store.n, at + n);
          return n;
        }
        const n = h.read(view, { at });
        store.read += n;
        return n;
      }
      case 3: h.truncate(at); store.n = at; return 0;
      case 4: h.flush(); return 0;
      case 5: {
        h.truncate(0);
        store.n = 0;
        const n = written(h.write(hostView(ptr + len).subarray(ptr, ptr + len), { at: 0 }), len);
        store.n = n < 0 ? h.getSize() : n;
        return n < 0 ? n : 0;
      }
      case 6: return h.read(hostView(ptr + len).subarray(ptr, ptr + len), { at: 0 });
    }
  } catch (e) {
    return typeof e?.errno === "number" ? -e.errno : e?.name === "QuotaExceededError" ? -51 : -29;
  }
  return -29;
}

// What a sync access handle's write of `len` bytes answered, as the call's result: `len`, or
// -ENOSPC for a short count (the quota ran out) or for a count above `len`: Chromium 156 returns
// its own error code as an unsigned number when the quota runs out (2^32 - 8, base::File's
// FILE_ERROR_NO_SPACE) instead of throwing QuotaExceededError, having written part of the bytes;
// any other such count is EIO.
function written(n, len) {
  return n === len ? n : n < len || n === 0xfffffff8 ? -51 : -29;
}

// A host backend (the terminal runner's `--dir`): `{ list, create, remove, rename, link, file }`
// with synchronous methods (see services.rs, JsBackend); `list` and `create` return their entries
// as NUL-separated text, the others nothing; a failure throws an object with `errno` (a WASI errno number).
export function backend_call(backend, op, a, b, c, d) {
  try {
    return backend[op](a, b, c, d) ?? 0;
  } catch (e) {
    return typeof e?.errno === "number" ? e.errno : 29;
  }
}

// The store of a backend's file `id` (read and written through `backend.file(id)`).
export function backend_store(backend, id, size) {
  return { h: backend.file(id), n: size, read: 0 };
}

// A durability point with mounts: the first call starts `persist()` (a promise) and answers -1,
// the guest waits for it (PENDING) and calls again, and the second call answers how it went:
// 0, or an errno (ENOSPC for a full quota, EIO otherwise).
// Outside startAsync nothing can wait: ENOTSUP (58).
export function persist(slot, callback) {
  const s = states[slot & 0xffff];
  const done = s.persisted;
  if (done !== undefined) {
    s.persisted = undefined;
    return done;
  }
  if (!s.async) return 58;
  s.waiting = Promise.resolve().then(() => callback()).then(
    () => { s.persisted = 0; },
    (e) => { s.persisted = e?.name === "QuotaExceededError" ? 51 : 29; },
  );
  return -1;
}

// The copy functions get i32 arguments (see glue.rs): addresses and lengths are read back as
// unsigned with `>>> 0`.
export function g_read(slot, g, h, len) {
  g >>>= 0; h >>>= 0; len >>>= 0;
  const g8 = guestView(states[slot & 0xffff], g + len);
  if (typeof g8 === "number") return g8;
  const h8 = hostView(h + len);
  if (len <= 64) {
    for (let i = 0; i < len; i++) h8[h + i] = g8[g + i];
  } else {
    h8.set(g8.subarray(g, g + len), h);
  }
  return OK;
}

export function g_write(slot, g, h, len) {
  g >>>= 0; h >>>= 0; len >>>= 0;
  const g8 = guestView(states[slot & 0xffff], g + len);
  if (typeof g8 === "number") return g8;
  const h8 = hostView(h + len);
  if (len <= 64) {
    for (let i = 0; i < len; i++) g8[g + i] = h8[h + i];
  } else {
    g8.set(h8.subarray(h, h + len), g);
  }
  return OK;
}

// Random bytes. crypto.getRandomValues costs about as much for 16 bytes as for 4 KiB, so
// requests under 64 KiB are served from a pool of CSPRNG output refilled 64 KiB at a time;
// every pooled byte is handed out once. Larger requests are filled in place, 64 KiB per call
// (its limit) — or through the pool for a shared memory, whose views getRandomValues refuses.
const pool = new Uint8Array(CHUNK);
let poolAt = CHUNK;

export function g_random(slot, g, len) {
  g >>>= 0; len >>>= 0;
  const g8 = guestView(states[slot & 0xffff], g + len);
  if (typeof g8 === "number") return g8;
  if (len >= CHUNK && g8.buffer instanceof ArrayBuffer) {
    for (let off = 0; off < len; off += CHUNK) {
      crypto.getRandomValues(g8.subarray(g + off, g + Math.min(len, off + CHUNK)));
    }
    return OK;
  }
  for (let done = 0; done < len; ) {
    if (poolAt === CHUNK) {
      crypto.getRandomValues(pool);
      poolAt = 0;
    }
    const n = Math.min(len - done, CHUNK - poolAt);
    if (n <= 16) {
      for (let i = 0; i < n; i++) g8[g + done + i] = pool[poolAt + i];
    } else {
      g8.set(pool.subarray(poolAt, poolAt + n), g + done);
    }
    poolAt += n;
    done += n;
  }
  return OK;
}

// Hands `len` guest bytes at `g` to the stdout/stderr callback as a fresh Uint8Array.
export function emit(slot, fd, g, len) {
  g >>>= 0; len >>>= 0;
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

// What `start` throws for a proc_exit when `returnOnExit` is false.
export function exit_error(code) {
  return Object.assign(new Error(`wasip1-web: the guest exited with code ${code} (returnOnExit: false)`), { code });
}

export function set_trap(slot, message) {
  states[slot & 0xffff].pending = new Error(`wasip1-web: guest trapped: ${message}`);
}

// Runs a guest export to completion. Returns the exit code: 0 when it returns, the code of a
// proc_exit. Throws an Error for a trap, or whatever a host callback threw. With `end` (a
// command's _start), the guest's memory is let go of afterwards.
export function run(slot, fn, end) {
  const s = states[slot & 0xffff];
  s.pending = null;
  try {
    fn();
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw trapError(e);
  } finally {
    if (end) unbind_memory(slot);
  }
}

// For start, runAsync (`command`) and initialize: after checking the instance, binds its memory
// to `slot` and returns its `_start`, or its `_initialize` (null if it has none). Throws what is
// wrong, with nothing bound. (One call from Rust where each check was one.)
export function open_guest(slot, instance, started, command) {
  if (!(instance instanceof WebAssembly.Instance)) throw optionError("expected a WebAssembly.Instance");
  if (started) throw optionError("this Wasi has already run a guest; create a new Wasi per run");
  const e = instance.exports;
  const start = typeof e._start === "function";
  if (command && !start) throw optionError("the guest exports no _start function (a reactor? use wasi.initialize(instance))");
  if (!command && start) throw optionError("this guest is a command (it exports _start): use wasi.start(instance)");
  bind_memory(slot, e.memory);
  return command ? e._start : typeof e._initialize === "function" ? e._initialize : null;
}

// A trap as an Error naming it; anything else (a host callback's exception) as it was thrown.
function trapError(e) {
  if (e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/i.test(e.message))) {
    return new Error(`wasip1-web: guest trapped: ${e.message}`, { cause: e });
  }
  return e;
}

// performance.now itself, bound: wasm calls it with no JS frame in between (a clock read is
// mostly this call; see the README's benchmark notes).
export const now = performance.now.bind(performance);

export function time_origin() {
  return performance.timeOrigin;
}

export function cross_origin_isolated() {
  return globalThis.crossOriginIsolated === true;
}
