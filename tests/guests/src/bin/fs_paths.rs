//! `fs_paths`: path resolution edges under the `/sandbox` preopen, raw preview1 calls.
//!
//! Each path is tried with path_open (read-only), path_filestat_get (following) and, where
//! it makes sense, path_create_directory: `..` that stays inside the preopen, `..` that
//! climbs out of it, absolute paths, an embedded NUL, the empty path, `.` segments, double
//! slashes, trailing slashes on directories and files, bytes that are not UTF-8, bad or
//! non-directory base fds, and `..` relative to a subdirectory fd. Works on an
//! empty `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

fn try_path(sb: i32, p: &str) {
    try_path_from("", sb, p)
}

/// `open`/`stat` of `p` relative to `dir`; `from` prefixes the labels (`a: ` for a
/// subdirectory fd).
fn try_path_from(from: &str, sb: i32, p: &str) {
    let shown = guests::escape(p.as_bytes());
    show(
        &format!("{from}open \"{shown}\""),
        open(sb, FOLLOW, p, 0, R_FD_READ, 0, 0)
            .and_then(|fd| {
                let t = fdstat(fd).map(|s| s.filetype);
                close(fd)?;
                t
            })
            .map(|t| format!("filetype={t}")),
    );
    show(
        &format!("{from}stat \"{shown}\""),
        path_filestat(sb, FOLLOW, p).map(|s| format!("filetype={}", s.filetype)),
    );
}

fn main() {
    let sb = fs::preopen("/sandbox");
    show("mkdir a", unit(mkdir(sb, "a")));
    show("mkdir a/b", unit(mkdir(sb, "a/b")));
    show("put a/b/f", unit(put(sb, "a/b/f", b"f")));
    show("put top", unit(put(sb, "top", b"t")));

    for p in [
        "a/b/f",
        "a/./b/f",
        "./a/b/f",
        "a//b//f",
        "a/b/../b/f",
        "a/../a/b/f",
        "a/b/../../top",
        "a/b/../../a/b/../../top",
        "a/b/",
        "a/b//",
        "a/b/.",
        "a/b/./",
        "a/b/..",
        "a/b/f/",
        "a/b/f/.",
        "a/b/f/..",
        "top/",
        ".",
        "./",
        "..",
        "../",
        "a/../..",
        "a/b/../../..",
        "../sandbox/top",
        "/",
        "/sandbox",
        "/sandbox/top",
        "/etc",
        "/etc/passwd",
        "//top",
        "",
        "top\0",
        "to\0p",
        "\0",
        "missing",
        "missing/..",
        "missing/../top",
        "top/..",
    ] {
        try_path(sb, p);
    }
    // Not UTF-8: a `&str` cannot hold it, so straight to the import.
    let bad = b"a\xff";
    let mut fd = -1i32;
    let e = unsafe {
        raw::path_open(sb, 1, guests::addr(bad.as_ptr()), 2, 0, R_FD_READ as i64, 0, 0,
            guests::addr_mut(&mut fd))
    };
    show("open \"a\\xff\" (not UTF-8)", if e == 0 { Ok(String::new()) } else { Err(e) });
    let e = unsafe { raw::path_create_directory(sb, guests::addr(bad.as_ptr()), 2) };
    show("mkdir \"a\\xff\" (not UTF-8)", if e == 0 { Ok(String::new()) } else { Err(e) });

    // Creating and removing at the edges.
    show("mkdir ../x", unit(mkdir(sb, "../x")));
    show("mkdir /x", unit(mkdir(sb, "/x")));
    show("mkdir a/../x", unit(mkdir(sb, "a/../x")));
    show("mkdir a/b/../../../x", unit(mkdir(sb, "a/b/../../../x")));
    show("mkdir x\\x00y", unit(mkdir(sb, "x\0y")));
    show("put ../escape", unit(put(sb, "../escape", b"e")));
    show("put /abs", unit(put(sb, "/abs", b"e")));
    show("unlink ../x", unit(unlink(sb, "../x")));
    show("rmdir ..", unit(rmdir(sb, "..")));
    show("names /sandbox", names(sb, "."));
    // Bad descriptors.
    show("open top on fd 99", open(99, FOLLOW, "top", 0, R_FD_READ, 0, 0).map(|_| String::new()));
    show("open top on stdout", open(1, FOLLOW, "top", 0, R_FD_READ, 0, 0).map(|_| String::new()));
    let f = open_all(sb, "top", 0).unwrap();
    show("open x relative to a file fd", open(f, FOLLOW, "x", 0, R_FD_READ, 0, 0).map(|_| String::new()));
    show("open . relative to a file fd", open(f, FOLLOW, ".", 0, R_FD_READ, 0, 0).map(|_| String::new()));
    show("open \"\" relative to a file fd", open(f, FOLLOW, "", 0, R_FD_READ, 0, 0).map(|_| String::new()));
    close(f).unwrap();
    // Relative to a subdirectory fd: `..` back to the preopen is an escape from *that* fd.
    let d = open_dir(sb, "a").unwrap();
    try_path_from("a: ", d, "b/f");
    try_path_from("a: ", d, "../top");
    try_path_from("a: ", d, "b/../../top");
    try_path_from("a: ", d, "b/..");
    try_path_from("a: ", d, ".");
    close(d).unwrap();
}
