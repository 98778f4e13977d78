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
import { BROWSER } from "./browser.mjs";

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

  it("C stdio: files written with fopen/fclose in one worker are read back after a reload, as under wasmtime", { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "persist-c-"));
    let want;
    try {
      await wasmtimeRef(guestPath("c-persist"), { args: ["persist", "write", "/data"], preopens: { "/data": dir } });
      want = text((await wasmtimeRef(guestPath("c-persist"), { args: ["persist", "read", "/data"], preopens: { "/data": dir } })).stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await call("clear", "persist-c");
    const w = await call("runMounted", "/tests/out/c-persist.wasm", "persist-c", ["write", "/data"]);
    assert.equal(w.out, "written\n", JSON.stringify(w));
    await page.reload();
    await page.evaluate(() => window.ready);
    const r = await call("runMounted", "/tests/out/c-persist.wasm", "persist-c", ["read", "/data"]);
    assert.equal(r.exit.exitCode, 0, JSON.stringify(r));
    assert.equal(r.out, want);
  });

  it("a worker killed after fd_sync keeps the synced file whole; the unsynced one is whole or absent", { timeout: 60_000 }, async () => {
    await call("clear", "persist-k");
    const k = await call("runMounted", guest, "persist-k", ["sync", "/data"], { killOn: "written" });
    assert.equal(k.exit.killed, true, JSON.stringify(k));
    await page.reload();
    await page.evaluate(() => window.ready);
    const r = await call("runMounted", guest, "persist-k", ["check", "/data"]);
    assert.equal(r.exit.exitCode, 0, JSON.stringify(r));
    assert.match(r.out, /^synced whole\nunsynced (absent|whole)\n$/);
  });

  it("a worker killed while a renamed directory is persisted: after a reload it is under its old name or its new one, whole", { timeout: 180_000 }, async () => {
    // The guest persists the rename of a directory of 400 files, each file a move of its own in
    // OPFS: first every file into .wasip1-web (which then holds the journal's two slots and
    // them), then each to its new name. The page watches the folder and kills the worker half
    // way through the first phase, then (a second folder) half way through the second.
    const seen = [];
    for (const killWhen of [[".wasip1-web", 202], ["e", 200]]) {
      const folder = `persist-m-${killWhen[1]}`;
      await call("clear", folder);
      const m = await call("runMounted", guest, folder, ["many", "/data"]);
      assert.equal(m.exit.exitCode, 0, JSON.stringify(m));
      const k = await call("runMounted", guest, folder, ["move", "/data"], { killOn: "renaming", killWhen });
      assert.equal(k.exit.killed, true, JSON.stringify(k));
      assert.doesNotMatch(k.out, /renamed/, "killed before the persist ended");
      await page.reload();
      await page.evaluate(() => window.ready);
      const r = await call("runMounted", guest, folder, ["moved", "/data"]);
      assert.equal(r.exit.exitCode, 0, JSON.stringify(r));
      assert.match(r.out, /^d: 400 whole of 400\ne: 0 whole of 0\n$|^d: 0 whole of 0\ne: 400 whole of 400\n$/, `killed with ${killWhen}`);
      seen.push(`${killWhen[0]} holding ${killWhen[1]}: ${r.out.startsWith("d: 400") ? "the old name" : "the new name"}`);
    }
    console.log(`# killed while persisting a directory rename, after a reload: ${seen.join("; ")}`);
  });

  it("a wasip1-perms manifest applies to a mount as to a tree: read-only, it lists; writes are refused and never reach the folder", { timeout: 60_000 }, async () => {
    await call("clear", "persist-perm");
    await call("writeText", "persist-perm", "seed.txt", "seed\n");
    const perms = { version: 1, fs: { read: ["/data"] }, env: [], args: true };
    const list = await call("runMounted", guest, "persist-perm", ["list", "/data"], { perms });
    assert.equal(list.exit.exitCode, 0, JSON.stringify(list));
    assert.equal(list.out, "seed.txt 5 bytes sum 1070 mtime now\n");
    const write = await call("runMounted", guest, "persist-perm", ["write", "/data"], { perms });
    assert.match(write.err, /PermissionDenied/, JSON.stringify(write));
    assert.match(write.exit.error ?? "", /unreachable/, "the guest panics on the refusal (unwrap), which traps");
    assert.ok(write.exit.denials.some((d) => d.path?.startsWith("/data") && /write/.test(d.access)), JSON.stringify(write.exit.denials));
    const onDisk = await call("listing", "persist-perm");
    assert.deepEqual(Object.keys(onDisk).filter((n) => n !== ".wasip1-web/"), ["seed.txt"]);
  });

  it("a 100 MiB file in the folder: reading 4 KiB of it reads 4 KiB", { timeout: 120_000 }, async () => {
    await call("clear", "persist-big");
    await call("writeBig", "persist-big", "big.bin", 100);
    const r = await call("runMounted", guest, "persist-big", ["big", "/data"]);
    assert.equal(r.exit.exitCode, 0, JSON.stringify(r));
    let sum = 0;
    for (let i = 0; i < 4096; i++) sum += ((i % 7) + 1) * ((((50 << 20) + i) * 31 + 4) & 0xff);
    assert.equal(r.out, `sum ${sum}\n`);
    assert.deepEqual(r.exit.mounts, [{ path: "/data", bytesRead: 4096 }]);
  });

  // The origin's quota made small through DevTools' own override (Storage.overrideQuotaForOrigin,
  // which the browser's quota manager then enforces on OPFS writes): Chromium only, as BiDi has
  // no such command.
  const quotaSkip = BROWSER === "firefox" && "needs Chromium's DevTools quota override (WebDriver BiDi has none)";
  it("the quota runs out mid-write: the guest gets ENOSPC; what was synced stays whole", { skip: quotaSkip, timeout: 120_000 }, async () => {
    await call("clear", "persist-q");
    const cdp = await page.context().newCDPSession(page);
    const origin = new URL(server.url).origin;
    const usage = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: usage + (3 << 20) });
    let q;
    try {
      q = await call("runMounted", guest, "persist-q", ["fill", "/data"], { stats: ["/data/fill.bin"] });
    } finally {
      await cdp.send("Storage.overrideQuotaForOrigin", { origin });
    }
    assert.match(q.out, /^synced\nchunk \d+: StorageFull \(errno 51\)\n$/, JSON.stringify(q));
    assert.equal(q.exit.exitCode, 0, JSON.stringify(q));
    // What fd_sync made durable is there, whole, after a reload; the file that ran out holds
    // its synced chunks.
    const chunks = Number(/chunk (\d+)/.exec(q.out)[1]);
    await page.reload();
    await page.evaluate(() => window.ready);
    const r = await call("runMounted", guest, "persist-q", ["check", "/data"]);
    const m = /^synced whole\nunsynced absent\nfill (\d+) whole chunks in (\d+) bytes\n$/.exec(r.out);
    assert.ok(m, JSON.stringify(r));
    assert.ok(Number(m[1]) >= chunks - 1, `chunks 1 to ${chunks - 1} were synced: ${r.out}`);
    console.log(`# quota of 3 MiB: ENOSPC at chunk ${chunks} of 256 KiB; after a reload fill.bin holds ${m[1]} whole chunks in ${m[2]} bytes`);
  });

  it("directory(handle) over an OPFS folder: the guest's files are real files in it; handle.fs reads them", { timeout: 60_000 }, async () => {
    await call("clear", "persist-d");
    const w = await call("runMounted", "/tests/out/c-persist.wasm", "persist-d", ["write", "/data"], {
      kind: "directory",
      files: ["/data/notes.txt"],
      stats: ["/data/c-dir/data.bin"],
    });
    assert.equal(w.exit.exitCode, 0, JSON.stringify(w));
    const notes = Array.from({ length: 100 }, (_, i) => `line ${i} of the notes\n`).join("");
    assert.equal(await call("readText", "persist-d", "notes.txt"), notes);
    assert.equal(w.read["/data/notes.txt"], notes);
    assert.equal(w.stat["/data/c-dir/data.bin"].size, 70000);
  });

  it("a mount that cannot work says why before the guest runs", { timeout: 60_000 }, async () => {
    // On the page: no FileSystemSyncAccessHandle there.
    const p = await call("runOnPage", guest, "persist-p");
    assert.match(p.thrown ?? p.error ?? "", /preopens\["\/data"\]: opfs\(\) needs a worker/);
    // The same folder mounted by a second worker while the first has it.
    await call("clear", "persist-2");
    const two = await call("twoAtOnce", guest, "persist-2");
    assert.equal(two.exitCode, null);
    assert.match(two.error, /opfs\("persist-2"\) at \/data: .* is open elsewhere/);
  });

  // A real folder of this machine dropped on the page (DevTools' drag events, as a user's drag
  // and drop): the browser grants its handle read access, not read-write. Chromium only: Firefox
  // has no DataTransferItem.getAsFileSystemHandle, and BiDi no drag with files.
  const dropSkip = BROWSER === "firefox" && "needs Chromium's DevTools drag and drop of a folder (Firefox gives no handles for drops)";
  it("a dropped folder without read-write permission: refused before the guest runs, the folder untouched", { skip: dropSkip, timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wasip1-dropped-"));
    try {
      fs.writeFileSync(path.join(dir, "seed.txt"), "seed\n");
      await page.evaluate(() => {
        const z = document.createElement("div");
        z.style.cssText = "position:fixed;left:0;top:0;width:200px;height:200px;z-index:9";
        document.body.append(z);
        z.addEventListener("dragover", (e) => e.preventDefault());
        window.dropped = new Promise((resolve) =>
          z.addEventListener("drop", (e) => {
            e.preventDefault();
            resolve(e.dataTransfer.items[0].getAsFileSystemHandle());
          }),
        );
      });
      const cdp = await page.context().newCDPSession(page);
      const data = { items: [], files: [dir], dragOperationsMask: 1 };
      for (const type of ["dragEnter", "dragOver", "drop"]) await cdp.send("Input.dispatchDragEvent", { type, x: 100, y: 100, data });
      const r = await page.evaluate(async () => {
        const { runInWorker } = await import("/pkg/index.js");
        const { directory } = await import("/pkg/opfs.js");
        const handle = await window.dropped;
        const permission = await handle.queryPermission({ mode: "readwrite" });
        const h = await runInWorker("/tests/out/rust-persist.wasm", { args: ["persist", "write", "/data"], preopens: { "/data": directory(handle) } });
        const e = await h.exited;
        return { name: handle.name, permission, exitCode: e.exitCode, error: String(e.error?.message) };
      });
      assert.equal(r.name, path.basename(dir));
      assert.equal(r.permission, "prompt", "the browser asks before a dropped folder is written");
      assert.equal(r.exitCode, null, JSON.stringify(r));
      assert.match(r.error, /directory\(.*\) at \/data: no read-write permission on the folder \(the page asks for it: handle\.requestPermission\(\{ mode: "readwrite" \}\)/);
      assert.deepEqual(fs.readdirSync(dir), ["seed.txt"], "the guest never ran: nothing was written");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a corrupt journal: the folder's files are still there (links and times as files and now)", { timeout: 60_000 }, async () => {
    await call("clear", "persist-j");
    await call("runMounted", guest, "persist-j", ["write", "/data"]);
    for (const slot of ["journal-a", "journal-b"]) await call("writeText", "persist-j", `.wasip1-web/${slot}`, "garbage, not a journal");
    const r = await call("runMounted", guest, "persist-j", ["list", "/data"], { files: ["/data/a.txt"] });
    assert.equal(r.exit.exitCode, 0, JSON.stringify(r));
    assert.equal(r.read["/data/a.txt"], "alpha\n".repeat(1000));
    assert.match(r.out, /^a\.txt 6000 bytes sum 2111974 mtime now\nsub\/\n  b\.bin 300000 bytes/);
  });

  it("bad mounts: not a directory, a path through a file", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async () => {
      const { runInWorker } = await import("/pkg/index.js");
      const { directory, opfs } = await import("/pkg/opfs.js");
      const { writeText } = await import("/tests/e2e/mount-page.js");
      await writeText("persist-file", "x", "a file, not a folder");
      const outcome = async (mount) => {
        const h = await runInWorker("/tests/out/rust-persist.wasm", { args: ["persist", "list", "/data"], preopens: { "/data": mount } });
        const e = await h.exited;
        return { exitCode: e.exitCode, error: String(e.error?.message) };
      };
      return { notHandle: await outcome(directory("nope")), throughFile: await outcome(opfs("persist-file/x/y")) };
    });
    assert.equal(r.notHandle.exitCode, null);
    assert.match(r.notHandle.error, /directory\("\?"\) at \/data: not a directory: directory\(\) takes a FileSystemDirectoryHandle/);
    assert.match(r.throughFile.error, /opfs\("persist-file\/x\/y"\) at \/data: "x" is not a directory/);
  });
});

