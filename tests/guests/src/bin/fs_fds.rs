//! `fs_fds`: fd numbering and rights under the `/sandbox` preopen, raw preview1 calls.
//!
//! Prints the fd numbers wasmtime hands out (they are deterministic): three opens in a row,
//! the number reused after closing the middle one, after closing two and three (wasmtime
//! reuses the most recently freed number first). `argv[1] = bad_rights` only calls
//! fd_fdstat_set_rights with an unknown bit, on which wasmtime traps. Closes the preopen
//! and opens relative to it. Narrows rights with fd_fdstat_set_rights and then uses a
//! removed right (read, write, seek, readdir, path_open), asks to widen them back, and
//! opens files with narrow rights / inheriting rights to see what is enforced. Works on
//! an empty `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

fn ret(e: i32) -> Result<String, i32> {
    if e == 0 {
        Ok(String::new())
    } else {
        Err(e)
    }
}

fn set_rights(fd: i32, base: u64, inh: u64) -> Result<String, i32> {
    ret(unsafe { raw::fd_fdstat_set_rights(fd, base as i64, inh as i64) })
}

fn txt(r: Result<Vec<u8>, i32>) -> Result<String, i32> {
    r.map(|b| format!("\"{}\"", guests::escape(&b)))
}

fn main() {
    let sb = fs::preopen("/sandbox");
    println!("preopen /sandbox: fd {sb}");
    if std::env::args().nth(1).as_deref() == Some("bad_rights") {
        // wasmtime traps ("Invalid flag value Rights") rather than returning EINVAL.
        println!("set_rights {sb} base=1<<40: calling");
        show(&format!("set_rights {sb} base=1<<40"), set_rights(sb, 1 << 40, 0));
        return;
    }
    for n in ["a", "b", "c", "d"] {
        show(&format!("put {n}"), unit(put(sb, n, n.as_bytes())));
    }
    let o = |p: &str| {
        let r = open_all(sb, p, 0);
        show(&format!("open {p}"), r.map(|fd| format!("fd {fd}")));
        r.unwrap_or(-1)
    };
    let fa = o("a");
    let fb = o("b");
    let fc = o("c");
    show(&format!("close {fb}"), unit(close(fb)));
    let fd1 = o("d");
    let fd2 = o("d");
    show(&format!("close {fa}"), unit(close(fa)));
    show(&format!("close {fc}"), unit(close(fc)));
    let fx = o("a");
    let fy = o("b");
    let fz = o("c");
    let dir = open_dir(sb, ".");
    show("open . (dir)", dir.map(|fd| format!("fd {fd}")));
    // Free 5, 7 and 9 in the order 7, 9, 5, then open three.
    for fd in [fd2, dir.unwrap_or(-1), fd1] {
        show(&format!("close {fd}"), unit(close(fd)));
    }
    let g1 = o("a");
    let g2 = o("a");
    let g3 = o("a");
    let g4 = o("a");
    for fd in [fx, fy, fz, g1, g2, g3, g4] {
        let _ = close(fd);
    }

    // Rights: open with everything, narrow, then use what was removed.
    let f = open_all(sb, "a", 0).unwrap();
    show("fdstat a", fdstat(f).map(|s| s.brief()));
    show("set_rights a base=READ|SEEK|TELL inh=0", set_rights(f, R_FD_READ | R_FD_SEEK | R_FD_TELL, 0));
    show("fdstat a", fdstat(f).map(|s| s.brief()));
    show("write a (removed)", write(f, b"x").map(|n| n.to_string()));
    show("read a", txt(read(f, 10)));
    show("filestat a (removed)", filestat(f).map(|s| s.brief()));
    show("set_size a (removed)", ret(unsafe { raw::fd_filestat_set_size(f, 0) }));
    show("pread a", txt(pread(f, 10, 0)));
    show("set_rights a base=ALL (widen)", set_rights(f, RIGHTS_ALL, RIGHTS_ALL));
    show("fdstat a", fdstat(f).map(|s| s.brief()));
    show("set_rights a base=0 inh=0", set_rights(f, 0, 0));
    show("fdstat a", fdstat(f).map(|s| s.brief()));
    show("read a (base=0)", txt(pread(f, 10, 0)));
    show("seek a (base=0)", seek(f, 0, 0).map(|n| n.to_string()));
    show("set_rights on fd 99", set_rights(99, 0, 0));
    close(f).unwrap();

    // A directory fd without PATH_OPEN / FD_READDIR.
    let d = open_dir(sb, ".").unwrap();
    show("set_rights dir base=FD_FILESTAT_GET inh=READ", set_rights(d, R_FD_FILESTAT_GET, R_FD_READ));
    show("fdstat dir", fdstat(d).map(|s| s.brief()));
    show("open a via dir (PATH_OPEN removed)", open_all(d, "a", 0).map(|fd| {
        let s = fdstat(fd).map(|s| s.brief()).unwrap_or_default();
        let _ = close(fd);
        s
    }));
    show("readdir dir (FD_READDIR removed)", readdir(d, 4096, 0).map(|b| format!("entries={}", parse_dirents(&b).len())));
    show("mkdir via dir (removed)", unit(mkdir(d, "newdir")));
    show("rmdir via dir (removed)", unit(rmdir(d, "newdir")));
    close(d).unwrap();

    // Opening with narrow rights.
    let r = open(sb, FOLLOW, "b", 0, R_FD_READ, 0, 0).unwrap();
    show("open b rights=READ: fdstat", fdstat(r).map(|s| s.brief()));
    show("write b (rights=READ)", write(r, b"x").map(|n| n.to_string()));
    show("seek b (no SEEK right)", seek(r, 1, 0).map(|n| n.to_string()));
    show("tell b (no TELL right)", tell(r).map(|n| n.to_string()));
    show("filestat b (no FILESTAT_GET right)", filestat(r).map(|s| s.brief()));
    close(r).unwrap();
    let w = open(sb, FOLLOW, "b", 0, R_FD_WRITE, 0, 0).unwrap();
    show("open b rights=WRITE: fdstat", fdstat(w).map(|s| s.brief()));
    show("read b (rights=WRITE)", txt(read(w, 10)));
    show("write b (rights=WRITE)", write(w, b"W").map(|n| n.to_string()));
    close(w).unwrap();
    let n = open(sb, FOLLOW, "b", 0, 0, 0, 0).unwrap();
    show("open b rights=0: fdstat", fdstat(n).map(|s| s.brief()));
    show("read b (rights=0)", txt(read(n, 10)));
    close(n).unwrap();
    show("contents b", get(sb, "b"));
    // A directory opened with inheriting=READ only, then a file through it asks for WRITE.
    let d = open(sb, FOLLOW, ".", O_DIRECTORY, DIR_RIGHTS, R_FD_READ, 0).unwrap();
    show("open . inh=READ: fdstat", fdstat(d).map(|s| s.brief()));
    match open_all(d, "c", 0) {
        Ok(f) => {
            show("open c via it rights=ALL: fdstat", fdstat(f).map(|s| s.brief()));
            show("write c", write(f, b"C").map(|n| n.to_string()));
            close(f).unwrap();
        }
        Err(e) => show("open c via it rights=ALL", Err(e)),
    }
    close(d).unwrap();

    // Closing the preopen.
    show(&format!("close {sb} (preopen)"), unit(close(sb)));
    show("open a via closed preopen", open_all(sb, "a", 0).map(|fd| format!("fd {fd}")));
    show(&format!("prestat {sb}"), {
        let mut pre = [0u32; 2];
        ret(unsafe { guests::wasi::fd_prestat_get(sb, guests::addr_mut(pre.as_mut_ptr())) })
    });
    show(&format!("close {sb} again"), unit(close(sb)));
    show("close 0 (stdin)", unit(close(0)));
    show("close 0 again", unit(close(0)));
}
