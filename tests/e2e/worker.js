// Dedicated module worker for the e2e harness: same runGuest as the page.
// Messages in: {id, wasmUrl, spec}; out: {id, result} or {id, fatal}.

import { runGuest } from "./run-guest.js";

const impl = new URLSearchParams(self.location.search).get("impl") ?? "/pkg/index.js";

const ready = (async () => {
  const pkg = await import(impl);
  await pkg.default();
  return pkg;
})();

self.onmessage = async ({ data: { id, wasmUrl, spec } }) => {
  try {
    const pkg = await ready;
    self.postMessage({ id, result: await runGuest(pkg.Wasi, wasmUrl, spec) });
  } catch (e) {
    self.postMessage({ id, fatal: `${e?.name ?? "Error"}: ${e?.message ?? e}` });
  }
};
