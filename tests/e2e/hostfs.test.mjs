// wasi.fs: the host seeds files (preopen trees and writeFile), the guest reads and writes
// them, and the host reads the guest's output back; errors name the call, path and errno.

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
});
