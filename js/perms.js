// wasip1-perms in the page: attach a manifest to a guest's bytes and read it back. (Source;
// scripts/build.sh puts a minified copy in pkg/.) The package entry `wasip1-web/perms`; a page
// that imports it gets the full build of the polyfill from init(), which has the parser.
//
// Only the top-level sections are walked (an id byte, a LEB128 size, the contents); every
// section but ours is copied with its bytes exactly as they were, so `embedManifest` changes
// nothing else in the module — the same bytes as the native `wasip1-perms embed` gives (tested).
// The manifest itself is read by the host's one parser (Rust, `manifestJson`), so the page, the
// CLI and the `perms` option agree on what is valid.

import { manifestJson } from "./wasip1_web.js";
import { needInit } from "./ready.js";
import { useFullBuild } from "./full-build.js";

useFullBuild();

export const SECTION = "wasip1-perms";

const fail = (message) => new Error(`wasip1-web: ${message}`);
const utf8 = new TextEncoder();

function leb(bytes, at) {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at >= bytes.length) throw fail("not a valid wasm module: unexpected end of the module");
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, at];
  }
  throw fail("not a valid wasm module: a LEB128 number is too long");
}

function encodeLeb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** The header and the top-level sections: `{ start, end, perms }` (perms: our payload or null). */
function sections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw fail("not a valid wasm module: no \\0asm header");
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw fail(
      bytes[6] === 1 && bytes[7] === 0
        ? "this is a WebAssembly component, not a core wasm module (wasip1 guests are core modules)"
        : "not a valid wasm module: unknown binary version",
    );
  }
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const start = at;
    const id = bytes[at++];
    if (id > 13) throw fail(`not a valid wasm module: unknown section id ${id} at byte ${start}`);
    let size;
    [size, at] = leb(bytes, at);
    const end = at + size;
    if (end > bytes.length) throw fail(`not a valid wasm module: a section runs past the end of the module (byte ${start})`);
    let perms = null;
    if (id === 0) {
      let len;
      [len, at] = leb(bytes, at);
      if (at + len > end) throw fail(`not a valid wasm module: a custom section's name runs past it (byte ${start})`);
      const name = bytes.subarray(at, at + len);
      if (name.length === SECTION.length && String.fromCharCode(...name) === SECTION) perms = bytes.subarray(at + len, end);
    }
    out.push({ start, end, perms });
    at = end;
  }
  return out;
}

function guestBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw fail("expected the guest's bytes (a Uint8Array or an ArrayBuffer)");
}

function manifestText(value, field) {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) {
    throw fail(`${field}: expected a manifest object or its JSON text`);
  }
  return JSON.stringify(value);
}

/** A section payload's manifest, as a plain object. */
function payloadManifest(payload) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(payload);
  } catch {
    throw fail(`embedded ${SECTION} section: not UTF-8 text`);
  }
  return JSON.parse(manifestJson(text, `embedded ${SECTION} section: `));
}

/**
 * A copy of a guest's bytes carrying `manifest` (object or JSON text) in its `wasip1-perms`
 * custom section, replacing any it had; nothing else in the module changes. Throws for a
 * malformed manifest (naming the field) or bytes that are not a core wasm module.
 */
export function embedManifest(bytes, manifest) {
  needInit("embedManifest");
  const json = utf8.encode(manifestJson(manifestText(manifest, "manifest"), "manifest: "));
  const wasm = guestBytes(bytes);
  const kept = sections(wasm).filter((s) => s.perms === null);
  const name = utf8.encode(SECTION);
  const body = [...encodeLeb(name.length), ...name];
  const head = [0, ...encodeLeb(body.length + json.length), ...body];
  const size = 8 + kept.reduce((n, s) => n + s.end - s.start, 0) + head.length + json.length;
  const out = new Uint8Array(size);
  out.set(wasm.subarray(0, 8));
  let at = 8;
  for (const s of kept) {
    out.set(wasm.subarray(s.start, s.end), at);
    at += s.end - s.start;
  }
  out.set(head, at);
  out.set(json, at + head.length);
  return out;
}

/** The manifest a guest embeds (bytes or compiled module), or null. Throws for a malformed one or two. */
export function readManifest(source) {
  needInit("readManifest");
  let payloads;
  if (source instanceof WebAssembly.Module) {
    payloads = WebAssembly.Module.customSections(source, SECTION).map((b) => new Uint8Array(b));
  } else {
    payloads = sections(guestBytes(source)).filter((s) => s.perms !== null).map((s) => s.perms);
  }
  if (payloads.length > 1) throw fail(`the module has ${payloads.length} ${SECTION} sections; a module may carry one`);
  return payloads.length === 0 ? null : payloadManifest(payloads[0]);
}
