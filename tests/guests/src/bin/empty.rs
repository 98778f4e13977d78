//! `empty`: a Rust guest that does nothing: what starting one costs (std's start-up, the
//! host's set-up, instantiation). The start-up benchmark runs it; the guests test checks it
//! exits 0 with no output, as under wasmtime.

fn main() {}
