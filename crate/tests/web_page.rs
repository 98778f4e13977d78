//! The JS boundary in a browser page (see `boundary/mod.rs`).
#![cfg(target_arch = "wasm32")]
mod boundary;
use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn import_object() { boundary::import_object_has_all_46_functions_with_their_arity() }
#[wasm_bindgen_test]
fn bad_options() { boundary::bad_options_name_the_field() }
#[wasm_bindgen_test]
fn stdout_and_exit() { boundary::stdout_chunks_are_copies_and_exit_code_is_returned() }
#[wasm_bindgen_test]
fn wild_pointer() { boundary::wild_pointer_traps_with_a_named_error() }
#[wasm_bindgen_test]
fn memory_grow() { boundary::views_follow_memory_grow() }
#[wasm_bindgen_test]
fn throwing_callback() { boundary::a_throwing_callback_surfaces_its_own_error() }
#[wasm_bindgen_test]
fn random_and_clocks() { boundary::random_get_of_one_mib_and_clocks() }
#[wasm_bindgen_test]
fn stdin() { boundary::stdin_reads_then_eof() }
#[wasm_bindgen_test]
fn reactor_outlives_wasi() { boundary::a_reactor_outlives_its_freed_wasi() }
#[wasm_bindgen_test]
fn after_finish() { boundary::imports_called_after_the_command_finished_trap() }
#[wasm_bindgen_test]
fn exact_types() { boundary::imports_have_exact_preview1_types() }
#[wasm_bindgen_test]
fn enosys() { boundary::unimplemented_calls_return_enosys_and_do_nothing() }
#[wasm_bindgen_test]
fn freed() { boundary::an_explicitly_freed_context_fails_clearly_and_reaches_no_other() }
