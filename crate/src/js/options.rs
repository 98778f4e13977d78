//! Reading `new Wasi(options)`: each option on its own, so that an error names its field, with
//! plain `js_sys` checks (no serde: its error paths would ship float formatting to every page).
//! Any key not listed here is refused: a misspelt `stdot` must not be silently ignored.

use super::{error, glue, Global};
use std::cell::OnceCell;
use crate::ctx::StringList;
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Every option `new Wasi` takes, in the order the errors list them.
pub const NAMES: [&str; 14] = [
    "args", "env", "preopens", "stdin", "stdout", "stderr", "tty", "trace", "perms", "module", "strict", "onDenied",
    "version", "returnOnExit",
];
pub const ARGS: usize = 0;
pub const ENV: usize = 1;
pub const PREOPENS: usize = 2;
pub const STDIN: usize = 3;
pub const STDOUT: usize = 4;
pub const STDERR: usize = 5;
pub const TTY: usize = 6;
pub const TRACE: usize = 7;
pub const PERMS: usize = 8;
pub const MODULE: usize = 9;
pub const STRICT: usize = 10;
pub const ON_DENIED: usize = 11;
pub const VERSION: usize = 12;
pub const RETURN_ON_EXIT: usize = 13;

/// The option names as JS strings, made once (each conversion from Rust decodes UTF-8).
static KEYS: Global<OnceCell<Vec<JsValue>>> = Global(OnceCell::new());

fn keys() -> &'static [JsValue] {
    KEYS.0.get_or_init(|| NAMES.iter().map(|n| JsValue::from_str(n)).collect())
}

/// The options object, checked to be an object with known keys only.
pub struct Options(JsValue);

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

impl Options {
    /// Checks `value` (undefined or null: no options).
    pub fn new(value: JsValue) -> Result<Options, JsError> {
        if absent(&value) {
            return Ok(Options(Object::new().into()));
        }
        let Some(obj) = value.dyn_ref::<Object>().filter(|_| !Array::is_array(&value)) else {
            return Err(error("options: expected an object"));
        };
        for key in Object::keys(obj).iter() {
            if !keys().contains(&key) {
                let key = key.as_string().unwrap_or_default();
                return Err(error(format!("unknown option \"{key}\" (known: {})", NAMES.join(", "))));
            }
        }
        Ok(Options(value))
    }

    /// Option number `i` as given (undefined when absent).
    pub fn raw(&self, i: usize) -> JsValue {
        Reflect::get(&self.0, &keys()[i]).unwrap_or(JsValue::UNDEFINED)
    }

    /// `args`: an array of strings. Default: none.
    pub fn args(&self) -> Result<Vec<String>, JsError> {
        let v = self.raw(ARGS);
        if absent(&v) {
            return Ok(Vec::new());
        }

        let Some(a) = v.dyn_ref::<Array>() else { return Err(error("args: expected an array of strings")) };
        a.iter()
            .enumerate()
            .map(|(i, s)| s.as_string().ok_or_else(|| error(format!("args[{i}]: expected a string"))))
            .collect()
    }

