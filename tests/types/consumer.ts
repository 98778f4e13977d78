// Type-checked by tests/e2e/types.test.mjs (tsc --noEmit --strict): the public API as a TypeScript
// user writes it. Not run.
import init, { Wasi, run, compileStreaming, embedManifest, readManifest, type RunResult, type WasiOptions, type PermsManifest, type Denial } from "../../pkg/index.js";
await init();
const opts: WasiOptions = { args: ["a"], env: { A: "1" }, stdin: "x", stdout: (c: Uint8Array) => void c, trace: { log: 5 } };
const w = new Wasi(opts);
const io = w.getImportObject();
const n: number = Object.keys(w.wasiImport).length;
const code: number = w.start(new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array()), io as any));
const s = w.trace?.summary();
const calls: number | undefined = s?.fd_write?.calls;
const r: RunResult = await run("g.wasm", { trace: true });
const t: number = r.timings.exited - r.timings.requestStart;
const c = await compileStreaming(fetch("g.wasm"));
const names: string[] = c.customSections;
const manifest: PermsManifest = { version: 1, fs: { read: ["/data"], write: ["/data/out"] }, env: ["HOME", "LC_*"], args: true };
const guarded = new Wasi({ perms: manifest, module: c.module, strict: true, onDenied: (d: Denial) => void d.count });
const firstPath: string | undefined = guarded.denials[0]?.path;
const withPerms: Uint8Array = embedManifest(new Uint8Array(), JSON.stringify(manifest));
const embedded: PermsManifest | null = readManifest(c.module);
const refused: Denial[] = r.denials;
w.free();
export { n, code, calls, t, names, firstPath, withPerms, embedded, refused };
