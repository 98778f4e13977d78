// Shortens the names between wasm-bindgen's JS and its .wasm. Imports: the module
// "./wasip1_web_bg.js" and its functions (`__wbg_get_2080c49015e35254`, ...) become "a" and
// "a0", "a1", ...; the snippet module (src/js/glue.js, whose function names are its export
// names and stay) becomes "g". Exports: see below. The names are in both files, so both are
// rewritten; nothing else changes. Saves ~1.5 KB of gzipped .wasm on the imports (the 16-digit
// hashes do not compress).
//
//   node scripts/shorten.mjs pkg/wasip1_web_bg.wasm pkg/wasip1_web.js [--save map.json]
//   node scripts/shorten.mjs lean_bg.wasm --like map.json
//
// `--save` writes the names given; `--like` gives a second build's .wasm (the lean one, whose
// imports and exports are a subset of the full one's) the saved names and leaves its JS alone:
// both .wasm files then work with the first build's JS. A name the map lacks is an error.

import fs from "node:fs";

const [wasmPath, second, third, fourth] = process.argv.slice(2);
const like = second === "--like" ? JSON.parse(fs.readFileSync(third, "utf8")) : null;
const jsPath = like ? null : second;
const savePath = !like && third === "--save" ? fourth : null;
const wasm = fs.readFileSync(wasmPath);
let js = like ? "" : fs.readFileSync(jsPath, "utf8");
// The saved name for `name` (of `kind`, "imports" or "exports"), when renaming like a map.
const saved = (kind, name) => {
  const short = like[kind][name];
  if (short === undefined) throw new Error(`${wasmPath}: ${kind.slice(0, -1)} ${name} is not in ${third} (is this build a subset of the other?)`);
  return short;
};

function uleb(buf, at) {
  let value = 0, shift = 0, b;
  do {
    b = buf[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

function lebBytes(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const nameBytes = (s) => [...lebBytes(enc.encode(s).length), ...enc.encode(s)];

// [start, end) of section `id` (the id byte to the end of its body).
function findSection(buf, id) {
  for (let at = 8; at < buf.length; ) {
    const [size, body] = uleb(buf, at + 1);
    if (buf[at] === id) return [at, body + size];
    at = body + size;
  }
  throw new Error(`${wasmPath}: no section ${id}`);
}

// Imports (section 2).
const [start, end] = findSection(wasm, 2);

const renames = new Map(); // old module or name -> new
const modules = new Map();
let [count, p] = uleb(wasm, uleb(wasm, start + 1)[1]);
const out = [...lebBytes(count)];
let next = 0;
for (let i = 0; i < count; i++) {
  let len;
  [len, p] = uleb(wasm, p);
  const module = dec.decode(wasm.subarray(p, p + len));
  p += len;
  [len, p] = uleb(wasm, p);
  const name = dec.decode(wasm.subarray(p, p + len));
  p += len;
  // The import's kind and type: copied as they are.
  const kindStart = p;
  const kind = wasm[p++];
  if (kind === 0) [, p] = uleb(wasm, p);
  else throw new Error(`${wasmPath}: import ${module}.${name} is not a function`);
  let newModule = module, newName = name;
  if (module === "./wasip1_web_bg.js") {
    newModule = "a";
    if (!renames.has(name)) renames.set(name, like ? saved("imports", name) : `a${(next++).toString(36)}`);
    newName = renames.get(name);
  } else if (module.startsWith("./snippets/")) {
    newModule = "g";
  }
  modules.set(module, newModule);
  out.push(...nameBytes(newModule), ...nameBytes(newName), ...wasm.subarray(kindStart, p));
}
if (p !== end) throw new Error(`${wasmPath}: import section not read to its end`);

const section = [2, ...lebBytes(out.length), ...out];
const renamedImports = Buffer.concat([wasm.subarray(0, start), Buffer.from(section), wasm.subarray(end)]);

// Exports (section 7): wasm-bindgen's own (`wasi_new`, `__wbindgen_malloc`, ...) become "e0",
// "e1", ...; the raw syscalls (`wasip1_*`, which glue.js and the trampolines find by name),
// `wasip1web_*` and `memory` keep theirs.
const exportRenames = new Map();
const [xStart, xEnd] = findSection(renamedImports, 7);
let [xCount, q] = uleb(renamedImports, uleb(renamedImports, xStart + 1)[1]);
const xOut = [...lebBytes(xCount)];
for (let i = 0; i < xCount; i++) {
  let len;
  [len, q] = uleb(renamedImports, q);
  const name = dec.decode(renamedImports.subarray(q, q + len));
  q += len;
  const rest = q;
  q += 1;
  [, q] = uleb(renamedImports, q);
  let newName = name;
  if (!name.startsWith("wasip1") && name !== "memory") {
    newName = like ? saved("exports", name) : `e${exportRenames.size.toString(36)}`;
    exportRenames.set(name, newName);
  }
  xOut.push(...nameBytes(newName), ...renamedImports.subarray(rest, q));
}
if (q !== xEnd) throw new Error(`${wasmPath}: export section not read to its end`);
const xSection = [7, ...lebBytes(xOut.length), ...xOut];
fs.writeFileSync(wasmPath, Buffer.concat([renamedImports.subarray(0, xStart), Buffer.from(xSection), renamedImports.subarray(xEnd)]));

if (like) {
  console.log(`shorten: ${renames.size} import and ${exportRenames.size} export names in ${wasmPath}, as in ${third}`);
  process.exit(0);
}
if (savePath) fs.writeFileSync(savePath, JSON.stringify({ imports: Object.fromEntries(renames), exports: Object.fromEntries(exportRenames) }));

// The JS: the import object's keys (`"./wasip1_web_bg.js": import0,`). wasm-bindgen imports the
// snippet once per use (`import * as import1 ... import12` of the same file, each a key of the
// same name): one namespace import and one key are kept.
for (const [module, short] of modules) {
  const key = new RegExp(`${JSON.stringify(module).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s*:`, "g");
  if (!key.test(js)) throw new Error(`${jsPath}: no key for ${module}`);
  js = js.replace(key, `${JSON.stringify(short)}:`);
}
const spaces = [...js.matchAll(/^import \* as (import\d+) from "(\.\/snippets\/[^"]+)";?\n/gm)];
for (const m of spaces.slice(1)) {
  js = js.replace(m[0], "");
  js = js.replace(new RegExp(`^\\s*"g": ${m[1]},\\n`, "m"), "");
}
for (const [name, short] of renames) {
  const re = new RegExp(`\\b${name}\\b`, "g");
  const before = js;
  js = js.replace(re, short);
  if (js === before) throw new Error(`${jsPath}: import ${name} not found`);
}
// wasm-bindgen's JS reaches the exports as `wasm.<name>`. An export it never names (one only
// the start function or the table uses) is fine; a name left in the JS is not.
for (const [name, short] of exportRenames) js = js.replace(new RegExp(`\\bwasm\\.${name}\\b`, "g"), `wasm.${short}`);
const left = [...js.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]).filter((n) => exportRenames.has(n));
if (left.length) throw new Error(`${jsPath}: exports still named: ${left.join(", ")}`);
fs.writeFileSync(jsPath, js);
console.log(`shorten: ${renames.size} import and ${exportRenames.size} export names in ${wasmPath}`);
