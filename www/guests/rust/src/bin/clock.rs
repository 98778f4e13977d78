//! clock: N (argv[1], default 100000) reads of the monotonic clock (`Instant::now`), 16 random
//! bytes every 100th iteration (random_get: std has no public call for it); the clock must never
//! go backwards. Prints `clock <N> random <calls> monotonic ok` (or `... BACKWARDS`, exit 1).

use std::time::Instant;

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn random_get(buf: *mut u8, len: usize) -> u16;
}

fn main() {
    let n: u64 = std::env::args().nth(1).map_or(100_000, |a| a.parse().expect("clock: argv[1] is a count"));
    let mut randoms = 0;
    let mut ok = true;
    let mut buf = [0u8; 16];
    let mut last = Instant::now();
    for i in 0..n {
        let now = Instant::now();
        ok &= now >= last;
        last = now;
        if i % 100 == 0 {
            // SAFETY: buf is 16 writable bytes.
            let errno = unsafe { random_get(buf.as_mut_ptr(), buf.len()) };
            if errno != 0 {
                eprintln!("clock: random_get: errno {errno}");
                std::process::exit(1);
            }
            randoms += 1;
        }
    }
    println!("clock {n} random {randoms} monotonic {}", if ok { "ok" } else { "BACKWARDS" });
    std::process::exit(if ok { 0 } else { 1 });
}
