// The "Persistent files" table of bench/run.mjs, measured in one dedicated worker (OPFS sync
// access handles exist in workers only): the raw FileSystemSyncAccessHandle floor, then the
// bench guest's fs_persist workload over an opfs() mount, then the time to mount a folder of
// many files (an empty guest's startAsync with the mount, less the same without).
import init, { Wasi } from "/pkg/index.js";
import { opfs } from "/pkg/opfs.js";

const CHUNK = 65536;

async function fresh(root, name) {
  await root.removeEntry(name, { recursive: true }).catch(() => {});
  return root.getDirectoryHandle(name, { create: true });
}

// Raw sync access handle: n chunks of 64 KiB written (then flush), read back; MB/s.
async function floor(root, n) {
  const dir = await fresh(root, "bench-floor");
  const h = await (await dir.getFileHandle("big.dat", { create: true })).createSyncAccessHandle();
  const chunk = new Uint8Array(CHUNK).map((_, i) => i * 7 + 1);
  let t = performance.now();
  for (let i = 0; i < n; i++) h.write(chunk, { at: i * CHUNK });
  h.flush();
  const write = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < n; i++) h.read(chunk, { at: i * CHUNK });
  const read = performance.now() - t;
  h.close();
  // Small files: create, open, write 100 B, flush, close.
  const small = new Uint8Array(100);
  t = performance.now();
  for (let i = 0; i < 200; i++) {
    const f = await (await dir.getFileHandle(`s${i}`, { create: true })).createSyncAccessHandle();
    f.write(small, { at: 0 });
    f.flush();
    f.close();
  }
  const smallPerS = 200 / ((performance.now() - t) / 1e3);
  const mbs = (ms) => (n * CHUNK) / 1e6 / (ms / 1e3);
  return { write: mbs(write), read: mbs(read), smallPerS };
}

async function ours(module, n) {
  await fresh(await navigator.storage.getDirectory(), "bench-opfs");
  let out = "";
  const wasi = new Wasi({
    args: ["bench", "fs_persist", String(n)],
    preopens: { "/data": opfs("bench-opfs") },
    stdout: (c) => (out += new TextDecoder().decode(c)),
  });
  const instance = await WebAssembly.instantiate(module, { ...wasi.getImportObject({ async: true }), bench: { noop() {} } });
  const code = await wasi.startAsync(instance);
  wasi.free();
  const m = /^fs_persist (\S+) (\S+) (\S+) (\S+) MB\/s/.exec(out);
  if (code !== 0 || !m) throw new Error(`fs_persist: exit ${code}: ${out}`);
  return { newWrite: +m[1], storedWrite: +m[2], read: +m[3], smallPerS: +m[4] };
}

async function mountMs(root, empty, files) {
  const dir = await fresh(root, "bench-many");
  for (let i = 0; i < files; i++) await dir.getFileHandle(`f${i}`, { create: true });
  const time = async (preopens) => {
    const t = performance.now();
    const wasi = new Wasi({ preopens });
    await wasi.startAsync(empty);
    wasi.free();
    return performance.now() - t;
  };
  await time({ "/data": {} });
  const plain = await time({ "/data": {} });
  const mounted = await time({ "/data": opfs("bench-many") });
  return mounted - plain;
}

self.onmessage = async ({ data: { guest, empty, n, reps, files } }) => {
  try {
    await init();
    const root = await navigator.storage.getDirectory();
    const [module, emptyModule] = await Promise.all([guest, empty].map((u) => WebAssembly.compileStreaming(fetch(u))));
    const rounds = [];
    for (let r = 0; r < reps; r++) rounds.push({ floor: await floor(root, n), ours: await ours(module, n) });
    const mount = await mountMs(root, emptyModule, files);
    for (const name of ["bench-floor", "bench-opfs", "bench-many"]) await root.removeEntry(name, { recursive: true }).catch(() => {});
    self.postMessage({ rounds, mount });
  } catch (e) {
    self.postMessage({ error: String(e?.stack ?? e) });
  }
};
