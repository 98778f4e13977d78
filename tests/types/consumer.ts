// Type-checked by tests/e2e/types.test.mjs (tsc --noEmit --strict): the public API as a TypeScript
// user writes it. Not run.
import init, { Wasi, run, compileStreaming, runInWorker, prepareWorkers, type RunResult, type WasiOptions, type PermsManifest, type Denial, type WasiTrace, type WasiFs, type WorkerExit } from "../../pkg/index.js";
import { embedManifest, readManifest, SECTION } from "../../pkg/perms.js";
import initFull, { Wasi as FullWasi } from "../../pkg/full.js";
import { opfs, directory, type Mount } from "../../pkg/opfs.js";
await init();
const opts: WasiOptions = { args: ["a"], env: { A: "1" }, stdin: "x", stdout: (c: Uint8Array) => void c, trace: { log: 5 }, tty: { stdout: true }, version: "preview1", returnOnExit: true };
const w = new Wasi(opts);
const io = w.getImportObject();
const n: number = Object.keys(w.wasiImport).length;
const code: number = w.start(new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array()), io as any));
const s = w.trace?.summary();
const calls: number | undefined = s?.fd_write?.calls;
const r: RunResult = await run("g.wasm", { trace: true });
const t: number = r.timings.exited - r.timings.requestStart;
const c = await compileStreaming(fetch("g.wasm"));
const pages: number | undefined = c.memory?.maximum;
const threaded: RunResult = await run("threads.wasm", { args: ["t"], maxThreads: 4 });
const names: string[] = c.customSections;
const manifest: PermsManifest = { version: 1, fs: { read: ["/data"], write: ["/data/out"] }, env: ["HOME", "LC_*"], args: true };
const guarded = new Wasi({ perms: manifest, module: c.module, strict: true, onDenied: (d: Denial) => void d.count });
const firstPath: string | undefined = guarded.denials[0]?.path;
const withPerms: Uint8Array = embedManifest(new Uint8Array(), JSON.stringify(manifest));
const embedded: PermsManifest | null = readManifest(c.module);
const refused: Denial[] = r.denials;
const tr: WasiTrace | undefined = w.trace;
const files: WasiFs = w.fs;
w.wasiImport.proc_exit = (code: number) => 0;
const handle = await runInWorker("g.wasm", { stdin: "x", tty: true });
const ended: WorkerExit = await handle.exited;
const why: string | undefined = ended.error?.message;
const section: "wasip1-perms" = SECTION;
const again: Uint8Array = embedManifest(withPerms, manifest);
// wasip1-web/full: the same API, whose init() loads the full build.
const fullReady: Promise<void> = initFull();
const sameClass: Wasi = new FullWasi({ trace: true });
w.free();
export { n, code, calls, t, names, firstPath, withPerms, embedded, refused, tr, files, why, section, again, fullReady, sameClass };

// Mounts: opfs() and directory() preopens beside plain trees.
const mount: Mount = opfs("projects/one");
const picked = await navigator.storage.getDirectory();
const mounted = await runInWorker("g.wasm", { preopens: { "/data": mount, "/pick": directory(picked), "/tmp": { "a.txt": "x" } } });
const mexit = await mounted.exited;
const read: number | undefined = mexit.mounts?.[0].bytesRead;
const mw = new Wasi({ preopens: { "/data": opfs() } });
const paths: string[] = mw.mounts.map((m) => m.path);
void read;
void paths;

await prepareWorkers();
