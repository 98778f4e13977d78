//! `fs_std`: Rust's `std::fs` view of the filesystem, in `/sandbox` (which must start empty):
//! create, write, append, read, seek, stat, list, rename, hard link, symlink, truncate and
//! remove files and trees. Prints one deterministic line per step (errors as their `ErrorKind`
//! and raw OS error). std has no stable symlink creation on WASI, so that one step is the raw
//! `path_symlink`.

use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};

fn show<T: std::fmt::Debug>(what: &str, r: std::io::Result<T>) {
    match r {
        Ok(v) => println!("{what}: ok {v:?}"),
        Err(e) => println!("{what}: err {:?} os={:?}", e.kind(), e.raw_os_error()),
    }
}

fn names(dir: &str) -> std::io::Result<Vec<String>> {
    let mut v: Vec<String> = fs::read_dir(dir)?.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned())).collect::<Result<_, _>>()?;
    v.sort();
    Ok(v)
}

fn main() {
    let d = "/sandbox";
    show("write a", fs::write(format!("{d}/a"), b"hello"));
    show("read a", fs::read_to_string(format!("{d}/a")));
    show("append a", OpenOptions::new().append(true).open(format!("{d}/a")).and_then(|mut f| f.write_all(b" world")));
    show("read a", fs::read_to_string(format!("{d}/a")));
    show("seek+read a", fs::File::open(format!("{d}/a")).and_then(|mut f| {
        f.seek(SeekFrom::Start(6))?;
        let mut s = String::new();
        f.read_to_string(&mut s)?;
        Ok((s, f.stream_position()?))
    }));
    show("seek before start", fs::File::open(format!("{d}/a")).and_then(|mut f| f.seek(SeekFrom::Current(-1))));
    show("stat a", fs::metadata(format!("{d}/a")).map(|m| (m.is_file(), m.len())));
    show("create_dir_all t/u/v", fs::create_dir_all(format!("{d}/t/u/v")));
    show("create_dir t (exists)", fs::create_dir(format!("{d}/t")));
    show("write t/u/v/f", fs::write(format!("{d}/t/u/v/f"), b"deep"));
    show("list /sandbox", names(d));
    show("list t/u/v", names(&format!("{d}/t/u/v")));
    show("rename a -> b", fs::rename(format!("{d}/a"), format!("{d}/b")));
    show("read a (gone)", fs::read(format!("{d}/a")));
    show("hard_link b -> c", fs::hard_link(format!("{d}/b"), format!("{d}/c")));
    show("nlink via metadata len c", fs::metadata(format!("{d}/c")).map(|m| m.len()));
    show("symlink b -> s (raw)", guests::fs::symlink("b", guests::fs::preopen(d), "s").map_err(std::io::Error::from_raw_os_error));
    show("read_link s", fs::read_link(format!("{d}/s")));
    show("read s", fs::read_to_string(format!("{d}/s")));
    show("symlink_metadata s", fs::symlink_metadata(format!("{d}/s")).map(|m| m.file_type().is_symlink()));
    show("truncate b to 5", OpenOptions::new().write(true).open(format!("{d}/b")).and_then(|f| f.set_len(5)));
    show("read c (same file)", fs::read_to_string(format!("{d}/c")));
    show("grow b to 8", OpenOptions::new().write(true).open(format!("{d}/b")).and_then(|f| f.set_len(8)));
    show("read b", fs::read(format!("{d}/b")));
    show("remove_dir t (not empty)", fs::remove_dir(format!("{d}/t")));
    show("remove_file t (a dir)", fs::remove_file(format!("{d}/t")));
    show("remove_dir_all t", fs::remove_dir_all(format!("{d}/t")));
    show("remove_file s", fs::remove_file(format!("{d}/s")));
    show("remove_file b", fs::remove_file(format!("{d}/b")));
    show("read c (still there)", fs::read_to_string(format!("{d}/c")));
    show("list /sandbox", names(d));
    show("open missing", fs::File::open(format!("{d}/missing")));
    show("create_new c (exists)", OpenOptions::new().write(true).create_new(true).open(format!("{d}/c")));
    show("read_dir a file", fs::read_dir(format!("{d}/c")).map(|_| ()));
    show("escape", fs::read(format!("{d}/../x")));
}
