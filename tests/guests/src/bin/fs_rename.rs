//! `fs_rename`: path_rename and fd_renumber under the `/sandbox` preopen, raw preview1 calls.
//!
//! path_rename: a file to a new name, onto an existing file (replaced), a directory onto an
//! empty directory, onto a non-empty directory, into its own subdirectory, a file onto a
//! directory, a directory onto a file, a missing source, onto itself, out of the preopen,
//! trailing slashes on either side, a symlink (the link moves, not its target), across two
//! directory fds. fd_renumber: an open file onto another open fd (read through the new
//! number; the old number is closed), onto a closed number, onto itself, from a bad fd,
//! onto a preopen, onto stdin, a directory fd. Works on an empty `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

fn main() {
    let sb = fs::preopen("/sandbox");
    let r = |old: &str, new: &str, what: &str| {
        show(&format!("rename {old} -> {new}{what}"), unit(rename(sb, old, sb, new)));
    };
    show("put a", unit(put(sb, "a", b"A")));
    show("put b", unit(put(sb, "b", b"B")));
    show("mkdir d1", unit(mkdir(sb, "d1")));
    show("mkdir d2", unit(mkdir(sb, "d2")));
    show("mkdir full", unit(mkdir(sb, "full")));
    show("put full/x", unit(put(sb, "full/x", b"X")));

    r("a", "a2", "");
    show("names /sandbox", names(sb, "."));
    show("contents a2", get(sb, "a2"));
    r("a2", "b", " (existing file: replaced)");
    show("contents b", get(sb, "b"));
    show("names /sandbox", names(sb, "."));
    r("b", "b", " (itself)");
    r("d1", "d1", " (itself, dir)");
    r("missing", "z", " (missing source)");
    r("b", "missing/z", " (missing target parent)");
    r("d1", "d2", " (dir onto empty dir)");
    show("names /sandbox", names(sb, "."));
    show("mkdir d1", unit(mkdir(sb, "d1")));
    r("d1", "full", " (dir onto non-empty dir)");
    r("d2", "d2/sub", " (dir into itself)");
    show("mkdir d2/sub", unit(mkdir(sb, "d2/sub")));
    r("d2", "d2/sub/deeper", " (dir into its own subdir)");
    r("b", "d1", " (file onto dir)");
    r("b", "d1/", " (file onto dir/)");
    r("d1", "b", " (dir onto file)");
    r("d1/", "b", " (dir/ onto file)");
    r("b/", "c", " (file/ as source)");
    r("b", "c/", " (file to name/)");
    r("d1/", "d3", " (dir/ as source)");
    r("d3", "d1/", " (dir to name/)");
    r("d1", "d3/", " (dir to name/, second)");
    show("names /sandbox", names(sb, "."));
    r(".", "x", " (dot)");
    r("d2/sub/..", "x", " (dot-dot inside)");
    r("b", "../b", " (out of the preopen)");
    r("../b", "b2", " (from outside)");
    r("b", "", " (empty target)");
    r("", "b", " (empty source)");
    show("symlink b -> lb", unit(symlink("b", sb, "lb")));
    r("lb", "lb2", " (symlink)");
    show("readlink lb2", readlink(sb, "lb2", 64).map(|b| String::from_utf8_lossy(&b).into_owned()));
    show("symlink d2 -> ld", unit(symlink("d2", sb, "ld")));
    r("ld/", "ld3", " (symlink to dir, trailing slash)");
    r("b", "ld", " (file onto symlink)");
    show("stat nofollow ld", path_filestat(sb, 0, "ld").map(|s| format!("filetype={}", s.filetype)));
    show("contents ld", get(sb, "ld"));
    show("names /sandbox", names(sb, "."));
    show("names d2", names(sb, "d2"));
    // Across directory fds.
    let d = open_dir(sb, "full").unwrap();
    show("rename (sb) ld -> (full) moved", unit(rename(sb, "ld", d, "moved")));
    show("rename (full) moved -> (sb) back", unit(rename(d, "moved", sb, "back")));
    show("rename (full) x -> (fd 99) y", unit(rename(d, "x", 99, "y")));
    close(d).unwrap();
    show("names /sandbox", names(sb, "."));
    show("names full", names(sb, "full"));

    // fd_renumber. fd numbers are printed as is: wasmtime's are deterministic.
    show("put r1", unit(put(sb, "r1", b"one")));
    show("put r2", unit(put(sb, "r2", b"two")));
    let txt = |r: Result<Vec<u8>, i32>| r.map(|b| format!("\"{}\"", guests::escape(&b)));
    let ren = |from: i32, to: i32| {
        show(
            &format!("renumber {from} -> {to}"),
            unit(check(unsafe { raw::fd_renumber(from, to) })),
        )
    };
    let f1 = open_all(sb, "r1", 0).unwrap();
    let f2 = open_all(sb, "r2", 0).unwrap();
    println!("open r1: fd {f1}");
    println!("open r2: fd {f2}");
    ren(f1, f2);
    show(&format!("read {f2}"), txt(read(f2, 10)));
    show(&format!("read {f1}"), txt(read(f1, 10)));
    ren(f2, f2);
    show(&format!("pread {f2}"), txt(pread(f2, 10, 0)));
    ren(f2, f1);
    ren(f2, 100);
    ren(99, f2);
    show(&format!("pread {f2}"), txt(pread(f2, 10, 0)));
    let f3 = open_all(sb, "r2", 0).unwrap();
    println!("open r2: fd {f3}");
    let f4 = open_all(sb, "b", 0).map_err(|_| ()).or_else(|_| open_all(sb, "back", 0)).unwrap();
    println!("open back: fd {f4}");
    ren(f4, f3);
    show(&format!("pread {f3}"), txt(pread(f3, 10, 0)));
    show(&format!("fdstat {f4}"), fdstat(f4).map(|s| s.brief()));
    let f5 = open_all(sb, "r1", 0).unwrap();
    println!("open r1: fd {f5}");
    // Onto stdin: fd 0 now reads the file.
    ren(f5, 0);
    show("read 0", txt(read(0, 10)));
    // A file onto the preopen: the preopen is gone.
    let d = open_dir(sb, "d2").unwrap();
    println!("open d2: fd {d}");
    ren(f3, sb);
    show(&format!("prestat {sb}"), {
        let mut pre = [0u32; 2];
        let e = unsafe { guests::wasi::fd_prestat_get(sb, guests::addr_mut(pre.as_mut_ptr())) };
        check(e).map(|()| format!("tag={} len={}", pre[0], pre[1]))
    });
    show(&format!("fdstat {sb}"), fdstat(sb).map(|s| format!("filetype={}", s.filetype)));
    show(&format!("pread {sb}"), txt(pread(sb, 10, 0)));
    show(&format!("names via {d}"), names(d, "."));
    // The directory fd onto a free number, then use it.
    ren(d, 50);
    show("names via 50", names(50, "."));
}
