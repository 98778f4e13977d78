//! Micro-benchmark guest for bench/run.mjs.
//!
//! Calls preview1 functions through raw imports (no std wrappers, so the
//! numbers are the host's cost plus one wasm→JS call) and times itself with
//! `clock_time_get(MONOTONIC)`. `argv[1]` selects the workload, `argv[2]` the
//! iteration count. Prints one line: `<workload> <value> <unit>`.
//!
//! Workloads: clock, fd_write, args_env, random, noop. `noop` calls
//! `bench.noop`, an empty JS function the page supplies: the floor cost of
//! crossing from wasm into JS.

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn clock_time_get(id: u32, precision: u64, out: *mut u64) -> u16;
    fn fd_write(fd: u32, iovs: *const Ciovec, iovs_len: usize, nwritten: *mut usize) -> u16;
    fn args_sizes_get(argc: *mut usize, argv_buf_size: *mut usize) -> u16;
    fn args_get(argv: *mut *mut u8, argv_buf: *mut u8) -> u16;
    fn environ_sizes_get(count: *mut usize, buf_size: *mut usize) -> u16;
    fn environ_get(environ: *mut *mut u8, environ_buf: *mut u8) -> u16;
    fn random_get(buf: *mut u8, len: usize) -> u16;
    fn proc_exit(code: u32) -> !;
}

#[link(wasm_import_module = "bench")]
extern "C" {
    fn noop();
}

#[repr(C)]
struct Ciovec {
    buf: *const u8,
    len: usize,
}

const MONOTONIC: u32 = 1;

fn now() -> u64 {
    let mut t = 0u64;
    let e = unsafe { clock_time_get(MONOTONIC, 1, &mut t) };
    check(e, "clock_time_get");
    t
}

fn check(errno: u16, what: &str) {
    if errno != 0 {
        // stderr is not wired up in every host config; say it on stdout and stop.
        print(&format!("error {what} errno={errno}\n"));
        unsafe { proc_exit(2) }
    }
}

fn write_all(fd: u32, bytes: &[u8]) {
    let iov = Ciovec { buf: bytes.as_ptr(), len: bytes.len() };
    let mut n = 0usize;
    unsafe { fd_write(fd, &iov, 1, &mut n) };
}

fn print(s: &str) {
    write_all(1, s.as_bytes());
}

fn main() {
    // Startup (reading argv once) is outside every timed loop.
    let argv: Vec<String> = std::env::args().collect();
    let workload = argv.get(1).map(String::as_str).unwrap_or("");
    let n: u64 = argv.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000).max(1);
    let out = match workload {
        "clock" => {
            let mut t = 0u64;
            let start = now();
            for _ in 0..n {
                unsafe { clock_time_get(MONOTONIC, 1, &mut t) };
            }
            let ns = (now() - start) as f64 / n as f64;
            format!("clock {ns:.2} ns/call\n")
        }
        "fd_write" => {
            let msg = *b"0123456789abcdef";
            let iov = Ciovec { buf: msg.as_ptr(), len: msg.len() };
            let mut nw = 0usize;
            let start = now();
            for _ in 0..n {
                unsafe { fd_write(1, &iov, 1, &mut nw) };
            }
            let ns = (now() - start) as f64 / n as f64;
            // The page's stdout callback ignores everything: announce the
            // result on stderr so it still reaches the harness.
            let line = format!("fd_write {ns:.2} ns/call\n");
            write_all(2, line.as_bytes());
            return;
        }
        "args_env" => {
            // The buffers are sized once; each iteration is the pair of calls
            // a libc makes at startup: sizes_get + get, for args and environ.
            let (mut c, mut s) = (0usize, 0usize);
            check(unsafe { args_sizes_get(&mut c, &mut s) }, "args_sizes_get");
            let mut aptr = vec![core::ptr::null_mut::<u8>(); c];
            let mut abuf = vec![0u8; s];
            check(unsafe { environ_sizes_get(&mut c, &mut s) }, "environ_sizes_get");
            let mut eptr = vec![core::ptr::null_mut::<u8>(); c];
            let mut ebuf = vec![0u8; s];
            let start = now();
            for _ in 0..n {
                unsafe {
                    args_sizes_get(&mut c, &mut s);
                    args_get(aptr.as_mut_ptr(), abuf.as_mut_ptr());
                    environ_sizes_get(&mut c, &mut s);
                    environ_get(eptr.as_mut_ptr(), ebuf.as_mut_ptr());
                }
            }
            let us = (now() - start) as f64 / n as f64 / 1000.0;
            format!("args_env {us:.3} us/iter argc={} envc={}\n", aptr.len(), eptr.len())
        }
        "random" => {
            let mut buf = vec![0u8; 4096];
            let start = now();
            for _ in 0..n {
                unsafe { random_get(buf.as_mut_ptr(), buf.len()) };
            }
            let secs = (now() - start) as f64 / 1e9;
            let gbs = (n as f64 * 4096.0) / secs / 1e9;
            format!("random {gbs:.3} GB/s\n")
        }
        "noop" => {
            let start = now();
            for _ in 0..n {
                unsafe { noop() };
            }
            let ns = (now() - start) as f64 / n as f64;
            format!("noop {ns:.2} ns/call\n")
        }
        other => format!("error unknown workload {other:?}\n"),
    };
    print(&out);
}
