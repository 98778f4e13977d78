// wasi.fs: the host seeds files (preopen trees and writeFile), the guest reads and writes
// them, and the host reads the guest's output back; errors name the call, path and errno.
// Files travel: run() resolves with the guest's fs, and runInWorker's handle has one.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { guestPath, requirePackage, openHarness } from "./common.mjs";

describe("wasi.fs from the host", () => {
  let server;
  let browser;
  let page;

  before(async () => {
    requirePackage();
    guestPath("rust-fs_copy");
    ({ server, browser, page } = await openHarness({}));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("round-trips files between host and guest, before and after start", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async () => {
      const { Wasi } = await import("/pkg/index.js");
      const dec = new TextDecoder();
      let out = "";
      const wasi = new Wasi({
        args: ["fs_copy"],
        preopens: { "/data": { "in.txt": "hello from the host", seeded: { "x.bin": new Uint8Array([1, 2, 3]) } } },
        stdout: (c) => (out += dec.decode(c)),
      });
      const fs = wasi.fs;
      const before = { dir: fs.readDir("/data"), seeded: Array.from(fs.readFile("/data/seeded/x.bin")) };
      fs.writeFile("/data/extra.txt", "added before start");
      fs.mkdir("/data/made");
      const module = await WebAssembly.compileStreaming(fetch("/tests/out/rust-fs_copy.wasm"));
      const code = wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
      const upper = dec.decode(fs.readFile("/data/out/upper.txt"));
      const stat = fs.stat("/data/out/upper.txt");
      const dirStat = fs.stat("/data/out");
      fs.remove("/data/out/upper.txt");
      const afterRemove = fs.readDir("/data/out");
      const errors = [];
      for (const f of [() => fs.readFile("/data/nope"), () => fs.remove("/data/seeded"), () => fs.mkdir("/data/made"), () => fs.readFile("relative"), () => fs.readFile("/data"), () => fs.writeFile(`/data/${"n".repeat(256)}`, "x")]) {
        try {
          f();
          errors.push(null);
        } catch (e) {
          errors.push(e instanceof Error ? e.message : `[not an Error] ${e}`);
        }
      }
      return {
        code, out, before, upper, afterRemove, errors,
        stat: { type: stat.type, size: stat.size, nlink: stat.nlink, mtimeIsBigInt: typeof stat.mtime === "bigint", mtimeRecent: Number(stat.mtime / 1000000n) > Date.now() - 60_000 },
        dirType: dirStat.type,
      };
    });
    assert.equal(r.code, 0);
    assert.deepEqual(r.before, { dir: ["in.txt", "seeded"], seeded: [1, 2, 3] });
    assert.equal(r.out, "copied 19 bytes; /data has extra.txt,in.txt,made,out,seeded\n");
    assert.equal(r.upper, "HELLO FROM THE HOST");
    assert.deepEqual(r.stat, { type: "file", size: 19, nlink: 1, mtimeIsBigInt: true, mtimeRecent: true });
    assert.equal(r.dirType, "directory");
    assert.deepEqual(r.afterRemove, []);
    assert.deepEqual(r.errors, [
      'wasip1-web: fs.readFile("/data/nope"): ENOENT',
      'wasip1-web: fs.remove("/data/seeded"): ENOTEMPTY',
      'wasip1-web: fs.mkdir("/data/made"): EEXIST',
      'wasip1-web: fs.readFile("relative"): EINVAL',
      'wasip1-web: fs.readFile("/data"): EISDIR',
      `wasip1-web: fs.writeFile("/data/${"n".repeat(256)}"): ENAMETOOLONG`,
    ]);
  });

  it("refuses malformed preopen trees, naming the entry", { timeout: 60_000 }, async () => {
    const e = await page.evaluate(async () => {
      const { Wasi } = await import("/pkg/index.js");
      const messages = [];
      for (const preopens of [{ "/d": { ok: "x", bad: 42 } }, { "/d": { [`${"n".repeat(256)}`]: "x" } }]) {
        try {
          new Wasi({ preopens });
          messages.push(null);
        } catch (e) {
          messages.push(e.message);
        }
      }
      return messages;
    });
    assert.deepEqual(e, [
      'wasip1-web: preopens: "/d/bad" must be a Uint8Array, a string or a directory tree',
      `wasip1-web: preopens: "/d/${"n".repeat(256)}": a name may have at most 255 bytes`,
    ]);
  });

  // Files travel: run()'s fs and the worker handle's fs.
  const tree = { "in.txt": "hello from the host", seeded: { "x.bin": "abc" } };

  it("run() resolves with the guest's filesystem, readable and writable until fs.free()", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async (tree) => {
      const { run } = await import("/pkg/index.js");
      const dec = new TextDecoder();
      const res = await run("/tests/out/rust-fs_copy.wasm", { args: ["fs_copy"], preopens: { "/data": tree } });
      const upper = dec.decode(res.fs.readFile("/data/out/upper.txt"));
      res.fs.writeFile("/data/later.txt", "written after the run");
      const listing = res.fs.readDir("/data");
      const size = res.fs.stat("/data/later.txt").size;
      res.fs.free();
      let after = null;
      try {
        res.fs.readFile("/data/later.txt");
      } catch (e) {
        after = e instanceof Error ? "Error" : "not an Error";
      }
      return { exitCode: res.exitCode, upper, listing, size, after };
    }, tree);
    assert.equal(r.exitCode, 0);
    assert.equal(r.upper, "HELLO FROM THE HOST");
    assert.deepEqual(r.listing, ["in.txt", "seeded", "out", "later.txt"]);
    assert.equal(r.size, 21);
    assert.equal(r.after, "Error", "a freed fs refuses with an Error");
  });

  it("runInWorker's handle.fs: the tree is copied in, the guest's files read back after exit, until close()", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async (tree) => {
      const { runInWorker } = await import("/pkg/index.js");
      const dec = new TextDecoder();
      const handle = await runInWorker("/tests/out/rust-fs_copy.wasm", { args: ["fs_copy"], preopens: { "/data": tree }, stdin: "" });
      const early = handle.fs.readDir("/data"); // asked before the guest ends: answered in order
      const exit = await handle.exited;
      const upper = dec.decode(await handle.fs.readFile("/data/out/upper.txt"));
      await handle.fs.writeFile("/data/from-page.txt", "hi");
      await handle.fs.mkdir("/data/dir");
      const listing = await handle.fs.readDir("/data");
      const stat = await handle.fs.stat("/data/from-page.txt");
      let missing = null;
      try {
        await handle.fs.readFile("/data/nope");
      } catch (e) {
        missing = e instanceof Error ? e.message : "not an Error";
      }
      handle.close();
      let closed = null;
      try {
        await handle.fs.readDir("/data");
      } catch (e) {
        closed = e.message;
      }
      return { exitCode: exit.exitCode, early: await early, upper, listing, size: stat.size, type: stat.type, missing, closed };
    }, tree);
    assert.equal(r.exitCode, 0);
    assert.ok(Array.isArray(r.early) && r.early.includes("in.txt"), JSON.stringify(r.early));
    assert.equal(r.upper, "HELLO FROM THE HOST");
    assert.deepEqual(r.listing, ["in.txt", "seeded", "out", "from-page.txt", "dir"]);
    assert.deepEqual([r.size, r.type], [2, "file"]);
    assert.match(r.missing, /readFile\("\/data\/nope"\): ENOENT/);
    assert.match(r.closed, /closed/);
  });
});
