// Page side of threads.test.mjs: runs the wasi-threads guest (tests/threads, built for
// wasm32-wasip1-threads) with run() on this page or with runInWorker, and reports what it did.
import { run, runInWorker } from "/pkg/index.js";
import { threadWorkers } from "/pkg/threads.js";

const decoder = new TextDecoder();

/** run() on the page: `{ exitCode, error, out, err, ms, workers }` (workers: after the run). */
export async function onPage(url, args, options = {}) {
  const t0 = performance.now();
  try {
    const r = await run(url, { args: ["threads", ...args], preopens: { "/sandbox": {} }, ...options });
    return {
      exitCode: r.exitCode,
      error: r.error ? `${r.error.constructor.name}: ${r.error.message}` : null,
      out: decoder.decode(r.stdout),
      err: decoder.decode(r.stderr),
      ms: performance.now() - t0,
      workers: threadWorkers(),
    };
  } catch (e) {
    return { rejected: `${e.constructor.name}: ${e.message}` };
  }
}

/** runInWorker: the same report. */
export async function inWorker(url, args, options = {}) {
  const t0 = performance.now();
  let out = "";
  let err = "";
  const handle = await runInWorker(url, {
    args: ["threads", ...args],
    preopens: { "/sandbox": {} },
    stdout: (c) => (out += decoder.decode(c, { stream: true })),
    stderr: (c) => (err += decoder.decode(c, { stream: true })),
    ...options,
  });
  const exit = await handle.exited;
  handle.close();
  return {
    exitCode: exit.exitCode,
    error: exit.error ? `${exit.error.constructor.name}: ${exit.error.message}` : null,
    out,
    err,
    ms: performance.now() - t0,
    mounts: exit.mounts ?? null,
    // The threads' workers are the page's, lent to the run.
    workers: threadWorkers(),
  };
}

/** runInWorker of a guest whose threads spin forever; kill() once it says so. */
export async function killSpinning(url) {
  let out = "";
  let said;
  const spinning = new Promise((resolve) => (said = resolve));
  const handle = await runInWorker(url, {
    args: ["threads", "spin"],
    stdout: (c) => {
      out += decoder.decode(c, { stream: true });
      if (out.includes("spinning\n")) said();
    },
  });
  await Promise.race([spinning, new Promise((r) => setTimeout(r, 10_000))]);
  const t0 = performance.now();
  handle.kill();
  const exit = await handle.exited;
  // The page's own timer runs on time afterwards.
  const lagStart = performance.now();
  await new Promise((r) => setTimeout(r, 20));
  return { out, exit, killMs: performance.now() - t0, timerLag: performance.now() - lagStart - 20 };
}

/** runInWorker with `/data` an opfs() mount of the folder `path` (emptied first). */
export async function inWorkerOpfs(url, args, path) {
  const { opfs } = await import("/pkg/opfs.js");
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(path, { recursive: true }).catch(() => {});
  const r = await inWorker(url, args, { preopens: { "/data": opfs(path) } });
  const folder = await root.getDirectoryHandle(path);
  r.folder = [];
  for await (const name of folder.keys()) r.folder.push(name);
  return r;
}
