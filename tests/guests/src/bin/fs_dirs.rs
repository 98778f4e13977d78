//! `fs_dirs`: directories under the `/sandbox` preopen, raw preview1 calls.
//!
//! Covers path_create_directory (new, existing, missing parent, trailing slash), fd_readdir
//! (sorted names with their d_type, `.` and `..`, a buffer too small for one entry, reading
//! entry by entry with the d_next cookies, a cookie past the end), path_remove_directory
//! (non-empty, on a file, on `.`), path_unlink_file (on a directory, missing), opening with
//! O_DIRECTORY (on a directory, a file, a missing path), CREAT|EXCL on an existing file,
//! TRUNC without FD_WRITE, CREAT on a directory, and trailing slashes on files and
//! directories. Works on an empty `/sandbox`; one deterministic line per call.

use guests::fs::{self, *};

fn done(r: Result<i32, i32>) -> Result<String, i32> {
    r.and_then(|fd| close(fd).map(|()| String::new()))
}

fn main() {
    let sb = fs::preopen("/sandbox");

    // Creating directories.
    show("mkdir a", unit(mkdir(sb, "a")));
    show("mkdir a (exists)", unit(mkdir(sb, "a")));
    show("mkdir a/ (exists, trailing slash)", unit(mkdir(sb, "a/")));
    show("mkdir a/b", unit(mkdir(sb, "a/b")));
    show("mkdir x/y (missing parent)", unit(mkdir(sb, "x/y")));
    show("mkdir c/ (trailing slash)", unit(mkdir(sb, "c/")));
    show("mkdir c//d// (double slashes)", unit(mkdir(sb, "c//d//")));
    show("mkdir . ", unit(mkdir(sb, ".")));
    show("mkdir (empty)", unit(mkdir(sb, "")));
    show("put a/f1", unit(put(sb, "a/f1", b"1")));
    show("put a/f2", unit(put(sb, "a/f2", b"22")));
    show("mkdir a/f1 (a file)", unit(mkdir(sb, "a/f1")));
    show("mkdir a/f1/z (parent is a file)", unit(mkdir(sb, "a/f1/z")));
    show("symlink a/sl -> f1", unit(symlink("f1", sb, "a/sl")));

    // Listing.
    match open_dir(sb, "a") {
        Ok(fd) => {
            match list(fd) {
                Ok(v) => {
                    for (name, t) in &v {
                        println!("readdir a: entry {name:?} d_type={t}");
                    }
                }
                Err(e) => show("readdir a", Err(e)),
            }
            let all = readdir(fd, 4096, 0).unwrap_or_default();
            let ents = parse_dirents(&all);
            println!("readdir a 4096: entries={} bytes={}", ents.len(), all.len());
            let names_len: usize = ents.iter().map(|d| d.name.len()).sum();
            println!("readdir a 4096: bytes == 24*entries + name bytes: {}",
                all.len() == 24 * ents.len() + names_len);
            // Cookies: the n-th d_next is n+1?
            let nexts: Vec<u64> = ents.iter().map(|d| d.next).collect();
            println!(
                "readdir a: d_next are 1..=n in order: {}",
                nexts.iter().enumerate().all(|(i, &n)| n == i as u64 + 1)
            );
            // Tiny buffers.
            for len in [0usize, 1, 23, 24, 25, 30] {
                let r = readdir(fd, len, 0).map(|b| {
                    let ds = parse_dirents(&b);
                    let first = ds.first();
                    format!(
                        "bufused={} header_whole={} name_bytes={}",
                        b.len(),
                        first.is_some_and(|d| d.whole_header),
                        first.map_or(0, |d| d.name.len())
                    )
                });
                show(&format!("readdir a buf={len} cookie=0"), r);
            }
            // Walk entry by entry with the cookies, buffer of one 24-byte header + 8 bytes.
            let mut cookie = 0u64;
            let mut seen = Vec::new();
            for _ in 0..20 {
                match readdir(fd, 32, cookie) {
                    Ok(b) if b.is_empty() => {
                        println!("readdir a walk: cookie={cookie} -> bufused=0 (end)");
                        break;
                    }
                    Ok(b) => {
                        let d = &parse_dirents(&b)[0];
                        seen.push(String::from_utf8_lossy(&d.name).into_owned());
                        cookie = d.next;
                    }
                    Err(e) => {
                        show(&format!("readdir a walk cookie={cookie}"), Err(e));
                        break;
                    }
                }
            }
            seen.sort();
            println!("readdir a walk: names {:?}", seen);
            show(
                "readdir a cookie=1000",
                readdir(fd, 4096, 1000).map(|b| format!("bufused={}", b.len())),
            );
            show(
                "readdir a cookie=entries",
                readdir(fd, 4096, ents.len() as u64).map(|b| format!("bufused={}", b.len())),
            );
            show(
                "readdir a cookie=entries-1",
                readdir(fd, 4096, ents.len() as u64 - 1)
                    .map(|b| format!("bufused={} entries={}", b.len(), parse_dirents(&b).len())),
            );
            show("close a", unit(close(fd)));
        }
        Err(e) => show("open a", Err(e)),
    }
    // The preopen itself and an empty directory.
    match list(sb) {
        Ok(v) => {
            let v: Vec<String> = v.iter().map(|(n, t)| format!("{n}:{t}")).collect();
            println!("readdir /sandbox: ok [{}]", v.join(","));
        }
        Err(e) => show("readdir /sandbox", Err(e)),
    }
    match open_dir(sb, "a/b") {
        Ok(fd) => {
            match list(fd) {
                Ok(v) => {
                    let v: Vec<String> = v.iter().map(|(n, t)| format!("{n}:{t}")).collect();
                    println!("readdir a/b: ok [{}]", v.join(","));
                }
                Err(e) => show("readdir a/b", Err(e)),
            }
            close(fd).unwrap();
        }
        Err(e) => show("open a/b", Err(e)),
    }
    // readdir on a file fd.
    match open_all(sb, "a/f1", 0) {
        Ok(fd) => {
            show("readdir a/f1 (file)", readdir(fd, 100, 0).map(|b| b.len().to_string()));
            close(fd).unwrap();
        }
        Err(e) => show("open a/f1", Err(e)),
    }

    // Removing.
    show("rmdir a (not empty)", unit(rmdir(sb, "a")));
    show("rmdir a/f1 (a file)", unit(rmdir(sb, "a/f1")));
    show("rmdir a/sl (symlink to file)", unit(rmdir(sb, "a/sl")));
    show("rmdir missing", unit(rmdir(sb, "missing")));
    show("rmdir .", unit(rmdir(sb, ".")));
    show("rmdir a/b/..", unit(rmdir(sb, "a/b/..")));
    show("rmdir (empty)", unit(rmdir(sb, "")));
    show("unlink a/b (a dir)", unit(unlink(sb, "a/b")));
    show("unlink a/b/ (a dir, trailing slash)", unit(unlink(sb, "a/b/")));
    show("unlink missing", unit(unlink(sb, "missing")));
    show("unlink a/f2/ (file, trailing slash)", unit(unlink(sb, "a/f2/")));
    show("unlink a/f2", unit(unlink(sb, "a/f2")));
    show("unlink a/sl (symlink)", unit(unlink(sb, "a/sl")));
    show("rmdir a/b/ (trailing slash)", unit(rmdir(sb, "a/b/")));
    show("names a", names(sb, "a"));
    show("rmdir c/d", unit(rmdir(sb, "c/d")));
    show("rmdir c", unit(rmdir(sb, "c")));

    // Opening with O_DIRECTORY and friends.
    show("mkdir dd", unit(mkdir(sb, "dd")));
    show("open dd DIRECTORY", done(open_dir(sb, "dd")));
    show("open dd/ DIRECTORY", done(open_dir(sb, "dd/")));
    show("open a/f1 DIRECTORY (file)", done(open_dir(sb, "a/f1")));
    show("open missing DIRECTORY", done(open_dir(sb, "missing")));
    show(
        "open newd CREAT|DIRECTORY",
        done(open(sb, FOLLOW, "newd", O_CREAT | O_DIRECTORY, DIR_RIGHTS, 0, 0)),
    );
    show("open dd CREAT (dir, rights=READ)",
        done(open(sb, FOLLOW, "dd", O_CREAT, R_FD_READ, 0, 0)));
    show("open dd CREAT|EXCL (dir)", done(open(sb, FOLLOW, "dd", O_CREAT | O_EXCL, R_FD_READ, 0, 0)));
    show("open dd TRUNC (dir, rights=READ)", done(open(sb, FOLLOW, "dd", O_TRUNC, R_FD_READ, 0, 0)));
    show("open a/f1 CREAT|EXCL (exists)", done(open_all(sb, "a/f1", O_CREAT | O_EXCL)));
    show("open a/f1 CREAT (exists)", done(open_all(sb, "a/f1", O_CREAT)));
    show("open a/new EXCL without CREAT", done(open_all(sb, "a/new", O_EXCL)));
    show("open a/f1/ (file, trailing slash)", done(open_all(sb, "a/f1/", 0)));
    show(
        "open a/f1/ rights=READ (file, trailing slash)",
        done(open(sb, FOLLOW, "a/f1/", 0, R_FD_READ, 0, 0)),
    );
    show("open a/g/ CREAT (new, trailing slash)", done(open_all(sb, "a/g/", O_CREAT)));
    show("names a", names(sb, "a"));
    show("filestat a/f1/", path_filestat(sb, FOLLOW, "a/f1/").map(|s| s.brief()));
    show("filestat dd/", path_filestat(sb, FOLLOW, "dd/").map(|s| format!("filetype={}", s.filetype)));

    // TRUNC needs write access.
    show("put t", unit(put(sb, "t", b"keep me")));
    show(
        "open t TRUNC rights=READ",
        done(open(sb, FOLLOW, "t", O_TRUNC, R_FD_READ, 0, 0)),
    );
    show("contents t", get(sb, "t"));
    show("open t TRUNC rights=0", done(open(sb, FOLLOW, "t", O_TRUNC, 0, 0, 0)));
    show("contents t", get(sb, "t"));
    show(
        "open t TRUNC rights=WRITE",
        done(open(sb, FOLLOW, "t", O_TRUNC, R_FD_WRITE, 0, 0)),
    );
    show("contents t", get(sb, "t"));
    show(
        "open n CREAT rights=READ (new file)",
        done(open(sb, FOLLOW, "n", O_CREAT, R_FD_READ, 0, 0)),
    );
    show("filestat n", path_filestat(sb, 0, "n").map(|s| s.brief()));
    show("names /sandbox", names(sb, "."));
}
