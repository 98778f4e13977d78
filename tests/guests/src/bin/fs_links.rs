//! `fs_links`: symbolic and hard links under the `/sandbox` preopen, raw preview1 calls.
//!
//! Covers path_symlink (to a file, dangling, to a directory, an absolute target, a loop
//! a->b->a, a target climbing out of the preopen, onto an existing name; absolute targets
//! are refused), path_readlink
//! (whole, into a buffer shorter than the target, on a non-link), path_open through links
//! with and without LOOKUP_SYMLINK_FOLLOW (plus CREAT/EXCL through a dangling link),
//! path_filestat_get with and without following (filetype 7 vs 4), symlinks in the middle
//! of a path, and path_link (nlink 2, unlink one name and read the other, onto an existing
//! name, on a directory, on a symlink with and without following). Works on an empty
//! `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

fn opened(r: Result<i32, i32>) -> Result<String, i32> {
    r.and_then(|fd| {
        let t = fdstat(fd).map(|s| s.filetype);
        close(fd)?;
        t
    })
    .map(|t| format!("filetype={t}"))
}

/// `filetype=<t>`, plus ` nlink=<n>` unless a directory (whose link count depends on the
/// host filesystem).
fn kind(r: Result<Filestat, i32>) -> Result<String, i32> {
    r.map(|s| {
        if s.filetype == FT_DIR {
            format!("filetype={}", s.filetype)
        } else {
            format!("filetype={} nlink={}", s.filetype, s.nlink)
        }
    })
}

fn link_text(r: Result<Vec<u8>, i32>) -> Result<String, i32> {
    r.map(|b| format!("bufused={} \"{}\"", b.len(), guests::escape(&b)))
}

