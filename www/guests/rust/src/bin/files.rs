//! files: N files (argv[1], default 200) of 4096 bytes in /data/w through std::fs: write them,
//! read each back and check it, list the directory, stat each, delete them all.
//! Prints `files <N> bytes <total read> listed <entries>`; any failure: a message, exit 1.

use std::fs;
use std::io::Read;
use std::process::exit;

const SIZE: usize = 4096;

fn content(i: usize) -> Vec<u8> {
    (0..SIZE).map(|j| ((i + j) % 251) as u8).collect()
}

fn check<T>(r: std::io::Result<T>, what: &str, path: &str) -> T {
    r.unwrap_or_else(|e| {
        eprintln!("files: {what} {path}: {e}");
        exit(1)
    })
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(200, |a| a.parse().expect("files: argv[1] is a count"));
    let path = |i: usize| format!("/data/w/f{i}.txt");

    check(fs::create_dir("/data/w"), "mkdir", "/data/w");
    for i in 0..n {
        check(fs::write(path(i), content(i)), "write", &path(i));
    }
    let mut total = 0;
    let mut got = Vec::with_capacity(SIZE);
    for i in 0..n {
        got.clear();
        let mut f = check(fs::File::open(path(i)), "open", &path(i));
        total += check(f.read_to_end(&mut got), "read", &path(i));
        if got != content(i) {
            eprintln!("files: content of {} differs", path(i));
            exit(1);
        }
    }
    let mut listed = 0;
    for entry in check(fs::read_dir("/data/w"), "read_dir", "/data/w") {
        let name = check(entry, "read_dir", "/data/w").file_name();
        if name != "." && name != ".." {
            listed += 1;
        }
    }
    for i in 0..n {
        let len = check(fs::metadata(path(i)), "stat", &path(i)).len();
        if len != SIZE as u64 {
            eprintln!("files: size of {} is {len}", path(i));
            exit(1);
        }
    }
    for i in 0..n {
        check(fs::remove_file(path(i)), "unlink", &path(i));
    }
    check(fs::remove_dir("/data/w"), "rmdir", "/data/w");
    println!("files {n} bytes {total} listed {listed}");
}
