//! wasip1-perms enforced on the syscalls, natively: each rule of perms/README.md, and a
//! property test that no sequence of path operations reaches outside the grants.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasip1_web::clocks::ManualClock;
use wasip1_web::memory::VecMemory;
use wasip1_web::perms::{covers, Manifest, Policy};
use wasip1_web::sleep::ManualSleeper;
use wasip1_web::random::SeededRng;
use wasip1_web::syscalls::{args, fd, fs};
use wasip1_web::types::rights;
use wasip1_web::vfs::{FileData, Ino, Node};
use wasip1_web::{Errno, Error, WasiCtx};

const ROOT_FD: u32 = 3; // the preopen "/"
const P1: u32 = 1024;
const P2: u32 = 2048;
const OUT: u32 = 64;
const O_CREAT: u32 = 1;
const O_DIRECTORY: u32 = 2;
const O_EXCL: u32 = 4;
const O_TRUNC: u32 = 8;
const READ_RIGHTS: u64 = rights::FD_READ | rights::FD_READDIR | rights::FD_SEEK;
const WRITE_RIGHTS: u64 = rights::FD_WRITE | rights::FD_SEEK;

struct G {
    ctx: WasiCtx,
    mem: VecMemory,
}

/// A guest with preopen `/` holding `/data/{in.txt,out/,sub/}`, `/database/x`, `/secret/key`,
/// and symlinks `/data/esc -> ../secret/key`, `/data/up -> ..`; under `manifest` (None: none).
fn guest(manifest: Option<&str>, strict: bool, env: &[(&str, &str)], argv: &[&str]) -> G {
    let clock = Rc::new(ManualClock::default());
    clock.realtime.set(1_700_000_000_000_000_000);
    let sleeper = Box::new(ManualSleeper { clock: clock.clone(), ..Default::default() });
    let mut ctx = WasiCtx::builder(Box::new(clock), Box::new(SeededRng(1)), sleeper)
        .preopen("/".into())
        .env(env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
        .args(argv.iter().map(|s| s.to_string()).collect())
        .policy(Policy::new(manifest.map(|m| Manifest::parse(m).unwrap()), None, strict))
        .build()
        .unwrap();
    for d in ["/data", "/data/out", "/data/sub", "/database", "/secret"] {
        ctx.host_mkdir(d).unwrap();
    }
    for (f, body) in [("/data/in.txt", "input"), ("/data/out/old.txt", "old"), ("/database/x", "x"), ("/secret/key", "KEY")] {
        ctx.host_write_file(f, body.as_bytes()).unwrap();
    }
    let policy = ctx.policy.take();
    let mut g = G { ctx, mem: VecMemory::new(8192) };
    g.symlink("../secret/key", "data/esc").unwrap();
    g.symlink("..", "data/up").unwrap();
    g.ctx.policy = policy;
    g
}

fn acces() -> Result<u32, Error> {
    Err(Errno::ACCES.into())
}

impl G {
    fn put(&mut self, at: u32, s: &str) -> u32 {
        self.mem.0[at as usize..at as usize + s.len()].copy_from_slice(s.as_bytes());
        s.len() as u32
    }
    fn open(&mut self, path: &str, oflags: u32, base: u64, follow: bool) -> Result<u32, Error> {
        let n = self.put(P1, path);
        fs::path_open(&mut self.ctx, &mut self.mem, ROOT_FD, follow as u32, P1, n, oflags, base, base, 0, OUT)?;
        Ok(u32::from_le_bytes(self.mem.0[OUT as usize..OUT as usize + 4].try_into().unwrap()))
    }
    fn stat(&mut self, path: &str) -> Result<u32, Error> {
        let n = self.put(P1, path);
        fs::path_filestat_get(&mut self.ctx, &mut self.mem, ROOT_FD, 1, P1, n, 128).map(|_| 0)
    }
    fn mkdir(&mut self, path: &str) -> Result<u32, Error> {
        let n = self.put(P1, path);
        fs::path_create_directory(&mut self.ctx, &mut self.mem, ROOT_FD, P1, n).map(|_| 0)
    }
    fn rmdir(&mut self, path: &str) -> Result<u32, Error> {
        let n = self.put(P1, path);
        fs::path_remove_directory(&mut self.ctx, &mut self.mem, ROOT_FD, P1, n).map(|_| 0)
    }
    fn unlink(&mut self, path: &str) -> Result<u32, Error> {
        let n = self.put(P1, path);
        fs::path_unlink_file(&mut self.ctx, &mut self.mem, ROOT_FD, P1, n).map(|_| 0)
    }
    fn readlink(&mut self, path: &str) -> Result<u32, Error> {
        let n = self.put(P1, path);
        fs::path_readlink(&mut self.ctx, &mut self.mem, ROOT_FD, P1, n, 3000, 100, OUT).map(|_| 0)
    }
    fn symlink(&mut self, target: &str, path: &str) -> Result<u32, Error> {
        let t = self.put(P2, target);
        let n = self.put(P1, path);
        fs::path_symlink(&mut self.ctx, &mut self.mem, P2, t, ROOT_FD, P1, n).map(|_| 0)
    }
    fn rename(&mut self, from: &str, to: &str) -> Result<u32, Error> {
        let a = self.put(P1, from);
        let b = self.put(P2, to);
        fs::path_rename(&mut self.ctx, &mut self.mem, ROOT_FD, P1, a, ROOT_FD, P2, b).map(|_| 0)
    }
    fn link(&mut self, from: &str, to: &str) -> Result<u32, Error> {
        let a = self.put(P1, from);
        let b = self.put(P2, to);
        fs::path_link(&mut self.ctx, &mut self.mem, ROOT_FD, 0, P1, a, ROOT_FD, P2, b).map(|_| 0)
    }
    fn set_times(&mut self, path: &str) -> Result<u32, Error> {
        let n = self.put(P1, path);
        fs::path_filestat_set_times(&mut self.ctx, &mut self.mem, ROOT_FD, 1, P1, n, 5, 5, 1 | 4).map(|_| 0)
    }
    fn readdir(&mut self, fd: u32) -> Result<u32, Error> {
        fs::fd_readdir(&mut self.ctx, &mut self.mem, fd, 4096, 1024, 0, OUT).map(|_| 0)
    }
    fn file(&mut self, path: &str) -> Option<Vec<u8>> {
        self.ctx.host_read_file(path).ok().map(|c| c.into_owned())
    }
    fn denials(&self) -> Vec<(&'static str, String, &'static str, u64)> {
        self.ctx.denials.list.iter().map(|d| (d.syscall, d.subject.clone(), d.access, d.count)).collect()
    }
}

const DATA_RW_OUT: &str = r#"{"version":1,"fs":{"read":["/data"],"write":["/data/out"]}}"#;

#[test]
fn prefixes_match_on_component_boundaries() {
    let mut g = guest(Some(r#"{"version":1,"fs":{"read":["/data"]}}"#), false, &[], &[]);
    assert!(g.open("data/in.txt", 0, READ_RIGHTS, true).is_ok());
    assert!(g.open("data", O_DIRECTORY, READ_RIGHTS, true).is_ok(), "the grant itself");
    assert_eq!(g.open("database/x", 0, READ_RIGHTS, true), acces(), "/database is not /data");
    assert_eq!(g.stat("database/x"), acces());
    assert_eq!(g.readdir(ROOT_FD), acces(), "/ itself is not granted");
    assert_eq!(g.denials(), [
        ("path_open", "/database/x".into(), "read", 1),
        ("path_filestat_get", "/database/x".into(), "read", 1),
        ("fd_readdir", "/".into(), "read", 1),
    ]);
}

#[test]
fn dotdot_and_symlinks_grant_nothing_outside() {
    let mut g = guest(Some(r#"{"version":1,"fs":{"read":["/data"]}}"#), false, &[], &[]);
    assert_eq!(g.open("data/../secret/key", 0, READ_RIGHTS, true), acces());
    assert_eq!(g.open("data/esc", 0, READ_RIGHTS, true), acces(), "a symlink out of /data");
    assert_eq!(g.open("data/up/secret/key", 0, READ_RIGHTS, true), acces());
    assert_eq!(g.stat("data/esc"), acces());
    assert_eq!(g.readlink("data/esc"), Ok(0), "the link itself lies in /data");
    assert_eq!(&g.mem.0[3000..3013], b"../secret/key");
    assert_eq!(g.denials()[0], ("path_open", "/secret/key".into(), "read", 3), "the path each resolved to, counted");
}

#[test]
fn failed_lookups_beyond_a_grant_say_eacces_not_what_exists() {
    let mut g = guest(Some(r#"{"version":1,"fs":{"read":["/data"]}}"#), false, &[], &[]);
    assert_eq!(g.open("data/missing", 0, READ_RIGHTS, true), Err(Errno::NOENT.into()));
    assert_eq!(g.open("data/in.txt/x", 0, READ_RIGHTS, true), Err(Errno::NOTDIR.into()));
    assert_eq!(g.open("secret/missing", 0, READ_RIGHTS, true), acces());
    assert_eq!(g.open("nodir/x", 0, READ_RIGHTS, true), acces(), "stopped at /, which is not granted");
    assert_eq!(g.open("secret/key/x", 0, READ_RIGHTS, true), acces(), "ENOTDIR would tell /secret/key exists");
}

#[test]
fn writes_need_the_write_grant_and_never_half_happen() {
    let mut g = guest(Some(DATA_RW_OUT), false, &[], &[]);
    assert_eq!(g.open("data/in.txt", O_TRUNC, READ_RIGHTS, true), acces());
    assert_eq!(g.file("/data/in.txt").unwrap(), b"input", "not truncated");
    assert_eq!(g.open("data/in.txt", 0, WRITE_RIGHTS, true), acces());
    assert_eq!(g.open("data/new.txt", O_CREAT, WRITE_RIGHTS, true), acces());
    assert_eq!(g.file("/data/new.txt"), None, "not created");
    assert_eq!(g.open("data/in.txt", O_CREAT, READ_RIGHTS, true), acces(), "O_CREAT is a write even when it exists");
    assert_eq!(g.mkdir("data/d"), acces());
    assert_eq!(g.unlink("data/in.txt"), acces());
    assert_eq!(g.set_times("data/in.txt"), acces());
    assert_eq!(g.symlink("in.txt", "data/l"), acces());
    assert_eq!(g.rmdir("data/sub"), acces());
    // Within the write grant all of it works.
    let f = g.open("data/out/new.txt", O_CREAT | O_EXCL | O_TRUNC, WRITE_RIGHTS, true).unwrap();
    g.mem.0[200..203].copy_from_slice(b"new");
    g.mem.0[100..108].copy_from_slice(&[200, 0, 0, 0, 3, 0, 0, 0]);
    fd::fd_write(&mut g.ctx, &mut g.mem, f, 100, 1, OUT).unwrap();
    assert_eq!(g.file("/data/out/new.txt").unwrap(), b"new");
    assert_eq!(g.mkdir("data/out/d"), Ok(0));
    assert_eq!(g.rmdir("data/out/d"), Ok(0));
    assert_eq!(g.unlink("data/out/old.txt"), Ok(0));
}

#[test]
fn rename_and_link_need_both_ends() {
    let mut g = guest(Some(DATA_RW_OUT), false, &[], &[]);
    assert_eq!(g.rename("data/out/old.txt", "data/moved.txt"), acces());
    assert_eq!(g.rename("data/in.txt", "data/out/in.txt"), acces());
    assert_eq!(g.link("data/out/old.txt", "data/l.txt"), acces());
    assert_eq!(g.link("data/in.txt", "data/out/l.txt"), acces());
    assert_eq!(g.file("/data/out/old.txt").unwrap(), b"old");
    assert_eq!(g.file("/data/in.txt").unwrap(), b"input");
    assert_eq!(g.file("/data/moved.txt"), None);
    assert_eq!(g.file("/data/out/l.txt"), None);
    assert_eq!(g.rename("data/out/old.txt", "data/out/new.txt"), Ok(0));
    assert_eq!(g.link("data/out/new.txt", "data/out/l.txt"), Ok(0));
}

#[test]
fn an_fd_keeps_only_the_granted_rights() {
    let mut g = guest(Some(DATA_RW_OUT), false, &[], &[]);
    let f = g.open("data/in.txt", 0, READ_RIGHTS, true).unwrap();
    fd::fd_fdstat_get(&mut g.ctx, &mut g.mem, f, 200).unwrap();
    let base = u64::from_le_bytes(g.mem.0[208..216].try_into().unwrap());
    assert_eq!(base & (rights::FD_WRITE | rights::FD_FILESTAT_SET_TIMES | rights::FD_FILESTAT_SET_SIZE), 0);
    assert_ne!(base & rights::FD_READ, 0);
    assert_eq!(fd::fd_filestat_set_times(&mut g.ctx, &mut g.mem, f, 1, 1, 1 | 4), Err(Errno::ACCES.into()));
    assert_eq!(fd::fd_filestat_set_size(&mut g.ctx, &mut g.mem, f, 0), Err(Errno::INVAL.into()), "read-only, as wasmtime");
    assert_eq!(g.file("/data/in.txt").unwrap(), b"input");
    let d = g.open("data", O_DIRECTORY, READ_RIGHTS, true).unwrap();
    assert_eq!(fd::fd_filestat_set_times(&mut g.ctx, &mut g.mem, d, 1, 1, 1 | 4), Err(Errno::ACCES.into()));
    assert_eq!(g.readdir(d), Ok(0));
    let w = g.open("data/out/old.txt", 0, READ_RIGHTS | WRITE_RIGHTS, true).unwrap();
    assert_eq!(fd::fd_filestat_set_times(&mut g.ctx, &mut g.mem, w, 1, 1, 1 | 4), Ok(()));
}

#[test]
fn env_and_args_are_filtered_consistently() {
    let env = [("HOME", "/home"), ("SECRET", "s"), ("APP_A", "1"), ("APPX", "2")];
    let mut g = guest(Some(r#"{"version":1,"env":["HOME","APP_*"]}"#), false, &env, &["prog", "--flag"]);
    args::environ_sizes_get(&mut g.ctx, &mut g.mem, 0, 4).unwrap();
    let (count, size) = (g.mem.0[0], u32::from_le_bytes(g.mem.0[4..8].try_into().unwrap()));
    args::environ_get(&mut g.ctx, &mut g.mem, 100, 200).unwrap();
    assert_eq!((count, size), (2, 19));
    assert_eq!(&g.mem.0[200..219], b"HOME=/home\0APP_A=1\0");
    args::args_sizes_get(&mut g.ctx, &mut g.mem, 0, 4).unwrap();
    assert_eq!((g.mem.0[0], g.mem.0[4]), (1, 5), "argv[0] only");
    assert_eq!(g.denials(), [
        ("environ_sizes_get", "SECRET".into(), "env", 1),
        ("environ_sizes_get", "APPX".into(), "env", 1),
        ("environ_get", "SECRET".into(), "env", 1),
        ("environ_get", "APPX".into(), "env", 1),
        ("args_sizes_get", "argv".into(), "args", 1),
    ]);
    let g = guest(Some(r#"{"version":1,"args":true}"#), false, &env, &["prog", "--flag"]);
    assert_eq!(g.ctx.args.sizes(), (2, 12));
    assert_eq!(g.ctx.env.sizes(), (0, 0));
}

#[test]
fn strict_without_an_embedded_manifest_denies_everything() {
    let mut g = guest(None, true, &[("HOME", "/")], &["prog", "x"]);
    assert_eq!(g.open("data/in.txt", 0, READ_RIGHTS, true), acces());
    assert_eq!(g.stat("."), acces());
    assert_eq!((g.ctx.env.sizes(), g.ctx.args.sizes()), ((0, 0), (1, 5)));
    let mut classic = guest(None, false, &[("HOME", "/")], &["prog", "x"]);
    assert!(classic.open("secret/key", 0, READ_RIGHTS, true).is_ok(), "no manifest, not strict: classic WASI");
    assert!(classic.denials().is_empty());
}

#[test]
fn repeated_denials_are_counted() {
    let mut g = guest(Some(r#"{"version":1}"#), false, &[], &[]);
    for _ in 0..1000 {
        assert_eq!(g.stat("secret/key"), acces());
    }
    assert_eq!(g.denials(), [("path_filestat_get", "/secret/key".into(), "read", 1000)]);
}

// ---- The property: whatever the guest does, nothing outside the grants is reached. --------

/// Where `path` leads from `/`, found independently of the resolver: whole absolute paths
/// rebuilt by string, each symlink replaced by its target text. `None`: it leaves `/`, loops,
/// or a component is missing or not a directory before the end.
fn oracle(ctx: &WasiCtx, path: &str, follow: bool) -> Option<String> {
    let lookup = |comps: &[String]| -> Option<Ino> {
        let mut ino = ctx.perm_roots[0].0;
        for c in comps {
            ino = ctx.fs.dir(ino).ok()?.get(c)?;
        }
        Some(ino)
    };
    let mut todo: Vec<String> = path.split('/').rev().filter(|c| !c.is_empty()).map(String::from).collect();
    let trailing = path.ends_with('/');
    let mut at: Vec<String> = Vec::new();
    let mut links = 0;
    while let Some(c) = todo.pop() {
        match c.as_str() {
            "." => {}
            ".." => {
                at.pop()?;
            }
            _ => {
                let last = todo.is_empty();
                at.push(c);
                let Some(ino) = lookup(&at) else {
                    return last.then(|| format!("/{}", at.join("/")));
                };
                if let Node::Symlink(t) = &ctx.fs.node(ino).node {
                    if !last || follow || trailing {
                        links += 1;
                        if links > 40 || t.starts_with('/') {
                            return None;
                        }
                        at.pop();
                        todo.extend(t.split('/').rev().filter(|c| !c.is_empty()).map(String::from));
                    }
                }
            }
        }
    }
    Some(format!("/{}", at.join("/")))
}

/// Every file and symlink by path (symlinks not followed) with its contents.
fn snapshot(ctx: &WasiCtx) -> BTreeMap<String, Vec<u8>> {
    fn walk(ctx: &WasiCtx, dir: Ino, at: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for (_, name, ino) in ctx.fs.dir(dir).unwrap().entries_from(0) {
            let path = format!("{at}/{name}");
            match &ctx.fs.node(ino).node {
                Node::File(FileData::Mem(d)) => {
                    out.insert(path, d.clone());
                }
                Node::File(FileData::Store(_)) => unreachable!("the tests keep files in memory"),
                Node::Symlink(t) => {
                    out.insert(path, t.as_bytes().to_vec());
                }
                Node::Dir(_) => {
                    out.insert(path.clone(), b"<dir>".to_vec());
                    walk(ctx, ino, &path, out);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(ctx, ctx.perm_roots[0].0, "", &mut out);
    out
}

#[derive(Debug, Clone)]
enum Op {
    Open(String, u32, bool, bool),
    Stat(String, bool),
    Mkdir(String),
    Unlink(String),
    Rmdir(String),
    Symlink(String, String),
    Rename(String, String),
    Link(String, String),
    Readlink(String),
}

fn path() -> impl Strategy<Value = String> {
    let comp = prop::sample::select(vec!["data", "out", "sub", "secret", "database", "key", "in.txt", "esc", "up", "l", "n", "..", "."]);
    (prop::collection::vec(comp, 1..6), any::<bool>()).prop_map(|(c, slash)| c.join("/") + if slash { "/" } else { "" })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (path(), 0u32..16, any::<bool>(), any::<bool>()).prop_map(|(p, o, w, f)| Op::Open(p, o, w, f)),
        (path(), any::<bool>()).prop_map(|(p, f)| Op::Stat(p, f)),
        path().prop_map(Op::Mkdir),
        path().prop_map(Op::Unlink),
        path().prop_map(Op::Rmdir),
        (path(), path()).prop_map(|(a, b)| Op::Symlink(a, b)),
        (path(), path()).prop_map(|(a, b)| Op::Rename(a, b)),
        (path(), path()).prop_map(|(a, b)| Op::Link(a, b)),
        path().prop_map(Op::Readlink),
    ]
}

const READ_GRANTS: [&str; 5] = ["/data", "/data/sub", "/secret/key", "/database", "/data/out"];
const WRITE_GRANTS: [&str; 4] = ["/data/out", "/data/sub", "/database/x", "/data/l"];

proptest! {
    // 512 cases by default (about a second); PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    /// Under random grants and random operations (symlinks the guest makes included): every
    /// operation that succeeds reached only granted paths, and nothing outside the write
    /// grants ever changes.
    #[test]
    fn nothing_outside_the_grants_is_reachable(
        read in prop::sample::subsequence(READ_GRANTS.to_vec(), 0..4),
        write in prop::sample::subsequence(WRITE_GRANTS.to_vec(), 0..3),
        ops in prop::collection::vec(op(), 1..24),
    ) {
        let q = |v: &[&str]| v.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(",");
        let manifest = format!(r#"{{"version":1,"fs":{{"read":[{}],"write":[{}]}}}}"#, q(&read), q(&write));
        let mut g = guest(Some(&manifest), false, &[], &[]);
        let can = |p: &Option<String>, grants: &[&str]| p.as_ref().is_some_and(|p| grants.iter().any(|g| covers(g, p)));
        let fenced = |snap: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
            snap.iter().filter(|(p, _)| !write.iter().any(|g| covers(g, p))).map(|(p, c)| (p.clone(), c.clone())).collect()
        };
        let before = fenced(&snapshot(&g.ctx));
        for op in ops {
            let ctx = &g.ctx;
            // The paths this operation reaches if it succeeds, and the grants each needs.
            let need: Vec<(Option<String>, &[&str])> = match &op {
                Op::Open(p, oflags, w, follow) => {
                    let target = oracle(ctx, p, *follow && oflags & (O_CREAT | O_EXCL) != O_CREAT | O_EXCL);
                    let mut need = vec![];
                    if *w || oflags & (O_CREAT | O_EXCL | O_TRUNC) != 0 {
                        need.push((target.clone(), &write[..]));
                    }
                    if !*w {
                        need.push((target, &read[..]));
                    }
                    need
                }
                Op::Stat(p, follow) => vec![(oracle(ctx, p, *follow), &read[..])],
                Op::Readlink(p) => vec![(oracle(ctx, p, false), &read[..])],
                Op::Mkdir(p) | Op::Unlink(p) | Op::Rmdir(p) | Op::Symlink(_, p) => vec![(oracle(ctx, p, false), &write[..])],
                Op::Rename(a, b) | Op::Link(a, b) => vec![(oracle(ctx, a, false), &write[..]), (oracle(ctx, b, false), &write[..])],
            };
            let ok = match &op {
                Op::Open(p, oflags, w, follow) => g.open(p, *oflags, if *w { WRITE_RIGHTS } else { READ_RIGHTS }, *follow).is_ok(),
                Op::Stat(p, follow) => {
                    let n = g.put(P1, p);
                    fs::path_filestat_get(&mut g.ctx, &mut g.mem, ROOT_FD, *follow as u32, P1, n, 128).is_ok()
                }
                Op::Readlink(p) => g.readlink(p).is_ok(),
                Op::Mkdir(p) => g.mkdir(p).is_ok(),
                Op::Unlink(p) => g.unlink(p).is_ok(),
                Op::Rmdir(p) => g.rmdir(p).is_ok(),
                Op::Symlink(t, p) => g.symlink(t, p).is_ok(),
                Op::Rename(a, b) => g.rename(a, b).is_ok(),
                Op::Link(a, b) => g.link(a, b).is_ok(),
            };
            if ok {
                for (p, grants) in &need {
                    prop_assert!(can(p, grants), "{op:?} succeeded on {p:?}, outside {grants:?}");
                }
            }
        }
        prop_assert_eq!(before, fenced(&snapshot(&g.ctx)), "something outside the write grants changed");
    }
}

/// The manifest parser on arbitrary text: never panics; whatever it accepts has only absolute,
/// normalised paths and well-formed names, and reads back equal from its canonical JSON.
#[test]
fn manifest_parsing_never_panics_and_accepts_only_valid_manifests() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4096);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases, ..ProptestConfig::default() });
    let fragments = prop::sample::select(vec![
        "{", "}", "[", "]", ",", ":", "\"version\"", "1", "2", "\"fs\"", "\"read\"", "\"write\"", "\"env\"", "\"args\"",
        "true", "null", "\"/data\"", "\"data\"", "\"/a/../b\"", "\"A*\"", "\"*\"", "\"A=B\"", "\"\"", " ", "\"\\u0000\"", "-0.5e1",
    ]);
    let texts = prop_oneof![
        any::<String>(),
        prop::collection::vec(fragments, 0..40).prop_map(|v| v.concat()),
    ];
    runner
        .run(&texts, |text| {
            if let Ok(m) = Manifest::parse(&text) {
                for p in m.read.iter().chain(&m.write) {
                    prop_assert!(p.starts_with('/') && !p.contains("//") && !p.split('/').any(|c| c == "." || c == ".."));
                    prop_assert!(p == "/" || !p.ends_with('/'));
                }
                for n in &m.env {
                    prop_assert!(!n.is_empty() && !n.contains('=') && !n.trim_end_matches('*').contains('*'));
                }
                prop_assert_eq!(Manifest::parse(&m.to_json()), Ok(m));
            }
            Ok(())
        })
        .unwrap();
}
