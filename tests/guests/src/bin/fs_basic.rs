//! `fs_basic`: file I/O on one regular file under the `/sandbox` preopen, raw preview1 calls.
//!
//! Covers create/write/read, O_APPEND (as an fdflag at open and via fd_fdstat_set_flags),
//! fd_seek (SET/CUR/END, a negative result), fd_tell, fd_pread/fd_pwrite (which do not move
//! the offset), fd_filestat_get (filetype, nlink, size), fd_filestat_set_size (grow reads
//! back zeros, shrink), fd_fdstat_get on a file and on a directory (filetype, flags, rights
//! in hex), fd_sync, fd_datasync, fd_advise and fd_allocate. Works on an empty `/sandbox`;
//! prints one deterministic line per call: `<op> <args>: ok <result>` or `...: errno=E...`.
//! With `argv[1] = bad_whence` it only calls fd_seek with whence 3, with `bad_advice` only
//! fd_advise with advice 6: wasmtime traps on both ("Invalid enum value Whence/Advice").

use guests::fs::{self, *};

fn text(r: Result<Vec<u8>, i32>) -> Result<String, i32> {
    r.map(|b| format!("\"{}\"", guests::escape(&b)))
}

fn main() {
    let sb = fs::preopen("/sandbox");
    if std::env::args().nth(1).as_deref() == Some("bad_whence") {
        // wasmtime traps ("Invalid enum value Whence") rather than returning EINVAL.
        let fd = open_all(sb, "w.txt", O_CREAT).unwrap();
        println!("seek 0 whence=3: calling");
        show("seek 0 whence=3", seek(fd, 0, 3).map(|n| n.to_string()));
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("bad_advice") {
        // wasmtime traps ("Invalid enum value Advice") rather than returning EINVAL.
        let fd = open_all(sb, "w.txt", O_CREAT).unwrap();
        println!("fd_advise advice=6: calling");
        show("fd_advise advice=6", unit(check(unsafe { raw::fd_advise(fd, 0, 5, 6) })));
        return;
    }
    show("fdstat /sandbox", fdstat(sb).map(|s| s.brief()));
    show("filestat /sandbox", filestat(sb).map(|s| format!("filetype={}", s.filetype)));

    // Create and write.
    let fd = match open_all(sb, "f.txt", O_CREAT | O_EXCL) {
        Ok(fd) => fd,
        Err(e) => {
            show("open f.txt CREAT|EXCL", Err(e));
            return;
        }
    };
    show("open f.txt CREAT|EXCL", Ok(String::new()));
    show("fdstat f.txt", fdstat(fd).map(|s| s.brief()));
    show("write hello", write(fd, b"hello").map(|n| n.to_string()));
    show("tell", tell(fd).map(|n| n.to_string()));
    show("write _world", write(fd, b" world").map(|n| n.to_string()));
    show("filestat", filestat(fd).map(|s| s.brief()));

    // Read back from the start, then at EOF.
    show("seek 0 SET", seek(fd, 0, 0).map(|n| n.to_string()));
    show("read 5", text(read(fd, 5)));
    show("seek 1 CUR", seek(fd, 1, 1).map(|n| n.to_string()));
    show("read 100", text(read(fd, 100)));
    show("read at eof", text(read(fd, 100)));
    show("seek -3 END", seek(fd, -3, 2).map(|n| n.to_string()));
    show("read 100", text(read(fd, 100)));
    show("seek -100 CUR", seek(fd, -100, 1).map(|n| n.to_string()));
    show("tell after failed seek", tell(fd).map(|n| n.to_string()));
    show("seek -1 SET", seek(fd, -1, 0).map(|n| n.to_string()));
    show("seek 20 SET (past end)", seek(fd, 20, 0).map(|n| n.to_string()));
    show("read past end", text(read(fd, 10)));
    show("seek 0 END", seek(fd, 0, 2).map(|n| n.to_string()));

    // pread/pwrite leave the offset alone.
    show("seek 2 SET", seek(fd, 2, 0).map(|n| n.to_string()));
    show("pread 5 @6", text(pread(fd, 5, 6)));
    show("pread 5 @100", text(pread(fd, 5, 100)));
    show("pwrite WORLD @6", pwrite(fd, b"WORLD", 6).map(|n| n.to_string()));
    show("tell", tell(fd).map(|n| n.to_string()));
    show("pwrite ! @13 (past end)", pwrite(fd, b"!", 13).map(|n| n.to_string()));
    show("filestat", filestat(fd).map(|s| s.brief()));
    show("pread 20 @0", text(pread(fd, 20, 0)));

    // Size changes.
    show("set_size 16", unit(check(unsafe { raw::fd_filestat_set_size(fd, 16) })));
    show("filestat", filestat(fd).map(|s| s.brief()));
    show("pread 20 @0", text(pread(fd, 20, 0)));
    show("set_size 5", unit(check(unsafe { raw::fd_filestat_set_size(fd, 5) })));
    show("filestat", filestat(fd).map(|s| s.brief()));
    show("tell (unchanged by set_size)", tell(fd).map(|n| n.to_string()));
    show("pread 20 @0", text(pread(fd, 20, 0)));
    show("set_size -1", unit(check(unsafe { raw::fd_filestat_set_size(fd, -1) })));

    // Sync, advise, allocate.
    show("fd_sync", unit(check(unsafe { raw::fd_sync(fd) })));
    show("fd_datasync", unit(check(unsafe { raw::fd_datasync(fd) })));
    for advice in 0..=5 {
        show(
            &format!("fd_advise 0 5 advice={advice}"),
            unit(check(unsafe { raw::fd_advise(fd, 0, 5, advice) })),
        );
    }
    show("fd_allocate 0 100", unit(check(unsafe { raw::fd_allocate(fd, 0, 100) })));
    show("filestat", filestat(fd).map(|s| s.brief()));

    // APPEND via fd_fdstat_set_flags: writes go to the end whatever the offset.
    show("seek 0 SET", seek(fd, 0, 0).map(|n| n.to_string()));
    show("set_flags APPEND", unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 1) })));
    show("fdstat", fdstat(fd).map(|s| format!("flags={}", s.flags)));
    show("write +A", write(fd, b"+A").map(|n| n.to_string()));
    show("tell", tell(fd).map(|n| n.to_string()));
    show("pwrite @0 with APPEND", pwrite(fd, b"P", 0).map(|n| n.to_string()));
    show("pread 20 @0", text(pread(fd, 20, 0)));
    show("set_flags 0", unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 0) })));
    show("fdstat", fdstat(fd).map(|s| format!("flags={}", s.flags)));
    show("set_flags NONBLOCK", unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 4) })));
    show("fdstat", fdstat(fd).map(|s| format!("flags={}", s.flags)));
    show("set_flags SYNC", unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 16) })));
    show("fdstat", fdstat(fd).map(|s| format!("flags={}", s.flags)));
    show("set_flags 0", unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 0) })));
    show("close", unit(close(fd)));
    show("close again", unit(close(fd)));

    // O_APPEND at open.
    let fd = open(sb, FOLLOW, "f.txt", 0, RIGHTS_ALL, RIGHTS_ALL, FDFLAG_APPEND);
    show("open f.txt APPEND", fd.map(|_| String::new()));
    if let Ok(fd) = fd {
        show("fdstat", fdstat(fd).map(|s| s.brief()));
        show("tell at open", tell(fd).map(|n| n.to_string()));
        show("write +B", write(fd, b"+B").map(|n| n.to_string()));
        show("tell", tell(fd).map(|n| n.to_string()));
        show("seek 0 SET", seek(fd, 0, 0).map(|n| n.to_string()));
        show("read 100", text(read(fd, 100)));
        show("close", unit(close(fd)));
    }

    // Read-only and write-only rights.
    let fd = open(sb, FOLLOW, "f.txt", 0, R_FD_READ | R_FD_SEEK, 0, 0);
    show("open f.txt rights=READ|SEEK", fd.map(|_| String::new()));
    if let Ok(fd) = fd {
        show("fdstat", fdstat(fd).map(|s| s.brief()));
        show("write", write(fd, b"x").map(|n| n.to_string()));
        show("read 3", text(read(fd, 3)));
        show("tell", tell(fd).map(|n| n.to_string()));
        show("filestat", filestat(fd).map(|s| s.brief()));
        show("set_size 0", unit(check(unsafe { raw::fd_filestat_set_size(fd, 0) })));
        show("close", unit(close(fd)));
    }
    show("contents", get(sb, "f.txt"));

    // TRUNC at open.
    let fd = open_all(sb, "f.txt", O_TRUNC);
    show("open f.txt TRUNC", fd.map(|_| String::new()));
    if let Ok(fd) = fd {
        show("filestat", filestat(fd).map(|s| s.brief()));
        show("close", unit(close(fd)));
    }

    // A directory fd.
    show("mkdir d", unit(mkdir(sb, "d")));
    let fd = open_dir(sb, "d");
    show("open d DIRECTORY rights=DIR_RIGHTS", fd.map(|_| String::new()));
    if let Ok(fd) = fd {
        show("fdstat d", fdstat(fd).map(|s| s.brief()));
        show("filestat d", filestat(fd).map(|s| format!("filetype={}", s.filetype)));
        show("read d", text(read(fd, 10)));
        show("write d", write(fd, b"x").map(|n| n.to_string()));
        show("seek d", seek(fd, 0, 0).map(|n| n.to_string()));
        show("tell d", tell(fd).map(|n| n.to_string()));
        show("pread d", text(pread(fd, 10, 0)));
        show("set_size d", unit(check(unsafe { raw::fd_filestat_set_size(fd, 0) })));
        show("fd_sync d", unit(check(unsafe { raw::fd_sync(fd) })));
        show("fd_datasync d", unit(check(unsafe { raw::fd_datasync(fd) })));
        show("fd_advise d", unit(check(unsafe { raw::fd_advise(fd, 0, 0, 0) })));
        show("fd_allocate d", unit(check(unsafe { raw::fd_allocate(fd, 0, 1) })));
        show("set_flags APPEND d", unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 1) })));
        show("close", unit(close(fd)));
    }
    let fd = open(sb, FOLLOW, "d", 0, DIR_RIGHTS, RIGHTS_ALL, 0);
    show("open d (no DIRECTORY flag)", fd.and_then(|fd| fdstat(fd).map(|s| s.brief())));
    for (name, rights) in [
        ("ALL", RIGHTS_ALL),
        ("READ", R_FD_READ),
        ("WRITE", R_FD_WRITE),
        ("SYNC", R_FD_SYNC),
        ("DATASYNC", R_FD_DATASYNC),
        ("READDIR", R_FD_READDIR),
        ("0", 0),
    ] {
        show(
            &format!("open d DIRECTORY rights={name}"),
            open(sb, FOLLOW, "d", O_DIRECTORY, rights, 0, 0)
                .and_then(|fd| fdstat(fd).map(|s| s.brief())),
        );
    }
    show("fdstat 99", fdstat(99).map(|s| s.brief()));
    show("filestat 99", filestat(99).map(|s| s.brief()));
}
