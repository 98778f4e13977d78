//! `fs_oob`: out-of-bounds guest pointers in the filesystem calls, one call per run
//! (`argv[1]` names it). Each makes its call on the valid `/sandbox` preopen with one pointer
//! (a path, or an output buffer) past the end of memory and every other argument valid; a
//! host must trap, as wasmtime does. Prints `before` first, then `after: errno=N` if the call
//! returned: a host that does not trap shows it in the output as well as in the outcome.

use guests::fs::{self, raw};

/// An address past the end of any memory this guest has (a few MiB at most).
const WILD: i32 = 0x7fff_fff0;

fn main() {
    let sb = fs::preopen("/sandbox");
    fs::put(sb, "f", b"file f").unwrap();
    guests::fs::symlink("f", sb, "l").unwrap();
    let mode = std::env::args().nth(1).unwrap_or_default();
    let ok = b"f".as_ptr() as i32;
    let link = b"l".as_ptr() as i32;
    let new = b"new".as_ptr() as i32;
    let mut out = [0u8; 64];
    let o = out.as_mut_ptr() as i32;
    println!("before");
    let e = unsafe {
        match mode.as_str() {
            "path_open" => raw::path_open(sb, 0, WILD, 32, 0, 0, 0, 0, o),
            "path_open_fd_out" => raw::path_open(sb, 0, ok, 1, 0, 0, 0, 0, WILD),
            "path_create_directory" => raw::path_create_directory(sb, WILD, 32),
            "path_filestat_get" => raw::path_filestat_get(sb, 0, WILD, 32, o),
            "path_filestat_get_buf" => raw::path_filestat_get(sb, 0, ok, 1, WILD),
            "path_filestat_set_times" => raw::path_filestat_set_times(sb, 0, WILD, 32, 0, 0, 0),
            "path_link_old" => raw::path_link(sb, 0, WILD, 32, sb, new, 3),
            "path_link_new" => raw::path_link(sb, 0, ok, 1, sb, WILD, 32),
            "path_readlink" => raw::path_readlink(sb, WILD, 32, o, 64, o),
            "path_readlink_buf" => raw::path_readlink(sb, link, 1, WILD, 64, o),
            "path_remove_directory" => raw::path_remove_directory(sb, WILD, 32),
            "path_rename_old" => raw::path_rename(sb, WILD, 32, sb, new, 3),
            "path_rename_new" => raw::path_rename(sb, ok, 1, sb, WILD, 32),
            "path_symlink_old" => raw::path_symlink(WILD, 32, sb, new, 3),
            "path_symlink_new" => raw::path_symlink(ok, 1, sb, WILD, 32),
            "path_unlink_file" => raw::path_unlink_file(sb, WILD, 32),
            "fd_readdir" => raw::fd_readdir(sb, WILD, 64, 0, o),
            other => panic!("unknown mode {other:?}"),
        }
    };
    println!("after: errno={e}");
}
