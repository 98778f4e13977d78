//! `trap`: a guest that hits `unreachable` after writing to stdout.
//!
//! Checks that output written before a trap reaches the host, and that the host reports a
//! trap (not an exit code).

use std::io::Write;

fn main() {
    println!("before trap");
    std::io::stdout().flush().unwrap();
    core::arch::wasm32::unreachable()
}
