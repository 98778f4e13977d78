// compileStreaming and run: timings captured while a slow server trickles a large guest,
// the wrong-MIME fallback, the non-OK error, custom section names read while streaming, and
// the syscall profile of a guest whose calls are known exactly.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { FULL_QUERY, REPO_ROOT, guestPath, requirePackage, openHarness } from "./common.mjs";

/** A custom section: id 0, LEB128 size, LEB128 name length, name, payload. */
function customSection(name, payload) {
  const leb = (n) => {
    const out = [];
    do {
      out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      n >>>= 7;
    } while (n > 0);
    return out;
  };
  const body = [...leb(name.length), ...Buffer.from(name), ...payload];
  return Buffer.from([0, ...leb(body.length), ...body]);
}

/** Custom section names of a whole module, read in one pass (the reference for the streamer). */
function customSectionNames(bytes) {
  const names = [];
  let at = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    let b;
    do {
      b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const n = leb();
      names.push(bytes.subarray(at, at + n).toString("utf8"));
    }
    at = end;
  }
  return names;
}

const known = Buffer.concat([
  execFileSync("python3", [
    "-c",
    "import sys, wasmtime; sys.stdout.buffer.write(wasmtime.wat2wasm(open(sys.argv[1]).read()))",
    path.join(REPO_ROOT, "tests/wat/known_calls.wat"),
  ]),
  customSection("first", [1, 2, 3]),
  customSection("wasip1-perms", Buffer.from('{"version":1}')),
]);

const KNOWN_SECTIONS = customSectionNames(known); // "name" (from wat2wasm), "first", "wasip1-perms"

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const HEADERS = { "Cross-Origin-Resource-Policy": "same-origin", "Cache-Control": "no-store" };

/** Serves `bytes` in chunks of `chunk` bytes with `pause` ms between them. */
function trickle(bytes, type = "application/wasm") {
  return async (req, res) => {
    const q = new URL(req.url, "http://x").searchParams;
    const chunk = Number(q.get("chunk") ?? 65536);
    const pause = Number(q.get("pause") ?? 0);
    res.writeHead(200, { ...HEADERS, "Content-Type": type, "Content-Length": bytes.length });
    for (let at = 0; at < bytes.length; at += chunk) {
      if (at > 0 && pause > 0) await sleep(pause);
      res.write(bytes.subarray(at, at + chunk));
    }
    res.end();
  };
}