    /// `env`: an object of strings (in key order) or an array of `"KEY=VALUE"` strings.
    pub fn env(&self) -> Result<Vec<(String, String)>, JsError> {
        let v = self.raw(ENV);
        if absent(&v) {
            return Ok(Vec::new());
        }

        if let Some(a) = v.dyn_ref::<Array>() {
            return a
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let s = s.as_string().ok_or_else(|| error(format!("env[{i}]: expected a \"KEY=VALUE\" string")))?;
                    let (k, v) = s.split_once('=').ok_or_else(|| error(format!("env[{i}]: \"{s}\" is not \"KEY=VALUE\"")))?;
                    Ok((k.to_owned(), v.to_owned()))
                })
                .collect();
        }
        let Some(o) = v.dyn_ref::<Object>() else {
            return Err(error("env: expected an object of strings or an array of \"KEY=VALUE\" strings"));
        };
        Object::entries(o)
            .iter()
            .map(|kv| {
                let kv: Array = kv.unchecked_into();
                let k = kv.get(0).as_string().unwrap_or_default();
                let v = kv.get(1).as_string().ok_or_else(|| error(format!("env.{k}: expected a string")))?;
                Ok((k, v))
            })
            .collect()
    }

    /// `args` and `env` laid out by `glue.js` in one transfer each, when both are plain (see
    /// `pack_strings`, `pack_env`); `None` when either needs [`args`](Self::args) and
    /// [`env`](Self::env), which check item by item and name the one at fault.
    pub fn packed_args_env(&self) -> Option<(StringList, StringList)> {
        let (args, env) = (self.raw(ARGS), self.raw(ENV));
        let args = if absent(&args) { Vec::new() } else { glue::pack_strings(&args)? };
        let env = if absent(&env) { Vec::new() } else { glue::pack_env(&env)? };
        Some((StringList::from_packed(args), StringList::from_packed(env)))
    }

    /// `trace`: `true`/`false`, or `{ log: N }` (counters and the last N calls).
    pub fn trace(&self) -> Result<Option<usize>, JsError> {
        let v = self.raw(TRACE);
        if absent(&v) {
            return Ok(None);
        }
        if let Some(on) = v.as_bool() {
            return Ok(on.then_some(0));
        }
        let bad = || error("trace: expected true, false or { log: N }");
        let Some(o) = v.dyn_ref::<Object>().filter(|_| !Array::is_array(&v)) else { return Err(bad()) };
        let keys = Object::keys(o);
        if keys.length() != 1 || keys.get(0).as_string().as_deref() != Some("log") {
            return Err(bad());
        }
        let n = Reflect::get(o, &"log".into()).ok().and_then(|n| n.as_f64()).ok_or_else(bad)?;
        if n.fract() != 0.0 || !(0.0..=u32::MAX as f64).contains(&n) {
            return Err(error("trace.log: expected a whole number of calls"));
        }
        Ok(Some(n as usize))
    }

    /// `tty`: whether fds 0, 1 and 2 are terminals — `true`/`false` for all three, or
    /// `{ stdin, stdout, stderr }` (each optional). Unsaid, each follows what it is connected
    /// to (`defaults`).
    pub fn tty(&self, defaults: [bool; 3]) -> Result<[bool; 3], JsError> {
        let v = self.raw(TTY);
        if absent(&v) {
            return Ok(defaults);
        }
        if let Some(all) = v.as_bool() {
            return Ok([all; 3]);
        }
        let bad = || error("tty: expected true, false or { stdin, stdout, stderr } of booleans");
        let Some(o) = v.dyn_ref::<Object>().filter(|_| !Array::is_array(&v)) else { return Err(bad()) };
        let mut out = defaults;
        for key in Object::keys(o).iter() {
            let name = key.as_string().unwrap_or_default();
            let i = ["stdin", "stdout", "stderr"].iter().position(|n| *n == name).ok_or_else(bad)?;
            let value = Reflect::get(o, &key).unwrap_or(JsValue::UNDEFINED);
            if !absent(&value) {
                out[i] = value.as_bool().ok_or_else(bad)?;
            }
        }
        Ok(out)
    }

    /// `version` (Node's option): only `"preview1"` is spoken here.
    pub fn check_version(&self) -> Result<(), JsError> {
        let v = self.raw(VERSION);
        match v.as_string() {
            _ if absent(&v) => Ok(()),
            Some(s) if s == "preview1" => Ok(()),
            _ => Err(error("version: only \"preview1\" (wasi_snapshot_preview1) is supported")),
        }
    }

    /// `returnOnExit` (Node's option, default true): whether `start` returns the code of a
    /// `proc_exit`; false makes it throw instead (the browser has no process to end).
    pub fn return_on_exit(&self) -> Result<bool, JsError> {
        self.boolean(RETURN_ON_EXIT, true)
    }

    /// A boolean option, or `default` when absent.
    pub fn boolean(&self, i: usize, default: bool) -> Result<bool, JsError> {
        let v = self.raw(i);
        match v.as_bool() {
            Some(b) => Ok(b),
            None if absent(&v) => Ok(default),
            None => Err(error(format!("{}: expected true or false", NAMES[i]))),
        }
    }

    /// A function option (`onDenied`, the stdio callbacks), or `None` when absent.
    pub fn function(&self, i: usize, expected: &str) -> Result<Option<Function>, JsError> {
        let v = self.raw(i);
        match v.dyn_ref::<Function>() {
            Some(f) => Ok(Some(f.clone())),
            None if absent(&v) => Ok(None),
            None => Err(error(format!("{}: expected a function {expected}", NAMES[i]))),
        }
    }
}

/// File or stdin contents: text (as UTF-8) or bytes; `field` names the option in errors.
pub fn bytes(value: &JsValue, field: &str) -> Result<Vec<u8>, JsError> {
    if absent(value) {
        Ok(Vec::new())
    } else if let Some(s) = value.as_string() {
        Ok(s.into_bytes())
    } else if let Some(a) = value.dyn_ref::<Uint8Array>() {
        Ok(a.to_vec())
    } else if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(Uint8Array::new(b).to_vec())
    } else {
        let or_function = if field == "stdin" { " or a function" } else { "" };
        Err(error(format!("{field}: expected a string, a Uint8Array{or_function}")))
    }
}
