//! The **wasip1-perms** manifest: what a guest may read, write, see of the environment and of
//! its arguments; and the [`Policy`] the syscalls check it through.
//!
//! A manifest (version 1) is JSON (`perms/schema.json` is the reference):
//! `{"version": 1, "fs": {"read": [...], "write": [...]}, "env": [...], "args": true}`.
//! Whatever a manifest leaves out is denied: no `fs` — no path at all; no `env` — an empty
//! environment; no `args` — only `argv[0]`.
//!
//! Paths are guest-absolute prefixes matched on whole components, against the path an operation
//! really reaches once `.`, `..` and symlinks are resolved (the VFS knows it: see
//! `WasiCtx::check_path`). A host manifest and one embedded in the guest (a custom section named
//! [`SECTION`]) combine into their intersection: a policy holds both and every check asks both.

pub mod check;
pub mod json;
#[cfg(not(target_arch = "wasm32"))]
pub mod section;

use json::Value;

/// The custom section a guest carries its manifest in.
pub const SECTION: &str = "wasip1-perms";

/// The manifest version this host reads.
pub const VERSION: u32 = 1;

/// An access an operation needs, as a bit set.
pub type Access = u8;
/// Reading: opening for reading, stat, readdir, readlink.
pub const READ: Access = 1;
/// Writing: opening for writing, `O_TRUNC`/`O_CREAT`/`O_EXCL`, mkdir, unlink, rmdir, rename,
/// link, symlink, set_size, set_times, allocate.
pub const WRITE: Access = 2;

/// The name of an access, as denials report it.
pub fn access_name(a: Access) -> &'static str {
    match a {
        READ => "read",
        WRITE => "write",
        _ => "read+write",
    }
}

/// A parsed, validated manifest. Paths are normalised (`/data/`, `//data` -> `/data`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    /// Prefixes that may be read.
    pub read: Vec<String>,
    /// Prefixes that may be written.
    pub write: Vec<String>,
    /// Visible environment variable names; a trailing `*` matches any rest.
    pub env: Vec<String>,
    /// Whether the guest gets its arguments beyond `argv[0]`.
    pub args: bool,
}

impl Manifest {
    /// The manifest that grants nothing (what `strict` gives a guest that carries none).
    pub fn deny_all() -> Manifest {
        Manifest::default()
    }

    /// Parses and validates a manifest. Errors name the field: `fs.read[1]: "data" is not an
    /// absolute path`, `version: missing`, `unknown key "exec"`, or say where the JSON is bad.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let Value::Object(fields) = json::parse(text)? else {
            return Err("the manifest must be a JSON object".into());
        };
        let mut m = Manifest::default();
        let mut version = None;
        for (key, value) in fields {
            match key.as_str() {
                "version" => version = Some(value),
                "fs" => {
                    let Value::Object(fs) = value else { return Err(format!("fs: expected an object, got {}", value.kind())) };
                    for (key, value) in fs {
                        let list = match key.as_str() {
                            "read" => &mut m.read,
                            "write" => &mut m.write,
                            _ => return Err(format!("fs: unknown key \"{key}\" (known: read, write)")),
                        };
                        for (i, p) in strings(value, &format!("fs.{key}"))?.into_iter().enumerate() {
                            list.push(normalize(&p).map_err(|e| format!("fs.{key}[{i}]: \"{p}\" {e}"))?);
                        }
                    }
                }
                "env" => {
                    for (i, name) in strings(value, "env")?.into_iter().enumerate() {
                        check_env_name(&name).map_err(|e| format!("env[{i}]: \"{name}\" {e}"))?;
                        m.env.push(name);
                    }
                }
                "args" => match value {
                    Value::Bool(b) => m.args = b,
                    v => return Err(format!("args: expected true or false, got {}", v.kind())),
                },
                _ => return Err(format!("unknown key \"{key}\" (known: version, fs, env, args)")),
            }
        }
        match version {
            None => Err("version: missing (this host reads version 1)".into()),
            Some(Value::Number(n)) if n == "1" => Ok(m),
            Some(Value::Number(n)) => Err(format!("version: unsupported version {n} (this host reads version 1)")),
            Some(v) => Err(format!("version: expected the number 1, got {}", v.kind())),
        }
    }

    /// The manifest as compact JSON, keys in schema order; [`Manifest::parse`] reads it back
    /// to an equal manifest.
    pub fn to_json(&self) -> String {
        let list = |items: &[String], out: &mut String| {
            out.push('[');
            for (i, s) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::quote(s, out);
            }
            out.push(']');
        };
        let mut out = String::from("{\"version\":1,\"fs\":{\"read\":");
        list(&self.read, &mut out);
        out.push_str(",\"write\":");
        list(&self.write, &mut out);
        out.push_str("},\"env\":");
        list(&self.env, &mut out);
        out.push_str(if self.args { ",\"args\":true}" } else { ",\"args\":false}" });
        out
    }

    fn allows_path(&self, path: &str, access: Access) -> bool {
        (access & READ == 0 || self.read.iter().any(|g| covers(g, path)))
            && (access & WRITE == 0 || self.write.iter().any(|g| covers(g, path)))
    }

    fn allows_env(&self, name: &[u8]) -> bool {
        self.env.iter().any(|pattern| match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix.as_bytes()),
            None => name == pattern.as_bytes(),
        })
    }
}

