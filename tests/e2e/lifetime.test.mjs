// A guest's host state lives as long as the guest holds its imports — not as long as the
// `Wasi` wrapper or the import object. With --expose-gc, the test drops both, collects until
// WeakRefs show they are gone, and calls the reactor: it must still reach its own context. And
// no longer: once nothing holds them, collected Wasi objects give their contexts back.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT, requirePackage, openHarness } from "./common.mjs";
import { BROWSER } from "./browser.mjs";

const reactor = execFileSync("python3", [
  "-c",
  "import sys, wasmtime; sys.stdout.buffer.write(wasmtime.wat2wasm(open(sys.argv[1]).read()))",
  path.join(REPO_ROOT, "tests/wat/reactor.wat"),
]);

describe("lifetime of a guest's host state", () => {
  let server;
  let browser;
  let page;

  before(async () => {
    requirePackage();
    const serveReactor = (req, res) => {
      res.writeHead(200, { "Content-Type": "application/wasm", "Cross-Origin-Resource-Policy": "same-origin" });
      res.end(reactor);
    };
    ({ server, browser, page } = await openHarness({ routes: { "/reactor.wasm": serveReactor } }, { extraArgs: ["--js-flags=--expose-gc"] }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Firefox has no switch like Chromium's --expose-gc to let a page force a collection.
  const skip = BROWSER === "firefox" && "needs gc() (Chromium's --expose-gc), which Firefox cannot expose to a page";
  it("a reactor keeps working after its Wasi and import object are collected", { timeout: 60_000, skip }, async () => {
    const r = await page.evaluate(() =>
      import("/tests/e2e/lifetime-page.js").then((m) => m.reactorAfterCollection("/reactor.wasm")),
    );
    assert.equal(r.collected, true, `the Wasi wrapper and the import object were not collected, the test proves nothing: ${JSON.stringify(r)}`);
    assert.equal(r.error, null, `the reactor's call failed: ${r.error}`);
    assert.equal(r.errno, 0);
    assert.deepEqual(r.out, ["ok"]);
  });

  it("twenty reactors, each with its own Wasi, reach their own contexts in any order; a freed one's calls throw, its neighbours' do not", { timeout: 60_000 }, async () => {
    const n = 20;
    const r = await page.evaluate((n) => import("/tests/e2e/lifetime-page.js").then((m) => m.manyReactors("/reactor.wasm", n)), n);
    for (let i = 0; i < n; i++) {
      if (i === r.freed) {
        assert.match(r.results[i], /freed/, `the freed Wasi's reactor: ${r.results[i]}`);
        assert.equal(r.outs[i], "");
      } else {
        assert.equal(r.results[i], 0, `reactor ${i}: ${r.results[i]}`);
        assert.equal(r.outs[i], "okok", `reactor ${i}'s stdout`);
      }
    }
  });

  it("a Wasi dropped without free() releases its context once collected: 70,000 in a row, past the 65,536 alive at once", { timeout: 120_000, skip }, async () => {
    const r = await page.evaluate(() => import("/tests/e2e/lifetime-page.js").then((m) => m.manyDropped("/reactor.wasm", 70_000)));
    assert.deepEqual(r, { made: 70_000, error: null });
  });
});
