// `npm run bench`: micro-benchmarks of this package against
// @bjorn3/browser_wasi_shim in headless Chromium.
//
// Builds bench/guest (a standalone crate) into bench/out, serves the repo,
// opens bench/bench.html and runs each workload interleaved (ours, shim, ours,
// shim, ...), RUNS times each after one warm-up. The guest times itself with
// clock_time_get(MONOTONIC); the empty-guest row is timed in JS. Prints a
// Markdown table and writes it to bench/last-run.md.
//
// Env: BENCH_RUNS (default 9, at least 5), BENCH_RUN_MS (target length of one
// guest run, default 150). A deadline keeps the whole run under 2 minutes.

import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { launch } from "../tests/e2e/browser.mjs";
import { REPO_ROOT, startServer } from "../tests/e2e/server.mjs";

const execFileP = promisify(execFile);
const t0 = Date.now();
/** Past this, remaining workloads get fewer/shorter runs (never fewer than MIN_RUNS). */
const SOFT_DEADLINE_MS = 80_000;
const MIN_RUNS = 5;
const RUNS = Math.max(MIN_RUNS, Number(process.env.BENCH_RUNS ?? 9));
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 150);

const OUT = path.join(REPO_ROOT, "bench/out");
const GUEST = path.join(OUT, "bench-guest.wasm");
const EMPTY_C = path.join(REPO_ROOT, "tests/out/c-empty.wasm");
const SHIM_DIR = path.join(REPO_ROOT, "node_modules/@bjorn3/browser_wasi_shim");

const log = (...a) => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

async function buildGuest() {
  fs.mkdirSync(OUT, { recursive: true });
  log("building bench/guest (cargo, wasm32-wasip1, release)…");
  await execFileP(
    "cargo",
    [
      "build",
      "--release",
      "--quiet",
      "--target",
      "wasm32-wasip1",
      "--manifest-path",
      path.join(REPO_ROOT, "bench/guest/Cargo.toml"),
      "--target-dir",
      path.join(OUT, "target"),
    ],
    { cwd: REPO_ROOT, maxBuffer: 16 << 20 },
  ).catch((e) => {
    throw new Error(`building bench/guest failed:\n${e.stderr || e.message}`);
  });
  fs.copyFileSync(path.join(OUT, "target/wasm32-wasip1/release/bench-guest.wasm"), GUEST);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Workloads the guest runs. `perOpNs(value)` turns the guest's reported value
 * into nanoseconds per loop iteration (for calibrating N); `higherIsBetter`
 * says which way the ratio goes.
 */
const WORKLOADS = [
  { key: "clock", label: "clock_time_get (monotonic)", unit: "ns/call", target: { max: 220 }, perOpNs: (v) => v, n0: 20_000 },
  { key: "fd_write", label: "fd_write 16 B, no-op sink", unit: "ns/call", target: { max: 200 }, perOpNs: (v) => v, n0: 20_000 },
  {
    key: "args_env",
    label: "args+environ sizes_get+get (1000 + 1000)",
    unit: "µs/pair",
    target: { max: 100 },
    perOpNs: (v) => v * 1000,
    n0: 20,
  },
  {
    key: "random",
    label: "random_get 4 KiB",
    unit: "GB/s",
    target: { min: 2 },
    higherIsBetter: true,
    perOpNs: (v) => 4096 / v,
    n0: 500,
  },
  { key: "noop", label: "floor: wasm → JS no-op import", unit: "ns/call", floor: true, perOpNs: (v) => v, n0: 100_000 },
];

/** 1000 args in all (argv[1..2] select the workload) and 1000 env entries, ~20 B each. */
function bigArgsEnv(n) {
  const args = ["bench", "args_env", String(n)];
  for (let i = args.length; i < 1000; i++) args.push(`argument-${String(i).padStart(4, "0")}-abcdefgh`);
  const env = {};
  for (let i = 0; i < 1000; i++) env[`VAR_${String(i).padStart(4, "0")}`] = `value-${i}-abcdefgh`;
  return { args, env };
}

function specFor(w, n) {
  const wasmUrl = "/bench/out/bench-guest.wasm";
  if (w.key === "args_env") return { wasmUrl, ...bigArgsEnv(n) };
  return { wasmUrl, args: ["bench", w.key, String(n)], env: {} };
}

function parseLine(w, line) {
  const m = new RegExp(`^${w.key} ([0-9.]+) `).exec(line.trim());
  if (!m) throw new Error(`unexpected guest output for ${w.key}: ${JSON.stringify(line)}`);
  return Number(m[1]);
}

function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(p) : [p];
  });
}

