// `npm run bench:ab -- [A] [B]`: two builds of this package, call for call, in one page.
//
// A and B are each a git revision (built into bench/out/ab/<commit>/pkg through a temporary
// worktree, with its own cargo target dir under target/ab; cached by commit) or a directory
// holding a built package. Defaults: A = HEAD, B = the working tree's pkg/ (build it first).
//
// Both builds are loaded into the same headless Chromium page and run bench/ab.wat — one
// exported loop per workload, the calls made straight from wasm — and start up the empty C and
// Rust guests of tests/out (batches of 100 runs), interleaved A, B, A, B, …
// (RUNS each after a warm-up), so that machine noise hits both alike. Prints the medians and
// B ÷ A. This is the tool for "did this change make a call slower?"; `npm run bench` compares
// against browser_wasi_shim. (It was written after a change slowed args_get 2.5× through V8's
// wasm inlining decisions, which only a same-page comparison showed clearly.)
//
// Env: AB_RUNS (default 9); AB_JS_FLAGS, V8 flags for Chromium's --js-flags (for example
// `--no-wasm-inlining`, to see whether a difference comes from V8's inlining decisions).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../tests/e2e/browser.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(REPO, "bench/out/ab");
const RUNS = Math.max(3, Number(process.env.AB_RUNS ?? 9));
const WORKLOADS = [
  // name, calls per run, what one "call" is
  ["clock", 400_000, "clock_time_get"],
  ["write", 200_000, "fd_write 16 B, no-op sink"],
  ["args", 2_000, "args+environ sizes_get+get (1000 + 1000)"],
  ["open", 100_000, "path_open + fd_close"],
  ["stat", 200_000, "path_filestat_get"],
  // Start-up (issue 10): new Wasi + synchronous instantiation + _start → exit + free, per run.
  ["start:c-empty", 100, "start-up: empty C guest"],
  ["start:rust-empty", 100, "start-up: empty Rust guest"],
];

const git = (...args) => execFileSync("git", ["-C", REPO, ...args], { encoding: "utf8" }).trim();

/** A package directory for `spec`: itself if it holds a built package, else a built revision. */
function packageFor(spec) {
  const dir = path.resolve(spec);
  if (fs.existsSync(path.join(dir, "wasip1_web_bg.wasm"))) return { label: path.relative(REPO, dir) || dir, dir };
  const commit = git("rev-parse", "--verify", `${spec}^{commit}`);
  const label = `${spec} (${commit.slice(0, 8)})`;
  const pkg = path.join(OUT, commit, "pkg");
  if (fs.existsSync(path.join(pkg, "wasip1_web_bg.wasm"))) return { label, dir: pkg };
  const src = path.join(OUT, commit, "src");
  console.error(`ab: building ${label} (first time: a few minutes)`);
  fs.rmSync(src, { recursive: true, force: true });
  git("worktree", "add", "--detach", "--force", src, commit);
  try {
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(src, "node_modules"));
    execFileSync("bash", ["scripts/build.sh"], {
      cwd: src,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, CARGO_TARGET_DIR: path.join(REPO, "target/ab") },
    });
    fs.cpSync(path.join(src, "pkg"), pkg, { recursive: true });
  } finally {
    git("worktree", "remove", "--force", src);
  }
  return { label, dir: pkg };
}

function guestBytes() {
  const wasm = path.join(OUT, "ab.wasm");
  const wat = path.join(REPO, "bench/ab.wat");
  if (!fs.existsSync(wasm) || fs.statSync(wasm).mtimeMs < fs.statSync(wat).mtimeMs) {
    fs.mkdirSync(OUT, { recursive: true });
    execFileSync("python3", ["-c", "import sys, wasmtime; open(sys.argv[2], 'wb').write(wasmtime.wat2wasm(open(sys.argv[1]).read()))", wat, wasm]);
  }
  return fs.readFileSync(wasm);
}