describe("compileStreaming and run", () => {
  let server;
  let browser;
  let page;
  const big = fs.readFileSync(guestPath("go-hello"));

  before(async () => {
    requirePackage();
    ({ server, browser, page } = await openHarness({
      routes: {
        "/g/known.wasm": trickle(known),
        "/g/plain.wasm": trickle(known, "text/plain"),
        "/g/big.wasm": trickle(big),
        "/g/missing.wasm": (req, res) => {
          res.writeHead(404, { ...HEADERS, "Content-Type": "text/plain" });
          res.end("no such guest\n");
        },
      },
    }, { query: FULL_QUERY }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const call = (fn, ...args) =>
    page.evaluate(([fn, args]) => import("/tests/e2e/load-page.js").then((m) => m[fn](...args)), [fn, args]);

  it("times a large guest trickled by a slow server, compiling while it downloads", { timeout: 120_000 }, async () => {
    const chunk = 128 * 1024;
    const pause = 40;
    const r = await call("compile", `/g/big.wasm?chunk=${chunk}&pause=${pause}`);
    assert.equal(r.error, null);
    assert.equal(r.isModule, true);
    assert.equal(r.streamed, true);
    assert.equal(r.bytes, big.length);
    const t = r.timings;
    const order = ["requestStart", "responseStart", "firstByte", "lastByte", "compiled"];
    for (let i = 1; i < order.length; i++) {
      assert.ok(t[order[i - 1]] <= t[order[i]], `${order[i - 1]} ${t[order[i - 1]]} > ${order[i]} ${t[order[i]]}`);
    }
    assert.equal(t.requestStart, 0);
    const download = t.lastByte - t.firstByte;
    const pauses = (Math.ceil(big.length / chunk) - 1) * pause;
    assert.ok(download >= 0.8 * pauses, `download took ${download} ms, the server paused ${pauses} ms`);
    // Compiled while downloading: after the last byte only the tail remains to compile.
    assert.ok(t.compiled - t.lastByte < download / 2, `compile ended ${t.compiled - t.lastByte} ms after a ${download} ms download`);
    assert.deepEqual(r.customSections, customSectionNames(big));
  });

  it("reads custom section names across any chunking", { timeout: 60_000 }, async () => {
    assert.deepEqual(KNOWN_SECTIONS.slice(-2), ["first", "wasip1-perms"]);
    for (const chunk of [1, 7, 64, 100000]) {
      const r = await call("compile", `/g/known.wasm?chunk=${chunk}`);
      assert.equal(r.error, null);
      assert.deepEqual(r.customSections, KNOWN_SECTIONS, `chunks of ${chunk} bytes`);
      assert.equal(r.bytes, known.length);
    }
  });

  it("accepts a URL string, URL, Request, Response and Promise<Response>", { timeout: 60_000 }, async () => {
    for (const how of ["url", "URL", "Request", "Response", "Promise"]) {
      const r = await call("compile", "/g/known.wasm", how);
      assert.equal(r.error, null, how);
      assert.equal(r.streamed, true, how);
      assert.deepEqual(r.customSections, KNOWN_SECTIONS, how);
    }
  });

  it("falls back to arrayBuffer + compile for a wrong MIME type, and says which header", { timeout: 60_000 }, async () => {
    page.consoleMessages.length = 0;
    const r = await call("compile", "/g/plain.wasm");
    assert.equal(r.error, null);
    assert.equal(r.isModule, true);
    assert.equal(r.streamed, false);
    assert.equal(r.bytes, known.length);
    assert.deepEqual(r.customSections, KNOWN_SECTIONS);
    const warnings = page.consoleMessages.filter((m) => m.type === "warning").map((m) => m.text);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0], /plain\.wasm.*Content-Type "text\/plain".*application\/wasm/);
    const run = await call("runGuest", "/g/plain.wasm");
    assert.equal(run.exitCode, 3);
    assert.equal(run.streamed, false);
  });

  it("rejects a non-OK response with the status and the URL", { timeout: 60_000 }, async () => {
    const r = await call("compile", "/g/missing.wasm");
    assert.match(r.error, /^Error: wasip1-web: fetching .*\/g\/missing\.wasm failed: HTTP 404/);
    const run = await call("runGuest", "/g/missing.wasm");
    assert.match(run.rejected, /HTTP 404/);
  });

  it("profiles exactly the calls a guest makes", { timeout: 60_000 }, async () => {
    const r = await call("runGuest", "/g/known.wasm", { trace: { log: 4 } });
    assert.equal(r.rejected, null);
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout, "x\n".repeat(5));
    const summary = r.trace.summary;
    assert.deepEqual(Object.keys(summary).sort(), ["fd_close", "fd_write", "path_open", "proc_exit"]);
    assert.equal(summary.fd_write.calls, 5);
    assert.deepEqual(summary.fd_write.errors, {});
    assert.equal(summary.fd_close.calls, 3);
    assert.deepEqual(summary.fd_close.errors, { EBADF: 3 });
    assert.equal(summary.path_open.calls, 2);
    assert.deepEqual(summary.path_open.errors, { EBADF: 2 });
    assert.equal(summary.proc_exit.calls, 1);
    for (const s of Object.values(summary)) assert.ok(s.timeUs >= 0);
    assert.deepEqual(r.trace.log.map((e) => [e.name, e.errno]), [
      ["fd_close", 8],
      ["path_open", 8],
      ["path_open", 8],
      ["proc_exit", null],
    ]);
    assert.deepEqual(r.trace.log[3].args, [3]);
    assert.deepEqual(r.trace.log[1].args.slice(0, 5), [3, 0, 16, 1, 0]);
    assert.equal(typeof r.trace.log[1].args[5], "bigint");
  });

  it("gives complete timings and the profile so far when the guest traps", { timeout: 60_000 }, async () => {
    const r = await call("runGuest", "/tests/out/rust-trap.wasm", { args: ["trap"], trace: true });
    assert.equal(r.rejected, null);
    assert.equal(r.exitCode, null);
    assert.match(r.error, /^Error: .*unreachable/);
    assert.equal(r.stdout, "before trap\n");
    const order = ["requestStart", "responseStart", "firstByte", "lastByte", "compiled", "instantiated", "started", "exited"];
    for (let i = 1; i < order.length; i++) {
      assert.ok(r.timings[order[i - 1]] <= r.timings[order[i]], `${order[i - 1]} > ${order[i]}: ${JSON.stringify(r.timings)}`);
    }
    assert.ok(r.trace.summary.fd_write.calls >= 1);
    assert.deepEqual(r.trace.log, []);
    assert.deepEqual(r.measures.map((m) => m.name).sort(), ["wasip1:compile", "wasip1:download", "wasip1:fetch", "wasip1:instantiate", "wasip1:run"]);
  });

  it("collects stdout and stderr and still calls the given callbacks; exit codes come through", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async () => {
      const { run } = await import("/pkg/index.js");
      const seen = [];
      const res = await run("/tests/out/rust-hello.wasm", {
        args: ["hello"],
        env: { EXIT_CODE: "7" },
        stdout: (c) => seen.push(c.length),
      });
      return { exitCode: res.exitCode, out: new TextDecoder().decode(res.stdout), err: new TextDecoder().decode(res.stderr), seen: seen.reduce((a, b) => a + b, 0), trace: res.trace };
    });
    assert.equal(r.exitCode, 7);
    assert.match(r.out, /^argv\[0\]=hello\nEXIT_CODE=7\n/);
    assert.equal(r.err, "to stderr\n");
    assert.equal(r.seen, new TextEncoder().encode(r.out).length);
    assert.equal(r.trace, null);
  });
});
