// Writes www/guests/doc.json, the document every gallery `json` guest parses (about 300 KB): an
// array of records with strings (escapes, \u escapes incl. surrogate pairs, raw UTF-8), numbers
// (integers, negatives, floats with and without exponents), booleans, nulls and nested
// arrays/objects. Deterministic: a fixed-seed PRNG and a hand-written serializer (so that escapes
// JSON.stringify never writes, such as \/ and \u00e9, appear), so every run writes the same bytes.
//
//   node www/guests/gen-doc.mjs [out.json]

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TARGET_BYTES = 300_000;

// mulberry32: small, fast, and the same in every Node version.
let seed = 0x15_2026;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];

const WORDS = ["alpha", "beta", "gamma", "delta", "wasm", "wasi", "preview1", "browser", "host", "guest", "fd", "clock"];
const UNICODE = ["é", "ß", "Ω", "中文", "日本語", "😀", "🦀", "naïve", "Ünïcödé", "→", "€"];

/** A string value: words, sometimes unicode, quotes, backslashes, control characters. */
function str() {
  const parts = [];
  for (let i = 0, n = 1 + int(5); i < n; i++) {
    const r = int(10);
    if (r < 6) parts.push(pick(WORDS));
    else if (r < 8) parts.push(pick(UNICODE));
    else parts.push(pick(['say "hi"', "back\\slash", "tab\there", "line\nbreak", "a/b", "nul\u0001x"]));
  }
  return parts.join(" ");
}

/** JSON text of a string, escaping some characters in ways JSON.stringify would not. */
function quote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "/") out += int(2) ? "\\/" : "/";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
    else if (c > 0x7f && int(3) === 0) {
      // \u escape; above the BMP as a surrogate pair (upper or lower case hex).
      const units = c > 0xffff ? [0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)] : [c];
      for (const u of units) {
        const hex = u.toString(16).padStart(4, "0");
        out += "\\u" + (int(2) ? hex : hex.toUpperCase());
      }
    } else out += ch;
  }
  return out + '"';
}

/** JSON text of a number: integers (some negative, some large), decimals, exponents. */
function number() {
  switch (int(6)) {
    case 0: return String(int(1000));
    case 1: return String(-int(100000));
    case 2: return String(int(2 ** 31) * 1000 + int(1000)); // beyond 32 bits, within 2^53
    case 3: return (rand() * 2000 - 1000).toFixed(1 + int(6));
    case 4: return `${int(10)}.${int(1000)}e${pick(["", "+", "-"])}${int(20)}`;
    default: return `-${int(100)}.${int(100)}E${int(5)}`;
  }
}

/** A value of the given nesting depth budget. */
function value(depth) {
  const r = int(depth > 0 ? 10 : 6);
  if (r < 2) return quote(str());
  if (r < 4) return number();
  if (r === 4) return pick(["true", "false"]);
  if (r === 5) return "null";
  if (r < 8) return array(depth - 1);
  return object(depth - 1);
}

function array(depth) {
  const items = [];
  for (let i = 0, n = int(5); i < n; i++) items.push(value(depth));
  return `[${items.join(int(2) ? "," : ", ")}]`;
}

function object(depth) {
  const members = [];
  // Keys are distinct within an object: a parser keeping the last of a duplicated key would
  // count fewer keys than one counting every member.
  for (let i = 0, n = int(5); i < n; i++) members.push(`${quote(`${pick(WORDS)}_${i}`)}:${value(depth)}`);
  return `{${members.join(",")}}`;
}

function record(i) {
  return [
    "{",
    `"id":${i},`,
    `"name":${quote(str())},`,
    `"score":${number()},`,
    `"active":${int(2) ? "true" : "false"},`,
    `"parent":${i % 7 === 0 ? "null" : i - 1},`,
    `"tags":${array(1)},`,
    `"meta":${object(3)}`,
    "}",
  ].join(int(4) === 0 ? "\n  " : "");
}

const records = [];
let size = 2;
for (let i = 0; size < TARGET_BYTES; i++) {
  const r = record(i);
  records.push(r);
  size += r.length + 2;
}
const doc = `[\n${records.join(",\n")}\n]\n`;
JSON.parse(doc); // fail here rather than in five guests

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? path.join(here, "doc.json");
fs.writeFileSync(out, doc);