/** Our shipped runtime: the wasm, the glue, the entry and any wasm-bindgen snippets, each gzipped -9. */
function ourSize() {
  const files = [
    path.join(REPO_ROOT, "pkg/wasip1_web_bg.wasm"),
    path.join(REPO_ROOT, "pkg/wasip1_web.js"),
    path.join(REPO_ROOT, "index.js"),
    ...listFiles(path.join(REPO_ROOT, "pkg/snippets")),
  ];
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length) return { error: `missing ${missing.map((f) => path.relative(REPO_ROOT, f)).join(", ")}` };
  return { bytes: files.reduce((n, f) => n + gzipSize(f), 0), files: files.map((f) => path.relative(REPO_ROOT, f)) };
}

/** The shim's npm tarball (already gzip) as npm would pack it, plus its dist/*.js gzipped -9 for reference. */
async function shimSize() {
  const { stdout } = await execFileP("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: SHIM_DIR });
  const tgz = JSON.parse(stdout)[0].size;
  const js = listFiles(path.join(SHIM_DIR, "dist")).filter((f) => f.endsWith(".js"));
  return { tgz, distJs: js.reduce((n, f) => n + gzipSize(f), 0) };
}

const fmt = (v, digits = 3) => {
  if (v == null || Number.isNaN(v)) return "n/a";
  if (v >= 100) return v.toFixed(0);
  return v.toPrecision(digits);
};

function targetText(t, unit) {
  if (!t) return "—";
  return t.max != null ? `≤ ${t.max} ${unit}` : `≥ ${t.min} ${unit}`;
}

function verdict(t, v) {
  if (!t || v == null) return "";
  return (t.max != null ? v <= t.max : v >= t.min) ? " ✓" : " ✗";
}

/** How many times better ours is: >1 means ours wins. */
function ratio(ours, shim, higherIsBetter) {
  if (ours == null || shim == null) return null;
  return higherIsBetter ? ours / shim : shim / ours;
}

async function main() {
  await buildGuest();
  const server = await startServer({ root: REPO_ROOT });
  const { browser, newPage } = await launch();
  const rows = [];
  const notes = [];
  try {
    const page = await newPage(`${server.url}/bench/bench.html`);
    const ready = await page.evaluate(() => window.benchReady);
    const impls = ["ours", "shim"].filter((i) => ready[i] === true);
    if (ready.ours !== true) notes.push(`ours: ${ready.ours}`);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    log(`page ready (crossOriginIsolated=${isolated}); impls: ${impls.join(", ")}`);

    const run = async (impl, w, n) => {
      const line = await page.evaluate(([impl, spec]) => window.runWorkload(impl, spec), [impl, specFor(w, n)]);
      return parseLine(w, line);
    };

    for (const w of WORKLOADS) {
      const late = Date.now() - t0 > SOFT_DEADLINE_MS;
      const runs = late ? MIN_RUNS : RUNS;
      const runMs = late ? RUN_MS / 4 : RUN_MS;
      // Warm-up (also tiers up the host) and calibration: size N per impl so each run takes
      // ~runMs (the guest reports per-operation figures, so N may differ between impls).
      const warm = {};
      for (const impl of impls) {
        try {
          warm[impl] = w.perOpNs(await run(impl, w, w.n0));
        } catch (e) {
          warm[impl] = null;
          notes.push(`${w.key} / ${impl}: ${e.message.split("\n")[0]}`);
        }
      }
      const live = impls.filter((i) => warm[i] != null);
      const n = Object.fromEntries(
        live.map((i) => [i, Math.max(1, Math.min(Math.round((runMs * 1e6) / Math.max(warm[i], 1e-3)), 50_000_000))]),
      );
      const samples = Object.fromEntries(live.map((i) => [i, []]));
      for (let r = 0; r < runs; r++) {
        for (const impl of live) samples[impl].push(await run(impl, w, n[impl]));
      }
      const med = Object.fromEntries(live.map((i) => [i, median(samples[i])]));
      log(w.key, Object.fromEntries(live.map((i) => [i, `N=${n[i]}: ${samples[i].map((x) => fmt(x)).join(" ")}`])));
      rows.push({ ...w, ours: med.ours, shim: med.shim });
    }

    // Empty C guest: instantiate → _start → exit, timed in JS.
    const empty = { key: "empty", label: "empty C guest: instantiate → _start → exit", unit: "µs", target: { max: 150 } };
    if (fs.existsSync(EMPTY_C)) {
      const samples = Object.fromEntries(impls.map((i) => [i, []]));
      const budget = Date.now() - t0 > SOFT_DEADLINE_MS ? 50 : 150;
      for (const impl of impls) await page.evaluate(([i, u]) => window.runEmpty(i, u, 30), [impl, "/tests/out/c-empty.wasm"]);
      for (let r = 0; r < RUNS; r++) {
        for (const impl of impls) {
          samples[impl].push(await page.evaluate(([i, u, b]) => window.runEmpty(i, u, b), [impl, "/tests/out/c-empty.wasm", budget]));
        }
      }
      log("empty:", Object.fromEntries(impls.map((i) => [i, samples[i].map((x) => fmt(x)).join(" ")])));
      rows.push({ ...empty, ours: impls.includes("ours") ? median(samples.ours) : null, shim: median(samples.shim) });
    } else {
      notes.push("empty C guest: tests/out/c-empty.wasm is missing (run `bash tests/build-guests.sh`)");
      rows.push({ ...empty, ours: null, shim: null });
    }

    const perfNow = [];
    for (let r = 0; r < 5; r++) perfNow.push(await page.evaluate(() => window.perfNowNs()));
    notes.push(`performance.now() alone costs ${fmt(median(perfNow))} ns/call in this browser (the clock row's lower bound)`);

    const errors = page.pageErrors.map((e) => e.message);
    if (errors.length) notes.push(`page errors: ${errors.join("; ")}`);
  } finally {
    await browser.close();
    await server.close();
  }

  // Size.
  const ours = ourSize();
  const shim = await shimSize();
  if (ours.error) notes.push(`size: ${ours.error}`);
  rows.push({
    key: "size",
    label: "size, gzip -9 (KB = 1000 B)",
    unit: "KB",
    target: { max: 60 },
    ours: ours.bytes != null ? ours.bytes / 1000 : null,
    shim: shim.tgz / 1000,
  });
  notes.push(
    `size: ours = ${ours.files ? ours.files.join(" + ") : "n/a"}, each gzipped; ` +
      `shim = its whole npm tarball; the shim's dist/*.js alone gzip to ${(shim.distJs / 1000).toFixed(1)} KB`,
  );

  const lines = [
    "| workload | ours (median) | browser_wasi_shim (median) | ratio | target |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const ratioV = ratio(r.ours, r.shim, r.higherIsBetter);
    lines.push(
      `| ${r.label} | ${fmt(r.ours)} ${r.unit} | ${fmt(r.shim)} ${r.unit} | ${ratioV == null ? "n/a" : `${ratioV.toFixed(2)}×`} | ${
        r.floor ? "floor (no WASI host)" : targetText(r.target, r.unit) + verdict(r.target, r.ours)
      } |`,
    );
  }
  const md = [
    `# Benchmark: wasip1-web vs @bjorn3/browser_wasi_shim`,
    "",
    `${new Date().toISOString()} — ${await browserVersion()}, ${RUNS} interleaved runs per impl after a warm-up; medians.`,
    "",
    ...lines,
    "",
    "ratio = how many times better ours is (shim time ÷ ours time; for GB/s ours ÷ shim; for size shim ÷ ours). ✓/✗: ours against the target.",
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  console.log(md);
  fs.writeFileSync(path.join(REPO_ROOT, "bench/last-run.md"), md);
  log(`done; wrote bench/last-run.md`);
}

async function browserVersion() {
  try {
    const { stdout } = await execFileP(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"]);
    return stdout.trim();
  } catch {
    return "Chromium";
  }
}

// Hard stop: the benchmark must never hang a CI run.
const hard = setTimeout(() => {
  console.error("bench: hard time limit (115 s) reached");
  process.exit(1);
}, 115_000);
hard.unref();

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
