//! `wasip1-perms`: embed, show, strip and check the permission manifest a wasm32-wasip1 guest
//! carries in its `wasip1-perms` custom section. The manifest model and the section logic live
//! in the wasip1-web crate (`perms`, `perms::section`), shared with the npm package.

use std::fs;
use std::process::ExitCode;

use wasip1_web::perms::{section, Manifest};

const HELP: &str = "\
wasip1-perms: the wasip1-perms permission manifest of a wasm32-wasip1 guest

Usage:
  wasip1-perms embed GUEST.wasm MANIFEST.json -o OUT.wasm
      Check MANIFEST.json and write GUEST.wasm with it embedded as the `wasip1-perms` custom
      section (canonical compact JSON) to OUT.wasm. An existing section is replaced; every
      other byte of the module stays as it was. OUT.wasm may be GUEST.wasm.
  wasip1-perms show GUEST.wasm
      Print the embedded manifest as canonical compact JSON on one line (pipe it to `jq` to
      pretty-print it). Exits 1 if the module has no wasip1-perms section.
  wasip1-perms strip GUEST.wasm -o OUT.wasm
      Write GUEST.wasm without its wasip1-perms section to OUT.wasm.
  wasip1-perms check MANIFEST.json
      Check a manifest against the rules of perms/schema.json; print `MANIFEST.json: ok`.
  wasip1-perms --help | --version

Exit status: 0 success; 1 invalid input (a malformed manifest or module, a file that cannot
be read or written, no section to show); 2 usage error.
";

/// Why a command failed: its message and exit status.
enum Fail {
    /// Exit 2: the command line is wrong.
    Usage(String),
    /// Exit 1: a file is missing, unreadable or malformed.
    Invalid(String),
}

fn usage<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail::Usage(msg.into()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail::Invalid(msg)) => {
            eprintln!("wasip1-perms: {msg}");
            ExitCode::from(1)
        }
        Err(Fail::Usage(msg)) => {
            eprintln!("wasip1-perms: {msg}\nTry `wasip1-perms --help`.");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), Fail> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{HELP}");
        return Ok(());
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        println!("wasip1-perms {}", env!("CARGO_PKG_VERSION"));
        return Ok(());
    }
    let Some((command, rest)) = args.split_first() else { return usage("no command given (embed, show, strip or check)") };
    let (files, out) = split_output(rest)?;
    let want = |n: usize, output: bool, shape: &str| -> Result<(), Fail> {
        if files.len() != n {
            return usage(format!("`{command}` takes {n} file{}: {shape}", if n == 1 { "" } else { "s" }));
        }
        match (output, &out) {
            (true, None) => usage(format!("`{command}` needs `-o OUT.wasm`: {shape}")),
            (false, Some(_)) => usage(format!("`{command}` takes no `-o`: {shape}")),
            _ => Ok(()),
        }
    };
    match command.as_str() {
        "embed" => {
            want(2, true, "embed GUEST.wasm MANIFEST.json -o OUT.wasm")?;
            let manifest = load_manifest(files[1])?;
            let guest = read(files[0])?;
            let bytes = section::embed(&guest, &manifest).map_err(|e| Fail::Invalid(format!("{}: {e}", files[0])))?;
            write(out.unwrap_or_default(), &bytes)
        }
        "show" => {
            want(1, false, "show GUEST.wasm")?;
            let guest = read(files[0])?;
            match section::read_manifest(&guest).map_err(|e| Fail::Invalid(format!("{}: {e}", files[0])))? {
                Some(m) => {
                    println!("{}", m.to_json());
                    Ok(())
                }
                None => Err(Fail::Invalid(format!("{}: no wasip1-perms section", files[0]))),
            }
        }
        "strip" => {
            want(1, true, "strip GUEST.wasm -o OUT.wasm")?;
            let guest = read(files[0])?;
            let bytes = section::strip(&guest).map_err(|e| Fail::Invalid(format!("{}: {e}", files[0])))?;
            write(out.unwrap_or_default(), &bytes)
        }
        "check" => {
            want(1, false, "check MANIFEST.json")?;
            load_manifest(files[0])?;
            println!("{}: ok", files[0]);
            Ok(())
        }
        other => usage(format!("unknown command `{other}` (embed, show, strip or check)")),
    }
}

/// Splits the arguments after the command into files and the `-o OUT` / `--output OUT` value.
fn split_output(rest: &[String]) -> Result<(Vec<&str>, Option<&str>), Fail> {
    let (mut files, mut out) = (Vec::new(), None);
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => {
                let Some(value) = it.next() else { return usage(format!("`{a}` needs a file name")) };
                if out.replace(value.as_str()).is_some() {
                    return usage("`-o` given twice");
                }
            }
            // A lone `-` is not an option, but this tool reads and writes files only.
            s if s.starts_with('-') => return usage(format!("unknown option `{s}`")),
            s => files.push(s),
        }
    }
    Ok((files, out))
}

fn read(path: &str) -> Result<Vec<u8>, Fail> {
    fs::read(path).map_err(|e| Fail::Invalid(format!("cannot read {path}: {e}")))
}

fn write(path: &str, bytes: &[u8]) -> Result<(), Fail> {
    fs::write(path, bytes).map_err(|e| Fail::Invalid(format!("cannot write {path}: {e}")))
}

/// Reads and validates a manifest file; errors name the file and the field.
fn load_manifest(path: &str) -> Result<Manifest, Fail> {
    let bytes = read(path)?;
    let text = String::from_utf8(bytes).map_err(|e| Fail::Invalid(format!("{path}: not UTF-8 text ({e})")))?;
    Manifest::parse(&text).map_err(|e| Fail::Invalid(format!("{path}: {e}")))
}
