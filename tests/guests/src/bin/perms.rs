//! `perms`: what a guest sees under a wasip1-perms manifest, through Rust's `std` as a real
//! program would use it. Run with one preopen `/` holding `/data/in.txt`, `/data/out/`,
//! `/data/sub/`, `/database/x` and `/secret/key`. Prints its arguments and environment as it
//! receives them (sizes and values: std reads both), then one line per filesystem step, errors
//! as `err <Display>` (EACCES shows as "Permission denied"). Makes the same calls whatever it is
//! granted, so each manifest's effect is the difference in the output.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::time::SystemTime;

/// `(FD_READ, FD_WRITE, FD_FILESTAT_SET_TIMES)` in the rights `fd_fdstat_get` reports.
fn rights(f: &File) -> std::io::Result<(bool, bool, bool)> {
    let st = guests::fs::fdstat(f.as_raw_fd()).map_err(std::io::Error::from_raw_os_error)?;
    Ok((st.base & 1 << 1 != 0, st.base & 1 << 6 != 0, st.base & 1 << 23 != 0))
}

fn show<T: std::fmt::Debug>(what: &str, r: std::io::Result<T>) {
    match r {
        Ok(v) => println!("{what}: ok {v:?}"),
        Err(e) => println!("{what}: err {e}"),
    }
}

fn names(dir: &str) -> std::io::Result<Vec<String>> {
    let mut v: Vec<String> = fs::read_dir(dir)?.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned())).collect::<Result<_, _>>()?;
    v.sort();
    Ok(v)
}

fn main() {
    println!("args: {:?}", std::env::args().collect::<Vec<_>>());
    println!("env: {:?}", std::env::vars().collect::<Vec<_>>());
    show("read /data/in.txt", fs::read_to_string("/data/in.txt"));
    show("rights of /data/in.txt opened to read (read, write, set_times)", File::open("/data/in.txt").and_then(|f| rights(&f)));
    show("set_modified /data/in.txt opened to read", File::open("/data/in.txt").and_then(|f| f.set_modified(SystemTime::UNIX_EPOCH)));
    show("read /database/x", fs::read_to_string("/database/x"));
    show("read /data/../secret/key", fs::read_to_string("/data/../secret/key"));
    show("read /secret/missing", fs::read_to_string("/secret/missing"));
    show("read /data/missing", fs::read_to_string("/data/missing"));
    show("stat /secret/key", fs::metadata("/secret/key").map(|m| m.len()));
    show("list /data", names("/data"));
    show("list /", names("/"));
    show("truncate /data/in.txt", OpenOptions::new().write(true).truncate(true).open("/data/in.txt").map(|_| ()));
    show("read /data/in.txt", fs::read_to_string("/data/in.txt"));
    show("write /data/new.txt", fs::write("/data/new.txt", "new"));
    show("write /data/out/new.txt", fs::write("/data/out/new.txt", "new"));
    show("append /data/out/new.txt", OpenOptions::new().append(true).open("/data/out/new.txt").and_then(|mut f| f.write_all(b"er")));
    show("read /data/out/new.txt", fs::read_to_string("/data/out/new.txt"));
    show(
        "symlink /data/out/esc -> ../../secret/key",
        guests::fs::symlink("../../secret/key", guests::fs::preopen("/"), "data/out/esc").map_err(std::io::Error::from_raw_os_error),
    );
    show("read_link /data/out/esc", fs::read_link("/data/out/esc"));
    show("read /data/out/esc", fs::read_to_string("/data/out/esc"));
    show("rename /data/out/new.txt -> /data/moved.txt", fs::rename("/data/out/new.txt", "/data/moved.txt"));
    show("rename /data/in.txt -> /data/out/in.txt", fs::rename("/data/in.txt", "/data/out/in.txt"));
    show("hard_link /data/in.txt -> /data/out/link", fs::hard_link("/data/in.txt", "/data/out/link"));
    show("hard_link /data/out/new.txt -> /data/out/link", fs::hard_link("/data/out/new.txt", "/data/out/link"));
    show("create_dir /data/out/d", fs::create_dir("/data/out/d"));
    show("create_dir /data/d", fs::create_dir("/data/d"));
    show("remove_dir /data/sub", fs::remove_dir("/data/sub"));
    show("remove_file /secret/key", fs::remove_file("/secret/key"));
    show("list /data/out", names("/data/out"));
}
