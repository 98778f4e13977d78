//! The `Wasi` class: options in, import object out, `start`/`initialize` to run a guest.
#![allow(missing_docs)]

use super::exports::{fill, reserve, unregister};
use super::glue;
use super::services::{BrowserSleeper, CallbackInput, CallbackOutput, ConsoleOutput, CryptoRng, PerformanceClock};
use crate::ctx::WasiCtx;
use crate::stdio::{BytesInput, Output};
use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A directory tree: names map to file contents (bytes or UTF-8 text) or to sub-trees. */
export interface Tree { [name: string]: Uint8Array | string | Tree }

/** Options of `new Wasi(...)`. Every field is optional; the defaults deny everything. */
export interface WasiOptions {
  /** argv; argv[0] is the program name. Default: []. */
  args?: string[];
  /** The environment, as an object or as "KEY=VALUE" strings. Default: empty. */
  env?: Record<string, string> | string[];
  /** Guest directory path -> initial contents. They become fds 3, 4, ... in order. Default: none. */
  preopens?: Record<string, Tree>;
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

/** The import object a guest is instantiated with. */
export interface WasiImportObject {
  wasi_snapshot_preview1: Record<string, (...args: any[]) => number>;
}
"#;

/// The options `new Wasi` takes. Each is read and deserialized on its own so that an error
/// names its field; any other key is refused (a misspelt `stdot` must not be ignored).
const OPTION_NAMES: [&str; 11] = ["args", "env", "preopens", "stdin", "stdout", "stderr", "trace", "perms", "module", "strict", "onDenied"];
const ARGS: usize = 0;
const ENV: usize = 1;
const PREOPENS: usize = 2;
const STDIN: usize = 3;
const STDOUT: usize = 4;
const STDERR: usize = 5;
const TRACE: usize = 6;
const PERMS: usize = 7;
const MODULE: usize = 8;
const STRICT: usize = 9;
const ON_DENIED: usize = 10;

thread_local! {
    /// The option names as JS strings, made once (each conversion from Rust decodes UTF-8).
    static OPTION_KEYS: Vec<JsValue> = OPTION_NAMES.iter().map(|n| JsValue::from_str(n)).collect();
    static IMPORT_MODULE: JsValue = JsValue::from_str("wasi_snapshot_preview1");
}

/// Reads option number `i` of `options` (undefined when absent).
fn raw_option(options: &JsValue, i: usize) -> JsValue {
    OPTION_KEYS.with(|k| Reflect::get(options, &k[i]).unwrap_or(JsValue::UNDEFINED))
}

/// Deserializes option number `i` with serde, or its default when absent; errors name it.
fn option<T: serde::de::DeserializeOwned + Default>(options: &JsValue, i: usize) -> Result<T, JsError> {
    let value = raw_option(options, i);
    if value.is_undefined() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| error(format!("{}: {e}", OPTION_NAMES[i])))
}

