// The shipped size as a user's production build sees it (scripts/size.mjs): the smallest page
// that runs a guest, built with the project's Vite, every .js and .wasm chunk gzipped -9, must
// stay within the budget — and must work: the built page is served and runs rust-hello with
// the output wasmtime gives. A page that never starts a worker emits no worker chunk, and one
// that does not attach manifests ships no section parser.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { launch } from "./browser.mjs";
import { guestPath, requirePackage, text, wasmtimeRef, REPO_ROOT } from "./common.mjs";
import { startServer } from "./server.mjs";
import { buildSmallestPage, BUDGET } from "../../scripts/size.mjs";

describe("shipped size", () => {
  let tmp;
  let browser;
  let newPage;

  before(async () => {
    requirePackage();
    guestPath("rust-hello");
    fs.mkdirSync(path.join(REPO_ROOT, "target"), { recursive: true });
    tmp = fs.mkdtempSync(path.join(REPO_ROOT, "target", "size-test-"));
    ({ browser, newPage } = await launch());
  });

  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`the smallest page, built with Vite, ships at most ${BUDGET} bytes gzipped and runs the guest`, { timeout: 180_000 }, async () => {
    const r = await buildSmallestPage("ours", tmp, guestPath("rust-hello"));
    const listing = r.files.map((f) => `${f.name}: ${f.bytes} B, ${f.gzip} B gzipped`).join("\n  ");
    assert.ok(r.files.some((f) => f.name.endsWith(".wasm")), `no .wasm emitted:\n  ${listing}`);
    assert.ok(!r.files.some((f) => /worker/i.test(f.name)), `a worker chunk was emitted for a page that starts none:\n  ${listing}`);
    assert.ok(r.gzip <= BUDGET, `${r.gzip} B gzipped is over the budget of ${BUDGET} B:\n  ${listing}`);
    const js = fs.readFileSync(path.join(r.dist, r.files.find((f) => f.name.endsWith(".js")).name), "utf8");
    assert.ok(!js.includes("wasip1-perms"), "the page ships the manifest section code it never calls");

    const server = await startServer({ root: r.dist });
    const page = await newPage(`${server.url}/index.html`);
    try {
      const got = await page.evaluate(() => window.result);
      assert.equal(got.error, undefined, got.error);
      const want = await wasmtimeRef(guestPath("rust-hello"), { args: ["hello", "a1", "two words"], env: { B: "2", A: "1" }, stdin: "line1\nline2\n" });
      assert.equal(got.exitCode, want.exitCode);
      assert.equal(got.stdout, text(want.stdout));
    } finally {
      await page.close();
      await server.close();
    }
    console.log(`# size: ${r.gzip} B gzipped (budget ${BUDGET} B): ${listing}`);
  });

  // (The lean .wasm is emitted beside it, since wasm-bindgen's JS names it, but not fetched.)
  it("a page on wasip1-web/full, built with Vite, fetches the full build and can trace", { timeout: 180_000 }, async () => {
    const r = await buildSmallestPage("full", tmp, guestPath("rust-hello"));
    const listing = r.files.map((f) => `${f.name}: ${f.bytes} B`).join("\n  ");
    const full = r.files.find((f) => f.name.endsWith(".wasm") && f.bytes === fs.statSync(path.join(REPO_ROOT, "pkg/full/wasip1_web_bg.wasm")).size);
    assert.ok(full, `the full build was not emitted:\n  ${listing}`);
    const server = await startServer({ root: r.dist });
    const page = await newPage(`${server.url}/index.html`);
    try {
      const got = await page.evaluate(() => window.result);
      assert.equal(got.error, undefined, got.error);
      const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.endsWith(".wasm") && !p.endsWith("/hello.wasm")));
      assert.deepEqual(fetched, [`/${full.name}`], "the page fetched another polyfill than the full build");
      const want = await wasmtimeRef(guestPath("rust-hello"), { args: ["hello", "a1", "two words"], env: { B: "2", A: "1" }, stdin: "line1\nline2\n" });
      assert.equal(got.stdout, text(want.stdout));
      assert.ok(got.fdWrites > 0, "the trace counted no fd_write");
    } finally {
      await page.close();
      await server.close();
    }
  });
});
