// runInWorker: an interactive REPL fed line by line, kill() of a spinning guest, the error
// without cross-origin isolation, and guests that sleep or read stdin in the worker.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { guestPath, requirePackage, wasmtimeRef, text, openHarness, pageModule, PLAIN_PAGE, plainHarnessRoute } from "./common.mjs";

describe("runInWorker", () => {
  let server;
  let browser;
  let page;
  let newPage;

  before(async () => {
    requirePackage();
    for (const g of ["rust-repl", "c-repl", "rust-spin", "rust-hello", "rust-sleep"]) guestPath(g);
    ({ server, browser, newPage, page } = await openHarness({
      routes: {
        ...plainHarnessRoute(),
      },
    }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const call = pageModule("/tests/e2e/worker-page.js");

  for (const guest of ["rust-repl", "c-repl"]) {
    it(`${guest}: answers each line before the next is sent, then EOF ends it with 0`, { timeout: 60_000 }, async () => {
      const lines = ["hello", "two words", "last"];
      const r = await call(page, "repl", `/tests/out/${guest}.wasm`, lines, 300);
      assert.deepEqual(
        r.answers.map((a) => a.answer),
        lines.map((l) => `> ${l.toUpperCase()}\n`),
        JSON.stringify(r),
      );
      for (const a of r.answers) assert.ok(a.ms < 2000, `answer to ${a.line} took ${a.ms} ms`);
      assert.deepEqual(r.exit, { exitCode: 0, denials: [], trace: null });
      assert.ok(r.out.endsWith("bye\n"), r.out);
      // The same transcript as wasmtime gives for the same input at once.
      const want = await wasmtimeRef(guestPath(guest), { args: ["repl"], stdin: lines.map((l) => `${l}\n`).join("") });
      assert.equal(r.out, text(want.stdout));
      assert.deepEqual(page.pageErrors, []);
    });
  }

  it("kill() stops a guest stuck in a loop; the page stays responsive", { timeout: 60_000 }, async () => {
    const r = await call(page, "killSpinner", "/tests/out/rust-spin.wasm");
    assert.equal(r.out, "spinning\n");
    assert.deepEqual(r.exit, { exitCode: null, killed: true });
    assert.ok(r.timerLag < 200, `a 20 ms timer on the page was ${r.timerLag} ms late while the worker spun`);
    assert.equal(await page.evaluate(() => 6 * 7), 42);
  });

  it("without cross-origin isolation and without JSPI it rejects, naming COOP, COEP and JSPI", { timeout: 60_000 }, async () => {
    const plain = await newPage(`${server.url}${PLAIN_PAGE}`);
    try {
      assert.equal(await plain.evaluate(() => crossOriginIsolated), false);
      const e = await plain.evaluate(async () => {
        delete WebAssembly.Suspending;
        return import("/tests/e2e/worker-page.js").then((m) => m.withoutIsolation());
      });
      assert.match(e, /^Error: wasip1-web: .*JSPI.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/);
    } finally {
      await plain.close();
    }
  });

  it("without cross-origin isolation, with JSPI: the REPL answers each line through handle.stdin, sleeps do not spin", { timeout: 60_000 }, async () => {
    const plain = await newPage(`${server.url}${PLAIN_PAGE}`);
    try {
      assert.equal(await plain.evaluate(() => crossOriginIsolated), false);
      const lines = ["hello", "two words", "last"];
      const r = await call(plain, "repl", "/tests/out/rust-repl.wasm", lines, 300);
      assert.deepEqual(r.answers.map((a) => a.answer), lines.map((l) => `> ${l.toUpperCase()}\n`), JSON.stringify(r));
      for (const a of r.answers) assert.ok(a.ms < 2000, `answer to ${a.line} took ${a.ms} ms`);
      assert.deepEqual(r.exit, { exitCode: 0, denials: [], trace: null });
      const want = await wasmtimeRef(guestPath("rust-repl"), { args: ["repl"], stdin: lines.map((l) => `${l}\n`).join("") });
      assert.equal(r.out, text(want.stdout));
      const spec = { args: ["sleep", "100", "5"] };
      const [got, ref] = await Promise.all([call(plain, "runToEnd", "/tests/out/rust-sleep.wasm", spec), wasmtimeRef(guestPath("rust-sleep"), spec)]);
      assert.equal(got.out, text(ref.stdout));
      assert.deepEqual(got.exit, { exitCode: 0, denials: [], trace: null });
      assert.deepEqual(plain.pageErrors, []);
    } finally {
      await plain.close();
    }
  });

  it("on the page, a stdin callback supplies data on demand, then end of file", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async () => {
      const { Wasi } = await import("/pkg/index.js");
      const module = await WebAssembly.compileStreaming(fetch("/tests/out/rust-repl.wasm"));
      const feed = ["one\n", new TextEncoder().encode("two\nthr"), "ee\n"];
      const asked = [];
      let out = "";
      const wasi = new Wasi({
        args: ["repl"],
        stdin: (max) => {
          asked.push(max);
          return feed.shift() ?? null;
        },
        stdout: (c) => (out += new TextDecoder().decode(c)),
      });
      const code = wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
      return { code, out, calls: asked.length, maxes: asked.every((m) => m > 0) };
    });
    assert.equal(r.code, 0);
    assert.equal(r.out, "> ONE\n> TWO\n> THREE\nbye\n");
    assert.equal(r.calls, 4, "called once per chunk, then once more for end of file");
    assert.equal(r.maxes, true);
  });

  it("runs a guest to the end with given stdin and the same output as wasmtime", { timeout: 60_000 }, async () => {
    const spec = { args: ["hello", "a1"], env: { B: "2", EXIT_CODE: "5" }, stdin: "line1\n" };
    const [got, want] = await Promise.all([call(page, "runToEnd", "/tests/out/rust-hello.wasm", spec), wasmtimeRef(guestPath("rust-hello"), spec)]);
    assert.equal(got.out, text(want.stdout));
    assert.equal(got.err, text(want.stderr));
    assert.deepEqual(got.exit, { exitCode: 5, denials: [], trace: null });
  });
});