/// `env` as an object (in key order) or as `"KEY=VALUE"` strings.
#[derive(Default)]
struct Env(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Env {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Env;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings or an array of \"KEY=VALUE\" strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Env, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = m.next_entry::<String, String>()? {
                    out.push(kv);
                }
                Ok(Env(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Env, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = s.next_element::<String>()? {
                    let Some((k, v)) = item.split_once('=') else {
                        return Err(serde::de::Error::custom(format!("\"{item}\" is not \"KEY=VALUE\"")));
                    };
                    out.push((k.to_owned(), v.to_owned()));
                }
                Ok(Env(out))
            }
            fn visit_unit<E>(self) -> Result<Env, E> {
                Ok(Env::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// `trace`: `true` / `false`, or `{ log: N }` (counters and the last N calls).
#[derive(Default)]
struct TraceOption(Option<usize>);

impl<'de> Deserialize<'de> for TraceOption {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TraceOption;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or { log: N }")
            }
            fn visit_bool<E>(self, on: bool) -> Result<TraceOption, E> {
                Ok(TraceOption(on.then_some(0)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<TraceOption, A::Error> {
                let mut log = None;
                while let Some(key) = m.next_key::<String>()? {
                    if key != "log" {
                        return Err(serde::de::Error::custom(format!("unknown field \"{key}\", expected \"log\"")));
                    }
                    log = Some(m.next_value::<u32>()? as usize);
                }
                log.map(|n| TraceOption(Some(n))).ok_or_else(|| serde::de::Error::custom("expected { log: N }"))
            }
        }
        d.deserialize_any(V)
    }
}

/// An Error whose message starts `wasip1-web: `.
pub(super) fn error(message: impl fmt::Display) -> JsError {
    JsError::new(&format!("wasip1-web: {message}"))
}

fn bytes(value: &JsValue, field: &str) -> Result<Vec<u8>, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(Vec::new())
    } else if let Some(s) = value.as_string() {
        Ok(s.into_bytes())
    } else if let Some(a) = value.dyn_ref::<Uint8Array>() {
        Ok(a.to_vec())
    } else if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(Uint8Array::new(b).to_vec())
    } else {
        Err(error(format!("{field}: expected a string, a Uint8Array or a function")))
    }
}

fn output(value: &JsValue, slot: u32, fd: u32, field: &str) -> Result<Box<dyn Output>, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(Box::new(ConsoleOutput::new(fd == 2)))
    } else if let Some(f) = value.dyn_ref::<Function>() {
        glue::set_output(slot, fd, f);
        Ok(Box::new(CallbackOutput { slot, fd }))
    } else {
        Err(error(format!("{field}: expected a function (chunk: Uint8Array) => void")))
    }
}

/// Loads a preopen's tree into directory `dir`: names map to file contents (Uint8Array or
/// string) or to sub-trees. Errors name the entry.
fn load_tree(fs: &mut crate::vfs::Vfs, dir: crate::vfs::Ino, tree: &Object, at: &str, now: u64) -> Result<(), JsError> {
    use crate::vfs::{Dir, Node};
    for key in Object::keys(tree).iter() {
        let name = key.as_string().unwrap_or_default();
        let path = format!("{at}/{name}");
        if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
            return Err(error(format!("preopens: invalid name \"{path}\"")));
        }
        if name.len() > crate::vfs::NAME_MAX {
            return Err(error(format!("preopens: \"{path}\": a name may have at most {} bytes", crate::vfs::NAME_MAX)));
        }
        let value = Reflect::get(tree, &key).unwrap_or(JsValue::UNDEFINED);
        let node = if let Some(s) = value.as_string() {
            Node::File(s.into_bytes())
        } else if let Some(a) = value.dyn_ref::<Uint8Array>() {
            Node::File(a.to_vec())
        } else if value.is_object() && !js_sys::Array::is_array(&value) {
            Node::Dir(Dir::default())
        } else {
            return Err(error(format!("preopens: \"{path}\" must be a Uint8Array, a string or a directory tree")));
        };
        let is_dir = matches!(node, Node::Dir(_));
        let existing = fs.dir(dir).ok().and_then(|d| d.get(&name));
        let ino = match existing {
            Some(i) if is_dir && fs.dir(i).is_ok() => i,
            Some(_) => return Err(error(format!("preopens: \"{path}\" is given twice"))),
            None => fs.create(dir, &name, node, now).map_err(|_| error(format!("preopens: cannot create \"{path}\"")))?,
        };
        if is_dir {
            load_tree(fs, ino, value.unchecked_ref(), &path, now)?;
        }
    }
    Ok(())
}

fn preopen_names(value: &JsValue) -> Result<Vec<String>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let Some(obj) = value.dyn_ref::<Object>().filter(|_| !js_sys::Array::is_array(value)) else {
        return Err(error("preopens: expected an object mapping guest paths to trees"));
    };
    let mut names = Vec::new();
    for key in Object::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        let tree = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
        if !tree.is_object() || tree.is_instance_of::<Uint8Array>() {
            return Err(error(format!("preopens[\"{name}\"]: expected a directory tree object")));
        }
        names.push(name);
    }
    Ok(names)
}

/// A WASI preview1 host for one guest.
#[wasm_bindgen]
pub struct Wasi {
    ctx: Rc<RefCell<WasiCtx>>,
    slot: u32,
    imports: JsValue,
    started: Cell<bool>,
}

