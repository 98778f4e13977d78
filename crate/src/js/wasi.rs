//! The `Wasi` class: options in, import object out, `start`/`initialize` to run a guest.
#![allow(missing_docs)]

use super::exports::{fill, flush_outputs, reserve, unregister};
use super::fs::WasiFs;
use super::glue;
use super::services::{BrowserSleeper, CallbackInput, CallbackOutput, ConsoleOutput, CryptoRng, PerformanceClock};
use super::trace::WasiTrace;
use super::tree::load_tree;
use super::{error, Global};
use crate::ctx::{StringList, WasiCtx};
use crate::stdio::{BytesInput, Input, Output};
use js_sys::{Function, Object, Reflect, WebAssembly};
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A directory tree: names map to file contents (bytes or UTF-8 text) or to sub-trees. */
export interface Tree { [name: string]: Uint8Array | string | Tree }
/** A preopen whose files live outside memory: `opfs(path)` or `directory(handle)` (package entry). */
export interface Mount { wasip1Mount: "opfs" | "directory"; path?: string; handle?: FileSystemDirectoryHandle }

/** Options of `new Wasi(...)`. Every field is optional; the defaults deny everything. */
export interface WasiOptions {
  /** argv; argv[0] is the program name. Default: []. */
  args?: string[];
  /** The environment, as an object or as "KEY=VALUE" strings. Default: empty. */
  env?: Record<string, string> | string[];
  /** Guest directory path -> initial contents. They become fds 3, 4, ... in order. Default: none. */
  preopens?: Record<string, Tree | Mount>;
  /**
   * What fd 0 reads: bytes or text, then end of file; or a function called for more whenever
   * the guest has read what it gave (null, undefined or empty is end of file). In a worker the
   * function may block. It may also have `ready(): boolean` (data is there without blocking)
   * and `wait(ms)` (block until data may be there), which poll_oneoff uses. Default: empty.
   */
  stdin?: Uint8Array | string | StdinSource;
  /** Receives each write to fd 1 as a new Uint8Array (it never aliases guest memory). Default: console.log, line by line. */
  stdout?: (chunk: Uint8Array) => void;
  /** Receives each write to fd 2. Default: console.error, line by line. */
  stderr?: (chunk: Uint8Array) => void;
  /**
   * Whether fds 0, 1 and 2 are terminals (`isatty`): `true`/`false` for all three, or per fd.
   * Default: each follows what it is connected to — stdin given as bytes or text is a pipe, a
   * stdin callback a terminal; a stdout/stderr callback is a pipe, the console a terminal.
   */
  tty?: boolean | { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  /** Node's option: only "preview1" is accepted. */
  version?: "preview1";
  /**
   * Node's option. true (the default): `start` returns the code the guest gives `proc_exit`.
   * false: `start` throws an Error carrying it as `code` instead (the browser has no process
   * to end, as Node would).
   */
  returnOnExit?: boolean;
  /** The syscall profile (`wasi.trace`): `true` for counters, `{ log: N }` to also keep the last N calls. Default: off. */
  trace?: boolean | { log: number };
  /**
   * A wasip1-perms manifest (object or JSON text) limiting what the guest may touch; see
   * perms/README.md. With an embedded manifest too, the guest gets the intersection. Default: none.
   */
  perms?: PermsManifest | string;
  /** The guest's compiled module, so that its embedded `wasip1-perms` section (if any) applies. */
  module?: WebAssembly.Module;
  /** Deny a guest that embeds no manifest every path, the environment and argv[1..]. Needs `module`. Default: false. */
  strict?: boolean;
  /** Called with each refusal as it happens (also recorded in `wasi.denials`). */
  onDenied?: (denial: Denial) => void;
}

/** A wasip1-perms manifest, version 1 (perms/schema.json). What it leaves out is denied. */
export interface PermsManifest {
  version: 1;
  fs?: { read?: string[]; write?: string[] };
  env?: string[];
  args?: boolean;
}

/**
 * One kind of refusal: the syscall, what it was refused on (`path`: guest-absolute and
 * resolved; `name`: an environment variable, or "argv"), the access, when it first happened
 * (ms since the Unix epoch) and how many times.
 */
export interface Denial {
  syscall: string;
  path?: string;
  name?: string;
  access: "read" | "write" | "read+write" | "env" | "args";
  time: number;
  count: number;
}

/** Per syscall called: calls, errors by errno name, and total time in the host (µs). */
export type TraceSummary = Record<string, { calls: number; errors: Record<string, number>; timeUs: number }>;

/** One logged call: i64 arguments are BigInts; `errno` is null for a call that ended the guest. */
export interface TraceEntry { name: string; args: (number | bigint)[]; errno: number | null; durationUs: number }

/** What `wasi.fs.stat` reports (times in ns since the Unix epoch). */
export interface WasiStat { type: "file" | "directory" | "symlink"; size: number; nlink: number; ino: number; atime: bigint; mtime: bigint; ctime: bigint }

/** A stdin callback: returns up to `max` bytes (or text), or null at end of file. */
export interface StdinSource {
  (max: number): Uint8Array | string | null | undefined;
  ready?(): boolean;
  wait?(timeoutMs: number): void;
}

/** The import object a guest is instantiated with. `wasi_snapshot_preview1` is a plain, writable object. */
export interface WasiImportObject {
  wasi_snapshot_preview1: Record<string, (...args: any[]) => number>;
}
"#;


/// `"wasi_snapshot_preview1"`, the import module's name, as a JS string made once (each
/// conversion from Rust decodes UTF-8).
static IMPORT_MODULE: Global<OnceCell<JsValue>> = Global(OnceCell::new());

/// Whether glue.js has the trampoline module (given at the first `new Wasi`).
static TRAMPOLINES: Global<Cell<bool>> = Global(Cell::new(false));

fn import_module() -> &'static JsValue {
    IMPORT_MODULE.0.get_or_init(|| JsValue::from_str("wasi_snapshot_preview1"))
}

