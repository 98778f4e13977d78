// Page side of gallery.test.mjs: runs a gallery guest (www/out/) as the harness's runGuest does,
// with its `/data` preopen holding the files `files` names (name in /data -> URL, fetched here,
// so that the guest reads exactly the bytes the server has).
import { Wasi } from "/pkg/index.js";
import { runGuest } from "./run-guest.js";

export async function runWithData(wasmUrl, spec, files = {}) {
  const data = {};
  for (const [name, url] of Object.entries(files)) data[name] = new Uint8Array(await (await fetch(url)).arrayBuffer());
  return runGuest(Wasi, wasmUrl, spec, { "/data": data });
}
