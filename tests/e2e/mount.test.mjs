// Mounts (issue 11): opfs() and directory() preopens in a worker. A guest's files outlive the
// page (reload, then read back byte for byte with links, symlinks and set times, as wasmtime
// lists the same program's files on a real folder); a worker killed after fd_sync keeps the
// synced file whole; a 100 MiB file is read 4 KiB at a time, not whole; mounts that cannot work
// say why before any guest code runs.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { guestPath, openHarness, requirePackage, text, wasmtimeRef } from "./common.mjs";

describe("mounts", () => {
  let server;
  let browser;
  let page;
  const guest = "/tests/out/rust-persist.wasm";

  before(async () => {
    requirePackage();
    guestPath("rust-persist");
    ({ server, browser, page } = await openHarness());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const call = (fn, ...args) => page.evaluate(([fn, args]) => import("/tests/e2e/mount-page.js").then((m) => m[fn](...args)), [fn, args]);

  /** wasmtime's output for `persist <modes...>` run one after another over one real folder. */
  async function reference(...modes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "persist-"));
    try {
      const outs = [];
      for (const mode of modes) {
        const r = await wasmtimeRef(guestPath("rust-persist"), { args: ["persist", mode, "/data"], preopens: { "/data": dir }, nocache: dir });
        outs.push(text(r.stdout));
      }
      return outs;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("opfs(): what a guest wrote is there after a reload, as wasmtime lists it on a real folder", { timeout: 60_000 }, async () => {
    const [wantWrite, wantList] = await reference("write", "list");
    await call("clear", "persist-a");
    const w = await call("runMounted", guest, "persist-a", ["write", "/data"], { stats: ["/data/b.link", "/data/sub/b.bin"] });
    assert.equal(w.exit.exitCode, 0, JSON.stringify(w));
    assert.equal(w.out, wantWrite);
    // A hard link: one file, two names.
    assert.equal(w.stat["/data/b.link"].nlink, 2);
    assert.equal(w.stat["/data/b.link"].ino, w.stat["/data/sub/b.bin"].ino);
    // The folder holds the files under their names (links and symlinks are in the journal).
    const onDisk = await call("listing", "persist-a");
    assert.deepEqual(Object.keys(onDisk).sort(), [".wasip1-web/", "a.txt", "sub/"]);
    assert.deepEqual(onDisk["sub/"], { "b.bin": 300000, "deeper/": { renamed: 7 } });
    assert.equal(await call("readText", "persist-a", "a.txt"), "alpha\n".repeat(1000));

    await page.reload();
    await page.evaluate(() => window.ready);
    const r = await call("runMounted", guest, "persist-a", ["list", "/data"], { stats: ["/data/b.link", "/data/sub/b.bin"] });
    assert.equal(r.exit.exitCode, 0, JSON.stringify(r));
    assert.equal(r.out, wantList);
    assert.equal(r.stat["/data/b.link"].nlink, 2);
    assert.equal(r.stat["/data/b.link"].ino, r.stat["/data/sub/b.bin"].ino);
  });
});
