//! `fs_copy`: reads `/data/in.txt` (seeded by the host), writes it uppercased to
//! `/data/out/upper.txt`, lists `/data`, and prints what it did. Checks that files the host
//! gives are seen by the guest and files the guest writes are seen by the host (`wasi.fs`).

use std::fs;

fn main() {
    let input = fs::read_to_string("/data/in.txt").expect("read /data/in.txt");
    fs::create_dir_all("/data/out").expect("mkdir /data/out");
    fs::write("/data/out/upper.txt", input.to_uppercase()).expect("write");
    let mut names: Vec<String> = fs::read_dir("/data").expect("read_dir").map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    println!("copied {} bytes; /data has {}", input.len(), names.join(","));
}
