// Loading a guest and running it in one call, with the time each phase took. (Source;
// scripts/build.sh puts a minified copy in pkg/.)
//
// compileStreaming keeps the browser's streaming path: the response body flows through a
// pass-through stream that notes when the first and the last chunk arrive, counts the bytes
// and reads the names of the custom sections as they go by, then into
// WebAssembly.compileStreaming, which compiles while the body downloads.

import { isThreaded, memoryImport, runThreaded } from "./threads.js";

const now = () => performance.now();

// Custom section names, read from the module bytes as they stream past (no copy is kept):
// after the 8-byte header, each section is an id byte and a LEB128 size; a custom section
// (id 0) starts with its name, a LEB128 length and UTF-8 bytes.
// The import section (id 2) is kept: threads.js reads the limits of an imported memory from it.
const ID = 0, SIZE = 1, NAME_LEN = 2, NAME = 3, IMPORTS = 4;

class SectionScanner {
  constructor() {
    this.names = [];
    this.imports = null;
    this.skip = 8;
    this.state = ID;
  }

  feed(chunk) {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const k = Math.min(this.skip, chunk.length - i);
        this.skip -= k;
        i += k;
        continue;
      }
      const b = chunk[i++];
      switch (this.state) {
        case ID:
          this.id = b;
          this.state = SIZE;
          this.value = 0;
          this.shift = 0;
          break;
        case SIZE:
        case NAME_LEN:
          if (this.state === NAME_LEN) this.size--;
          this.value += (b & 0x7f) * 2 ** this.shift;
          this.shift += 7;
          if (b & 0x80) break;
          if (this.state === SIZE) {
            this.size = this.value;
            if (this.id === 0) {
              this.state = NAME_LEN;
              this.value = 0;
              this.shift = 0;
            } else if (this.id === 2 && this.size > 0) {
              this.imports = new Uint8Array(this.size);
              this.at = 0;
              this.state = IMPORTS;
            } else {
              this.skip = this.size;
              this.state = ID;
            }
          } else {
            this.name = new Uint8Array(this.value);
            this.at = 0;
            this.state = NAME;
            if (this.value === 0) this.endName();
          }
          break;
        case IMPORTS:
          this.imports[this.at++] = b;
          if (this.at === this.imports.length) this.state = ID;
          break;
        case NAME:
          this.size--;
          this.name[this.at++] = b;
          if (this.at === this.name.length) this.endName();
          break;
      }
    }
  }

  endName() {
    this.names.push(new TextDecoder().decode(this.name));
    this.skip = this.size;
    this.state = ID;
  }
}

function describe(source, response) {
  if (response?.url) return response.url;
  if (source instanceof Request) return source.url;
  return typeof source === "string" || source instanceof URL ? String(source) : "(response)";
}