fn strings(value: Value, field: &str) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else { return Err(format!("{field}: expected an array of strings, got {}", value.kind())) };
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::String(s) => Ok(s),
            v => Err(format!("{field}[{i}]: expected a string, got {}", v.kind())),
        })
        .collect()
}

/// Normalises a manifest path: absolute, no `.` or `..` components, no NUL; repeated and
/// trailing slashes dropped. Errors complete "\"path\" ...".
fn normalize(p: &str) -> Result<String, &'static str> {
    if !p.starts_with('/') {
        return Err("is not an absolute path");
    }
    if p.contains('\0') {
        return Err("contains a NUL byte");
    }
    let mut out = String::with_capacity(p.len());
    for c in p.split('/').filter(|c| !c.is_empty()) {
        if c == "." || c == ".." {
            return Err("contains a \".\" or \"..\" component (write the path it means)");
        }
        out.push('/');
        out.push_str(c);
    }
    if out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

fn check_env_name(name: &str) -> Result<(), &'static str> {
    let body = name.strip_suffix('*').unwrap_or(name);
    if name.is_empty() {
        Err("is empty")
    } else if body.contains('*') {
        Err("has a '*' that is not at the end")
    } else if body.contains('=') || body.contains('\0') {
        Err("contains '=' or a NUL byte")
    } else {
        Ok(())
    }
}

/// Whether grant `g` (normalised) covers guest-absolute `path`, on whole components:
/// `/data` covers `/data` and `/data/x`, never `/database`.
pub fn covers(g: &str, path: &str) -> bool {
    crate::vfs::within(path, g)
}

/// The checks in force for one guest: the intersection of every manifest given (host,
/// embedded). A guest with no policy is classic WASI: the preopens are its sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    layers: Vec<Manifest>,
}

impl Policy {
    /// Combines a host manifest, the guest's embedded one and `strict` (a guest without an
    /// embedded manifest gets [`Manifest::deny_all`]). `None` when nothing applies.
    pub fn new(host: Option<Manifest>, embedded: Option<Manifest>, strict: bool) -> Option<Policy> {
        let embedded = embedded.or_else(|| strict.then(Manifest::deny_all));
        let layers: Vec<Manifest> = host.into_iter().chain(embedded).collect();
        (!layers.is_empty()).then_some(Policy { layers })
    }

