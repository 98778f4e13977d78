// The shipped size, as a user's production build sees it: the smallest page that runs a guest
// (import, init, new Wasi, instantiateStreaming, start), built with the project's own Vite in
// production mode, and every .js and .wasm chunk it emits gzipped at level 9. The same page
// written for @bjorn3/browser_wasi_shim is built the same way for comparison.
//
//   node scripts/size.mjs            prints both figures (bytes; KB = 1000 B)
//
// As a module: `buildSmallestPage(host, outDir)` builds one page and returns
// `{ dist, files: [{ name, bytes, gzip }], gzip }`; tests/e2e/size.test.mjs then serves `dist`
// and runs the guest in it, so the bytes counted are bytes that work.

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The budget the test holds: .js + .wasm of the smallest page, gzip -9. Issue 10 asks for
 * 60,000 B (112,642 B before it); this is the figure reached so far plus a little room, so that
 * nothing grows back while the rest of the cut is made. Lower it with every cut. (Raised once,
 * from 72,000 to 77,000, for issue 11's mounts: the backend seam and the WasiFs methods a mount
 * needs cost 4.1 KB of .wasm and 0.4 KB of JS; the mounting code itself is in the wasip1-web/opfs
 * entry, not on this page. Lowered to 71,500 when wasm-opt stopped inlining large functions
 * with one caller (-ocimfs 20, -2.8 KB), the import and export names lost their hashes and
 * lengths (scripts/shorten.mjs, -3.0 KB of .wasm and JS) and the browser build's globals
 * stopped being thread_local! (-0.6 KB): 70,992 B. Lowered to 69,000 when glue.js came to read
 * `new Wasi`'s options in one pass (.wasm -3.7 KB, JS +1.1 KB) and the hot calls' trampolines
 * became one module (-0.2 KB): 68,695 B. Raised to 69,300 for argv and the environment laid out
 * when the guest first reads them (+0.3 KB of .wasm: a guest given 1,000 of each that never reads
 * them starts 1.8x faster): 69,017 B. Lowered to 58,700 when `wasip1-web`'s init() came to load
 * a lean build without wasip1-perms, tracing and the mount seam, which the `wasip1-web/full`,
 * `/perms` and `/opfs` entries bring: .wasm 59.5 -> 48.9 KB, 58,326 B.)
 */
export const BUDGET = 58_700;

// The page's script for each host. Each runs `hello.wasm` with args, env and stdin, collects
// its stdout, and leaves `{ exitCode, stdout }` in window.result.
const PAGES = {
  ours: `import init, { Wasi } from "wasip1-web";
window.result = (async () => {
  await init();
  const out = [];
  const wasi = new Wasi({ args: ["hello", "a1", "two words"], env: { B: "2", A: "1" }, stdin: "line1\\nline2\\n",
    stdout: (c) => out.push(...c) });
  const { instance } = await WebAssembly.instantiateStreaming(fetch("./hello.wasm"), wasi.getImportObject());
  const exitCode = wasi.start(instance);
  return { exitCode, stdout: String.fromCharCode(...out) };
})().catch((e) => ({ error: String(e && e.stack || e) }));
`,
  // The same page on the `wasip1-web/full` entry, with tracing (which only the full build has):
  // not a size figure, but the check that a bundler emits that build for such a page and that
  // it works. It also leaves the number of fd_write calls the trace counted.
  full: `import init, { Wasi } from "wasip1-web/full";
window.result = (async () => {
  await init();
  const out = [];
  const wasi = new Wasi({ args: ["hello", "a1", "two words"], env: { B: "2", A: "1" }, stdin: "line1\\nline2\\n",
    stdout: (c) => out.push(...c), trace: true });
  const { instance } = await WebAssembly.instantiateStreaming(fetch("./hello.wasm"), wasi.getImportObject());
  const exitCode = wasi.start(instance);
  return { exitCode, stdout: String.fromCharCode(...out), fdWrites: wasi.trace.summary().fd_write?.calls ?? 0 };
})().catch((e) => ({ error: String(e && e.stack || e) }));
`,
  shim: `import { WASI, File, OpenFile, ConsoleStdout } from "@bjorn3/browser_wasi_shim";
window.result = (async () => {
  const out = [];
  const fds = [new OpenFile(new File(new TextEncoder().encode("line1\\nline2\\n"))),
    new ConsoleStdout((c) => out.push(...c)), ConsoleStdout.lineBuffered((l) => console.error(l))];
  const wasi = new WASI(["hello", "a1", "two words"], ["B=2", "A=1"], fds);
  const { instance } = await WebAssembly.instantiateStreaming(fetch("./hello.wasm"), { wasi_snapshot_preview1: wasi.wasiImport });
  const exitCode = wasi.start(instance);
  return { exitCode, stdout: String.fromCharCode(...out) };
})().catch((e) => ({ error: String(e && e.stack || e) }));
`,
};

const gzip = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/**
 * Builds the smallest page for `host` ("ours": this repo's pkg/, which must be built; "full":
 * the same on the `wasip1-web/full` entry, with tracing; "shim")
 * into `outDir` (inside the repo, so that node_modules resolve) with Vite (production) and
 * measures what it emitted.
 */
export async function buildSmallestPage(host, outDir, guest = path.join(REPO_ROOT, "tests/out/rust-hello.wasm")) {
  const app = path.resolve(outDir, `app-${host}`);
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(path.join(app, "public"), { recursive: true });
  fs.writeFileSync(path.join(app, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">\n<script type="module" src="./main.js"></script>\n`);
  fs.writeFileSync(path.join(app, "main.js"), PAGES[host]);
  if (fs.existsSync(guest)) fs.copyFileSync(guest, path.join(app, "public", "hello.wasm"));
  const { build } = await import("vite");
  const dist = path.join(app, "dist");
  await build({
    root: app,
    configFile: false,
    logLevel: "warn",
    mode: "production",
    base: "./",
    // The package as a user installs it: its package.json "exports", resolved to pkg/.
    resolve: {
      alias: host === "shim" ? [] : [
        { find: /^wasip1-web$/, replacement: path.join(REPO_ROOT, "pkg/index.js") },
        { find: /^wasip1-web\/(full|perms|opfs)$/, replacement: path.join(REPO_ROOT, "pkg/$1.js") },
      ],
    },
    build: { outDir: dist, emptyOutDir: true },
  });
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(m?js|wasm)$/.test(e.name) && e.name !== "hello.wasm") {
        files.push({ name: path.relative(dist, p), bytes: fs.statSync(p).size, gzip: gzip(p) });
      }
    }
  };
  walk(dist);
  return { dist, files, gzip: files.reduce((n, f) => n + f.gzip, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Under the repo, so that the shim resolves from its node_modules.
  fs.mkdirSync(path.join(REPO_ROOT, "target"), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(REPO_ROOT, "target", "size-"));
  try {
    for (const host of ["ours", "shim"]) {
      const r = await buildSmallestPage(host, tmp);
      console.log(`${host}: ${r.gzip} B gzip -9 (${r.files.map((f) => `${f.name} ${f.gzip}`).join(", ")})`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
