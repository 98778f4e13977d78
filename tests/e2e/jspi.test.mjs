// Waiting without spinning on a page that is NOT cross-origin isolated, with JSPI:
// `wasi.startAsync` suspends the guest on a timer for every sleep and on the promise of an
// async stdin, while the page's event loop runs (a 20 ms interval keeps firing). Output is
// wasmtime's. Without JSPI (WebAssembly.Suspending deleted) startAsync runs as start does and
// an async stdin is refused before any guest code runs. (jspi-page.js is the page side.)

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { guestPath, requirePackage, text, wasmtimeRef, openHarness, PLAIN_PAGE, plainHarnessRoute } from "./common.mjs";
import { CPU_MARKER, idleWait } from "./cpu.mjs";

describe("startAsync (JSPI) on a page without cross-origin isolation", () => {
  let server;
  let browser;
  let newPage;
  let page;

  before(async () => {
    requirePackage();
    for (const g of ["rust-sleep", "c-sleep", "go-sleep", "rust-repl", "rust-poll", "cpython"]) guestPath(g);
    ({ server, browser, newPage } = await openHarness({ routes: plainHarnessRoute() }, { extraArgs: [CPU_MARKER] }));
    page = await newPage(`${server.url}${PLAIN_PAGE}`);
    await page.evaluate(() => window.ready);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const call = (fn, ...args) => page.evaluate(([fn, args]) => import("/tests/e2e/jspi-page.js").then((m) => m[fn](...args)), [fn, args]);

  it("Rust: ten 100 ms sleeps give wasmtime's output; the page's 20 ms timer keeps firing and the CPU stays idle", { timeout: 60_000 }, async () => {
    const spec = { args: ["sleep", "100", "10"] };
    // Warm up the same run, then let the engine's background compilers finish (their CPU is
    // not the sleep's) while measuring what the idle browser uses in a second.
    await call("runAsync", "/tests/out/rust-sleep.wasm", spec);
    const { result: got, cpu, idle, quiet, attempts } = await idleWait(() => call("runAsync", "/tests/out/rust-sleep.wasm", spec));
    const want = await wasmtimeRef(guestPath("rust-sleep"), spec);
    assert.equal(got.error, null, got.error);
    assert.equal(got.exitCode, 0);
    assert.equal(got.out, text(want.stdout));
    assert.ok(got.ms >= 1000, `${got.ms} ms`);
    assert.ok(got.worstGapMs < 100, `the page's 20 ms interval was late by up to ${got.worstGapMs} ms`);
    assert.ok(quiet, `the browser used ${cpu} ms of CPU over a 1 s sleep (${idle} ms over an idle second; every attempt, CPU and idle ms: ${attempts})`);
    console.log(`# startAsync, 10 x 100 ms: worst interval gap ${got.worstGapMs.toFixed(1)} ms, browser CPU ${cpu} ms over ${got.ms.toFixed(0)} ms (idle: ${idle}; attempts ${attempts})`);
  });

  for (const guest of ["rust-sleep", "c-sleep", "go-sleep"]) {
    it(`${guest}: a 1 s sleep gives wasmtime's output, the page's timer on time, the CPU idle`, { timeout: 60_000 }, async () => {
      await call("runAsync", `/tests/out/${guest}.wasm`, { args: ["sleep"] }); // warm up
      const spec = { args: ["sleep", "1000", "1"] };
      const { result: got, cpu, idle, quiet, attempts } = await idleWait(() => call("runAsync", `/tests/out/${guest}.wasm`, spec));
      const want = await wasmtimeRef(guestPath(guest), spec);
      assert.equal(got.error, null, got.error);
      assert.equal(got.exitCode, want.exitCode);
      assert.equal(got.out, text(want.stdout));
      assert.ok(got.worstGapMs < 100, `the page's 20 ms interval was late by up to ${got.worstGapMs} ms`);
      assert.ok(quiet, `the browser used ${cpu} ms of CPU over a 1 s sleep (${idle} ms over an idle second; every attempt, CPU and idle ms: ${attempts})`);
      console.log(`# startAsync, ${guest} 1 s: worst interval gap ${got.worstGapMs.toFixed(1)} ms, browser CPU ${cpu} ms over ${got.ms.toFixed(0)} ms (idle: ${idle}; attempts ${attempts})`);
    });
  }

  it("run() uses startAsync: a guest sleeping 500 ms leaves the page's timer on time", { timeout: 60_000 }, async () => {
    const spec = { args: ["sleep", "100", "5"] };
    const [got, want] = await Promise.all([call("viaRun", "/tests/out/rust-sleep.wasm", spec.args), wasmtimeRef(guestPath("rust-sleep"), spec)]);
    assert.equal(got.error, null, got.error);
    assert.equal(got.exitCode, 0);
    assert.equal(got.out, text(want.stdout));
    assert.ok(got.worstGapMs < 100, `the page's 20 ms interval was late by up to ${got.worstGapMs} ms`);
  });

  it("a REPL reads an async stdin: each answer comes before the next line, end of input exits 0", { timeout: 60_000 }, async () => {
    const lines = ["hello", "two words", "last"];
    const r = await call("replAsync", "/tests/out/rust-repl.wasm", lines, 300);
    assert.equal(r.exitCode, 0);
    const want = await wasmtimeRef(guestPath("rust-repl"), { args: ["repl"], stdin: lines.map((l) => `${l}\n`).join("") });
    assert.equal(r.out, text(want.stdout));
    // When line i+1 was handed over, the answer to line i was already out.
    for (let i = 1; i < r.log.length; i++) {
      assert.ok(r.log[i].outBefore.includes(`> ${lines[i - 1].toUpperCase()}\n`), JSON.stringify(r.log[i]));
    }
  });

  it("CPython reads lines from an async stdin: each answer comes before the next line", { timeout: 180_000 }, async () => {
    const code = 'import sys\nfor line in sys.stdin:\n    print(">", line.strip().upper(), flush=True)\nprint("bye")\n';
    const lines = ["hello", "two words", "last"];
    const args = ["python", "-c", code];
    const r = await call("replAsync", "/tests/out/cpython.wasm", lines, 300, args);
    const want = await wasmtimeRef(guestPath("cpython"), { args, stdin: lines.map((l) => `${l}\n`).join("") });
    assert.equal(r.exitCode, 0);
    assert.equal(r.out, text(want.stdout));
    for (let i = 1; i < r.log.length; i++) {
      assert.ok(r.log[i].outBefore.includes(`> ${lines[i - 1].toUpperCase()}\n`), JSON.stringify(r.log[i]));
    }
  });

  it("poll_oneoff on an async stdin waits for its answer: a short timeout expires first, a long one ends when the line comes", { timeout: 60_000 }, async () => {
    const r = await call("pollLater", "/tests/out/rust-poll.wasm", 300);
    assert.equal(r.exitCode, 0, r.out);
    const lines = r.out.split("\n");
    const pick = (p) => lines.filter((l) => l.startsWith(p));
    // The short call: only the clock (userdata 2); the long one: only stdin (userdata 1).
    assert.deepEqual(pick("stdin_later/short: errno"), ["stdin_later/short: errno=0 nevents=1"]);
    assert.ok(r.out.includes("stdin_later/short: waited>=50ms: true"), r.out);
    assert.deepEqual(pick("stdin_later/long: errno"), ["stdin_later/long: errno=0 nevents=1"]);
    assert.ok(r.out.includes("stdin_later/long: waited<4000ms: true"), r.out);
    const events = lines.filter((l) => l.startsWith("event "));
    assert.match(events[0], /^event userdata=2 error=0 type=0 /);
    assert.match(events[1], /^event userdata=1 error=0 type=1 /);
    assert.ok(r.out.includes('stdin_later: read "late line\\n"'), r.out);
  });

  for (const c of ["realtime_abs_alone", "realtime_abs_short"]) {
    it(`poll_oneoff ${c} under startAsync as under wasmtime (a resumed call keeps its realtime instant)`, { timeout: 60_000 }, async () => {
      const spec = { args: ["poll", c] };
      const [got, want] = await Promise.all([call("runAsync", "/tests/out/rust-poll.wasm", spec), wasmtimeRef(guestPath("rust-poll"), spec)]);
      assert.equal(got.error, null, got.error);
      assert.equal(got.exitCode, want.exitCode);
      assert.equal(got.out, text(want.stdout));
    });
  }

  it("stdin as a ReadableStream: a REPL answers each line as it streams in", { timeout: 60_000 }, async () => {
    const lines = ["alpha", "beta", "gamma"];
    const r = await call("replStream", "/tests/out/rust-repl.wasm", lines, 200);
    const want = await wasmtimeRef(guestPath("rust-repl"), { args: ["repl"], stdin: lines.map((l) => `${l}\n`).join("") });
    assert.equal(r.exitCode, 0);
    assert.equal(r.out, text(want.stdout));
    for (let i = 1; i < lines.length; i++) assert.ok(r.seen[i].includes(`> ${lines[i - 1].toUpperCase()}\n`), JSON.stringify(r.seen));
  });

  it("without JSPI: sleeps run as under start; an async stdin is refused before the guest runs", { timeout: 60_000 }, async () => {
    const r = await call("withoutJspi", "/tests/out/rust-sleep.wasm", "/tests/out/rust-repl.wasm");
    assert.equal(r.jspi, "function", "restored afterwards");
    assert.equal(r.sleep.error, null, r.sleep.error);
    assert.equal(r.sleep.out, "sleep start\nslept at least 50 ms: true\n");
    assert.equal(r.repl.exitCode, null);
    assert.match(r.repl.error, /stdin is an async function, which needs JSPI/);
    assert.equal(r.repl.out, "", "no guest code ran");
  });
});
