//! `hello`: the basic preview1 surface a "hello world" touches, with deterministic output.
//!
//! Checks args (`args_sizes_get`/`args_get`), environment (`environ_*`), reading stdin to
//! EOF (`fd_read`), the monotonic and realtime clocks (`clock_time_get`), `random_get`,
//! writing to stdout and stderr, and the exit code (`proc_exit` via `EXIT_CODE`, or a normal
//! return). The C (`tests/c/hello.c`) and Go (`tests/go/hello`) guests print byte-identical
//! stdout for the same input:
//!
//! ```text
//! argv[<i>]=<arg>          one line per argument, argv[0] included, raw bytes
//! <K>=<V>                  one line per variable, sorted by name (bytewise)
//! stdin=<n> bytes: <esc>   <esc> as in `guests::escape`
//! monotonic: ok
//! realtime: ok
//! random: ok
//! ```
//!
//! and `to stderr\n` on stderr. A failed check prints `<check>: FAIL ...` instead of `ok`.

use std::io::{Read, Write};
use std::os::wasi::ffi::OsStrExt;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// 2020-01-01T00:00:00Z.
const Y2020: u64 = 1_577_836_800;

fn main() {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();

    for (i, arg) in std::env::args_os().enumerate() {
        write!(out, "argv[{i}]=").unwrap();
        out.write_all(arg.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
    }

    let mut vars: Vec<_> = std::env::vars_os().collect();
    vars.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    for (k, v) in &vars {
        out.write_all(k.as_bytes()).unwrap();
        out.write_all(b"=").unwrap();
        out.write_all(v.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
    }

    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).unwrap();
    writeln!(
        out,
        "stdin={} bytes: {}",
        input.len(),
        guests::escape(&input)
    )
    .unwrap();

    let t0 = Instant::now();
    let mut acc = 0u64;
    for i in 0..100_000u64 {
        acc = std::hint::black_box(acc.wrapping_mul(31).wrapping_add(i));
    }
    let t1 = Instant::now();
    if t1 >= t0 {
        writeln!(out, "monotonic: ok").unwrap();
    } else {
        writeln!(out, "monotonic: FAIL later < earlier").unwrap();
    }

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    if now.as_secs() > Y2020 {
        writeln!(out, "realtime: ok").unwrap();
    } else {
        writeln!(out, "realtime: FAIL {}s since epoch", now.as_secs()).unwrap();
    }

    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    let (ea, eb) = (guests::random_fill(&mut a), guests::random_fill(&mut b));
    if ea == 0 && eb == 0 && a != [0; 32] && a != b {
        writeln!(out, "random: ok").unwrap();
    } else {
        writeln!(out, "random: FAIL errno={ea},{eb} a={a:02x?} b={b:02x?}").unwrap();
    }

    out.flush().unwrap();
    drop(out);
    eprintln!("to stderr");

    if let Some(code) = std::env::var("EXIT_CODE")
        .ok()
        .and_then(|s| s.trim().parse::<i32>().ok())
    {
        std::process::exit(code);
    }
}
