//! `spin`: a guest that never returns and never makes a syscall once it is spinning.
//!
//! Prints `spinning` (flushed, so the host has seen it before the loop starts) and then
//! loops forever on volatile reads and writes of a local counter, which the compiler may
//! not remove. A host can only stop it from outside (terminating the worker, an epoch or
//! fuel limit); a test checks that it does and that `spinning` arrived first.

use std::io::Write;

fn main() {
    println!("spinning");
    std::io::stdout().flush().unwrap();
    let mut counter = 0u64;
    let p: *mut u64 = &mut counter;
    loop {
        // SAFETY: `p` points at a live local for the whole (endless) loop.
        unsafe { p.write_volatile(p.read_volatile().wrapping_add(1)) };
    }
}
