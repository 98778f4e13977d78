// `npm run build:www`: the benchmark page (www/) as static files in dist/www/, for any static
// host. Vite bundles the page's modules (the package, Chart.js, the worker; browser_wasi_shim
// as a chunk loaded only when the comparison is asked for) and the guests are copied beside it:
// www/out/*.wasm (the gallery, built by www/build-guests.sh), www/guests/doc.json, and the
// single-run form's bundled guests from tests/out/. Serve the folder with
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
// so that workers block on shared memory (without them a worker run needs JSPI) and timers
// are precise; and with Content-Type application/wasm for .wasm (else compiling falls back to
// a slower path, which the page reports).
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./size.mjs";
import { BUNDLED } from "../www/bundled.js";

const out = path.join(REPO_ROOT, "dist/www");
const { build } = await import("vite");
await build({
  root: path.join(REPO_ROOT, "www"),
  configFile: false,
  logLevel: "warn",
  mode: "production",
  base: "./",
  build: { outDir: out, emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1000 },
  worker: { format: "es" },
});
const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
};
const gallery = path.join(REPO_ROOT, "www/out");
let n = 0;
for (const f of fs.existsSync(gallery) ? fs.readdirSync(gallery) : []) {
  if (f.endsWith(".wasm")) copy(path.join(gallery, f), path.join(out, "out", f)), n++;
}
copy(path.join(REPO_ROOT, "www/guests/doc.json"), path.join(out, "guests/doc.json"));
for (const g of BUNDLED) {
  const f = path.join(REPO_ROOT, "tests/out", `${g}.wasm`);
  if (fs.existsSync(f)) copy(f, path.join(out, "tests/out", `${g}.wasm`));
}
console.log(`build:www: ${path.relative(REPO_ROOT, out)}/ (${n} gallery guests${n === 0 ? ": run bash www/build-guests.sh first" : ""})`);
