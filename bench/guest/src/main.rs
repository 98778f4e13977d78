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
//!
//! Filesystem workloads (fd 3 must be a preopened, empty directory; each
//! prepares what it needs outside its timed loops):
//! - `fs_open N`: path_open + fd_close of an existing file, N pairs -> ns/pair.
//! - `fs_stat N`: path_filestat_get of an existing file, N calls -> ns/call.
//! - `fs_rw N`: fd_write N chunks of 64 KiB to a new file, fd_close, then
//!   path_open it again and fd_read it from the start in 64 KiB chunks until
//!   EOF -> `fs_rw <write GB/s> <read GB/s> GB/s`.
//! - `fs_dir N`: create 1000 files (path_open CREAT|EXCL + fd_close), list fd 3
//!   with fd_readdir (4 KiB buffer, from cookie 0 until a short buffer) N
//!   times, unlink the 1000 files -> `fs_dir <create µs> <list µs per
//!   listing> <unlink µs> us`.
//!
//! A failing call prints `error <call> errno=<n>` and exits 2.

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn clock_time_get(id: u32, precision: u64, out: *mut u64) -> u16;
    fn fd_write(fd: u32, iovs: *const Ciovec, iovs_len: usize, nwritten: *mut usize) -> u16;
    fn args_sizes_get(argc: *mut usize, argv_buf_size: *mut usize) -> u16;
    fn args_get(argv: *mut *mut u8, argv_buf: *mut u8) -> u16;
    fn environ_sizes_get(count: *mut usize, buf_size: *mut usize) -> u16;
    fn environ_get(environ: *mut *mut u8, environ_buf: *mut u8) -> u16;
    fn random_get(buf: *mut u8, len: usize) -> u16;
    fn fd_read(fd: u32, iovs: *const Iovec, iovs_len: usize, nread: *mut usize) -> u16;
    fn fd_close(fd: u32) -> u16;
    fn fd_sync(fd: u32) -> u16;
    fn fd_readdir(fd: u32, buf: *mut u8, buf_len: usize, cookie: u64, bufused: *mut usize) -> u16;
    fn path_open(
        fd: u32,
        dirflags: u32,
        path: *const u8,
        path_len: usize,
        oflags: u32,
        rights_base: u64,
        rights_inheriting: u64,
        fdflags: u32,
        opened: *mut u32,
    ) -> u16;
    fn path_filestat_get(fd: u32, flags: u32, path: *const u8, path_len: usize, out: *mut Filestat) -> u16;
    fn path_unlink_file(fd: u32, path: *const u8, path_len: usize) -> u16;
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

#[repr(C)]
struct Iovec {
    buf: *mut u8,
    len: usize,
}

/// preview1 `filestat`: 64 bytes.
#[repr(C)]
#[derive(Default)]
struct Filestat {
    dev: u64,
    ino: u64,
    filetype: u8,
    nlink: u64,
    size: u64,
    atim: u64,
    mtim: u64,
    ctim: u64,
}

const MONOTONIC: u32 = 1;
/// The preopened directory the filesystem workloads use.
const DIR: u32 = 3;
const SYMLINK_FOLLOW: u32 = 1;
const O_CREAT: u32 = 1;
const O_EXCL: u32 = 4;
const O_TRUNC: u32 = 8;
// Rights as wasi-libc asks for them: read (fd_read, fd_seek, fd_tell, fd_filestat_get,
// fd_readdir, ...) and read + write.
const R_READ: u64 = (1 << 1) | (1 << 2) | (1 << 5) | (1 << 14) | (1 << 21) | (1 << 3) | (1 << 11);
const R_WRITE: u64 = R_READ | (1 << 6) | (1 << 4) | (1 << 8) | (1 << 22) | (1 << 23);
const CHUNK: usize = 64 * 1024;
const DIR_FILES: usize = 1000;

fn open(path: &str, oflags: u32, rights: u64) -> u32 {
    let mut fd = 0u32;
    let e = unsafe { path_open(DIR, SYMLINK_FOLLOW, path.as_ptr(), path.len(), oflags, rights, rights, 0, &mut fd) };
    check(e, "path_open");
    fd
}

fn close(fd: u32) {
    check(unsafe { fd_close(fd) }, "fd_close");
}