#[wasm_bindgen]
impl Wasi {
    /// Creates a host from options (see `WasiOptions`). Throws an Error naming the field for
    /// malformed options.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "WasiOptions")] options: JsValue) -> Result<Wasi, JsError> {
        console_error_panic_hook::set_once();
        let options = if options.is_undefined() || options.is_null() { Object::new().into() } else { options };
        let Some(obj) = options.dyn_ref::<Object>().filter(|_| !js_sys::Array::is_array(&options)) else {
            return Err(error("options: expected an object"));
        };
        for key in Object::keys(obj).iter() {
            if !OPTION_KEYS.with(|k| k.contains(&key)) {
                let key = key.as_string().unwrap_or_default();
                return Err(error(format!("unknown option \"{key}\" (known: {})", OPTION_NAMES.join(", "))));
            }
        }
        let args: Vec<String> = option(&options, ARGS)?;
        let env: Env = option(&options, ENV)?;
        let stdin_value = raw_option(&options, STDIN);
        let stdin_fn = stdin_value.dyn_ref::<Function>().cloned();
        let stdin = if stdin_fn.is_some() { Vec::new() } else { bytes(&stdin_value, "stdin")? };
        let preopen_trees = raw_option(&options, PREOPENS);
        let preopens = preopen_names(&preopen_trees)?;
        let (stdout, stderr) = (raw_option(&options, STDOUT), raw_option(&options, STDERR));
        let trace: TraceOption = option(&options, TRACE)?;
        let policy = super::perms::policy_option(&raw_option(&options, PERMS), &raw_option(&options, MODULE), &raw_option(&options, STRICT)).map_err(error)?;
        let on_denied = raw_option(&options, ON_DENIED);
        let on_denied = match on_denied.dyn_ref::<Function>() {
            Some(f) => Some(f.clone()),
            None if on_denied.is_undefined() || on_denied.is_null() => None,
            None => return Err(error("onDenied: expected a function (denial) => void")),
        };
        if trace.0.is_some() && !cfg!(feature = "trace") {
            return Err(error("trace: this build of wasip1-web has no tracing"));
        }

        // The slot comes first: the stdio sinks and the import object name it. If building the
        // context fails after this, the slot is released like any other, once the import
        // object made for it has been collected.
        let slot = reserve().map_err(error)?;
        if !glue::has_trampolines() {
            glue::load_trampolines(&crate::abi::trampoline_module());
        }
        let imports = glue::make_imports(&wasm_bindgen::exports(), slot);
        let sleeper = Box::new(BrowserSleeper::new(slot));
        let mut b = WasiCtx::builder(Box::new(PerformanceClock::new()), Box::new(CryptoRng(slot)), sleeper)
            .args(args)
            .env(env.0)
            .stdin(match &stdin_fn {
                Some(f) => {
                    glue::set_input(slot, f);
                    Box::new(CallbackInput(slot)) as Box<dyn crate::stdio::Input>
                }
                None => Box::new(BytesInput::new(stdin)),
            })
            .stdout(output(&stdout, slot, 1, "stdout")?)
            .stderr(output(&stderr, slot, 2, "stderr")?)
            .policy(policy);
        for p in preopens {
            b = b.preopen(p);
        }
        if let Some(log) = trace.0 {
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
        let object = Object::new();
        IMPORT_MODULE.with(|m| Reflect::set(&object, m, &imports)).map_err(|_| error("import object"))?;
        Ok(Wasi { ctx, slot, imports: object.into(), started: Cell::new(false) })
    }

    /// `{ wasi_snapshot_preview1: wasiImport }`, for `WebAssembly.instantiate`.
    #[wasm_bindgen(js_name = getImportObject, unchecked_return_type = "WasiImportObject")]
    pub fn get_import_object(&self) -> JsValue {
        self.imports.clone()
    }

    /// The bare `wasi_snapshot_preview1` import object: all 46 functions.
    #[wasm_bindgen(getter = wasiImport, unchecked_return_type = "Record<string, (...args: any[]) => number>")]
    pub fn wasi_import(&self) -> JsValue {
        IMPORT_MODULE.with(|m| Reflect::get(&self.imports, m)).unwrap_or(JsValue::UNDEFINED)
    }