    /// Whether every manifest grants `access` on guest-absolute, resolved `path`.
    pub fn allows_path(&self, path: &str, access: Access) -> bool {
        self.layers.iter().all(|m| m.allows_path(path, access))
    }

    /// Whether variable `name` is visible.
    pub fn allows_env(&self, name: &[u8]) -> bool {
        self.layers.iter().all(|m| m.allows_env(name))
    }

    /// Whether the guest gets `argv[1..]`.
    pub fn allows_args(&self) -> bool {
        self.layers.iter().all(|m| m.args)
    }
}

/// One kind of denial, with how often it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Denial {
    /// The syscall refused (`path_open`, `environ_get`, …).
    pub syscall: &'static str,
    /// The resolved guest-absolute path; or the variable name; or `argv` for hidden arguments.
    pub subject: String,
    /// `read`, `write`, `read+write`, `env` or `args`.
    pub access: &'static str,
    /// The first time it happened, ms since the Unix epoch.
    pub time_ms: f64,
    /// How many times it happened.
    pub count: u64,
}

/// How many distinct denials are kept; later new ones are only counted in
/// [`Denials::dropped`]. Repeats of a kept one add to its count.
pub const MAX_DENIALS: usize = 256;

/// The record of what a guest was refused.
#[derive(Debug, Default)]
pub struct Denials {
    /// The distinct denials, in the order first seen.
    pub list: Vec<Denial>,
    /// Denials not kept because the list was full.
    pub dropped: u64,
}

impl Denials {
    /// Records a denial; returns its index in `list` (`None` when dropped).
    pub fn record(&mut self, syscall: &'static str, subject: &str, access: &'static str, now_ns: u64) -> Option<usize> {
        if let Some(i) = self.list.iter().position(|d| d.syscall == syscall && d.access == access && d.subject == subject) {
            self.list[i].count += 1;
            return Some(i);
        }
        if self.list.len() == MAX_DENIALS {
            self.dropped += 1;
            return None;
        }
        self.list.push(Denial { syscall, subject: subject.to_owned(), access, time_ms: now_ns as f64 / 1e6, count: 1 });
        Some(self.list.len() - 1)
    }
}

