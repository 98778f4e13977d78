// Type-checked by tests/e2e/types.test.mjs (tsc --noEmit --strict): the public API as a TypeScript
// user writes it. Not run.
import init, { Wasi, run, compileStreaming, type RunResult, type WasiOptions } from "../../pkg/index.js";
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
w.free();
export { n, code, calls, t, names };
