// json: parses /data/doc.json (argv[1] times, default 1) with the small recursive-descent parser
// below (RFC 8259: strings with every escape and surrogate pairs, numbers by the grammar and
// converted with F64.parseFloat), then prints
// "json objects <n> arrays <n> strings <n> numbers <n> keys <n>" for the document (keys are not
// counted as strings). A malformed document: a message on stderr, exit 1.
import { fail, preopen, readFile } from "./wasi";

class Parser {
  at: i32 = 0;
  objects: i32 = 0;
  arrays: i32 = 0;
  strings: i32 = 0;
  numbers: i32 = 0;
  keys: i32 = 0;

  constructor(private doc: Uint8Array) {}

  error(what: string): void {
    fail(`json: ${what} at byte ${this.at}`);
  }

  peek(): i32 {
    return this.at < this.doc.length ? <i32>this.doc[this.at] : -1;
  }

  next(): i32 {
    const c = this.peek();
    if (c < 0) this.error("unexpected end");
    this.at++;
    return c;
  }

  skipWhitespace(): void {
    for (let c = this.peek(); c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d; c = this.peek()) this.at++;
  }

  hex4(): i32 {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.next();
      v <<= 4;
      if (c >= 0x30 && c <= 0x39) v |= c - 0x30;
      else if (c >= 0x61 && c <= 0x66) v |= c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) v |= c - 0x41 + 10;
      else this.error("bad hex digit");
    }
    return v;
  }

  /** A string after its opening quote; the decoded text is not kept (only counts are printed). */
  string(): void {
    for (;;) {
      const c = this.next();
      if (c == 0x22) return;
      if (c < 0x20) this.error("control character in string");
      if (c != 0x5c) continue;
      const e = this.next();
      if (e == 0x75) {
        const u = this.hex4();
        if (u >= 0xdc00 && u <= 0xdfff) this.error("lone low surrogate");
        if (u >= 0xd800 && u <= 0xdbff) {
          if (this.next() != 0x5c || this.next() != 0x75) this.error("lone high surrogate");
          const lo = this.hex4();
          if (lo < 0xdc00 || lo > 0xdfff) this.error("bad low surrogate");
        }
      } else if (!(e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74)) {
        this.error("bad escape");
      }
    }
  }

  digits(): bool {
    const start = this.at;
    while (this.peek() >= 0x30 && this.peek() <= 0x39) this.at++;
    return this.at > start;
  }

  /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  number(): f64 {
    const start = this.at;
    if (this.peek() == 0x2d) this.at++;
    if (this.peek() == 0x30) this.at++;
    else if (!this.digits()) this.error("bad number");
    if (this.peek() == 0x2e) {
      this.at++;
      if (!this.digits()) this.error("bad fraction");
    }
    if (this.peek() == 0x65 || this.peek() == 0x45) {
      this.at++;
      if (this.peek() == 0x2b || this.peek() == 0x2d) this.at++;
      if (!this.digits()) this.error("bad exponent");
    }
    return F64.parseFloat(String.UTF8.decodeUnsafe(this.doc.dataStart + start, this.at - start));
  }

  literal(word: string): void {
    for (let i = 0; i < word.length; i++) if (this.next() != word.charCodeAt(i)) this.error("bad literal");
  }

  value(depth: i32): void {
    if (depth > 512) this.error("nested too deeply");
    this.skipWhitespace();
    const c = this.peek();
    if (c == 0x7b) {
      this.at++;
      this.objects++;
      this.skipWhitespace();
      if (this.peek() == 0x7d) {
        this.at++;
        return;
      }
      for (;;) {
        this.skipWhitespace();
        if (this.next() != 0x22) this.error("expected a key");
        this.string();
        this.keys++;
        this.skipWhitespace();
        if (this.next() != 0x3a) this.error("expected ':'");
        this.value(depth + 1);
        this.skipWhitespace();
        const d = this.next();
        if (d == 0x7d) return;
        if (d != 0x2c) this.error("expected ',' or '}'");
      }
    } else if (c == 0x5b) {
      this.at++;
      this.arrays++;
      this.skipWhitespace();
      if (this.peek() == 0x5d) {
        this.at++;
        return;
      }
      for (;;) {
        this.value(depth + 1);
        this.skipWhitespace();
        const d = this.next();
        if (d == 0x5d) return;
        if (d != 0x2c) this.error("expected ',' or ']'");
      }
    } else if (c == 0x22) {
      this.at++;
      this.string();
      this.strings++;
    } else if (c == 0x74) this.literal("true");
    else if (c == 0x66) this.literal("false");
    else if (c == 0x6e) this.literal("null");
    else {
      this.number();
      this.numbers++;
    }
  }
}

const rounds = process.argv.length > 1 ? I32.parseInt(process.argv[1]) : 1;
const doc = readFile(preopen("/data"), "doc.json");
let p = new Parser(doc);
for (let i = 0; i < rounds; i++) {
  p = new Parser(doc);
  p.value(0);
  p.skipWhitespace();
  if (p.at != doc.length) p.error("trailing data");
}
process.stdout.write(`json objects ${p.objects} arrays ${p.arrays} strings ${p.strings} numbers ${p.numbers} keys ${p.keys}\n`);
