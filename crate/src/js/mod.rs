//! The browser boundary — the only wasm-bindgen code: the `Wasi` class (`wasi`; glue.js reads
//! its options) with its preopen trees (`tree`), `wasi.fs` (`fs`) and `wasi.trace` (`trace`); the raw
//! syscall exports its import object calls (`exports`), the JS half of that boundary (`glue`),
//! the browser services (`services`) and wasip1-perms at the boundary (`perms`).

mod exports;
mod fs;
mod glue;
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

/// A global of this build, which has one thread (wasm32 without the `atomics` feature, checked
/// below): a plain `static` where `thread_local!` would put a lazy-initialisation check, a
/// closure and a "destroyed" panic path in front of every use — the syscall registry's lookup
/// is on every call.
pub(crate) struct Global<T>(pub T);
// SAFETY: no second thread can exist in a build without `atomics`.
unsafe impl<T> Sync for Global<T> {}
const _: () = assert!(!cfg!(target_feature = "atomics"), "js::Global assumes a single-threaded build");

/// An Error whose message starts `wasip1-web: `.
pub(crate) fn error(message: impl fmt::Display) -> JsError {
    JsError::new(&format!("wasip1-web: {message}"))
}

/// Whether this is the full build (the `full` feature) or the lean one that `wasip1-web`'s
/// init() loads by default. What only the full build has starts `if !FULL { return Err(...) }`:
/// a constant, so that the lean build drops the code behind it.
pub(crate) const FULL: bool = cfg!(feature = "full");

/// The lean build's message for `what`, which only the full build has.
#[cold]
pub(crate) fn lean_only(what: &str) -> String {
    format!(
        "{what}: not in the lean build of wasip1-web, which init() loaded; import init from \"wasip1-web/full\" instead \
         (importing \"wasip1-web/perms\" or \"wasip1-web/opfs\" also makes init() load the full build)"
    )
}

/// Sets `o[key] = value` (on a fresh plain object, which cannot refuse it).
pub(crate) fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &key.into(), value);
}