/// Reads `path` from the start to the end in `buf`-sized fd_reads: (bytes read, ns taken).
fn read_all(path: &str, buf: &mut [u8]) -> (u64, u64) {
    let fd = open(path, 0, R_READ);
    let iov = Iovec { buf: buf.as_mut_ptr(), len: buf.len() };
    let (mut total, mut nr) = (0u64, 0usize);
    let start = now();
    loop {
        check(unsafe { fd_read(fd, &iov, 1, &mut nr) }, "fd_read");
        if nr == 0 {
            break;
        }
        total += nr as u64;
    }
    let ns = now() - start;
    close(fd);
    (total, ns)
}

/// Creates `path` in the preopen with `len` bytes of content.
fn make_file(path: &str, len: usize) {
    let fd = open(path, O_CREAT | O_TRUNC, R_WRITE);
    let data = vec![b'x'; len];
    let iov = Ciovec { buf: data.as_ptr(), len: data.len() };
    let mut n = 0usize;
    check(unsafe { fd_write(fd, &iov, 1, &mut n) }, "fd_write");
    close(fd);
}

/// Lists fd `dir` with fd_readdir into a 4 KiB buffer, from cookie 0 until the host
/// returns a buffer that is not full; returns how many names ending in ".dat" it saw.
fn list(dir: u32, buf: &mut [u8; 4096]) -> usize {
    let mut cookie = 0u64;
    let mut found = 0usize;
    loop {
        let mut used = 0usize;
        check(unsafe { fd_readdir(dir, buf.as_mut_ptr(), buf.len(), cookie, &mut used) }, "fd_readdir");
        let mut at = 0usize;
        // dirent: d_next u64, d_ino u64, d_namlen u32, d_type u8 (+3 padding), then the name.
        while at + 24 <= used {
            let namlen = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + 24 + namlen > used {
                break; // cut off: the next call starts at this entry again
            }
            cookie = u64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
            if buf[at + 24..at + 24 + namlen].ends_with(b".dat") {
                found += 1;
            }
            at += 24 + namlen;
        }
        if used < buf.len() {
            return found;
        }
        if at == 0 {
            print("error fd_readdir entry larger than the buffer\n");
            unsafe { proc_exit(2) }
        }
    }
}

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
        // One sleep of 1 ns: under startAsync at least one suspension and resumption of the
        // guest (the clock has 5 µs steps), under start a spin to the next clock step.
        "sleep" => {
            let start = now();
            for _ in 0..n {
                std::thread::sleep(std::time::Duration::from_nanos(1));
            }
            let us = (now() - start) as f64 / n as f64 / 1000.0;
            format!("sleep {us:.2} us/call\n")
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
        "fs_open" => {
            make_file("file.dat", 4096);
            let path = "file.dat";
            let mut fd = 0u32;
            let start = now();
            for _ in 0..n {
                unsafe {
                    let e = path_open(DIR, SYMLINK_FOLLOW, path.as_ptr(), path.len(), 0, R_READ, R_READ, 0, &mut fd);
                    if e != 0 {
                        check(e, "path_open");
                    }
                    let e = fd_close(fd);
                    if e != 0 {
                        check(e, "fd_close");
                    }
                }
            }
            let ns = (now() - start) as f64 / n as f64;
            format!("fs_open {ns:.2} ns/pair\n")
        }
        "fs_stat" => {
            make_file("file.dat", 4096);
            let path = "file.dat";
            let mut st = Filestat::default();
            let start = now();
            for _ in 0..n {
                let e = unsafe { path_filestat_get(DIR, SYMLINK_FOLLOW, path.as_ptr(), path.len(), &mut st) };
                if e != 0 {
                    check(e, "path_filestat_get");
                }
            }
            let ns = (now() - start) as f64 / n as f64;
            if st.size != 4096 || st.filetype != 4 {
                return print(&format!("error path_filestat_get size={} filetype={}\n", st.size, st.filetype));
            }
            format!("fs_stat {ns:.2} ns/call\n")
        }
        "fs_rw" => {
            let mut buf = vec![0u8; CHUNK];
            for (i, b) in buf.iter_mut().enumerate() {
                *b = (i * 7 + 1) as u8;
            }
            let fd = open("big.dat", O_CREAT | O_TRUNC, R_WRITE);
            let iov = Ciovec { buf: buf.as_ptr(), len: CHUNK };
            let mut nw = 0usize;
            let start = now();
            for _ in 0..n {
                let e = unsafe { fd_write(fd, &iov, 1, &mut nw) };
                if e != 0 || nw != CHUNK {
                    check(if e != 0 { e } else { 5 }, "fd_write");
                }
            }
            let write_ns = now() - start;
            close(fd);
            let (total, read_ns) = read_all("big.dat", &mut buf);
            let bytes = n * CHUNK as u64;
            if total != bytes || buf[CHUNK - 1] != ((CHUNK - 1) * 7 + 1) as u8 {
                return print(&format!("error fd_read got {total} of {bytes} bytes\n"));
            }
            let w = bytes as f64 / write_ns.max(1) as f64;
            let r = bytes as f64 / read_ns.max(1) as f64;
            format!("fs_rw {w:.6} {r:.6} GB/s\n")
        }
        "fs_dir" => {
            let names: Vec<String> = (0..DIR_FILES).map(|i| format!("f{i:04}.dat")).collect();
            let mut buf = [0u8; 4096];
            let mut fd = 0u32;
            let start = now();
            for name in &names {
                unsafe {
                    let e = path_open(DIR, SYMLINK_FOLLOW, name.as_ptr(), name.len(), O_CREAT | O_EXCL, R_WRITE, R_WRITE, 0, &mut fd);
                    if e != 0 {
                        check(e, "path_open");
                    }
                    let e = fd_close(fd);
                    if e != 0 {
                        check(e, "fd_close");
                    }
                }
            }
            let create = now() - start;
            let mut found = 0;
            let start = now();
            for _ in 0..n {
                found = list(DIR, &mut buf);
            }
            let listing = (now() - start) as f64 / n as f64;
            if found != DIR_FILES {
                return print(&format!("error fd_readdir listed {found} of {DIR_FILES} files\n"));
            }
            let start = now();
            for name in &names {
                let e = unsafe { path_unlink_file(DIR, name.as_ptr(), name.len()) };
                if e != 0 {
                    check(e, "path_unlink_file");
                }
            }
            let unlink = now() - start;
            if list(DIR, &mut buf) != 0 {
                return print("error fd_readdir still lists files after unlinking\n");
            }
            format!("fs_dir {:.2} {:.2} {:.2} us\n", create as f64 / 1e3, listing / 1e3, unlink as f64 / 1e3)
        }
        "fs_persist" => {
            // For a mount (opfs()): n chunks of 64 KiB written to a new file and fd_synced
            // (the file is created in the folder at the sync), written again over the now
            // stored file (each write goes to the folder) and fd_synced, read back; then
            // DIR_FILES small files created, written and closed (each close persists).
            let mut buf = vec![0u8; CHUNK];
            for (i, b) in buf.iter_mut().enumerate() {
                *b = (i * 7 + 1) as u8;
            }
            let iov = Ciovec { buf: buf.as_ptr(), len: CHUNK };
            let mut nw = 0usize;
            let mut pass = || {
                let fd = open("big.dat", O_CREAT | O_TRUNC, R_WRITE);
                let start = now();
                for _ in 0..n {
                    let e = unsafe { fd_write(fd, &iov, 1, &mut nw) };
                    if e != 0 || nw != CHUNK {
                        check(if e != 0 { e } else { 5 }, "fd_write");
                    }
                }
                check(unsafe { fd_sync(fd) }, "fd_sync");
                let ns = now() - start;
                close(fd);
                ns
            };
            let new_ns = pass();
            let stored_ns = pass();
            let (total, read_ns) = read_all("big.dat", &mut buf);
            let bytes = n * CHUNK as u64;
            if total != bytes {
                return print(&format!("error fd_read got {total} of {bytes} bytes\n"));
            }
            let small = b"a small file of a hundred bytes, written and closed: each close is a durability point.....\n";
            let iov = Ciovec { buf: small.as_ptr(), len: small.len() };
            let start = now();
            for i in 0..DIR_FILES {
                let fd = open(&format!("s{i:04}.txt"), O_CREAT | O_TRUNC, R_WRITE);
                check(unsafe { fd_write(fd, &iov, 1, &mut nw) }, "fd_write");
                close(fd);
            }
            let small_ns = now() - start;
            let mbs = |ns: u64| bytes as f64 / 1e6 / (ns.max(1) as f64 / 1e9);
            let per_s = DIR_FILES as f64 / (small_ns.max(1) as f64 / 1e9);
            format!("fs_persist {:.1} {:.1} {:.1} {:.0} MB/s\n", mbs(new_ns), mbs(stored_ns), mbs(read_ns), per_s)
        }
        other => format!("error unknown workload {other:?}\n"),
    };
    print(&out);
}