    /// Runs a command's `_start` and returns its exit code: 0 when `_start` returns, the
    /// `proc_exit` code otherwise. A trap throws an Error naming it; the Wasi stays readable.
    /// Throws if the instance exports no memory or no `_start`, or was already started.
    pub fn start(&self, instance: &WebAssembly::Instance) -> Result<u32, JsValue> {
        let exports = self.check(instance)?;
        let start = function(&exports, "_start")
            .ok_or_else(|| error("the guest exports no _start function (a reactor? use wasi.initialize(instance))"))?;
        self.bind(&exports)?;
        let result = glue::run(self.slot, &start);
        glue::unbind_memory(self.slot);
        self.ctx.borrow_mut().flush();
        result
    }

    /// Runs a reactor's `_initialize`, if it exports one; afterwards its exports may be
    /// called. Throws for a command (one that exports `_start`) and on a second call.
    pub fn initialize(&self, instance: &WebAssembly::Instance) -> Result<(), JsValue> {
        let exports = self.check(instance)?;
        if function(&exports, "_start").is_some() {
            return Err(error("this guest is a command (it exports _start): use wasi.start(instance)").into());
        }
        self.bind(&exports)?;
        if let Some(init) = function(&exports, "_initialize") {
            glue::run(self.slot, &init)?;
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
        WasiFs { ctx: self.ctx.clone() }
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
        let ctx = self.ctx.try_borrow().map_err(|_| error("denials: not readable while the guest is in a call (use the record onDenied is given)"))?;
        Ok(ctx.denials.list.iter().map(super::perms::denial_object).collect())
    }

    /// The exit code of `proc_exit`, once the guest has called it; `undefined` before.
    #[wasm_bindgen(getter = exitCode)]
    pub fn exit_code(&self) -> Option<u32> {
        self.ctx.borrow().exit_code
    }
}

fn function(exports: &Object, name: &str) -> Option<Function> {
    Reflect::get(exports, &name.into()).ok()?.dyn_into::<Function>().ok()
}

impl Wasi {
    /// The instance's exports, if it is an instance and this Wasi has not run a guest yet.
    fn check(&self, instance: &WebAssembly::Instance) -> Result<Object, JsValue> {
        if !instance.is_instance_of::<WebAssembly::Instance>() {
            return Err(error("expected a WebAssembly.Instance").into());
        }
        if self.started.get() {
            return Err(error("this Wasi has already run a guest; create a new Wasi per run").into());
        }
        Ok(instance.exports())
    }

    /// Binds the guest's exported memory to this Wasi; from now on it counts as started.
    fn bind(&self, exports: &Object) -> Result<(), JsValue> {
        let memory = Reflect::get(exports, &"memory".into()).unwrap_or(JsValue::UNDEFINED);
        if !memory.is_instance_of::<WebAssembly::Memory>() {
            return Err(error("the guest exports no memory named \"memory\"").into());
        }
        glue::bind_memory(self.slot, &memory);
        self.started.set(true);
        Ok(())
    }
}


/// A guest's syscall profile (`wasi.trace`). Readable during and after the run.
#[wasm_bindgen]
pub struct WasiTrace {
    ctx: Rc<RefCell<WasiCtx>>,
}

/// Sets `o[key] = value` (on a fresh plain object, which cannot refuse it).
pub(super) fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &key.into(), value);
}

#[wasm_bindgen]
impl WasiTrace {
    /// `{ [syscall]: { calls, errors: { [errnoName]: count }, timeUs } }` for the calls made.
    #[wasm_bindgen(unchecked_return_type = "TraceSummary")]
    pub fn summary(&self) -> JsValue {
        let out = Object::new();
        if let Some(trace) = &self.ctx.borrow().trace {
            for (name, s) in trace.summary() {
                let entry = Object::new();
                set(&entry, "calls", &(s.calls as f64).into());
                let errors = Object::new();
                for &(e, n) in &s.errors {
                    set(&errors, crate::errno::Errno(e).name(), &(n as f64).into());
                }
                set(&entry, "errors", &errors);
                set(&entry, "timeUs", &(s.time_ns as f64 / 1e3).into());
                set(&out, name, &entry);
            }
        }
        out.into()
    }

