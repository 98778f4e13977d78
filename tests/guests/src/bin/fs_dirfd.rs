//! `fs_dirfd`: every `fd_*` call on a directory: an opened one, the `/sandbox` preopen, and a
//! directory opened without following a symlink to it; reads and writes with real buffers;
//! a file opened read-only or write-only given the calls that need the other access. Raw
//! preview1 calls on an empty `/sandbox`; one deterministic line per call.

use guests::each::fd_calls;
use guests::fs::{self, *};

fn main() {
    let sb = fs::preopen("/sandbox");
    show("mkdir d", unit(mkdir(sb, "d")));
    show("put d/f", unit(put(sb, "d/f", b"file f")));
    show("symlink d -> ld", unit(symlink("d", sb, "ld")));

    let d = open_dir(sb, "d").unwrap();
    fd_calls("dir fd", d);
    fd_calls("preopen", sb);
    // Real buffers, and offsets.
    for (what, fd) in [("dir fd", d), ("preopen", sb)] {
        show(&format!("{what}: fd_read 8"), read(fd, 8).map(|b| b.len().to_string()));
        show(&format!("{what}: fd_write 1"), write(fd, b"x").map(|n| n.to_string()));
        show(&format!("{what}: fd_pread 8 @0"), pread(fd, 8, 0).map(|b| b.len().to_string()));
        show(&format!("{what}: fd_pread 8 @1<<62"), pread(fd, 8, 1 << 62).map(|b| b.len().to_string()));
        show(&format!("{what}: fd_pwrite 1 @0"), pwrite(fd, b"x", 0).map(|n| n.to_string()));
        show(&format!("{what}: fd_seek 0 END"), seek(fd, 0, 2).map(|n| n.to_string()));
        show(&format!("{what}: fd_filestat_set_size 100"), unit(check(unsafe { raw::fd_filestat_set_size(fd, 100) })));
        show(&format!("{what}: fd_allocate 0 0"), unit(check(unsafe { raw::fd_allocate(fd, 0, 0) })));
        show(&format!("{what}: fd_fdstat_set_flags APPEND"), unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 1) })));
    }
    show("names d (unchanged)", names(sb, "d"));
    close(d).unwrap();

    // A directory opened through a symlink, without following it: the open fails.
    show("open nofollow ld DIRECTORY", open(sb, 0, "ld", O_DIRECTORY, DIR_RIGHTS, 0, 0).map(|_| String::new()));
    show("open nofollow ld/ DIRECTORY", open(sb, 0, "ld/", O_DIRECTORY, DIR_RIGHTS, 0, 0).map(|fd| {
        let _ = close(fd);
        String::new()
    }));

    // Files opened for one access only, given the other.
    let r = open(sb, FOLLOW, "d/f", 0, R_FD_READ, 0, 0).unwrap();
    fd_calls("file rights=READ", r);
    show("contents d/f", get(sb, "d/f"));
    close(r).unwrap();
    let w = open(sb, FOLLOW, "d/f", 0, R_FD_WRITE, 0, 0).unwrap();
    fd_calls("file rights=WRITE", w);
    show("file rights=WRITE: fd_read 8", read(w, 8).map(|b| b.len().to_string()));
    show("file rights=WRITE: fd_pread 8 @0", pread(w, 8, 0).map(|b| b.len().to_string()));
    show("file rights=WRITE: fd_write 2", write(w, b"xy").map(|n| n.to_string()));
    show("file rights=WRITE: fd_pwrite 1 @0", pwrite(w, b"X", 0).map(|n| n.to_string()));
    close(w).unwrap();
    show("contents d/f", get(sb, "d/f"));
    // A file opened with APPEND: fd_seek/fd_tell.
    let a = open(sb, FOLLOW, "d/f", 0, R_FD_READ | R_FD_WRITE, 0, FDFLAG_APPEND).unwrap();
    show("append: fd_tell", tell(a).map(|n| n.to_string()));
    show("append: fd_write 1", write(a, b"!").map(|n| n.to_string()));
    show("append: fd_tell", tell(a).map(|n| n.to_string()));
    show("append: fd_seek 0 SET", seek(a, 0, 0).map(|n| n.to_string()));
    show("append: fd_write 1", write(a, b"?").map(|n| n.to_string()));
    show("append: fd_tell", tell(a).map(|n| n.to_string()));
    close(a).unwrap();
    show("contents d/f", get(sb, "d/f"));
}