/// fd 1 or 2: the callback given (a pipe unless `tty` says otherwise; glue.js holds it), else
/// the console line by line (a terminal unless `tty` says otherwise).
fn output(callback: bool, slot: u32, fd: u32, terminal: bool) -> Box<dyn Output> {
    if callback {
        Box::new(CallbackOutput { slot, fd, terminal })
    } else {
        Box::new(ConsoleOutput::new(fd == 2, terminal))
    }
}

/// What glue.js `read_options` answers: the pieces' indices (for `opt_take`) and the bits.
mod opt {
    pub const SEED: u32 = 0;
    pub const PREOPENS: u32 = 2;
    pub const STDIN: u32 = 3;
    pub const TRACE: u32 = 7;
    pub const PERMS: u32 = 8;
    pub const MODULE: u32 = 9;
    pub const STRICT: u32 = 10;
    pub const ON_DENIED: u32 = 11;
    pub const PREOPEN_NAMES: u32 = 14;

    pub const RETURN_ON_EXIT: u32 = 1;
    pub const TTY_IN: u32 = 2;
    pub const TTY_OUT: u32 = 4;
    pub const TTY_ERR: u32 = 8;
    pub const TRACE_ON: u32 = 16;
    pub const STDIN_FN: u32 = 32;
    pub const POLICY: u32 = 64;
    pub const STDOUT_FN: u32 = 128;
    pub const STDERR_FN: u32 = 256;
    pub const ON_DENIED_FN: u32 = 512;
    pub const STDIN_BYTES: u32 = 1024;
    pub const PREOPENED: u32 = 2048;
}

/// A WASI preview1 host for one guest.
#[wasm_bindgen]
pub struct Wasi {
    ctx: Rc<RefCell<WasiCtx>>,
    slot: u32,
    imports: JsValue,
    started: Cell<bool>,
    return_on_exit: bool,
}

#[wasm_bindgen]
impl Wasi {
    /// Creates a host from options (see `WasiOptions`). Throws an Error naming the field for
    /// malformed options.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "WasiOptions")] options: JsValue) -> Result<Wasi, JsValue> {
        console_error_panic_hook::set_once();
        // glue.js checks every option in one pass; the pieces are then taken one call each.
        let bits = glue::read_options(&options)?;
        let has = |bit: u32| bits & bit != 0;
        // argv, the environment and the stdio callbacks, which glue.js keeps (make_imports).
        let seed = glue::opt_take(opt::SEED);
        // (Each piece crosses only when there is one.)
        let stdin = if has(opt::STDIN_BYTES) { glue::opt_bytes(opt::STDIN) } else { Vec::new() };
        let (preopen_trees, preopens) = if has(opt::PREOPENED) {
            (glue::opt_take(opt::PREOPENS), StringList::from_packed(glue::opt_bytes(opt::PREOPEN_NAMES)))
        } else {
            (JsValue::UNDEFINED, StringList::default())
        };
        let trace = has(opt::TRACE_ON).then(|| glue::opt_take(opt::TRACE).as_f64().unwrap_or(0.0) as usize);
        // (The lean build makes no policy, so has no refusals to report.)
        let on_denied = has(opt::ON_DENIED_FN).then(|| glue::opt_take(opt::ON_DENIED).unchecked_into::<Function>()).filter(|_| super::FULL);
        // Every piece is taken before any user code can run (a manifest's toJSON, a tree's
        // getter), which could make another Wasi and so read other options.
        let policy = if has(opt::POLICY) {
            let (perms, module, strict) = (glue::opt_take(opt::PERMS), glue::opt_take(opt::MODULE), glue::opt_take(opt::STRICT));
            super::perms::policy_option(&perms, &module, &strict).map_err(error)?
        } else {
            None
        };
        if trace.is_some() && !super::FULL {
            return Err(error(super::lean_only("trace")).into());
        }

