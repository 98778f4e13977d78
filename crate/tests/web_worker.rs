//! The JS boundary in a dedicated worker (see `boundary/mod.rs`).
#![cfg(target_arch = "wasm32")]
#[macro_use]
mod boundary;
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);
all_boundary_tests!();
