// The e2e test page. Exposes:
//   window.ready                          resolves after init()
//   window.runGuest(wasmUrl, spec)        runs the guest on this page
//   window.runGuestInWorker(wasmUrl, spec) runs it in a dedicated module worker
// Both resolve to {exitCode, stdout, stderr, error, stdoutChunks, importsAfter}
// (stdout/stderr as base64 of the bytes).
//
// `?impl=/some/module.js` swaps the package for another module with the same
// contract (used to check the rig itself before the package is built).

import { runGuest } from "./run-guest.js";

const impl = new URLSearchParams(location.search).get("impl") ?? "/pkg/index.js";

let worker = null;
let nextId = 0;
const pending = new Map();

function getWorker() {
  if (worker) return worker;
  worker = new Worker(new URL(`./worker.js?impl=${encodeURIComponent(impl)}`, import.meta.url), {
    type: "module",
  });
  worker.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if (data.fatal) p.reject(new Error(data.fatal));
    else p.resolve(data.result);
  };
  worker.onerror = (e) => {
    // A worker that fails to load (or throws outside a run) fails every pending run.
    const err = new Error(`worker error: ${e.message ?? "unknown"}`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null;
  };
  return worker;
}

window.ready = (async () => {
  const pkg = await import(impl);
  await pkg.default();
  await pkg.default(); // init() is documented as idempotent
  window.runGuest = (wasmUrl, spec) => runGuest(pkg.Wasi, wasmUrl, spec);
  window.runGuestInWorker = (wasmUrl, spec) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      getWorker().postMessage({ id, wasmUrl: new URL(wasmUrl, location.href).href, spec });
    });
  document.getElementById("status").textContent = "ready";
  return true;
})();
window.ready.catch((e) => {
  document.getElementById("status").textContent = `init failed: ${e?.message ?? e}`;
});
