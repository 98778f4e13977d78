//! The trampoline module: a tiny wasm module, encoded here once, that sits between a guest and
//! the host's raw syscall exports.
//!
//! It covers the [`HOT`] calls: those a busy guest makes most, and those taking i64 arguments
//! (which a JS function would receive as freshly allocated BigInts). The other calls go through
//! small JS closures in `glue.js`: instantiating a module costs about 1.4 µs per function it
//! imports, so covering all 46 would add ~70 µs to the first hot import of every `new Wasi`, where
//! these 11 add ~20 µs.
//!
//! For each function it imports the host's raw export `r.wasip1_<name>` (the slot id
//! first, then the syscall's own parameters) and exports `<name>` with the exact preview1 type.
//! The body passes the slot (the imported global `e.s`) and the arguments through, then returns
//! the errno — or, when the raw export returns a value of [`SIGNAL`] or more (exit, trap, freed
//! Wasi, a callback's exception), calls the imported `e.r`, which throws. Under `startAsync`,
//! when the raw export answers that the call must wait, `e.r` is a `WebAssembly.Suspending`
//! function that suspends the guest until the wait is over and returns 0: the trampoline then
//! makes the same call again. One instance per `Wasi` (a second under `startAsync`, whose
//! raiser suspends) makes the hot part of that `Wasi`'s import object.
//!
//! A guest's import call is then a wasm-to-wasm call: no JS frame and no BigInt for i64
//! arguments. And the imports carry real wasm types, so a guest whose import types do not match
//! preview1 fails to link, as it does under wasmtime.

use crate::table::{Signature, ALL};

/// Raw exports return this or more when the guest must stop instead of getting an errno.
pub const SIGNAL: u32 = 0x10000;

/// The import module name of the raw exports.
pub const RAW_MODULE: &str = "r";
/// The prefix of the raw exports' names: `wasip1_fd_write`.
pub const RAW_PREFIX: &str = "wasip1_";

const I32: u8 = 0x7f;
const I64: u8 = 0x7e;

