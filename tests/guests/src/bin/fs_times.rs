//! `fs_times`: fd_filestat_set_times and path_filestat_set_times under `/sandbox`.
//!
//! Explicit times are read back exactly (they are deterministic); `*_NOW` is reported only
//! as "changed and later than the explicit value"; invalid flag combinations (ATIM with
//! ATIM_NOW, MTIM with MTIM_NOW) give their errno. `argv[1] = bad_flags_fd` /
//! `bad_flags_path` only make one call with the unknown flag bit 16, on which wasmtime traps
//! ("Invalid flag value Fstflags"). Also: times on a directory,
//! through a symlink with and without following, on a missing path, and on a read-only fd.
//! Works on an empty `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

const T1: u64 = 1_000_000_000_123_456_789; // 2001-09-09, with nanoseconds
const T2: u64 = 1_500_000_000_987_654_321;

fn ret(e: i32) -> Result<String, i32> {
    if e == 0 {
        Ok(String::new())
    } else {
        Err(e)
    }
}

fn times(r: Result<Filestat, i32>) -> Result<String, i32> {
    r.map(|s| format!("atim={} mtim={}", s.atim, s.mtim))
}

fn set_fd(fd: i32, a: u64, m: u64, f: i32) -> Result<String, i32> {
    ret(unsafe { raw::fd_filestat_set_times(fd, a as i64, m as i64, f) })
}

fn set_path(dir: i32, lookup: i32, p: &str, a: u64, m: u64, f: i32) -> Result<String, i32> {
    ret(unsafe {
        raw::path_filestat_set_times(
            dir,
            lookup,
            guests::addr(p.as_ptr()),
            p.len() as i32,
            a as i64,
            m as i64,
            f,
        )
    })
}

