//! The `wasip1-perms` binary end to end, on modules written with `wat`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasip1_web::perms::Manifest;

/// Runs the tool; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wasip1-perms")).args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_owned()
}

const GUEST: &str = r#"(module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func (export "_start") i32.const 0 call $exit)
    (data (i32.const 8) "some data")
    (@custom "producers-ish" "x")
)"#;

const MANIFEST: &str = r#"{
  "version": 1,
  "fs": { "read": ["/data/"], "write": ["/data/out"] },
  "env": ["HOME", "LC_*"],
  "args": true
}"#;

#[test]
fn embed_then_show_then_strip() {
    let dir = scratch("embed");
    let guest = wat::parse_str(GUEST).unwrap();
    let g = write(&dir, "guest.wasm", &guest);
    let m = write(&dir, "perms.json", MANIFEST);
    let out = dir.join("out.wasm").to_str().unwrap().to_owned();

    let (code, stdout, stderr) = run(&["embed", &g, &m, "-o", &out]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");

    let (code, stdout, stderr) = run(&["show", &out]);
    assert_eq!(code, 0, "{stderr}");
    let canonical = Manifest::parse(MANIFEST).unwrap().to_json();
    assert_eq!(stdout.trim_end(), canonical);
    assert!(canonical.contains("\"/data\""), "paths are normalised: {canonical}");

    // Embedding again (in place, `-o` before the files) replaces the section.
    let (code, _, stderr) = run(&["embed", "-o", &out, &out, &m]);
    assert_eq!(code, 0, "{stderr}");
    let (_, stdout, _) = run(&["show", &out]);
    assert_eq!(stdout.trim_end(), canonical);

    let stripped = dir.join("stripped.wasm").to_str().unwrap().to_owned();
    let (code, _, stderr) = run(&["strip", &out, "--output", &stripped]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::read(&stripped).unwrap(), guest, "strip(embed(x)) is x, byte for byte");

    let (code, _, stderr) = run(&["show", &stripped]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no wasip1-perms section"), "{stderr}");
}

#[test]
fn check_accepts_every_example() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut n = 0;
    for entry in fs::read_dir(examples).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "json") {
            let (code, stdout, stderr) = run(&["check", p.to_str().unwrap()]);
            assert_eq!(code, 0, "{}: {stderr}", p.display());
            assert!(stdout.ends_with(": ok\n"), "{stdout}");
            n += 1;
        }
    }
    assert!(n >= 3, "perms/examples holds {n} manifests");
}

#[test]
fn malformed_manifests_exit_1_naming_the_field() {
    let dir = scratch("malformed");
    let guest = write(&dir, "guest.wasm", wat::parse_str(GUEST).unwrap());
    let out = dir.join("out.wasm");
    for (i, (text, want)) in [
        ("{\"version\":1,", "invalid JSON at byte"),
        (r#"{"fs":{}}"#, "version: missing"),
        (r#"{"version":2}"#, "version: unsupported version 2"),
        (r#"{"version":1,"net":[]}"#, "unknown key \"net\""),
        (r#"{"version":1,"fs":{"read":["data"]}}"#, "fs.read[0]: \"data\" is not an absolute path"),
        (r#"{"version":1,"fs":{"write":["/a/../b"]}}"#, "fs.write[0]"),
        (r#"{"version":1,"env":[""]}"#, "env[0]: \"\" is empty"),
        (r#"{"version":1,"args":"yes"}"#, "args: expected true or false"),
    ]
    .into_iter()
    .enumerate()
    {
        let m = write(&dir, &format!("bad{i}.json"), text);
        let (code, _, stderr) = run(&["check", &m]);
        assert_eq!(code, 1, "{text}: {stderr}");
        assert!(stderr.contains(&format!("{m}: {want}")), "{text}: {stderr}");
        let (code, _, stderr) = run(&["embed", &guest, &m, "-o", out.to_str().unwrap()]);
        assert_eq!(code, 1, "{text}: {stderr}");
        assert!(stderr.contains(want), "{text}: {stderr}");
        assert!(!out.exists(), "nothing is written for a bad manifest");
    }
    let m = write(&dir, "latin1.json", b"{\"version\":1,\"env\":[\"\xe9\"]}");
    assert_eq!(run(&["check", &m]).0, 1);
}

#[test]
fn bad_modules_exit_1() {
    let dir = scratch("modules");
    let m = write(&dir, "perms.json", MANIFEST);
    let out = dir.join("out.wasm").to_str().unwrap().to_owned();
    let not_wasm = write(&dir, "not.wasm", "hello");
    let component = write(&dir, "component.wasm", wat::parse_str("(component)").unwrap());
    let two = write(
        &dir,
        "two.wasm",
        wat::parse_str(r#"(module (@custom "wasip1-perms" "{\"version\":1}") (@custom "wasip1-perms" "{\"version\":1}"))"#).unwrap(),
    );
    let bad_inside = write(&dir, "bad-inside.wasm", wat::parse_str(r#"(module (@custom "wasip1-perms" "{}"))"#).unwrap());
    for (args, want) in [
        (vec!["embed", &not_wasm, &m, "-o", &out], "not a valid wasm module"),
        (vec!["strip", &component, "-o", &out], "not a core wasm module"),
        (vec!["show", &not_wasm], "not a valid wasm module"),
        (vec!["show", &two], "more than one wasip1-perms section"),
        (vec!["show", &bad_inside], "embedded wasip1-perms section: version: missing"),
        (vec!["show", "/nonexistent/guest.wasm"], "cannot read /nonexistent/guest.wasm"),
        (vec!["check", "/nonexistent/perms.json"], "cannot read /nonexistent/perms.json"),
    ] {
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for (args, want) in [
        (vec![], "no command given"),
        (vec!["frobnicate", "x"], "unknown command `frobnicate`"),
        (vec!["embed", "g.wasm", "m.json"], "needs `-o OUT.wasm`"),
        (vec!["embed", "g.wasm", "-o", "o.wasm"], "takes 2 files"),
        (vec!["strip", "g.wasm", "-o"], "`-o` needs a file name"),
        (vec!["strip", "g.wasm", "-o", "a", "-o", "b"], "`-o` given twice"),
        (vec!["show"], "takes 1 file"),
        (vec!["show", "g.wasm", "-o", "o.wasm"], "takes no `-o`"),
        (vec!["check", "a.json", "b.json"], "takes 1 file"),
        (vec!["check", "--pretty", "a.json"], "unknown option `--pretty`"),
    ] {
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(want) && stderr.contains("--help"), "{args:?}: {stderr}");
    }
}

#[test]
fn help_and_version() {
    for flag in ["--help", "-h"] {
        let (code, stdout, _) = run(&["show", flag]);
        assert_eq!(code, 0);
        for cmd in ["embed GUEST.wasm MANIFEST.json -o OUT.wasm", "show GUEST.wasm", "strip GUEST.wasm -o OUT.wasm", "check MANIFEST.json"] {
            assert!(stdout.contains(cmd), "{stdout}");
        }
    }
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!((code, stdout.starts_with("wasip1-perms ")), (0, true));
}
