//! `fs_longnames`: long names and long paths, raw preview1 calls.
//!
//! A 255-byte component (Linux's NAME_MAX, the longest wasmtime's host directory takes) and a
//! 256-byte one through every `path_*` call; a long component in the middle of a path, under
//! a missing directory and after a file; a 255-byte name in fd_readdir; paths of 4095, 4096,
//! 4097 and 8193 bytes made of short components (`./` repeated, `d/..` repeated) that do
//! resolve, through every call; symlink targets of 4095 and 4096 bytes (and which error comes
//! first), a target with a 256-byte component, and following it. Paths of 4096 bytes or more follow wasmtime on Linux (see the README's differences).
//! Works on an empty `/sandbox`; one deterministic line per call.

use guests::each::path_calls;
use guests::fs::{self, *};

fn main() {
    let sb = fs::preopen("/sandbox");
    show("put f", unit(put(sb, "f", b"file f")));
    show("mkdir d", unit(mkdir(sb, "d")));

    let n255 = "n".repeat(255);
    let n256 = "n".repeat(256);
    let l = |n: &str| format!("<{} bytes>", n.len());
    // 255 bytes: every call works as for any name.
    show(&format!("put {}", l(&n255)), unit(put(sb, &n255, b"long")));
    show(&format!("stat {}", l(&n255)), path_filestat(sb, 0, &n255).map(|s| s.brief()));
    show(&format!("contents {}", l(&n255)), get(sb, &n255));
    show(&format!("rename {0} -> d/{0}", l(&n255)), unit(rename(sb, &n255, sb, format!("d/{n255}"))));
    show(&format!("link d/{0} -> {0}", l(&n255)), unit(link(sb, 0, format!("d/{n255}"), sb, &n255)));
    show(&format!("unlink d/{}", l(&n255)), unit(unlink(sb, format!("d/{n255}"))));
    show(&format!("symlink f -> d/{}", l(&n255)), unit(symlink("f", sb, format!("d/{n255}"))));
    show(&format!("readlink d/{}", l(&n255)), readlink(sb, format!("d/{n255}"), 64).map(|t| guests::escape(&t)));
    show(&format!("unlink d/{}", l(&n255)), unit(unlink(sb, format!("d/{n255}"))));
    show(&format!("mkdir d/{}", l(&n255)), unit(mkdir(sb, format!("d/{n255}"))));
    match open_dir(sb, "d") {
        Ok(fd) => {
            let ents = parse_dirents(&readdir(fd, 4096, 0).unwrap_or_default());
            for e in ents {
                println!("readdir d: namlen={} d_type={}", e.namlen, e.d_type);
            }
            close(fd).unwrap();
        }
        Err(e) => show("open d", Err(e)),
    }
    show(&format!("rmdir d/{}", l(&n255)), unit(rmdir(sb, format!("d/{n255}"))));
    show(&format!("unlink {}", l(&n255)), unit(unlink(sb, &n255)));

    // 256 bytes: every call, with the long name as the path under test.
    path_calls(&format!("name {}", l(&n256)), sb, n256.as_bytes(), sb);
    path_calls(&format!("d/name {}", l(&n256)), sb, format!("d/{n256}").as_bytes(), sb);
    path_calls(&format!("name {}/f", l(&n256)), sb, format!("{n256}/f").as_bytes(), sb);
    path_calls(&format!("missing/name {}", l(&n256)), sb, format!("missing/{n256}").as_bytes(), sb);
    path_calls(&format!("f/name {}", l(&n256)), sb, format!("f/{n256}").as_bytes(), sb);
    path_calls(&format!("name {}/", l(&n256)), sb, format!("{n256}/").as_bytes(), sb);
    path_calls(&format!("../name {}", l(&n256)), sb, format!("../{n256}").as_bytes(), sb);
    let n1000 = "m".repeat(1000);
    show(&format!("open {}", l(&n1000)), open(sb, FOLLOW, &n1000, 0, R_FD_READ, 0, 0).map(|_| String::new()));
    show(&format!("mkdir {}", l(&n1000)), unit(mkdir(sb, &n1000)));

    // Long paths of short components ("./" repeated): 4095 bytes resolve in every call; from
    // 4096 (Linux's PATH_MAX) wasmtime refuses them in the calls that hand the host the whole
    // path. The tree is rebuilt before each, so every line depends only on its call.
    for total in [4095usize, 4096] {
        for last in ["f", "d", "x", "l", "missing/x", "x/", "d/", "f/"] {
            reset(sb);
            path_calls(&format!("<{total} bytes: ./ ... {last}>"), sb, dots(total, last).as_bytes(), sb);
        }
        reset(sb);
        path_calls(&format!("<{total} bytes: ../ ./ ... x>"), sb, format!("../{}", dots(total - 3, "x")).as_bytes(), sb);
    }
    reset(sb);
    for total in [4097usize, 8193] {
        let p = dots(total, "f");
        show(&format!("stat <{total} bytes: ./ ... f>"), path_filestat(sb, 0, &p).map(|s| s.brief()));
        show(&format!("open <{total} bytes: ./ ... f>"), open(sb, FOLLOW, &p, 0, R_FD_READ, 0, 0).map(|_| String::new()));
    }
    let p = format!("{}f", "d/../".repeat(1000));
    show(&format!("stat <{} bytes: d/../ ... f>", p.len()), path_filestat(sb, 0, &p).map(|s| s.brief()));

    // Symlink targets: content up to 4095 bytes; 4096 is ENAMETOOLONG, after the new path.
    for t in [4095usize, 4096] {
        let tg = dots(t, "f");
        show(&format!("symlink <{t} bytes> -> s"), unit(symlink(&tg, sb, "s")));
        show("readlink s", readlink(sb, "s", 8192).map(|b| format!("{} bytes", b.len())));
        show("stat follow s", path_filestat(sb, FOLLOW, "s").map(|s| s.brief()));
        let _ = unlink(sb, "s");
        show(&format!("symlink <{t} bytes> -> ../esc"), unit(symlink(&tg, sb, "../esc")));
        show(&format!("symlink <{t} bytes> -> f (exists)"), unit(symlink(&tg, sb, "f")));
        show(&format!("symlink <{t} bytes> -> missing/s"), unit(symlink(&tg, sb, "missing/s")));
        show(&format!("symlink <{t} bytes, NUL at the end> -> s"), unit(symlink(format!("{}\0", dots(t - 1, "f")), sb, "s")));
        show(&format!("symlink <{t} bytes: x/aaa...> -> s"), unit(symlink(format!("x/{}", "a".repeat(t - 2)), sb, "s")));
        let _ = unlink(sb, "s");
    }
    show("symlink <\\xff + 4095 bytes> -> s", unit(symlink([&[0xffu8][..], dots(4095, "f").as_bytes()].concat(), sb, "s")));
    show(&format!("symlink {} -> s256", l(&n256)), unit(symlink(&n256, sb, "s256")));
    show("readlink s256", readlink(sb, "s256", 512).map(|b| format!("{} bytes", b.len())));
    show("stat follow s256", path_filestat(sb, FOLLOW, "s256").map(|s| s.brief()));
    show("open follow s256", open(sb, FOLLOW, "s256", 0, R_FD_READ, 0, 0).map(|_| String::new()));
    show("open CREAT follow s256", open_all(sb, "s256", O_CREAT).map(|_| String::new()));
    show(&format!("symlink d/{} -> s255", l(&n255)), unit(symlink(format!("d/{n255}"), sb, "s255")));
    show("open CREAT follow s255", open_all(sb, "s255", O_CREAT).map(|fd| {
        let _ = close(fd);
        String::new()
    }));
    show(&format!("stat d/{}", l(&n255)), path_filestat(sb, 0, format!("d/{n255}")).map(|s| s.brief()));
    show("names /sandbox", names(sb, "."));
}

/// `./` repeated (one `/` doubled when needed), then `last`: exactly `total` bytes.
fn dots(total: usize, last: &str) -> String {
    let mut p = "./".repeat((total - last.len()) / 2);
    if p.len() + last.len() < total {
        p.push('/');
    }
    p.push_str(last);
    assert_eq!(p.len(), total);
    p
}

/// Puts back `f` (a file), `d` (a directory) and `l` -> f, and removes what the calls made.
fn reset(sb: i32) {
    for n in ["g", "h", "x", "f", "l", "s"] {
        let _ = unlink(sb, n);
    }
    for n in ["x", "d", "g"] {
        let _ = rmdir(sb, n);
    }
    put(sb, "f", b"file f").unwrap();
    mkdir(sb, "d").unwrap();
    symlink("f", sb, "l").unwrap();
}
