// The two builds of the polyfill: `wasip1-web`'s init() loads the lean one (no wasip1-perms,
// tracing or mounts: the smallest download), which refuses those with an Error that says what to
// import; importing `wasip1-web/full`, `/perms` or `/opfs` makes init() load the full one;
// runInWorker's workers always have the full one. (Bundled with Vite: size.test.mjs.)

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { FULL_QUERY, REPO_ROOT, guestPath, openHarness, requirePackage, text, wasmtimeRef } from "./common.mjs";

const call = (page, fn, ...args) => page.evaluate(([fn, args]) => import("/tests/e2e/builds-page.js").then((m) => m[fn](...args)), [fn, args]);
const HELLO = "/tests/out/rust-hello.wasm";
const LEAN = /^wasip1-web: (.+): not in the lean build of wasip1-web, which init\(\) loaded; import init from "wasip1-web\/full" instead/;

describe("builds: lean by default, full on request", () => {
  let server, browser, newPage, page;
  let fullFetches = 0;

  before(async () => {
    requirePackage();
    guestPath("rust-hello");
    // The full build, counted: runInWorker's workers share one compile of it.
    const full = path.join(REPO_ROOT, "pkg/full/wasip1_web_bg.wasm");
    const routes = {
      "/pkg/full/wasip1_web_bg.wasm": (req, res) => {
        fullFetches++;
        res.writeHead(200, { "Content-Type": "application/wasm", "Cross-Origin-Resource-Policy": "same-origin" });
        res.end(fs.readFileSync(full));
      },
    };
    ({ server, browser, newPage, page } = await openHarness({ routes }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("wasip1-web's init() fetches the lean build only; it refuses perms, strict, an embedded manifest, trace and mounts saying what to import", { timeout: 60_000 }, async () => {
    assert.deepEqual(await call(page, "fetchedPolyfills"), ["/pkg/wasip1_web_bg.wasm"]);
    const r = await call(page, "lean", HELLO);
    const what = Object.fromEntries(Object.entries(r.refused).map(([k, m]) => [k, LEAN.exec(m ?? "")?.[1] ?? m]));
    assert.deepEqual(what, {
      trace: "trace",
      perms: "perms",
      strict: "strict",
      embedding: "module (it embeds a wasip1-perms manifest)",
      badStrict: "wasip1-web: strict: expected true or false",
      badModule: "wasip1-web: module: expected a WebAssembly.Module",
    });
    const want = await wasmtimeRef(guestPath("rust-hello"), { args: ["hello", "lean"] });
    assert.equal(r.exitCode, want.exitCode);
    assert.equal(r.stdout, text(want.stdout));
    assert.equal(r.trace, true, "wasi.trace is undefined");
    assert.deepEqual(r.denials, []);
    assert.deepEqual(r.files, ["in.txt", "out.txt"], "wasi.fs works in the lean build");
    assert.equal(r.read, "written");
    assert.equal(LEAN.exec(r.mounts ?? "")?.[1], "mounts", r.mounts);
  });

  it("runInWorker from a lean page traces: its workers have the full build, fetched once for three started together", { timeout: 60_000 }, async () => {
    const before = fullFetches;
    const runs = await call(page, "workerTrace", HELLO, 3);
    for (const r of runs) {
      assert.deepEqual([r.exitCode, r.error], [0, null]);
      assert.ok(r.fdWrites > 0, "the worker's trace counted no fd_write");
    }
    assert.equal(fullFetches - before, 1, "the workers did not share one compile of the full build");
  });

  for (const [how, query] of [
    ["importing wasip1-web/perms", "?impl=/tests/e2e/perms-first.js"],
    ["importing wasip1-web/full", FULL_QUERY],
  ]) {
    it(`${how} makes init() fetch the full build only, which traces and takes a manifest`, { timeout: 60_000 }, async () => {
      const p = await newPage(`${server.url}/tests/e2e/harness.html${query}`);
      try {
        await p.evaluate(() => window.ready);
        assert.deepEqual(await call(p, "fetchedPolyfills"), ["/pkg/full/wasip1_web_bg.wasm"]);
        const r = await call(p, "full", HELLO);
        assert.equal(r.exitCode, 0);
        assert.ok(r.fdWrites > 0, "the trace counted no fd_write");
      } finally {
        await p.close();
      }
    });
  }
});
