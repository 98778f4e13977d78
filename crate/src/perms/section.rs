//! The `wasip1-perms` custom section: read, embed, strip, for the native `wasip1-perms` tool.
//! (The browser's `embedManifest` / `readManifest` are `js/perms.js`, which gives the same bytes:
//! a page should not download a second wasm parser.)
//!
//! Only the top-level sections are walked (`wasmparser::Parser` without its validator; the code
//! section is skipped whole), and every section other than ours is copied with its id and size
//! bytes exactly as they were, so embedding changes nothing else in the module:
//! `strip(embed(x)) == x` byte for byte when `x` carried no manifest.

use super::{parse_payload, Manifest, SECTION};
use wasm_encoder::{CustomSection, Section};
use wasmparser::{Chunk, Encoding, Parser, Payload};

/// One top-level section as it is in the module.
struct Raw<'a> {
    /// The whole section: id, size and contents.
    bytes: &'a [u8],
    /// The payload, when this is a `wasip1-perms` section.
    perms: Option<&'a [u8]>,
}

/// Splits a core module into its header (magic and version) and its top-level sections.
/// Errors: not wasm, a component, or a section that does not parse.
fn sections(wasm: &[u8]) -> Result<(&[u8], Vec<Raw<'_>>), String> {
    let bad = |e: &dyn core::fmt::Display| format!("not a valid wasm module: {e}");
    let mut parser = Parser::new(0);
    let mut header = &wasm[..0];
    let mut out = Vec::new();
    // Where the previous section ended (its successor's id byte); the parser's offset.
    let (mut end, mut pos) = (0, 0);
    loop {
        let payload = match parser.parse(&wasm[pos..], true).map_err(|e| bad(&e))? {
            Chunk::Parsed { consumed, payload } => {
                pos += consumed;
                payload
            }
            // Only asked for when not at EOF; the whole module is here.
            Chunk::NeedMoreData(_) => return Err(bad(&"unexpected end of the module")),
        };
        match &payload {
            Payload::Version { encoding: Encoding::Module, .. } => {
                header = &wasm[..pos];
                end = pos;
                continue;
            }
            Payload::Version { .. } => {
                return Err("this is a WebAssembly component, not a core wasm module (wasip1 guests are core modules)".into())
            }
            Payload::End(_) => return Ok((header, out)),
            Payload::CodeSectionStart { .. } => parser.skip_section(),
            _ => {}
        }
        let Some((_, range)) = payload.as_section() else { continue };
        let stop = usize::try_from(range.end).map_err(|e| bad(&e))?;
        let bytes = wasm.get(end..stop).ok_or_else(|| bad(&"a section runs past the end of the module"))?;
        let perms = match payload {
            Payload::CustomSection(c) if c.name() == SECTION => Some(c.data()),
            _ => None,
        };
        out.push(Raw { bytes, perms });
        (end, pos) = (stop, stop);
    }
}

/// The payload of the module's `wasip1-perms` section, if it has one. Errors when `wasm` is not
/// a core wasm module, does not parse, or has more than one such section.
pub fn read(wasm: &[u8]) -> Result<Option<&[u8]>, String> {
    let mut found = None;
    for s in sections(wasm)?.1 {
        if let Some(p) = s.perms {
            if found.is_some() {
                return Err(format!("the module has more than one {SECTION} section"));
            }
            found = Some(p);
        }
    }
    Ok(found)
}

/// The manifest embedded in the module, if any: [`read`], then [`parse_payload`].
pub fn read_manifest(wasm: &[u8]) -> Result<Option<Manifest>, String> {
    read(wasm)?.map(parse_payload).transpose()
}

/// The module with every `wasip1-perms` section removed and one carrying `manifest` (its
/// canonical compact JSON) appended. Every other section is copied verbatim.
pub fn embed(wasm: &[u8], manifest: &Manifest) -> Result<Vec<u8>, String> {
    let mut out = strip(wasm)?;
    let json = manifest.to_json();
    CustomSection { name: SECTION.into(), data: json.as_bytes().into() }.append_to(&mut out);
    Ok(out)
}

