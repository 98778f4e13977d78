//! The JS boundary in a browser page (see `boundary/mod.rs`).
#![cfg(target_arch = "wasm32")]
#[macro_use]
mod boundary;
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
all_boundary_tests!();