fn main() {
    let sb = fs::preopen("/sandbox");
    show("put f", unit(put(sb, "f", b"f")));
    let fd = open_all(sb, "f", 0).unwrap();
    match std::env::args().nth(1).as_deref() {
        // wasmtime traps ("Invalid flag value Fstflags") rather than returning EINVAL.
        Some("bad_flags_fd") => {
            println!("fd set flags=16: calling");
            show("fd set flags=16", set_fd(fd, T2, T2, 16));
            return;
        }
        Some("bad_flags_path") => {
            println!("path set f flags=16: calling");
            show("path set f flags=16", set_path(sb, FOLLOW, "f", T2, T2, 16));
            return;
        }
        _ => {}
    }

    show("fd set ATIM|MTIM T1 T2", set_fd(fd, T1, T2, ATIM | MTIM));
    show("fd stat", times(filestat(fd)));
    show("fd set ATIM T2 only", set_fd(fd, T2, 0, ATIM));
    show("fd stat", times(filestat(fd)));
    show("fd set MTIM T1 only", set_fd(fd, 0, T1, MTIM));
    show("fd stat", times(filestat(fd)));
    show("fd set none (flags 0)", set_fd(fd, 5, 5, 0));
    show("fd stat", times(filestat(fd)));
    show("fd set ATIM|MTIM 0 0", set_fd(fd, 0, 0, ATIM | MTIM));
    show("fd stat", times(filestat(fd)));
    show("fd set ATIM|MTIM T1 T1", set_fd(fd, T1, T1, ATIM | MTIM));

    // NOW: only whether it moved forward.
    show("fd set MTIM_NOW", set_fd(fd, 0, 0, MTIM_NOW));
    match filestat(fd) {
        Ok(s) => println!(
            "fd stat: atim unchanged={} mtim later than T1={}",
            s.atim == T1,
            s.mtim > T1
        ),
        Err(e) => show("fd stat", Err(e)),
    }
    show("fd set ATIM_NOW", set_fd(fd, 0, 0, ATIM_NOW));
    match filestat(fd) {
        Ok(s) => println!("fd stat: atim later than T1={}", s.atim > T1),
        Err(e) => show("fd stat", Err(e)),
    }
    show("fd set ATIM|MTIM T1 T1", set_fd(fd, T1, T1, ATIM | MTIM));
    show("fd set ATIM_NOW|MTIM_NOW", set_fd(fd, 0, 0, ATIM_NOW | MTIM_NOW));
    match filestat(fd) {
        Ok(s) => println!("fd stat: both later than T1={}", s.atim > T1 && s.mtim > T1),
        Err(e) => show("fd stat", Err(e)),
    }

    // Invalid combinations.
    show("fd set T1 T1 (restore)", set_fd(fd, T1, T1, ATIM | MTIM));
    show("fd set ATIM|ATIM_NOW", set_fd(fd, T2, T2, ATIM | ATIM_NOW));
    show("fd set MTIM|MTIM_NOW", set_fd(fd, T2, T2, MTIM | MTIM_NOW));
    show("fd set ATIM|ATIM_NOW|MTIM", set_fd(fd, T2, T2, ATIM | ATIM_NOW | MTIM));
    show("fd stat (unchanged after errors)", times(filestat(fd)));
    show("fd set on fd 99", set_fd(99, T1, T1, ATIM | MTIM));
    close(fd).unwrap();

    // Read-only fd: is FD_FILESTAT_SET_TIMES needed?
    let ro = open(sb, FOLLOW, "f", 0, R_FD_READ, 0, 0).unwrap();
    show("ro fd set ATIM|MTIM T2 T2", set_fd(ro, T2, T2, ATIM | MTIM));
    show("ro fd stat", times(filestat(ro)));
    close(ro).unwrap();

    // By path.
    show("path set f T1 T2", set_path(sb, FOLLOW, "f", T1, T2, ATIM | MTIM));
    show("path stat f", times(path_filestat(sb, 0, "f")));
    show("path set f ATIM|ATIM_NOW", set_path(sb, FOLLOW, "f", T1, T2, ATIM | ATIM_NOW));
    show("path set f MTIM|MTIM_NOW", set_path(sb, FOLLOW, "f", T1, T2, MTIM | MTIM_NOW));
    show("path set missing", set_path(sb, FOLLOW, "missing", T1, T2, ATIM | MTIM));
    show("path set ../f", set_path(sb, FOLLOW, "../f", T1, T2, ATIM | MTIM));
    show("path set f/ (trailing slash)", set_path(sb, FOLLOW, "f/", T1, T2, ATIM | MTIM));
    show("mkdir d", unit(mkdir(sb, "d")));
    show("path set d T2 T1", set_path(sb, FOLLOW, "d", T2, T1, ATIM | MTIM));
    show("path stat d", times(path_filestat(sb, 0, "d")));
    let dfd = open_dir(sb, "d").unwrap();
    show("dir fd set T1 T2", set_fd(dfd, T1, T2, ATIM | MTIM));
    show("dir fd stat", times(filestat(dfd)));
    close(dfd).unwrap();
    show("path set . T1 T1", set_path(sb, FOLLOW, ".", T1, T1, ATIM | MTIM));
    show("path stat .", times(path_filestat(sb, 0, ".")));
    show("preopen fd set T2 T2", set_fd(sb, T2, T2, ATIM | MTIM));
    show("preopen fd stat", times(filestat(sb)));

    // Through a symlink.
    show("symlink f -> l", unit(symlink("f", sb, "l")));
    show("path set follow l T2 T2", set_path(sb, FOLLOW, "l", T2, T2, ATIM | MTIM));
    show("path stat f", times(path_filestat(sb, 0, "f")));
    show("path set nofollow l T1 T1", set_path(sb, 0, "l", T1, T1, ATIM | MTIM));
    show("path stat nofollow l", times(path_filestat(sb, 0, "l")));
    show("path stat f", times(path_filestat(sb, 0, "f")));
    show("symlink missing -> dl", unit(symlink("missing", sb, "dl")));
    show("path set follow dl (dangling)", set_path(sb, FOLLOW, "dl", T1, T1, ATIM | MTIM));
    show("path set nofollow dl (dangling)", set_path(sb, 0, "dl", T1, T2, ATIM | MTIM));
    show("path stat nofollow dl", times(path_filestat(sb, 0, "dl")));
}