/// The manifest in a section's payload (from the CLI's `section::read`, or from the browser's
/// `WebAssembly.Module.customSections`). Errors start with `embedded wasip1-perms section: `,
/// so the user knows the manifest came from the module: non-UTF-8 text, or what
/// [`Manifest::parse`] says.
pub fn parse_payload(payload: &[u8]) -> Result<Manifest, String> {
    let text = core::str::from_utf8(payload).map_err(|e| format!("embedded {SECTION} section: not UTF-8 text ({e})"))?;
    Manifest::parse(text).map_err(|e| format!("embedded {SECTION} section: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Manifest {
        Manifest::parse(text).unwrap()
    }

    #[test]
    fn parses_the_example() {
        let got = m(r#"{"version":1,"fs":{"read":["/data","/etc/app.json"],"write":["/data/out/"]},"env":["HOME","APP_*"],"args":true}"#);
        assert_eq!(got.read, ["/data", "/etc/app.json"]);
        assert_eq!(got.write, ["/data/out"]);
        assert_eq!(got.env, ["HOME", "APP_*"]);
        assert!(got.args);
        assert_eq!(Manifest::parse(&got.to_json()).unwrap(), got);
        assert_eq!(m(r#"{"version":1}"#), Manifest::deny_all(), "what is left out is denied");
    }

    #[test]
    fn errors_name_the_field() {
        for (text, want) in [
            ("{", "invalid JSON at byte 1"),
            ("[]", "must be a JSON object"),
            ("{}", "version: missing"),
            (r#"{"version":2}"#, "version: unsupported version 2"),
            (r#"{"version":1.0}"#, "version: unsupported version 1.0"),
            (r#"{"version":"1"}"#, "version: expected the number 1, got a string"),
            (r#"{"version":1,"exec":true}"#, "unknown key \"exec\""),
            (r#"{"version":1,"fs":[]}"#, "fs: expected an object, got an array"),
            (r#"{"version":1,"fs":{"exec":[]}}"#, "fs: unknown key \"exec\""),
            (r#"{"version":1,"fs":{"read":"/data"}}"#, "fs.read: expected an array of strings, got a string"),
            (r#"{"version":1,"fs":{"read":["/a",3]}}"#, "fs.read[1]: expected a string, got a number"),
            (r#"{"version":1,"fs":{"write":["data"]}}"#, "fs.write[0]: \"data\" is not an absolute path"),
            (r#"{"version":1,"fs":{"read":["/a/../etc"]}}"#, "fs.read[0]: \"/a/../etc\" contains a \".\" or \"..\""),
            (r#"{"version":1,"fs":{"read":[""]}}"#, "fs.read[0]: \"\" is not an absolute path"),
            (r#"{"version":1,"env":[""]}"#, "env[0]: \"\" is empty"),
            (r#"{"version":1,"env":["A*B"]}"#, "env[0]: \"A*B\" has a '*'"),
            (r#"{"version":1,"env":["A=B"]}"#, "env[0]: \"A=B\" contains '='"),
            (r#"{"version":1,"env":{}}"#, "env: expected an array"),
            (r#"{"version":1,"args":1}"#, "args: expected true or false, got a number"),
        ] {
            let e = Manifest::parse(text).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
        }
    }

    #[test]
    fn prefixes_match_whole_components() {
        assert!(covers("/data", "/data"));
        assert!(covers("/data", "/data/x/y"));
        assert!(!covers("/data", "/database"));
        assert!(!covers("/data", "/"));
        assert!(covers("/", "/anything"));
    }

    #[test]
    fn access_needs_each_bit_granted() {
        let p = Policy::new(Some(m(r#"{"version":1,"fs":{"read":["/data"],"write":["/data/out"]}}"#)), None, false).unwrap();
        assert!(p.allows_path("/data/in", READ));
        assert!(!p.allows_path("/data/in", WRITE));
        assert!(p.allows_path("/data/out/f", READ | WRITE));
        assert!(!p.allows_path("/etc", READ));
    }

    #[test]
    fn layers_intersect() {
        let host = m(r#"{"version":1,"fs":{"read":["/data"]},"env":["HOME","LANG"],"args":true}"#);
        let guest = m(r#"{"version":1,"fs":{"read":["/data/sub","/etc"]},"env":["L*"]}"#);
        let p = Policy::new(Some(host.clone()), Some(guest), false).unwrap();
        assert!(p.allows_path("/data/sub/x", READ));
        assert!(!p.allows_path("/data/other", READ), "only the host grants it");
        assert!(!p.allows_path("/etc", READ), "only the guest asks for it");
        assert!(p.allows_env(b"LANG") && !p.allows_env(b"HOME") && !p.allows_env(b"LC_ALL"));
        assert!(!p.allows_args());
        assert_eq!(Policy::new(None, None, false), None, "neither: classic WASI");
        let strict = Policy::new(Some(host), None, true).unwrap();
        assert!(!strict.allows_path("/data", READ) && !strict.allows_env(b"HOME") && !strict.allows_args());
    }

    #[test]
    fn denials_are_counted_and_bounded() {
        let mut d = Denials::default();
        assert_eq!(d.record("path_open", "/etc/x", "read", 5_000_000), Some(0));
        assert_eq!(d.record("path_open", "/etc/x", "read", 6_000_000), Some(0));
        assert_eq!(d.list[0].count, 2);
        assert_eq!(d.list[0].time_ms, 5.0);
        for i in 0..MAX_DENIALS + 10 {
            d.record("path_open", &format!("/f{i}"), "write", 0);
        }
        assert_eq!(d.list.len(), MAX_DENIALS);
        assert_eq!(d.dropped, 11);
    }
}