        // The slot comes first: the stdio sinks and the import object name it. If building the
        // context fails after this, the slot is released like any other, once the import
        // object made for it has been collected.
        let slot = reserve().map_err(error)?;
        if !TRAMPOLINES.0.get() {
            glue::load_trampolines(crate::abi::TRAMPOLINES, crate::abi::GROUPS, &wasm_bindgen::exports());
            TRAMPOLINES.0.set(true);
        }
        let imports = glue::make_imports(slot, &seed);
        // argv and the environment stay JS strings until the guest reads them.
        let lists = move || (StringList::from_packed(glue::take_list(slot, 0)), StringList::from_packed(glue::take_list(slot, 1)));
        let sleeper = Box::new(BrowserSleeper::new(slot));
        let stdin: Box<dyn Input> = if has(opt::STDIN_FN) {
            Box::new(CallbackInput { slot, terminal: has(opt::TTY_IN) })
        } else {
            Box::new(BytesInput::new(stdin).terminal(has(opt::TTY_IN)))
        };
        let mut b = WasiCtx::builder(Box::new(PerformanceClock::new()), Box::new(CryptoRng(slot)), sleeper)
            .deferred(Box::new(lists))
            .stdin(stdin)
            .stdout(output(has(opt::STDOUT_FN), slot, 1, has(opt::TTY_OUT)))
            .stderr(output(has(opt::STDERR_FN), slot, 2, has(opt::TTY_ERR)))
            .policy(policy);
        for p in preopens.iter() {
            b = b.preopen(String::from_utf8_lossy(p).into_owned());
        }
        if let Some(log) = trace {
            b = b.trace(log);
        }
        let mut built = b.build().map_err(error)?;
        if let Some(f) = on_denied {
            built.on_denied = Some(Box::new(move |d| {
                // A throwing hook must not break the guest's call: report it and go on.
                if let Err(e) = f.call1(&JsValue::NULL, &super::perms::denial_object(d)) {
                    web_sys::console::error_2(&"wasip1-web: onDenied threw".into(), &e);
                }
            }));
        }
        if let Some(trees) = preopen_trees.dyn_ref::<Object>() {
            let now = built.clock.realtime_ns();
            for (name, root) in built.preopens.clone() {
                let tree = Reflect::get(trees, &name.as_str().into()).unwrap_or(JsValue::UNDEFINED);
                load_tree(&mut built.fs, root, tree.unchecked_ref(), name.trim_end_matches('/'), now)?;
            }
        }
        let ctx = Rc::new(RefCell::new(built));
        fill(slot, ctx.clone());
        Ok(Wasi { ctx, slot, imports, started: Cell::new(false), return_on_exit: has(opt::RETURN_ON_EXIT) })
    }
    /// `{ wasi_snapshot_preview1: wasiImport }`, for `WebAssembly.instantiate`. With
    /// `{ async: true }`, the imports a guest started with `startAsync` needs where the browser
    /// has JSPI: the calls that may wait (`poll_oneoff`, stdin reads) suspend the guest instead
    /// of blocking (where it has not, the same object as without).
    #[wasm_bindgen(js_name = getImportObject, unchecked_return_type = "WasiImportObject")]
    pub fn get_import_object(&self, options: Option<JsValue>) -> JsValue {
        let want_async = options.is_some_and(|o| o.is_object() && Reflect::get(&o, &"async".into()).ok().and_then(|v| v.as_bool()) == Some(true));
        if want_async && glue::jspi() {
            let object = Object::new();
            let imports = glue::async_imports(self.slot);
            if Reflect::set(&object, import_module(), &imports).is_ok() {
                return object.into();
            }
        }
        self.imports.clone()
    }

    /// The bare `wasi_snapshot_preview1` import object: all 46 functions.
    #[wasm_bindgen(getter = wasiImport, unchecked_return_type = "Record<string, (...args: any[]) => number>")]
    pub fn wasi_import(&self) -> JsValue {
        Reflect::get(&self.imports, import_module()).unwrap_or(JsValue::UNDEFINED)
    }

    /// Runs a command's `_start` and returns its exit code: 0 when `_start` returns, the
    /// `proc_exit` code otherwise. A trap throws an Error naming it; the Wasi stays readable.
    /// Throws if the instance exports no memory or no `_start`, or was already started.
    pub fn start(&self, instance: &WebAssembly::Instance) -> Result<u32, JsValue> {
        let start = self.open(instance, true)?;
        // (run lets go of the guest's memory as the run ends.)
        let result = glue::run(self.slot, start.unchecked_ref(), true);
        flush_outputs(&self.ctx);
        self.exit_outcome(result?)
    }

    /// Runs a command's `_start` through `WebAssembly.promising` (the package's `startAsync`
    /// wraps this: it instantiates a module with the async imports and ends the run). Its
    /// promise settles with 0, the `proc_exit` code, or the trap. Needs JSPI.
    #[wasm_bindgen(js_name = runAsync, skip_typescript)]
    pub fn run_async(&self, instance: &WebAssembly::Instance) -> Result<js_sys::Promise, JsValue> {
        if !glue::jspi() {
            return Err(error("startAsync needs JSPI (WebAssembly.Suspending and WebAssembly.promising), which this browser lacks").into());
        }
        let start = self.open(instance, true)?;
        Ok(glue::run_async(self.slot, start.unchecked_ref()))
    }

    /// wasi-threads (js/threads.js): binds the guest's shared memory, which every thread of the
    /// guest imports, and returns the `{ call(name, args), finish() }` through which that
    /// module makes each thread's calls here, on the thread that owns this Wasi (see glue.js's
    /// `thread_server`). From then on it counts as started.
    #[wasm_bindgen(js_name = serveThreads, skip_typescript)]
    pub fn serve_threads(&self, memory: &JsValue) -> Result<JsValue, JsValue> {
        if self.started.get() {
            return Err(error("this Wasi has already run a guest; create a new Wasi per run").into());
        }
        glue::bind_memory(self.slot, memory)?;
        self.started.set(true);
        Ok(glue::thread_server(self.slot))
    }

    /// After a run (`start`'s, or `runAsync`'s): the `returnOnExit: false` Error for a
    /// `proc_exit`, if any; else `code`.
    #[wasm_bindgen(js_name = exitOutcome, skip_typescript)]
    pub fn exit_outcome(&self, code: u32) -> Result<u32, JsValue> {
        match self.ctx.try_borrow().ok().and_then(|c| c.exit_code) {
            Some(code) if !self.return_on_exit => Err(glue::exit_error(code)),
            _ => Ok(code),
        }
    }

    /// Runs a reactor's `_initialize`, if it exports one; afterwards its exports may be
    /// called. Throws for a command (one that exports `_start`) and on a second call.
    pub fn initialize(&self, instance: &WebAssembly::Instance) -> Result<(), JsValue> {
        let init = self.open(instance, false)?;
        if let Some(init) = init.dyn_ref::<Function>() {
            glue::run(self.slot, init, false)?;
        }
        Ok(())
    }

    /// Releases this guest's context now: its imports throw from then on. The package's
    /// `free()` calls it (wasm-bindgen's own `free` cannot tell an explicit free from garbage
    /// collection, after which a guest that still holds its imports must keep working).
    #[wasm_bindgen(js_name = releaseContext, skip_typescript)]
    pub fn release_context(&self) {
        unregister(self.slot);
        glue::forget_state(self.slot);
    }

    /// The guest's filesystem, seen from the host: guest-absolute paths (`/data/out.txt`).
    /// Usable before and after `start`.
    #[wasm_bindgen(getter)]
    pub fn fs(&self) -> WasiFs {
        WasiFs { ctx: self.ctx.clone(), slot: self.slot }
    }

    /// The syscall profile, when the `trace` option is on; `undefined` otherwise.
    #[wasm_bindgen(getter)]
    pub fn trace(&self) -> Option<WasiTrace> {
        self.ctx.borrow().trace.is_some().then(|| WasiTrace { ctx: self.ctx.clone() })
    }

    /// What the wasip1-perms policy refused so far, one record per kind (see `Denial`); empty
    /// without a policy.
    #[wasm_bindgen(getter, unchecked_return_type = "Denial[]")]
    pub fn denials(&self) -> Result<js_sys::Array, JsError> {
        if !super::FULL {
            return Ok(js_sys::Array::new());
        }
        let ctx = self.ctx.try_borrow().map_err(|_| error("denials: not readable while the guest is in a call (use the record onDenied is given)"))?;
        Ok(ctx.denials.list.iter().map(super::perms::denial_object).collect())
    }

    /// The exit code of `proc_exit`, once the guest has called it; `undefined` before.
    #[wasm_bindgen(getter = exitCode)]
    pub fn exit_code(&self) -> Option<u32> {
        self.ctx.borrow().exit_code
    }
}

impl Wasi {
    /// The guest's `_start` (`command`) or `_initialize` (null if it has none), once the
    /// instance is checked (glue.js `open_guest`, in one call) and its memory bound: from then
    /// on this Wasi counts as started.
    fn open(&self, instance: &WebAssembly::Instance, command: bool) -> Result<JsValue, JsValue> {
        let f = glue::open_guest(self.slot, instance, self.started.get(), command)?;
        self.started.set(true);
        Ok(f)
    }
}
