//! `fs_badfds`: every call that takes a directory fd (each `path_*` call, both sides of
//! path_link and path_rename, fd_readdir), given an fd that is not an open directory: a
//! number never opened, a closed fd, an fd renumbered away (`from` of fd_renumber), an fd
//! that a file was renumbered onto, a file fd, stdin, stdout and stderr. Then every `fd_*`
//! call on the closed and renumbered-away fds, and on stdin/stdout/stderr (ESPIPE, EBADF,
//! ...). Raw preview1 calls on an empty `/sandbox`; one deterministic line per call.

use guests::each::{fd_calls, path_calls};
use guests::fs::{self, *};

fn main() {
    let sb = fs::preopen("/sandbox");
    show("put f", unit(put(sb, "f", b"file f")));
    show("mkdir d", unit(mkdir(sb, "d")));

    // Every fd is opened first and only then closed or renumbered away, so no later open
    // takes a freed number (none of the calls below opens anything).
    let file = open_all(sb, "f", 0).unwrap();
    let closed = open_dir(sb, "d").unwrap();
    // fd_renumber(from, to): `from` is gone afterwards, `to` is what `from` was.
    let from = open_dir(sb, "d").unwrap();
    let to = open_all(sb, "f", 0).unwrap();
    let dir2 = open_dir(sb, "d").unwrap();
    let file2 = open_all(sb, "f", 0).unwrap();
    show("close (a dir fd)", unit(close(closed)));
    show("renumber dir fd onto file fd", unit(check(unsafe { raw::fd_renumber(from, to) })));
    show("renumbered onto: fdstat", fdstat(to).map(|s| format!("filetype={}", s.filetype)));
    show("renumbered onto: stat .", path_filestat(to, 0, ".").map(|s| format!("filetype={}", s.filetype)));
    show("renumber file fd onto dir fd", unit(check(unsafe { raw::fd_renumber(file2, dir2) })));
    show("renumbered onto: fdstat", fdstat(dir2).map(|s| format!("filetype={}", s.filetype)));

    path_calls("fd 99 (never opened)", 99, b"x", sb);
    path_calls("closed fd", closed, b"x", sb);
    path_calls("renumbered-away fd", from, b"x", sb);
    path_calls("renumbered-away fd (file)", file2, b"x", sb);
    path_calls("file renumbered onto a dir fd", dir2, b"x", sb);
    path_calls("file fd", file, b"x", sb);
    path_calls("file fd, path .", file, b".", sb);
    path_calls("file fd, path \"\"", file, b"", sb);
    path_calls("stdin", 0, b"x", sb);
    path_calls("stdout", 1, b"x", sb);
    path_calls("stderr", 2, b"x", sb);
    path_calls("fd -1", -1, b"x", sb);

    fd_calls("fd 99 (never opened)", 99);
    fd_calls("closed fd", closed);
    fd_calls("renumbered-away fd", from);
    fd_calls("fd -1", -1);
    fd_calls("stdin", 0);
    fd_calls("stdout", 1);
    fd_calls("stderr", 2);

    // Renumber and close with bad numbers.
    show("renumber 99 -> file", unit(check(unsafe { raw::fd_renumber(99, file) })));
    show("renumber file -> 99", unit(check(unsafe { raw::fd_renumber(file, 99) })));
    show("renumber closed -> file", unit(check(unsafe { raw::fd_renumber(closed, file) })));
    show("renumber file -> file (itself)", unit(check(unsafe { raw::fd_renumber(file, file) })));
    show("renumber 99 -> 99", unit(check(unsafe { raw::fd_renumber(99, 99) })));
    show("fdstat file after self-renumber", fdstat(file).map(|s| format!("filetype={}", s.filetype)));
    show("close closed", unit(close(closed)));
    show("close renumbered-away", unit(close(from)));
    show("names /sandbox", names(sb, "."));
}
