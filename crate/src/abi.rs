//! The trampoline module: a tiny wasm module, encoded here once, that sits between a guest and
//! the host's raw syscall exports.
//!
//! It covers the [`HOT`] calls: those a busy guest makes most, and those taking i64 arguments
//! (which a JS function would receive as freshly allocated BigInts). The other calls go through
//! small JS closures in `glue.js`: instantiating a module costs about 0.4 µs per function it
//! exports, and an instance 5-10 µs whatever it holds, so the trampolines cover few calls and
//! one instance serves several `Wasi`s.
//!
//! For each call it imports the host's raw export `r.wasip1_<name>` (the slot id first, then the
//! syscall's own parameters) and has one body that makes it and returns the errno — or, when
//! the raw export returns a value of [`SIGNAL`] or more (exit, trap, freed Wasi, a callback's
//! exception), calls the imported `e.r` with it and the slot, which throws. Under `startAsync`,
//! when the raw export answers that the call must wait, `e.r` is a `WebAssembly.Suspending`
//! function that suspends the guest until the wait is over and returns 0: the body then makes
//! the same call again. The module holds [`GROUPS`] groups of entries with the exact preview1
//! types, each passing the slot in its group's global to the body; a `Wasi` takes one
//! group for good (a second under `startAsync`, from an instance whose raiser suspends), which
//! makes the hot part of its import object.
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
    sized(out, s.as_bytes());
}

fn section(out: &mut Vec<u8>, id: u8, body: Vec<u8>) {
    out.push(id);
    sized(out, &body);
}

