//! Imports from `glue.js`, the JS half of the boundary. Status codes of the copy functions:
//! 0 ok, 1 out of bounds, 2 no guest memory bound, 3 a host callback threw.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/glue.js")]
extern "C" {
    pub fn make_imports(exports: &JsValue, slot: u32) -> JsValue;
    pub fn release(slot: u32);
    pub fn bind_memory(slot: u32, memory: &JsValue);
    pub fn unbind_memory(slot: u32);
    pub fn set_output(slot: u32, fd: u32, callback: &js_sys::Function);
    pub fn g_read(slot: u32, guest: u32, host: u32, len: u32) -> u32;
    pub fn g_write(slot: u32, guest: u32, host: u32, len: u32) -> u32;
    pub fn g_random(slot: u32, guest: u32, len: u32) -> u32;
    pub fn emit(slot: u32, fd: u32, guest: u32, len: u32) -> u32;
    pub fn set_exit(slot: u32, code: u32);
    pub fn set_trap(slot: u32, message: &str);
    #[wasm_bindgen(catch)]
    pub fn run(slot: u32, func: &js_sys::Function) -> Result<u32, JsValue>;
    pub fn now() -> f64;
    pub fn time_origin() -> f64;
    pub fn cross_origin_isolated() -> bool;
}

/// Status code: the access was fine.
pub const OK: u32 = 0;
/// Status code: the access reached outside guest memory.
pub const OUT_OF_BOUNDS: u32 = 1;
/// Status code: no guest memory is bound yet.
pub const NO_MEMORY: u32 = 2;