/** Loads and compiles a guest; `origin` is the performance.now() of the request start. */
export async function load(source) {
  const origin = now();
  const at = () => now() - origin;
  let pending = source;
  if (typeof source === "string" || source instanceof URL || source instanceof Request) pending = fetch(source);
  const response = await pending;
  if (!(response instanceof Response)) {
    throw new TypeError("wasip1-web: compileStreaming takes a URL string, URL, Request, Response or Promise<Response>");
  }
  const timings = { requestStart: 0, responseStart: at(), firstByte: NaN, lastByte: NaN, compiled: NaN };
  const where = describe(source, response);
  if (!response.ok) {
    throw new Error(`wasip1-web: fetching ${where} failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  }
  const scanner = new SectionScanner();
  let bytes = 0;
  const seen = (chunk) => {
    if (bytes === 0) timings.firstByte = at();
    bytes += chunk.byteLength;
    scanner.feed(chunk);
  };
  const type = (response.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  const streamed = type === "application/wasm" && response.body !== null;
  let module;
  if (streamed) {
    const tap = new TransformStream({
      transform(chunk, controller) {
        seen(chunk);
        controller.enqueue(chunk);
      },
      flush() {
        timings.lastByte = at();
      },
    });
    const body = response.body.pipeThrough(tap);
    module = await WebAssembly.compileStreaming(new Response(body, { headers: { "Content-Type": "application/wasm" } }));
  } else {
    if (type !== "application/wasm") console.warn(
      `wasip1-web: ${where} is served with Content-Type "${type}", not application/wasm; ` +
        "set that header so the module compiles while it downloads",
    );
    const chunks = [];
    if (response.body !== null) {
      const reader = response.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        seen(r.value);
        chunks.push(r.value);
      }
    }
    timings.lastByte = at();
    module = await WebAssembly.compile(concat(chunks, bytes));
  }
  timings.compiled = at();
  if (bytes === 0) timings.firstByte = timings.lastByte;
  const memory = scanner.imports ? memoryImport(scanner.imports) : null;
  return { module, timings, bytes, streamed, customSections: scanner.names, memory, origin };
}

function concat(chunks, length = chunks.reduce((n, c) => n + c.byteLength, 0)) {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** `performance.measure` entries for the phases, so they show in the DevTools performance panel. */
function measure(origin, t) {
  const span = (name, start, end) => {
    if (Number.isFinite(start) && Number.isFinite(end)) {
      performance.measure(`wasip1:${name}`, { start: origin + start, end: origin + end });
    }
  };
  span("fetch", t.requestStart, t.responseStart);
  span("download", t.responseStart, t.lastByte);
  span("compile", t.firstByte, t.compiled);
  span("instantiate", t.compiled, t.instantiated);
  span("run", t.started, t.exited);
}

/**
 * Compiles, instantiates and runs a guest (see README: run). Rejects when the guest cannot be
 * loaded (HTTP error, invalid module, failed link); resolves when it ran, trap included.
 */
export async function run(Wasi, source, { maxThreads, ...options } = {}) {
  const loaded = await load(source);
  const { origin, timings } = loaded;
  const at = () => now() - origin;
  const out = [];
  const err = [];
  const tee = (sink, user) => (chunk) => {
    sink.push(chunk);
    if (user) user(chunk);
  };
  // The module goes along so that a wasip1-perms manifest it embeds applies.
  const wasi = new Wasi({ module: loaded.module, ...options, stdout: tee(out, options.stdout), stderr: tee(err, options.stderr) });
  let exitCode = null;
  let error = null;
  let trace = null;
  let denials = [];
  // The guest's filesystem outlives the run: a handle of its own on the same state, readable
  // and writable until the caller frees it (`fs.free()`).
  const fs = wasi.fs;
  try {
    if (isThreaded(loaded.module)) {
      // wasi-threads: the guest's threads in workers, their calls served here (threads.js). Why
      // it cannot run here rejects run(), as a guest that fails to link does.
      const running = runThreaded(wasi, loaded.module, loaded.memory, { maxThreads });
      timings.instantiated = timings.started = at();
      try {
        exitCode = await running;
      } catch (e) {
        error = e;
      }
    } else {
      // Through startAsync: with JSPI the guest's sleeps and async stdin do not block the page
      // (see the README); without it, startAsync runs as start, and the async import object is
      // the plain one.
      const instance = await WebAssembly.instantiate(loaded.module, wasi.getImportObject({ async: true }));
      timings.instantiated = at();
      timings.started = at();
      try {
        exitCode = await wasi.startAsync(instance);
      } catch (e) {
        error = e;
      }
    }
    timings.exited = at();
    if (wasi.trace) trace = { summary: wasi.trace.summary(), log: wasi.trace.log() };
    denials = wasi.denials;
  } finally {
    wasi.free();
  }
  measure(origin, timings);
  return {
    exitCode,
    stdout: concat(out),
    stderr: concat(err),
    error,
    timings,
    trace,
    denials,
    fs,
    bytes: loaded.bytes,
    streamed: loaded.streamed,
    customSections: loaded.customSections,
  };
}
