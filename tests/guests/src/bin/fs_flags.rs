//! `fs_flags`: the sync fdflags and the edges of offsets and lengths, raw preview1 calls
//! under the `/sandbox` preopen.
//!
//! Opens a file with each of `DSYNC`, `RSYNC`, `SYNC` (and all three, and with `APPEND`) and
//! prints what `fd_fdstat_get` reports, then asks `fd_fdstat_set_flags` for each. Reads with
//! `fd_pread` at offsets around 2^63, and gives `fd_advise` negative and huge offsets and
//! lengths. Prints the stdio fds' `fdstat` too: with stdin given as bytes (piped) it is not a
//! terminal. With `argv[1] = sync` only the sync flags (where we differ from wasmtime, which
//! refuses them with `ENOTSUP`: see the README), else only the offsets. One deterministic line per call; works on an empty `/sandbox`.

use guests::fs::{self, raw, *};
use guests::{addr, addr_mut};

const DSYNC: i32 = 2;
const NONBLOCK: i32 = 4;
const RSYNC: i32 = 8;
const SYNC: i32 = 16;

fn pread_at(fd: i32, offset: i64) -> Result<String, i32> {
    let mut buf = [0u8; 4];
    let iov = [addr_mut(buf.as_mut_ptr()) as u32, buf.len() as u32];
    let mut n = 0u32;
    check(unsafe { raw::fd_pread(fd, addr(iov.as_ptr()), 1, offset, addr_mut(&mut n)) })?;
    Ok(format!("n={n}"))
}

fn main() {
    let sb = fs::preopen("/sandbox");
    for fd in 0..3 {
        show(
            &format!("fdstat {fd}"),
            fdstat(fd).map(|s| format!("filetype={} flags={} seek|tell={:#x}", s.filetype, s.flags, s.base & (R_FD_SEEK | R_FD_TELL))),
        );
        show(&format!("filestat {fd}"), filestat(fd).map(|s| s.brief()));
    }
    show("put f", unit(put(sb, "f", b"0123456789")));
    if std::env::args().nth(1).as_deref() == Some("sync") {
        sync_flags(sb);
    } else {
        offsets(sb);
    }
}

/// The sync fdflags at open and through fd_fdstat_set_flags.
fn sync_flags(sb: i32) {
    for (name, flags) in [
        ("DSYNC", DSYNC),
        ("RSYNC", RSYNC),
        ("SYNC", SYNC),
        ("DSYNC|RSYNC|SYNC", DSYNC | RSYNC | SYNC),
        ("APPEND|SYNC", FDFLAG_APPEND | SYNC),
        ("NONBLOCK|DSYNC", NONBLOCK | DSYNC),
    ] {
        let fd = open(sb, FOLLOW, "f", 0, RIGHTS_ALL, RIGHTS_ALL, flags);
        show(&format!("open f {name}"), fd.map(|fd| format!("flags={}", fdstat(fd).map(|s| s.flags).unwrap_or(u16::MAX))));
        if let Ok(fd) = fd {
            // The flags survive a write and a read on the fd.
            show(&format!("pwrite+pread {name}"), fs::pwrite(fd, b"01", 0).map(|_| ()).and_then(|_| pread_at(fd, 0)));
            show(&format!("fdstat again {name}"), fdstat(fd).map(|s| format!("flags={}", s.flags)));
            let _ = close(fd);
        }
        // Created with the flag (a new file).
        let created = open(sb, FOLLOW, format!("new-{flags}"), O_CREAT | O_EXCL, RIGHTS_ALL, RIGHTS_ALL, flags);
        show(&format!("create {name}"), created.map(|fd| format!("flags={}", fdstat(fd).map(|s| s.flags).unwrap_or(u16::MAX))));
        if let Ok(fd) = created {
            let _ = close(fd);
        }
    }
    let dir = open(sb, FOLLOW, ".", O_DIRECTORY, DIR_RIGHTS, RIGHTS_ALL, SYNC);
    show("open . SYNC", dir.map(|fd| format!("flags={}", fdstat(fd).map(|s| s.flags).unwrap_or(u16::MAX))));
    let fd = open(sb, FOLLOW, "f", 0, RIGHTS_ALL, RIGHTS_ALL, SYNC).or_else(|_| open_all(sb, "f", 0)).unwrap_or(-1);

    for (name, flags) in [("DSYNC", DSYNC), ("RSYNC", RSYNC), ("SYNC", SYNC), ("APPEND", FDFLAG_APPEND), ("0", 0)] {
        show(&format!("set_flags {name}"), check(unsafe { raw::fd_fdstat_set_flags(fd, flags) }).map(|_| {
            format!("flags={}", fdstat(fd).map(|s| s.flags).unwrap_or(u16::MAX))
        }));
    }
    let _ = close(fd);
}

/// fd_pread / fd_pwrite offsets around 2^63, fd_advise offsets and lengths.
fn offsets(sb: i32) {
    let fd = open_all(sb, "f", 0).unwrap_or(-1);

    for (name, offset) in [
        ("0", 0i64),
        ("10", 10),
        ("11", 11),
        ("2^32", 1 << 32),
        ("2^62", 1 << 62),
        ("2^63-5", i64::MAX - 4),
        ("2^63-4", i64::MAX - 3),
        ("2^63-1", i64::MAX),
        ("2^63", i64::MIN),
        ("2^64-1", -1),
    ] {
        show(&format!("pread at {name}"), pread_at(fd, offset));
    }
    for (name, offset) in [("2^63-2", i64::MAX - 1),("2^63-1", i64::MAX), ("2^63", i64::MIN), ("2^64-1", -1)] {
        show(&format!("pwrite at {name}"), fs::pwrite(fd, b"x", offset as u64).map(|n| format!("n={n}")));
    }
    for (name, offset, len) in [
        ("0 0", 0i64, 0i64),
        ("0 10", 0, 10),
        ("5 100", 5, 100),
        ("-1 0", -1, 0),
        ("0 -1", 0, -1),
        ("-1 -1", -1, -1),
        ("2^63-1 1", i64::MAX, 1),
        ("2^63-1 2", i64::MAX, 2),
        ("2^62 2^62", 1 << 62, 1 << 62),
        ("1 2^63-1", 1, i64::MAX),
    ] {
        show(&format!("advise {name}"), check(unsafe { raw::fd_advise(fd, offset, len, 0) }).map(|_| String::new()));
    }
    let _ = close(fd);
}
