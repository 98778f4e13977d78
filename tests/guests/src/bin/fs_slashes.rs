//! `fs_slashes`: a trailing `/` after what is not a directory, in every `path_*` call (each
//! side of path_link and path_rename) and fd_readdir, raw preview1 calls.
//!
//! The names: a file (`f/`), a symlink to a file (`l/`), a dangling symlink (`dl/`), a
//! symlink to a directory (`ld/`), a missing name (`x/`), a name under a file (`f/x/`,
//! `f/y/x/`), several slashes (`f//`). The tree is rebuilt before each name, so every line
//! depends only on its call. Works on an empty `/sandbox`; one deterministic line per call.

use guests::each::path_calls;
use guests::fs::{self, *};

/// Puts back `f` (a file), `d` (a directory), `l` -> f, `dl` -> missing, `ld` -> d, and
/// removes what the calls may have made.
fn reset(sb: i32) {
    for n in ["g", "h", "x", "l", "dl", "ld", "f", "missing"] {
        let _ = unlink(sb, n);
    }
    for n in ["x", "g", "d/x", "d", "missing"] {
        let _ = rmdir(sb, n);
    }
    put(sb, "f", b"file f").unwrap();
    mkdir(sb, "d").unwrap();
    symlink("f", sb, "l").unwrap();
    symlink("missing", sb, "dl").unwrap();
    symlink("d", sb, "ld").unwrap();
}

fn main() {
    let sb = fs::preopen("/sandbox");
    for p in ["f/", "l/", "dl/", "ld/", "x/", "f/x/", "f/y/x/", "f//", "d/", "d//x"] {
        reset(sb);
        path_calls(p, sb, p.as_bytes(), sb);
        show(&format!("{p}: names /sandbox"), names(sb, "."));
    }
}
