//! Files that must outlive the run (issue 11's mounts). `persist <mode> <dir>`:
//! - `write`: a tree with a nested file, a hard link, a symlink, a renamed file, a removed one
//!   and set times, each file closed (a durability point);
//! - `list`: prints what `write` left, deterministically (sizes, links, targets, set mtimes,
//!   a checksum of each file's bytes) — the same under wasmtime over a real folder;
//! - `sync`: writes `synced.bin` and fd_syncs it, says so, then writes `unsynced.bin` without
//!   closing it and waits to be killed;
//! - `check`: after a kill: `synced.bin` whole; `unsynced.bin` whole or absent; after `fill`,
//!   how many of `fill.bin`'s chunks are whole;
//! - `big`: reads 4 KiB at 50 MiB of `big.bin` and prints their sum;
//! - `many`: makes `d/` holding 400 files of 1 KiB; `move`: renames `d` to `e`, says
//!   "renaming", then syncs a file (the durability point that persists the rename), says
//!   "renamed" and waits to be killed; `moved`: how many whole files `d/` and `e/` hold;
//! - `fill`: writes and syncs `synced.bin`, then grows `fill.bin` by 256 KiB at a time, each
//!   synced, until a write or sync fails (or `<dir> N` chunks, 4096 by default, are written),
//!   and prints that error (ENOSPC once the quota is out).
use std::fs::{self, File, FileTimes};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

fn sum(bytes: &[u8]) -> u64 {
    bytes.iter().enumerate().map(|(i, &b)| (i as u64 % 7 + 1) * b as u64).sum()
}

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u32).wrapping_mul(31).wrapping_add(seed as u32) as u8).collect()
}

fn list(dir: &Path, indent: usize) {
    let mut names: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    for name in names {
        let p = dir.join(&name);
        let m = fs::symlink_metadata(&p).unwrap();
        let pad = " ".repeat(indent);
        if m.file_type().is_symlink() {
            println!("{pad}{name} -> {}", fs::read_link(&p).unwrap().display());
        } else if m.is_dir() {
            println!("{pad}{name}/");
            list(&p, indent + 2);
        } else {
            let bytes = fs::read(&p).unwrap();
            let mtime = m.modified().unwrap().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
            // Only times the guest set are compared (the rest are the clock's).
            let mtime = if mtime < 1_500_000_000 { mtime.to_string() } else { "now".into() };
            println!("{pad}{name} {} bytes sum {} mtime {mtime}", bytes.len(), sum(&bytes));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(&args[2]);
    match args[1].as_str() {
        "write" => {
            fs::write(dir.join("a.txt"), "alpha\n".repeat(1000)).unwrap();
            fs::create_dir_all(dir.join("sub/deeper")).unwrap();
            fs::write(dir.join("sub/b.bin"), pattern(300_000, 1)).unwrap();
            fs::hard_link(dir.join("sub/b.bin"), dir.join("b.link")).unwrap();
            guests::fs::symlink("a.txt", guests::fs::preopen(&args[2]), "s").unwrap();
            fs::write(dir.join("tmp"), b"renamed").unwrap();
            fs::rename(dir.join("tmp"), dir.join("sub/deeper/renamed")).unwrap();
            fs::write(dir.join("gone"), b"removed").unwrap();
            fs::remove_file(dir.join("gone")).unwrap();
            let f = File::options().write(true).open(dir.join("a.txt")).unwrap();
            f.set_times(FileTimes::new().set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_234_567_890))).unwrap();
            drop(f);
            list(dir, 0);
        }
        "list" => list(dir, 0),
        "sync" => {
            let mut f = File::create(dir.join("synced.bin")).unwrap();
            f.write_all(&pattern(1 << 20, 2)).unwrap();
            f.sync_all().unwrap();
            println!("synced");
            let mut u = File::create(dir.join("unsynced.bin")).unwrap();
            u.write_all(&pattern(1 << 20, 3)).unwrap();
            println!("written");
            loop {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        "check" => {
            let s = fs::read(dir.join("synced.bin")).unwrap();
            println!("synced {}", if s == pattern(1 << 20, 2) { "whole" } else { "TORN" });
            match fs::read(dir.join("unsynced.bin")) {
                Err(_) => println!("unsynced absent"),
                Ok(u) if u == pattern(1 << 20, 3) => println!("unsynced whole"),
                Ok(u) => println!("unsynced TORN ({} bytes)", u.len()),
            }
            // After `fill`: how many 256 KiB chunks from the start are intact.
            if let Ok(f) = fs::read(dir.join("fill.bin")) {
                let chunk = pattern(256 << 10, 5);
                let whole = f.chunks(chunk.len()).take_while(|c| *c == &chunk[..]).count();
                println!("fill {whole} whole chunks in {} bytes", f.len());
            }
        }
        "big" => {
            let mut f = File::open(dir.join("big.bin")).unwrap();
            f.seek(SeekFrom::Start(50 << 20)).unwrap();
            let mut buf = vec![0u8; 4096];
            f.read_exact(&mut buf).unwrap();
            println!("sum {}", sum(&buf));
        }
        "many" => {
            fs::create_dir(dir.join("d")).unwrap();
            for i in 0..400 {
                fs::write(dir.join(format!("d/f{i}")), pattern(1024, i as u8)).unwrap();
            }
        }
        "move" => {
            fs::rename(dir.join("d"), dir.join("e")).unwrap();
            println!("renaming");
            File::create(dir.join("marker")).unwrap().sync_all().unwrap();
            println!("renamed");
            loop {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        "moved" => {
            for name in ["d", "e"] {
                let whole = (0..400).filter(|&i| fs::read(dir.join(format!("{name}/f{i}"))).is_ok_and(|b| b == pattern(1024, i as u8))).count();
                let all = fs::read_dir(dir.join(name)).map_or(0, |r| r.count());
                println!("{name}: {whole} whole of {all}");
            }
        }
        "fill" => {
            let mut f = File::create(dir.join("synced.bin")).unwrap();
            f.write_all(&pattern(1 << 20, 2)).unwrap();
            f.sync_all().unwrap();
            drop(f);
            println!("synced");
            let mut g = File::create(dir.join("fill.bin")).unwrap();
            let chunk = pattern(256 << 10, 5);
            let most: usize = args.get(3).map_or(4096, |n| n.parse().unwrap());
            for i in 0..most {
                if let Err(e) = g.write_all(&chunk).and_then(|_| g.sync_data()) {
                    println!("chunk {}: {:?} (errno {})", i + 1, e.kind(), e.raw_os_error().unwrap_or(0));
                    return;
                }
            }
            println!("{most} chunks written, no error");
        }
        m => panic!("unknown mode {m}"),
    }
}
