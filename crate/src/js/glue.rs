//! Imports from `glue.js`, the JS half of the boundary. Status codes of the copy functions:
//! 0 ok, 1 out of bounds, 2 no guest memory bound, 3 a host callback threw.
//!
//! The per-call functions take and return `i32` (glue.js reads addresses back as unsigned):
//! wasm-bindgen then imports them directly, where `u32` would put a converting JS shim in
//! front of every guest-memory access.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/glue.js")]
extern "C" {
    pub fn load_trampolines(module: &[u8], groups: u32, exports: &JsValue);
    pub fn make_imports(slot: u32, seed: &JsValue) -> JsValue;
    #[wasm_bindgen(catch)]
    pub fn bind_memory(slot: u32, memory: &JsValue) -> Result<(), JsValue>;
    pub fn unbind_memory(slot: u32);
    pub fn forget_state(slot: u32);
    pub fn stdin_pull(slot: i32, guest: i32, len: i32) -> i32;
    pub fn stdin_ready(slot: i32) -> bool;
    pub fn wait_until(slot: i32, deadline_ms: f64, on_input: bool) -> bool;
    pub fn async_imports(slot: u32) -> JsValue;
    pub fn run_async(slot: u32, func: &js_sys::Function) -> js_sys::Promise;
    pub fn thread_server(slot: u32) -> JsValue;
    pub fn jspi() -> bool;
    pub fn g_read(slot: i32, guest: i32, host: i32, len: i32) -> i32;
    pub fn g_write(slot: i32, guest: i32, host: i32, len: i32) -> i32;
    pub fn g_random(slot: i32, guest: i32, len: i32) -> i32;
    pub fn emit(slot: i32, fd: i32, guest: i32, len: i32) -> i32;
    pub fn set_exit(slot: u32, code: u32);
    pub fn exit_error(code: u32) -> JsValue;
    pub fn set_trap(slot: u32, message: &str);
    #[wasm_bindgen(catch)]
    pub fn run(slot: u32, func: &js_sys::Function, end: bool) -> Result<u32, JsValue>;
    #[wasm_bindgen(catch)]
    pub fn open_guest(slot: u32, instance: &JsValue, started: bool, command: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    pub fn read_options(options: &JsValue) -> Result<u32, JsValue>;
    /// `opt_take` for a piece that is bytes, copied into wasm memory.
    #[wasm_bindgen(js_name = opt_take)]
    pub fn opt_bytes(i: u32) -> Vec<u8>;
    pub fn opt_take(i: u32) -> JsValue;
    pub fn take_list(slot: u32, i: u32) -> Vec<u8>;
    pub fn store_op(store: &JsValue, slot: i32, op: i32, at: f64, ptr: i32, len: i32) -> f64;
    pub fn persist(slot: u32, callback: &js_sys::Function) -> i32;
    #[cfg(feature = "host-dirs")]
    pub fn backend_call(backend: &JsValue, op: &str, a: &str, b: &str, c: &str, d: &str) -> JsValue;
    #[cfg(feature = "host-dirs")]
    pub fn backend_store(backend: &JsValue, id: &str, size: f64) -> JsValue;
    pub fn now() -> f64;
    pub fn time_origin() -> f64;
    pub fn cross_origin_isolated() -> bool;
}

/// Status code: the access was fine.
pub const OK: i32 = 0;
/// Status code: the access reached outside guest memory.
pub const OUT_OF_BOUNDS: i32 = 1;
/// Status code: no guest memory is bound yet.
pub const NO_MEMORY: i32 = 2;
/// Status code: the data is not there yet; under `startAsync` the guest waits for it.
pub const PENDING: i32 = 4;