/// `bytes` after their length: a section's or a function body's.
fn sized(out: &mut Vec<u8>, bytes: &[u8]) {
    leb(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
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

/// How many copies of the hot calls one instance of the trampoline module holds: a `Wasi` takes
/// one copy (a group), so one instance serves this many `Wasi`s and its cost is shared.
pub const GROUPS: u32 = 8;

/// The trampoline module for `sigs`, with `groups` copies of them.
///
/// - Imports: the raw exports (functions `0..n`) and the raiser `e.r` (function `n`, given the
///   raw result and the slot).
/// - Globals: one mutable i32 per group, the slot of the `Wasi` that took it (set through `s`:
///   a `WebAssembly.Global` each would cost about a microsecond to make).
/// - Functions: one body per call, `(slot, params) -> errno`, which makes the raw call (again
///   when the raiser answers 0) and calls the raiser for a result of [`SIGNAL`] or more; per
///   group and call, an entry with the exact preview1 type that passes its group's slot on;
///   then the setter `s(group, slot)`.
/// - Exports: the table `t` of the entries, group by group (`g * n + i`), read from JS one at a
///   time, so that a guest's instantiation makes a JS function only for what it imports; `s`.
pub fn encode(sigs: &[Signature], groups: u32) -> Vec<u8> {
    let n = sigs.len() as u32;
    let mut types = Vec::new();
    let raw_types: Vec<u32> = sigs
        .iter()
        .map(|s| type_index(&mut types, core::iter::once(I32).chain(valtypes(s.params)), true))
        .collect();
    let raise_type = type_index(&mut types, [I32, I32].into_iter(), true);
    let set_type = type_index(&mut types, [I32, I32].into_iter(), false);
    let body_types: Vec<u32> =
        sigs.iter().map(|s| type_index(&mut types, core::iter::once(I32).chain(valtypes(s.params)), s.returns)).collect();
    let own_types: Vec<u32> = sigs.iter().map(|s| type_index(&mut types, valtypes(s.params), s.returns)).collect();

    let mut out = b"\0asm\x01\0\0\0".to_vec();

    let mut body = Vec::new();
    leb(&mut body, types.len() as u32);
    types.iter().for_each(|t| body.extend_from_slice(t));
    section(&mut out, 1, body);

    let mut body = Vec::new();
    leb(&mut body, n + 1);
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
    section(&mut out, 2, body);

    // Function indices: the bodies from n + 1, the entries from 2n + 1, then the setter.
    let first_body = n + 1;
    let first_entry = 2 * n + 1;
    let entries = groups * n;
    let setter = first_entry + entries;
    let mut body = Vec::new();
    leb(&mut body, n + entries + 1);
    body_types.iter().for_each(|&t| leb(&mut body, t));
    for _ in 0..groups {
        own_types.iter().for_each(|&t| leb(&mut body, t));
    }
    leb(&mut body, set_type);
    section(&mut out, 3, body);

    let mut body = vec![1, 0x70, 0x01]; // one funcref table, min = max = entries
    leb(&mut body, entries);
    leb(&mut body, entries);
    section(&mut out, 4, body);

    let mut body = Vec::new();
    leb(&mut body, groups);
    for _ in 0..groups {
        body.extend([I32, 0x01, 0x41, 0x00, 0x0b]); // mutable i32 = 0
    }
    section(&mut out, 6, body);

    let mut body = vec![2];
    name(&mut body, "t");
    body.extend([0x01, 0x00]); // table 0
    name(&mut body, "s");
    body.push(0x00);
    leb(&mut body, setter);
    section(&mut out, 7, body);

    let mut body = vec![1, 0x00, 0x41, 0x00, 0x0b]; // one active segment at offset 0
    leb(&mut body, entries);
    (0..entries).for_each(|e| leb(&mut body, first_entry + e));
    section(&mut out, 9, body);

    let raise = n;
    let mut body = Vec::new();
    leb(&mut body, n + entries + 1);
    for (i, s) in sigs.iter().enumerate() {
        let r = s.arity() + 1; // the local after the slot and the parameters holds the raw result
        let mut f = vec![1, 1, I32]; // one local of type i32
        f.extend([0x03, 0x40]); // loop $again
        for p in 0..=s.arity() {
            f.push(0x20); // local.get p (the slot, then the parameters)
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
        f.extend([0x20, 0x00]); // local.get $slot
        f.push(0x10); // call raise: it throws, or (under startAsync) waits and returns 0
        leb(&mut f, raise);
        f.extend([0x45, 0x0d, 0x01]); // i32.eqz; br_if $again: make the call again
        f.extend([0x0b, 0x0b]); // end if; end loop
        if s.returns {
            f.push(0x20);
            leb(&mut f, r);
        }
        f.push(0x0b); // end
        sized(&mut body, &f);
    }
    for g in 0..groups {
        for (i, s) in sigs.iter().enumerate() {
            let mut f = vec![0, 0x23]; // no locals; global.get $s<g>
            leb(&mut f, g);
            for p in 0..s.arity() {
                f.push(0x20); // local.get p
                leb(&mut f, p);
            }
            f.push(0x10); // call the body
            leb(&mut f, first_body + i as u32);
            f.push(0x0b);
            sized(&mut body, &f);
        }
    }
    // The setter: `br_table` on the group out of nested blocks, each block's end followed by
    // the `global.set` of its group.
    let mut f = vec![0];
    (0..groups).for_each(|_| f.extend([0x02, 0x40])); // block (one per group)
    f.extend([0x20, 0x00, 0x0e]); // local.get $group; br_table
    leb(&mut f, groups);
    (0..groups).for_each(|g| leb(&mut f, g));
    leb(&mut f, groups - 1); // default: the last group
    for g in 0..groups {
        f.extend([0x0b, 0x20, 0x01, 0x24]); // end block; local.get $slot; global.set $g
        leb(&mut f, g);
        f.push(0x0f); // return
    }
    f.push(0x0b);
    sized(&mut body, &f);
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
    encode(&HOT.map(|name| *ALL.iter().find(|s| s.name == name).expect("a hot call is a syscall")), GROUPS)
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
        // Compiled synchronously at the first `new Wasi` and shipped inside the polyfill: kept
        // small. (The main thread's old 4 KiB limit on synchronous compilation is gone in
        // Chromium 156, which compiled 100 KB so when measured.)
        let m = encode(&ALL, 1);
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