fn leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name(out: &mut Vec<u8>, s: &str) {
    leb(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn section(out: &mut Vec<u8>, id: u8, body: Vec<u8>) {
    out.push(id);
    leb(out, body.len() as u32);
    out.extend_from_slice(&body);
}

fn valtypes(params: &str) -> impl Iterator<Item = u8> + '_ {
    params.bytes().map(|c| if c == b'I' { I64 } else { I32 })
}

/// Type indices, deduplicated; `types` collects the encoded function types.
fn type_index(types: &mut Vec<Vec<u8>>, params: impl Iterator<Item = u8>, result: bool) -> u32 {
    let mut t = vec![0x60];
    let params: Vec<u8> = params.collect();
    leb(&mut t, params.len() as u32);
    t.extend(params);
    if result {
        t.extend([1, I32]);
    } else {
        t.push(0);
    }
    if let Some(i) = types.iter().position(|x| *x == t) {
        return i as u32;
    }
    types.push(t);
    (types.len() - 1) as u32
}

/// The trampoline module for `sigs`.
pub fn encode(sigs: &[Signature]) -> Vec<u8> {
    let n = sigs.len() as u32;
    let mut types = Vec::new();
    let raw_types: Vec<u32> = sigs
        .iter()
        .map(|s| type_index(&mut types, core::iter::once(I32).chain(valtypes(s.params)), true))
        .collect();
    let raise_type = type_index(&mut types, core::iter::once(I32), true);
    let own_types: Vec<u32> = sigs.iter().map(|s| type_index(&mut types, valtypes(s.params), s.returns)).collect();

    let mut out = b"\0asm\x01\0\0\0".to_vec();

    let mut body = Vec::new();
    leb(&mut body, types.len() as u32);
    types.iter().for_each(|t| body.extend_from_slice(t));
    section(&mut out, 1, body);

    // Imports: the raw exports (function indices 0..n), the raiser (n), the slot (global 0).
    let mut body = Vec::new();
    leb(&mut body, n + 2);
    for (s, &t) in sigs.iter().zip(&raw_types) {
        name(&mut body, RAW_MODULE);
        name(&mut body, &format!("{RAW_PREFIX}{}", s.name));
        body.push(0x00);
        leb(&mut body, t);
    }
    name(&mut body, "e");
    name(&mut body, "r");
    body.push(0x00);
    leb(&mut body, raise_type);
    name(&mut body, "e");
    name(&mut body, "s");
    body.extend([0x03, I32, 0x00]);
    section(&mut out, 2, body);

    let mut body = Vec::new();
    leb(&mut body, n);
    own_types.iter().for_each(|&t| leb(&mut body, t));
    section(&mut out, 3, body);

    let mut body = Vec::new();
    leb(&mut body, n);
    for (i, s) in sigs.iter().enumerate() {
        name(&mut body, s.name);
        body.push(0x00);
        leb(&mut body, n + 1 + i as u32);
    }
    section(&mut out, 7, body);

    let raise = n;
    let mut body = Vec::new();
    leb(&mut body, n);
    for (i, s) in sigs.iter().enumerate() {
        let r = s.arity(); // the local after the parameters holds the raw result
        let mut f = vec![1, 1, I32]; // one local of type i32
        f.extend([0x03, 0x40]); // loop $again
        f.extend([0x23, 0x00]); // global.get $slot
        for p in 0..s.arity() {
            f.push(0x20); // local.get p
            leb(&mut f, p);
        }
        f.push(0x10); // call raw
        leb(&mut f, i as u32);
        f.push(0x22); // local.tee r
        leb(&mut f, r);
        f.push(0x41); // i32.const SIGNAL - 1 (signed LEB128 of 0xffff)
        f.extend([0xff, 0xff, 0x03]);
        f.extend([0x4b, 0x04, 0x40]); // i32.gt_u; if
        f.push(0x20);
        leb(&mut f, r);
        f.push(0x10); // call raise: it throws, or (under startAsync) waits and returns 0
        leb(&mut f, raise);
        f.extend([0x45, 0x0d, 0x01]); // i32.eqz; br_if $again: make the call again
        f.extend([0x0b, 0x0b]); // end if; end loop
        if s.returns {
            f.push(0x20);
            leb(&mut f, r);
        }
        f.push(0x0b); // end
        leb(&mut body, f.len() as u32);
        body.extend(f);
    }
    section(&mut out, 10, body);
    out
}

/// The calls the trampoline module covers.
pub const HOT: [&str; 11] = [
    "fd_write",
    "fd_read",
    "clock_time_get",
    "random_get",
    "fd_seek",
    "fd_pread",
    "fd_pwrite",
    "path_open",
    "path_filestat_get",
    "fd_readdir",
    "fd_close",
];

/// The trampoline module of the [`HOT`] calls. A `Wasi` instantiates it once, when a guest
/// reads its first hot import. (One module per call, so that a guest paid only for the hot
/// calls it imports, was tried: an instance costs 5-30 µs whatever it holds, garbage collection
/// included, and a C or Go hello imports six hot calls.)
pub fn trampoline_module() -> Vec<u8> {
    encode(&HOT.map(|name| *ALL.iter().find(|s| s.name == name).expect("a hot call is a syscall")))
}

/// [`trampoline_module`]'s bytes as the browser build ships them: encoded at build time (the
/// file is checked in), so that the encoder is not part of the shipped wasm. The test
/// `shipped_trampolines_are_what_the_encoder_gives` keeps the two equal; run it with
/// `WASIP1_WRITE_TRAMPOLINES=1` to rewrite the file after changing [`HOT`] or [`encode`].
pub const TRAMPOLINES: &[u8] = include_bytes!("trampolines.bin");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb128() {
        let mut v = Vec::new();
        leb(&mut v, 0);
        leb(&mut v, 127);
        leb(&mut v, 128);
        leb(&mut v, 65536);
        assert_eq!(v, [0, 0x7f, 0x80, 0x01, 0x80, 0x80, 0x04]);
    }

    #[test]
    fn shipped_trampolines_are_what_the_encoder_gives() {
        let fresh = trampoline_module();
        if std::env::var_os("WASIP1_WRITE_TRAMPOLINES").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/trampolines.bin"), &fresh).unwrap();
            return;
        }
        assert!(
            fresh == TRAMPOLINES,
            "crate/src/trampolines.bin is stale: rerun this test with WASIP1_WRITE_TRAMPOLINES=1"
        );
    }

    #[test]
    fn module_is_small_enough_to_compile_synchronously() {
        // Chromium refuses synchronous compilation of modules over 4 KiB on the main thread.
        let m = encode(&ALL);
        assert!(m.len() < 4096, "{} bytes", m.len());
        let m = trampoline_module();
        assert_eq!(&m[..8], b"\0asm\x01\0\0\0");
        assert!(m.len() < 4096, "{} bytes", m.len());
    }

    #[test]
    fn types_are_deduplicated() {
        let mut types = Vec::new();
        let a = type_index(&mut types, valtypes("ii"), true);
        let b = type_index(&mut types, valtypes("ii"), true);
        let c = type_index(&mut types, valtypes("ii"), false);
        assert_eq!((a, b, c), (0, 0, 1));
        assert_eq!(types[0], [0x60, 2, I32, I32, 1, I32]);
    }
}
