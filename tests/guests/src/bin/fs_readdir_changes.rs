//! `fs_readdir_changes`: fd_readdir when entries are added and removed between calls, raw
//! preview1 calls.
//!
//! wasmtime lists in the host directory's order (hash order on ext4) and its cookies are
//! positions in the listing of the moment; here entries come in creation order and a cookie
//! names an entry. So this prints only what both give whatever the order: the sorted names
//! from cookie 0, and how many entries follow a cookie taken before entries were added (the
//! new ones), from cookie 2 after removals (all that are left), past the end, and after every
//! entry was removed; and reading a directory that was removed or renamed while open. Works on
//! an empty `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

/// Sorted names from cookie 0, `.` and `..` included.
fn sorted(fd: i32) -> Result<String, i32> {
    list(fd).map(|v| v.into_iter().map(|(n, _)| n).collect::<Vec<_>>().join(","))
}

/// How many entries a read from `cookie` returns.
fn count_from(fd: i32, cookie: u64) -> Result<String, i32> {
    readdir(fd, 64 * 1024, cookie).map(|b| format!("entries={}", parse_dirents(&b).len()))
}

fn main() {
    let sb = fs::preopen("/sandbox");
    show("mkdir d", unit(mkdir(sb, "d")));
    for n in ["a", "b", "c"] {
        show(&format!("put d/{n}"), unit(put(sb, &format!("d/{n}"), n.as_bytes())));
    }
    let d = open_dir(sb, "d").unwrap();
    show("readdir d", sorted(d));
    let end = readdir(d, 64 * 1024, 0).map(|b| parse_dirents(&b).last().map_or(0, |e| e.next)).unwrap_or(0);
    println!("cookie after the last entry: {end}");
    show("readdir d from it", count_from(d, end));

    // Added between calls.
    show("put d/e", unit(put(sb, "d/e", b"e")));
    show("mkdir d/sub", unit(mkdir(sb, "d/sub")));
    show("readdir d", sorted(d));
    show("readdir d from the old end cookie (the 2 new)", count_from(d, end));
    show("readdir d from cookie 2", count_from(d, 2));

    // Removed between calls.
    show("unlink d/b", unit(unlink(sb, "d/b")));
    show("readdir d", sorted(d));
    show("readdir d from cookie 2 (all that are left)", count_from(d, 2));
    show("readdir d from cookie 1", count_from(d, 1));
    show("readdir d from cookie 1000", count_from(d, 1000));
    show("rename d/a -> d/z", unit(rename(sb, "d/a", sb, "d/z")));
    show("readdir d", sorted(d));
    show("put d/b (again)", unit(put(sb, "d/b", b"b")));
    show("readdir d", sorted(d));
    for n in ["z", "b", "c", "e"] {
        show(&format!("unlink d/{n}"), unit(unlink(sb, &format!("d/{n}"))));
    }
    show("rmdir d/sub", unit(rmdir(sb, "d/sub")));
    show("readdir d (emptied)", sorted(d));
    show("readdir d from cookie 2", count_from(d, 2));
    show("readdir d from the old end cookie", count_from(d, end));

    // The directory itself renamed, then removed, while open.
    show("rename d -> d2", unit(rename(sb, "d", sb, "d2")));
    show("put d2/x", unit(put(sb, "d2/x", b"x")));
    show("readdir d (renamed)", sorted(d));
    show("unlink d2/x", unit(unlink(sb, "d2/x")));
    show("rmdir d2", unit(rmdir(sb, "d2")));
    show("readdir d (removed)", sorted(d));
    show("readdir d (removed) from cookie 2", count_from(d, 2));
    show("stat . of d (removed)", path_filestat(d, 0, ".").map(|s| format!("filetype={} nlink={}", s.filetype, s.nlink)));
    show("mkdir in d (removed)", unit(mkdir(d, "n")));
    show("open CREAT in d (removed)", open_all(d, "n", O_CREAT).map(|_| String::new()));
    show("close d", unit(close(d)));
    show("names /sandbox", names(sb, "."));
}
