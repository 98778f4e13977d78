//! `fs_badutf8`: path arguments that are not UTF-8, in every `path_*` call, raw preview1
//! calls.
//!
//! Each of a few invalid byte strings (a lone 0xff, a truncated sequence, an encoded
//! surrogate, an overlong `/`) is passed as each path argument of path_open,
//! path_create_directory, path_filestat_get, path_filestat_set_times, path_link (old and
//! new), path_readlink, path_remove_directory, path_rename (old and new), path_symlink (old
//! and new) and path_unlink_file, with the other path valid. Then which error wins when the
//! bytes are bad and something else is wrong too: a closed fd, a file fd, stdout (every call),
//! a target that exists, an escape, `LOOKUP_SYMLINK_FOLLOW` on path_link, `O_CREAT|O_DIRECTORY`;
//! and an out-of-bounds path on a closed fd (EBADF where the fd is checked first). Works on an empty `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

fn main() {
    let sb = fs::preopen("/sandbox");
    show("put f", unit(put(sb, "f", b"f")));
    show("mkdir d", unit(mkdir(sb, "d")));
    show("symlink f -> l", unit(symlink("f", sb, "l")));

    let bads: [&[u8]; 6] = [b"a\xff", b"\xff", b"x\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"d/\xfe/f"];
    for bad in bads {
        let b = guests::escape(bad);
        let l = |call: &str| format!("{call} \"{b}\"");
        show(&l("open"), open(sb, FOLLOW, bad, 0, R_FD_READ, 0, 0).map(|fd| format!("fd {fd}")));
        show(&l("open CREAT"), open_all(sb, bad, O_CREAT).map(|fd| format!("fd {fd}")));
        show(&l("open nofollow DIRECTORY"), open(sb, 0, bad, O_DIRECTORY, DIR_RIGHTS, 0, 0).map(|fd| format!("fd {fd}")));
        show(&l("mkdir"), unit(mkdir(sb, bad)));
        show(&l("stat follow"), path_filestat(sb, FOLLOW, bad).map(|s| s.brief()));
        show(&l("stat nofollow"), path_filestat(sb, 0, bad).map(|s| s.brief()));
        show(&l("set_times"), unit(check(unsafe {
            raw::path_filestat_set_times(sb, 0, guests::addr(bad.as_ptr()), bad.len() as i32, 0, 0, ATIM_NOW)
        })));
        show(&l("link f ->"), unit(link(sb, 0, "f", sb, bad)));
        show(&l("link -> h from"), unit(link(sb, 0, bad, sb, "h")));
        show(&l("readlink"), readlink(sb, bad, 64).map(|t| guests::escape(&t)));
        show(&l("rmdir"), unit(rmdir(sb, bad)));
        show(&l("rename f ->"), unit(rename(sb, "f", sb, bad)));
        show(&l("rename -> g from"), unit(rename(sb, bad, sb, "g")));
        show(&l("symlink -> s, target"), unit(symlink(bad, sb, "s")));
        show(&l("symlink f ->"), unit(symlink("f", sb, bad)));
        show(&l("unlink"), unit(unlink(sb, bad)));
    }
    show("names /sandbox", names(sb, "."));

    // Which error comes first: every call with the bad path on a bad fd (path_open reads its
    // path before it looks at the fd; the others look at the fd first).
    let bad = b"a\xff";
    let f = open_all(sb, "f", 0).unwrap();
    guests::each::path_calls("bad path on fd 99", 99, bad, sb);
    guests::each::path_calls("bad path on a file fd", f, bad, sb);
    guests::each::path_calls("bad path on stdout", 1, bad, sb);
    close(f).unwrap();
    // An out-of-bounds path on a bad fd: EBADF, not a trap, where the fd comes first.
    let oob = (guests::memory_bytes() - 1) as i32;
    let s1 = guests::addr(b"s".as_ptr());
    show("mkdir <out-of-bounds path> on fd 99", unit(check(unsafe { raw::path_create_directory(99, oob, 10) })));
    show("stat <out-of-bounds path> on a stdout", unit(check(unsafe { raw::path_filestat_get(1, 0, oob, 10, oob) })));
    show("symlink <out-of-bounds target> -> s on fd 99", unit(check(unsafe { raw::path_symlink(oob, 10, 99, s1, 1) })));
    show("rename s -> <out-of-bounds path> on fd 99", unit(check(unsafe { raw::path_rename(sb, s1, 1, 99, oob, 10) })));
    show("link s -> <out-of-bounds path> on fd 99", unit(check(unsafe { raw::path_link(sb, 0, s1, 1, 99, oob, 10) })));
    show("readdir <out-of-bounds buffer> on fd 99", unit(check(unsafe { raw::fd_readdir(99, oob, 100, 0, oob) })));
    show("open bad on fd 99", open(99, FOLLOW, bad, 0, R_FD_READ, 0, 0).map(|fd| format!("fd {fd}")));
    show("mkdir bad on fd 99", unit(mkdir(99, bad)));
    show("unlink bad on stdout", unit(unlink(1, bad)));
    let f = open_all(sb, "f", 0).unwrap();
    show("open bad on a file fd", open(f, FOLLOW, bad, 0, R_FD_READ, 0, 0).map(|fd| format!("fd {fd}")));
    show("stat bad on a file fd", path_filestat(f, 0, bad).map(|s| s.brief()));
    close(f).unwrap();
    show("symlink bad target -> f (exists)", unit(symlink(bad, sb, "f")));
    show("symlink bad target -> on fd 99", unit(symlink(bad, 99, "s")));
    show("symlink bad target -> missing/s", unit(symlink(bad, sb, "missing/s")));
    show("symlink bad target -> ../s (escape)", unit(symlink(bad, sb, "../s")));
    show("rename bad -> ../x (escape)", unit(rename(sb, bad, sb, "../x")));
    show("rename ../x -> bad (escape)", unit(rename(sb, "../x", sb, bad)));
    show("rename missing -> bad", unit(rename(sb, "missing", sb, bad)));
    show("rename bad on fd 99 -> g", unit(rename(99, bad, sb, "g")));
    show("rename f -> bad on fd 99", unit(rename(sb, "f", 99, bad)));
    show("link missing -> bad", unit(link(sb, 0, "missing", sb, bad)));
    show("link bad -> f (exists)", unit(link(sb, 0, bad, sb, "f")));
    show("link f -> bad on fd 99", unit(link(sb, 0, "f", 99, bad)));
    show("link bad FOLLOW -> h", unit(link(sb, FOLLOW, bad, sb, "h")));
    show("open bad CREAT|DIRECTORY", open(sb, FOLLOW, bad, O_CREAT | O_DIRECTORY, DIR_RIGHTS, 0, 0).map(|fd| format!("fd {fd}")));
    show("open bad\\0", open(sb, FOLLOW, b"a\xff\0", 0, R_FD_READ, 0, 0).map(|fd| format!("fd {fd}")));
    show("open /bad (absolute)", open(sb, FOLLOW, b"/a\xff", 0, R_FD_READ, 0, 0).map(|fd| format!("fd {fd}")));
    show("open ../bad (escape)", open(sb, FOLLOW, b"../a\xff", 0, R_FD_READ, 0, 0).map(|fd| format!("fd {fd}")));
    show("open f/bad (file in the path)", open(sb, FOLLOW, b"f/a\xff", 0, R_FD_READ, 0, 0).map(|fd| format!("fd {fd}")));
    show("readlink l buf holds bad? (valid link)", readlink(sb, "l", 64).map(|t| guests::escape(&t)));
}
