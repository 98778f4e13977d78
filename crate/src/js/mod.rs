//! The browser boundary — the only wasm-bindgen code: the `Wasi` class, the raw syscall
//! exports its import object calls, and the browser services (clock, crypto, stdio).

mod exports;
mod glue;
mod perms;
mod services;
pub mod wasi;