/// The module with every `wasip1-perms` section removed; every other section copied verbatim.
pub fn strip(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let (header, sections) = sections(wasm)?;
    let mut out = Vec::with_capacity(wasm.len());
    out.extend_from_slice(header);
    for s in sections.iter().filter(|s| s.perms.is_none()) {
        out.extend_from_slice(s.bytes);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with most kinds of section: types, imports, functions, memory, globals, exports,
    /// start, code, data, a custom section before and after ours would go, and a name section.
    const FULL: &str = r#"(module
        (@custom "before" (before first) "b")
        (type $t (func (param i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (global $g (mut i32) (i32.const 7))
        (func $double (type $t) local.get 0 i32.const 2 i32.mul)
        (func $start global.get $g call $double global.set $g)
        (start $start)
        (export "double" (func $double))
        (data (i32.const 16) "hello, world")
        (@custom "after" "a")
    )"#;

    fn module(text: &str) -> Vec<u8> {
        wat::parse_str(text).unwrap()
    }

    fn manifest(text: &str) -> Manifest {
        Manifest::parse(text).unwrap()
    }

    #[test]
    fn strip_of_embed_is_byte_identical() {
        for text in [FULL, "(module)", "(module (func) (@custom \"x\" \"\"))"] {
            let x = module(text);
            assert_eq!(read(&x).unwrap(), None);
            let m = manifest(r#"{"version":1,"fs":{"read":["/data"]},"env":["HOME"],"args":true}"#);
            let y = embed(&x, &m).unwrap();
            assert_eq!(&y[..x.len()], &x[..], "embedding appends, changing nothing before");
            assert_eq!(read(&y).unwrap(), Some(m.to_json().as_bytes()));
            assert_eq!(read_manifest(&y).unwrap(), Some(m));
            assert_eq!(strip(&y).unwrap(), x);
            assert_eq!(strip(&x).unwrap(), x);
        }
    }

    #[test]
    fn embed_replaces() {
        let x = module(FULL);
        let once = embed(&x, &manifest(r#"{"version":1,"env":["A"]}"#)).unwrap();
        let twice = embed(&once, &manifest(r#"{"version":1,"args":true}"#)).unwrap();
        assert_eq!(read_manifest(&twice).unwrap(), Some(manifest(r#"{"version":1,"args":true}"#)));
        assert_eq!(strip(&twice).unwrap(), x);
        assert_eq!(twice.len(), once.len() - r#"["A"]"#.len() + r#"[]"#.len() + "true".len() - "false".len());
    }

    #[test]
    fn a_section_in_the_middle_is_read_and_stripped() {
        let with = module(r#"(module (func) (@custom "wasip1-perms" (after func) "{\"version\":1}") (data "d"))"#);
        let without = module(r#"(module (func) (data "d"))"#);
        assert_eq!(read_manifest(&with).unwrap(), Some(Manifest::deny_all()));
        assert_eq!(strip(&with).unwrap(), without);
    }

    #[test]
    fn two_sections_are_an_error() {
        let x = module(r#"(module (@custom "wasip1-perms" "{\"version\":1}") (func) (@custom "wasip1-perms" "{\"version\":1}"))"#);
        assert!(read(&x).unwrap_err().contains("more than one wasip1-perms section"));
        assert!(read_manifest(&x).is_err());
        // Embedding and stripping still work: they drop both.
        assert_eq!(strip(&x).unwrap(), module("(module (func))"));
        assert_eq!(read_manifest(&embed(&x, &Manifest::deny_all()).unwrap()).unwrap(), Some(Manifest::deny_all()));
    }

    #[test]
    fn bad_embedded_manifests_say_where_they_came_from() {
        for (payload, want) in [
            (r#"{}"#, "embedded wasip1-perms section: version: missing"),
            (r#"{"version":1,"fs":{"read":["data"]}}"#, "embedded wasip1-perms section: fs.read[0]: \"data\" is not an absolute path"),
            ("{\\ff", "embedded wasip1-perms section: not UTF-8"),
        ] {
            let x = module(&format!(r#"(module (@custom "wasip1-perms" "{}"))"#, payload.replace('"', "\\\"")));
            let e = read_manifest(&x).unwrap_err();
            assert!(e.contains(want), "{payload}: {e}");
            assert_eq!(parse_payload(read(&x).unwrap().unwrap()).unwrap_err(), e);
        }
    }

    #[test]
    fn not_a_core_module_is_an_error() {
        let m = Manifest::deny_all();
        for (bytes, want) in [
            (b"".to_vec(), "not a valid wasm module"),
            (b"hello, world".to_vec(), "not a valid wasm module"),
            (b"\0asm\x02\0\0\0".to_vec(), "not a valid wasm module"),
            (module("(component)"), "a WebAssembly component, not a core wasm module"),
        ] {
            for e in [read(&bytes).unwrap_err(), strip(&bytes).unwrap_err(), embed(&bytes, &m).unwrap_err()] {
                assert!(e.contains(want), "{bytes:?}: {e}");
            }
        }
    }

    #[test]
    fn truncated_and_malformed_modules_are_errors() {
        let x = module(FULL);
        for cut in [9, x.len() / 2, x.len() - 1] {
            let e = read(&x[..cut]).unwrap_err();
            assert!(e.contains("not a valid wasm module"), "cut at {cut}: {e}");
        }
        // A section whose size says more than there is.
        let mut long = module("(module (memory 1))");
        long[9] += 1;
        assert!(strip(&long).unwrap_err().contains("not a valid wasm module"));
    }
}
