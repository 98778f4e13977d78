//! # wasip1-web
//!
//! A WASI preview1 host for the browser. The core — errno, wire types, the fd table, the
//! syscalls — is plain Rust, unit-tested natively; the browser services and the JS API live in
//! `js`, the only module that uses wasm-bindgen (compiled for `wasm32` only).
#![deny(missing_docs)]

pub mod abi;
pub mod clocks;
pub mod ctx;
pub mod errno;
pub mod fd_table;
pub mod host_fs;
pub mod perms;
pub mod memory;
pub mod sleep;
pub mod random;
pub mod rights;
pub mod stdio;
pub mod syscalls;
pub mod table;
pub mod vfs;
pub mod trace;
pub mod types;

#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
pub use js::wasi::Wasi;

pub use ctx::{WasiCtx, WasiCtxBuilder};
pub use errno::{Errno, Error, Result, Trap};
