//! The browser boundary — the only wasm-bindgen code: the `Wasi` class (`wasi`) with its options
//! (`options`), preopen trees (`tree`), `wasi.fs` (`fs`) and `wasi.trace` (`trace`); the raw
//! syscall exports its import object calls (`exports`), the JS half of that boundary (`glue`),
//! the browser services (`services`) and wasip1-perms at the boundary (`perms`).

mod exports;
mod fs;
mod glue;
mod options;
mod perms;
mod services;
mod trace;
mod tree;
pub mod wasi;

use js_sys::{Object, Reflect};

// Talc in place of std's dlmalloc: 2.5 KB less gzipped wasm, and faster (talc's benchmarks).
// Single-threaded build (no `atomics`), as the crate's wasm README prescribes.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
use std::fmt;
use wasm_bindgen::prelude::*;

/// An Error whose message starts `wasip1-web: `.
pub(crate) fn error(message: impl fmt::Display) -> JsError {
    JsError::new(&format!("wasip1-web: {message}"))
}

/// Sets `o[key] = value` (on a fresh plain object, which cannot refuse it).
pub(crate) fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &key.into(), value);
}
