// wasi-threads (issue 13): a guest built for wasm32-wasip1-threads (tests/threads) runs its
// std::thread code with run() on the page and with runInWorker, against the same program's
// native run (tests/out/threads-native-*.txt, written by tests/build-guests.sh).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT, guestPath, openHarness, pageModule, PLAIN_PAGE, plainHarnessRoute, requirePackage } from "./common.mjs";

const native = (name) => fs.readFileSync(path.join(REPO_ROOT, `tests/out/threads-native-${name}.txt`), "utf8");
const GUEST = "/tests/out/rust-threads.wasm";

const unshared = execFileSync("python3", [
  "-c",
  "import sys, wasmtime; sys.stdout.buffer.write(wasmtime.wat2wasm(open(sys.argv[1]).read()))",
  path.join(REPO_ROOT, "tests/wat/unshared-threads.wat"),
]);

describe("wasi-threads", () => {
  let server;
  let browser;
  let page;
  let newPage;

  before(async () => {
    requirePackage();
    guestPath("rust-threads");
    guestPath("c-pthreads");
    ({ server, browser, newPage, page } = await openHarness({
      routes: {
        ...plainHarnessRoute(),
        "/unshared.wasm": (req, res) => {
          res.writeHead(200, { "Content-Type": "application/wasm", "Cross-Origin-Resource-Policy": "same-origin" });
          res.end(unshared);
        },
      },
    }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const call = pageModule("/tests/e2e/threads-page.js");

  for (const where of ["onPage", "inWorker"]) {
    it(`${where}: Mutex, RwLock, Condvar, mpsc, Barrier, scoped threads, thread-locals print what the native run prints`, { timeout: 60_000 }, async () => {
      const r = await call(page, where, GUEST, ["sync"]);
      assert.equal(r.error, null, JSON.stringify(r));
      assert.equal(r.exitCode, 0);
      assert.equal(r.out, native("sync"));
      assert.match(r.out, /^checksum \d+$/m);
    });

    it(`${where}: files written, read, shared and appended to across threads, as natively`, { timeout: 60_000 }, async () => {
      const r = await call(page, where, GUEST, ["files", "/sandbox"]);
      assert.equal(r.error, null, JSON.stringify(r));
      assert.equal(r.exitCode, 0);
      assert.equal(r.out, native("files"));
    });

    it(`${where}: 8 threads x 1,000 lines on stdout: none lost, each thread's in order`, { timeout: 60_000 }, async () => {
      const r = await call(page, where, GUEST, ["stdout"]);
      assert.equal(r.error, null);
      assert.equal(r.exitCode, 0);
      const lines = r.out.split("\n");
      assert.equal(lines.pop(), "");
      assert.equal(lines.pop(), "done");
      assert.equal(lines.length, 8000);
      const next = new Array(8).fill(0);
      for (const line of lines) {
        const [, t, i] = /^t(\d) (\d+)$/.exec(line) ?? assert.fail(`unexpected line ${JSON.stringify(line)}`);
        assert.equal(Number(i), next[t], `thread ${t}: line ${i} after ${next[t] - 1}`);
        next[t]++;
      }
      assert.deepEqual(next, new Array(8).fill(1000));
    });

    it(`${where}: proc_exit(3) in a thread while others sleep and spin ends the run with 3 at once`, { timeout: 60_000 }, async () => {
      const r = await call(page, where, GUEST, ["exit"]);
      assert.equal(r.error, null);
      assert.equal(r.exitCode, 3);
      // Two threads sleep 10 s and one spins forever: the end did not wait for them.
      assert.ok(r.ms < 5000, `the run took ${r.ms} ms`);
      assert.equal(r.workers.running, 0, "a thread's worker still runs");
    });

    it(`${where}: a trap in a thread ends the run with that trap`, { timeout: 60_000 }, async () => {
      const r = await call(page, where, GUEST, ["trap"]);
      assert.equal(r.exitCode, null);
      // The browser's own words for the trap: "unreachable" (Chromium), "unreachable executed" (Firefox).
      assert.match(r.error, /^Error: wasip1-web: guest trapped: unreachable( executed)?$/);
      assert.equal(r.workers.running, 0, "a thread's worker still runs");
    });

    it(`${where}: spawning beyond maxThreads fails in the guest (EAGAIN), which goes on`, { timeout: 60_000 }, async () => {
      const r = await call(page, where, GUEST, ["spawn-limit"], { maxThreads: 6 });
      assert.equal(r.error, null, JSON.stringify(r));
      assert.equal(r.exitCode, 0);
      assert.match(r.out, /^spawned 6\n/);
      assert.match(r.out, /kind WouldBlock, raw os error Some\(6\)/);
      assert.match(r.out, /joined 6 \(all started: true\)/);
    });

    it(`${where}: a thread that returned frees its place at once: spawn and join one at a time under maxThreads 1`, { timeout: 60_000 }, async () => {
      // The serving loop is busy with the guest's calls, so the worker's message saying its
      // thread returned waits; the next spawn must not (it failed with EAGAIN, as natively it
      // never does).
      const r = await call(page, where, GUEST, ["spawn-bench", "300"], { maxThreads: 1 });
      assert.equal(r.error, null, JSON.stringify(r));
      assert.equal(r.exitCode, 0, r.err);
      assert.match(r.out, /^us_per_spawn [\d.]+\n$/);
    });
  }

  for (const where of ["onPage", "inWorker"]) {
    it(`${where}: C with pthreads (mutex, condvar, atomics, _Thread_local, join values) prints what the native build prints`, { timeout: 60_000 }, async () => {
      const r = await call(page, where, "/tests/out/c-pthreads.wasm", []);
      assert.equal(r.error, null, JSON.stringify(r));
      assert.equal(r.exitCode, 0);
      assert.equal(r.out, fs.readFileSync(path.join(REPO_ROOT, "tests/out/c-pthreads-native.txt"), "utf8"));
    });
  }

  it("runInWorker: the threads share an opfs() mount as one filesystem", { timeout: 60_000 }, async () => {
    const r = await call(page, "inWorkerOpfs", GUEST, ["files", "/data"], "threads-mount");
    assert.equal(r.error, null, JSON.stringify(r));
    assert.equal(r.exitCode, 0);
    assert.equal(r.out, native("files"));
    // It was mounted, and persisted at the end: the guest removed its files, the folder keeps
    // the mount's journal only.
    assert.deepEqual(r.mounts?.map((m) => m.path), ["/data"]);
    assert.deepEqual(r.folder, [".wasip1-web"]);
  });

  it("runInWorker: kill() ends a guest whose threads spin forever", { timeout: 60_000 }, async () => {
    const r = await call(page, "killSpinning", GUEST);
    assert.equal(r.out, "spinning\n");
    assert.deepEqual(r.exit, { exitCode: null, killed: true });
    assert.ok(r.timerLag < 200, `a 20 ms timer was ${r.timerLag} ms late after the kill`);
    assert.deepEqual(page.pageErrors, []);
  });

  it("workers are kept across spawns and across runs", { timeout: 60_000 }, async () => {
    const first = await call(page, "onPage", GUEST, ["stdout"]);
    const second = await call(page, "onPage", GUEST, ["stdout"]);
    const spawns = await call(page, "onPage", GUEST, ["spawn-bench", "100"]);
    for (const r of [first, second, spawns]) assert.equal(r.exitCode, 0, JSON.stringify(r));
    assert.equal(second.workers.running, 0);
    // 9 threads (main + 8) each run: the second run reused the first's workers (one may be
    // lost to a thread still returning when the process ended), and 100 spawns one after the
    // other reused one worker.
    assert.ok(second.workers.created - first.workers.created <= 2, JSON.stringify([first.workers, second.workers]));
    assert.ok(spawns.workers.created - second.workers.created <= 2, JSON.stringify([second.workers, spawns.workers]));
    // runInWorker's runs borrow the same page's workers, and give them back.
    const inWorker = await call(page, "inWorker", GUEST, ["stdout"]);
    const again = await call(page, "inWorker", GUEST, ["stdout"]);
    for (const r of [inWorker, again]) assert.equal(r.exitCode, 0, JSON.stringify(r));
    assert.ok(again.workers.created - spawns.workers.created <= 4, JSON.stringify([spawns.workers, inWorker.workers, again.workers]));
    assert.equal(again.workers.running, 0);
  });

  it("a guest whose memory is not shared is refused with an Error that says so", { timeout: 60_000 }, async () => {
    const r = await call(page, "onPage", "/unshared.wasm", []);
    assert.equal(r.rejected, 'Error: wasip1-web: this threaded guest imports a memory "env.memory" that is not shared (build it for wasm32-wasip1-threads)');
  });

  it("without cross-origin isolation: an Error naming COOP and COEP, before any guest code", { timeout: 60_000 }, async () => {
    const plain = await newPage(`${server.url}${PLAIN_PAGE}`);
    try {
      await plain.evaluate(() => window.ready);
      assert.equal(await plain.evaluate(() => crossOriginIsolated), false);
      const r = await call(plain, "onPage", GUEST, ["sync"]);
      assert.match(r.rejected, /^Error: wasip1-web: this guest uses threads \(wasi-threads\), which needs SharedArrayBuffer/);
      assert.match(r.rejected, /Cross-Origin-Opener-Policy: same-origin/);
      assert.match(r.rejected, /Cross-Origin-Embedder-Policy: require-corp/);
      // runInWorker there (its worker runs under JSPI): the run ends with the same Error.
      const w = await call(plain, "inWorker", GUEST, ["sync"]);
      assert.equal(w.exitCode, null);
      assert.match(w.error, /^Error: wasip1-web: this guest uses threads \(wasi-threads\), which needs SharedArrayBuffer.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/);
      assert.equal(w.out, "");
      assert.deepEqual(plain.pageErrors, []);
    } finally {
      await plain.close();
    }
  });
});