fn main() {
    let sb = fs::preopen("/sandbox");
    show("put f", unit(put(sb, "f", b"file f")));
    show("mkdir d", unit(mkdir(sb, "d")));
    show("put d/inner", unit(put(sb, "d/inner", b"inner")));

    // Creating links.
    show("symlink f -> l_file", unit(symlink("f", sb, "l_file")));
    show("symlink missing -> l_dangling", unit(symlink("missing", sb, "l_dangling")));
    show("symlink d -> l_dir", unit(symlink("d", sb, "l_dir")));
    show("symlink /etc/passwd -> l_abs", unit(symlink("/etc/passwd", sb, "l_abs")));
    show("symlink /sandbox/f -> l_abs2", unit(symlink("/sandbox/f", sb, "l_abs2")));
    show("symlink some/long/target -> l_long", unit(symlink("some/long/target", sb, "l_long")));
    show("symlink l_b -> l_a", unit(symlink("l_b", sb, "l_a")));
    show("symlink l_a -> l_b", unit(symlink("l_a", sb, "l_b")));
    show("symlink l_self -> l_self", unit(symlink("l_self", sb, "l_self")));
    show("symlink ../.. -> l_up", unit(symlink("../..", sb, "l_up")));
    show("symlink ../outside -> l_out", unit(symlink("../outside", sb, "l_out")));
    show("symlink .. -> d/l_parent", unit(symlink("..", sb, "d/l_parent")));
    show("symlink ../f -> d/l_f", unit(symlink("../f", sb, "d/l_f")));
    show("symlink x -> f (exists)", unit(symlink("x", sb, "f")));
    show("symlink x -> l_file (exists)", unit(symlink("x", sb, "l_file")));
    show("symlink x -> d (exists, dir)", unit(symlink("x", sb, "d")));
    show("symlink x -> l_x/ (trailing slash)", unit(symlink("x", sb, "l_x/")));
    show("symlink \"\" -> l_empty", unit(symlink("", sb, "l_empty")));
    show("symlink x -> ../l_esc (link outside)", unit(symlink("x", sb, "../l_esc")));
    show("symlink x -> missing/l (missing parent)", unit(symlink("x", sb, "missing/l")));

    // Reading links.
    show("readlink l_file", link_text(readlink(sb, "l_file", 64)));
    show("readlink l_abs (not created)", link_text(readlink(sb, "l_abs", 64)));
    show("readlink l_long", link_text(readlink(sb, "l_long", 64)));
    show("readlink l_long buf=4", link_text(readlink(sb, "l_long", 4)));
    show("readlink l_long buf=15", link_text(readlink(sb, "l_long", 15)));
    show("readlink l_long buf=16 (exact)", link_text(readlink(sb, "l_long", 16)));
    show("readlink l_long buf=0", link_text(readlink(sb, "l_long", 0)));
    show("readlink l_up", link_text(readlink(sb, "l_up", 64)));
    show("readlink f (not a link)", link_text(readlink(sb, "f", 64)));
    show("readlink d (not a link)", link_text(readlink(sb, "d", 64)));
    show("readlink missing", link_text(readlink(sb, "missing", 64)));
    show("readlink l_dir/ (trailing slash)", link_text(readlink(sb, "l_dir/", 64)));
    show("readlink l_dir/inner (through a link)", link_text(readlink(sb, "l_dir/inner", 64)));
    show("readlink d/l_parent", link_text(readlink(sb, "d/l_parent", 64)));
    show("readlink l_dir/l_f (link in the path)", link_text(readlink(sb, "l_dir/l_f", 64)));

    // Stat with and without following.
    for p in [
        "l_file", "l_dangling", "l_dir", "l_long", "l_a", "l_self", "l_up", "l_out",
        "l_empty", "l_dir/inner", "l_dir/", "l_file/", "d/l_parent", "d/l_parent/f", "d/l_f",
        "d/l_parent/d/l_parent/f",
    ] {
        show(
            &format!("stat nofollow {p}"),
            kind(path_filestat(sb, 0, p)),
        );
        show(
            &format!("stat follow {p}"),
            kind(path_filestat(sb, FOLLOW, p)),
        );
    }

    // Opening with and without following.
    for p in [
        "l_file", "l_dangling", "l_dir", "l_long", "l_a", "l_self", "l_up", "l_out",
        "l_dir/inner", "l_dir/", "d/l_f", "d/l_parent/f",
    ] {
        show(
            &format!("open follow {p}"),
            opened(open(sb, FOLLOW, p, 0, R_FD_READ, 0, 0)),
        );
        show(&format!("open nofollow {p}"), opened(open(sb, 0, p, 0, R_FD_READ, 0, 0)));
    }
    show("open nofollow l_dir DIRECTORY", opened(open(sb, 0, "l_dir", O_DIRECTORY, DIR_RIGHTS, 0, 0)));
    show("open follow l_dir DIRECTORY", opened(open(sb, FOLLOW, "l_dir", O_DIRECTORY, DIR_RIGHTS, 0, 0)));
    show("open nofollow l_file rights=0", opened(open(sb, 0, "l_file", 0, 0, 0, 0)));
    show("contents l_file", get(sb, "l_file"));
    show("contents d/l_f", get(sb, "d/l_f"));
    show("contents l_dir/inner", get(sb, "l_dir/inner"));
    show("contents d/l_parent/f", get(sb, "d/l_parent/f"));

    // Creating through a dangling link.
    show(
        "open follow l_dangling CREAT|EXCL",
        opened(open(sb, FOLLOW, "l_dangling", O_CREAT | O_EXCL, RIGHTS_ALL, 0, 0)),
    );
    show(
        "open nofollow l_dangling CREAT",
        opened(open(sb, 0, "l_dangling", O_CREAT, RIGHTS_ALL, 0, 0)),
    );
    show(
        "open follow l_dangling CREAT",
        opened(open(sb, FOLLOW, "l_dangling", O_CREAT, RIGHTS_ALL, 0, 0)),
    );
    show("names /sandbox", names(sb, "."));
    show("stat follow l_dangling", path_filestat(sb, FOLLOW, "l_dangling").map(|s| s.brief()));
    show("unlink missing", unit(unlink(sb, "missing")));
    show(
        "open follow l_out CREAT",
        opened(open(sb, FOLLOW, "l_out", O_CREAT, RIGHTS_ALL, 0, 0)),
    );
    show("mkdir l_dir/sub (through a link)", unit(mkdir(sb, "l_dir/sub")));
    show("rmdir l_dir/sub", unit(rmdir(sb, "l_dir/sub")));
    show("mkdir l_dangling (existing link)", unit(mkdir(sb, "l_dangling")));
    show("rmdir l_dir (link to dir)", unit(rmdir(sb, "l_dir")));
    show("rmdir l_dir/ (link to dir, trailing slash)", unit(rmdir(sb, "l_dir/")));
    show("unlink l_dir/ (link to dir, trailing slash)", unit(unlink(sb, "l_dir/")));
    show("unlink l_file/ (link to file, trailing slash)", unit(unlink(sb, "l_file/")));

    // Hard links.
    show("link f -> h", unit(link(sb, 0, "f", sb, "h")));
    show("stat f", path_filestat(sb, 0, "f").map(|s| s.brief()));
    show("stat h", path_filestat(sb, 0, "h").map(|s| s.brief()));
    show("link f -> h (exists)", unit(link(sb, 0, "f", sb, "h")));
    show("link f -> d (exists, dir)", unit(link(sb, 0, "f", sb, "d")));
    show("link f -> d/h2", unit(link(sb, 0, "f", sb, "d/h2")));
    show("stat f", path_filestat(sb, 0, "f").map(|s| s.brief()));
    show("unlink f", unit(unlink(sb, "f")));
    show("stat h", path_filestat(sb, 0, "h").map(|s| s.brief()));
    show("contents h", get(sb, "h"));
    show("contents d/h2", get(sb, "d/h2"));
    show("link d -> d_hard (a dir)", unit(link(sb, 0, "d", sb, "d_hard")));
    show("link missing -> x", unit(link(sb, 0, "missing", sb, "x")));
    show("link h -> ../x (outside)", unit(link(sb, 0, "h", sb, "../x")));
    show("link ../x -> y (outside)", unit(link(sb, 0, "../x", sb, "y")));
    show("link h -> h3/ (trailing slash)", unit(link(sb, 0, "h", sb, "h3/")));
    show("link h/ -> h3 (trailing slash)", unit(link(sb, 0, "h/", sb, "h3")));
    show("link l_file -> hl nofollow", unit(link(sb, 0, "l_file", sb, "hl")));
    show("stat nofollow hl", path_filestat(sb, 0, "hl").map(|s| format!("filetype={}", s.filetype)));
    show("link l_file -> hl2 follow", unit(link(sb, FOLLOW, "l_file", sb, "hl2")));
    show("stat nofollow hl2", path_filestat(sb, 0, "hl2").map(|s| format!("filetype={}", s.filetype)));
    show("link d/l_f -> hl3 follow", unit(link(sb, FOLLOW, "d/l_f", sb, "hl3")));
    show("stat nofollow hl3", path_filestat(sb, 0, "hl3").map(|s| format!("filetype={}", s.filetype)));
    show("link h -> x on fd 99", unit(link(sb, 0, "h", 99, "x")));
    let d = open_dir(sb, "d").unwrap();
    show("link h -> (d fd) h4", unit(link(sb, 0, "h", d, "h4")));
    close(d).unwrap();
    show("stat h", path_filestat(sb, 0, "h").map(|s| s.brief()));
    show("names /sandbox", names(sb, "."));
    show("names d", names(sb, "d"));
}