// The page: `setup(prefix)` loads one build and instantiates the guest under it;
// `time(prefix, name, n)` runs one loop and returns ns per call.
const PAGE = `<!doctype html><script type="module">
const hosts = {};
window.setup = async (prefix) => {
  const pkg = await import(prefix + "index.js");
  await pkg.default(prefix + "wasip1_web_bg.wasm");
  const module = await WebAssembly.compile(await (await fetch("/ab.wasm")).arrayBuffer());
  const wasi = new pkg.Wasi({
    args: Array.from({ length: 1000 }, (_, i) => "arg" + i),
    env: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => ["KEY" + i, "value" + i])),
    preopens: { "/": { "f.txt": "hello" } },
    stdout: () => {},
  });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  hosts[prefix] = { pkg, wasi, exports: instance.exports };
};
const modules = {};
window.time = async (prefix, name, n) => {
  if (name.startsWith("start:")) {
    const url = "/guest/" + name.slice(6) + ".wasm";
    const module = (modules[url] ??= await WebAssembly.compile(await (await fetch(url)).arrayBuffer()));
    const { Wasi } = hosts[prefix].pkg;
    // Timed as a batch: this page is not cross-origin isolated, so performance.now() is
    // coarsened to 0.1 ms.
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const wasi = new Wasi({ args: ["empty"], env: {}, stdout: () => {}, stderr: () => {} });
      const instance = new WebAssembly.Instance(module, wasi.getImportObject());
      try {
        if (wasi.start(instance) !== 0) throw new Error(url + " failed");
      } finally {
        wasi.free();
      }
      await null;
    }
    return ((performance.now() - t) * 1e6) / n;
  }
  const f = hosts[prefix].exports[name];
  const t = performance.now();
  f(n);
  return ((performance.now() - t) * 1e6) / n;
};
</script>`;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (ns) => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);

const [specA = "HEAD", specB = path.join(REPO, "pkg")] = process.argv.slice(2);
const builds = [packageFor(specA), packageFor(specB)];
const guest = guestBytes();
const jsFlags = process.env.AB_JS_FLAGS;
const { browser, newPage } = await launch({ extraArgs: jsFlags ? [`--js-flags=${jsFlags}`] : [] });
try {
  const page = await newPage();
  await page.route("http://ab/**", (route) => {
    const url = new URL(route.request().url()).pathname;
    if (url === "/") return route.fulfill({ body: PAGE, contentType: "text/html" });
    if (url === "/ab.wasm") return route.fulfill({ body: guest, contentType: "application/wasm" });
    if (url.startsWith("/guest/")) return route.fulfill({ body: fs.readFileSync(path.join(REPO, "tests/out", url.slice(7))), contentType: "application/wasm" });
    const [, which, ...rest] = url.split("/");
    const file = path.join(builds[Number(which)].dir, ...rest);
    if (!fs.existsSync(file)) return route.fulfill({ status: 404 });
    const type = file.endsWith(".wasm") ? "application/wasm" : "text/javascript";
    return route.fulfill({ body: fs.readFileSync(file), contentType: type });
  });
  await page.goto("http://ab/");
  for (const i of [0, 1]) await page.evaluate((p) => window.setup(p), `/${i}/`);
  const results = WORKLOADS.map(() => [[], []]);
  for (let run = -1; run < RUNS; run++) {
    for (const [w, [name, n]] of WORKLOADS.entries()) {
      for (const i of run % 2 ? [0, 1] : [1, 0]) {
        const ns = await page.evaluate(([p, name, n]) => window.time(p, name, n), [`/${i}/`, name, n]);
        if (run >= 0) results[w][i].push(ns); // run -1 warms up both
      }
    }
  }
  console.log(`A = ${builds[0].label}\nB = ${builds[1].label}\n${RUNS} interleaved runs each, medians${jsFlags ? `, --js-flags=${jsFlags}` : ""}\n`);
  console.log("| workload | A | B | B ÷ A |\n| --- | --- | --- | --- |");
  for (const [w, [, , what]] of WORKLOADS.entries()) {
    const [a, b] = results[w].map(median);
    console.log(`| ${what} | ${fmt(a)} | ${fmt(b)} | ${(b / a).toFixed(2)}× |`);
  }
} finally {
  await browser.close();
}
