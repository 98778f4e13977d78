//! `sleep`: `std::thread::sleep` for 50 ms really waits at least that long.
//!
//! std turns the sleep into one `poll_oneoff` call with a single relative monotonic clock
//! subscription; the elapsed time is measured with `Instant` (`clock_time_get` on the
//! monotonic clock). Stdout is deterministic and byte-identical to the C (`tests/c/sleep.c`)
//! and Go (`tests/go/sleep`) guests:
//!
//! ```text
//! sleep start
//! slept at least 50 ms: true
//! ```
//!
//! Stderr carries the measurement as one machine-readable line, `elapsed_us=<n>\n`
//! (decimal microseconds). Exits 0. `sleep MS TIMES` sleeps MS ms TIMES times instead (one
//! line per sleep, then the total), for the waits of `startAsync`.

use std::io::Write;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if let [ms, times] = args[..] {
        let start = Instant::now();
        for i in 0..times {
            let t = Instant::now();
            std::thread::sleep(Duration::from_millis(ms));
            println!("sleep {i}: at least {ms} ms: {}", t.elapsed() >= Duration::from_millis(ms));
        }
        println!("total at least {} ms: {}", ms * times, start.elapsed() >= Duration::from_millis(ms * times));
        return;
    }
    println!("sleep start");
    std::io::stdout().flush().unwrap();
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(50));
    let elapsed = start.elapsed();
    println!("slept at least 50 ms: {}", elapsed >= Duration::from_millis(50));
    eprintln!("elapsed_us={}", elapsed.as_micros());
}