    /// The last calls kept by `{ log: N }`, oldest first: `{ name, args, errno, durationUs }`.
    #[wasm_bindgen(unchecked_return_type = "TraceEntry[]")]
    pub fn log(&self) -> JsValue {
        let out = js_sys::Array::new();
        if let Some(trace) = &self.ctx.borrow().trace {
            for e in trace.log() {
                let sig = crate::syscalls::ALL[e.call as usize];
                let args: js_sys::Array = sig
                    .params
                    .bytes()
                    .zip(e.args)
                    .map(|(t, v)| if t == b'I' { js_sys::BigInt::from(v).into() } else { JsValue::from(v as u32) })
                    .collect();
                let entry = Object::new();
                set(&entry, "name", &sig.name.into());
                set(&entry, "args", &args);
                set(&entry, "errno", &e.errno.map_or(JsValue::NULL, |n| n.into()));
                set(&entry, "durationUs", &(e.duration_ns as f64 / 1e3).into());
                out.push(&entry);
            }
        }
        out.into()
    }
}

/// The guest's filesystem from the host (`wasi.fs`). Paths are guest-absolute and resolved
/// from the preopen that covers them, with the guest's rules. Errors are Errors naming the
/// call, the path and the errno (`fs.readFile("/data/x"): ENOENT`).
#[wasm_bindgen]
pub struct WasiFs {
    ctx: Rc<RefCell<WasiCtx>>,
}

fn fs_error(call: &str, path: &str, e: crate::errno::Error) -> JsError {
    let what = match e {
        crate::errno::Error::Errno(e) => e.name().to_string(),
        crate::errno::Error::Trap(t) => t.to_string(),
    };
    error(format!("fs.{call}(\"{path}\"): {what}"))
}

impl WasiFs {
    fn with<T>(&self, call: &str, path: &str, f: impl FnOnce(&mut WasiCtx) -> crate::errno::Result<T>) -> Result<T, JsError> {
        let mut ctx = self.ctx.try_borrow_mut().map_err(|_| error(format!("fs.{call}: the guest is running (called from a callback?)")))?;
        f(&mut ctx).map_err(|e| fs_error(call, path, e))
    }
}

#[wasm_bindgen]
impl WasiFs {
    /// A file's contents.
    #[wasm_bindgen(js_name = readFile)]
    pub fn read_file(&self, path: &str) -> Result<Uint8Array, JsError> {
        self.with("readFile", path, |c| c.host_read_file(path).map(Uint8Array::from))
    }

    /// Creates or replaces a file (its directory must exist).
    #[wasm_bindgen(js_name = writeFile)]
    pub fn write_file(&self, path: &str, #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] data: JsValue) -> Result<(), JsError> {
        let bytes = bytes(&data, "writeFile")?;
        self.with("writeFile", path, |c| c.host_write_file(path, bytes))
    }

    /// Entry names of a directory, without `.` and `..`.
    #[wasm_bindgen(js_name = readDir, unchecked_return_type = "string[]")]
    pub fn read_dir(&self, path: &str) -> Result<js_sys::Array, JsError> {
        self.with("readDir", path, |c| c.host_read_dir(path).map(|v| v.iter().map(|n| JsValue::from_str(n)).collect()))
    }

    /// Creates a directory (its parent must exist).
    pub fn mkdir(&self, path: &str) -> Result<(), JsError> {
        self.with("mkdir", path, |c| c.host_mkdir(path))
    }

    /// Type, size, links, inode number and times.
    #[wasm_bindgen(unchecked_return_type = "WasiStat")]
    pub fn stat(&self, path: &str) -> Result<JsValue, JsError> {
        let st = self.with("stat", path, |c| c.host_stat(path))?;
        let o = Object::new();
        set(&o, "type", &st.kind.into());
        set(&o, "size", &(st.size as f64).into());
        set(&o, "nlink", &(st.nlink as f64).into());
        set(&o, "ino", &(st.ino as f64).into());
        for (name, t) in ["atime", "mtime", "ctime"].iter().zip(st.times) {
            set(&o, name, &js_sys::BigInt::from(t).into());
        }
        Ok(o.into())
    }

    /// Removes a file, a symlink or an empty directory.
    pub fn remove(&self, path: &str) -> Result<(), JsError> {
        self.with("remove", path, |c| c.host_remove(path))
    }
}
