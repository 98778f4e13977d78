// Page side of jspi.test.mjs: guests run with `startAsync` on a page that is not cross-origin
// isolated, while a 20 ms interval on the page records how late it fires.
import { Wasi } from "/pkg/index.js";

const dec = new TextDecoder();
const modules = new Map();
const compile = (url) => {
  if (!modules.has(url)) modules.set(url, WebAssembly.compileStreaming(fetch(url)));
  return modules.get(url);
};

/** A 20 ms interval on the page; `stop()` ends it and returns the longest gap between its runs (ms). */
function intervalGaps() {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last);
    last = t;
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return worst;
    },
  };
}

/** Runs `url` with startAsync; `{ exitCode, out, err, error, worstGapMs, ms }`. */
export async function runAsync(url, options = {}) {
  const module = await compile(url);
  let out = "";
  let err = "";
  const gaps = intervalGaps();
  const t0 = performance.now();
  let exitCode = null;
  let error = null;
  try {
    const wasi = new Wasi({ stdout: (c) => (out += dec.decode(c)), stderr: (c) => (err += dec.decode(c)), ...options });
    exitCode = await wasi.startAsync(module);
  } catch (e) {
    error = e instanceof Error ? e.message : `[not an Error] ${e}`;
  }
  const ms = performance.now() - t0;
  return { exitCode, out, err, error, worstGapMs: gaps.stop(), ms };
}

/**
 * A line REPL on the page, fed by an async stdin: `lines` arrive `pause` ms apart; for each,
 * whether the answer was on stdout before the next line was handed over.
 */
export async function replAsync(url, lines, pause, args = ["repl"]) {
  const module = await compile(url);
  let out = "";
  const log = [];
  const queue = [...lines];
  const wasi = new Wasi({
    args,
    stdout: (c) => (out += dec.decode(c)),
    stdin: async () => {
      await new Promise((r) => setTimeout(r, pause));
      const line = queue.shift();
      log.push({ line: line ?? null, outBefore: out });
      return line === undefined ? null : `${line}\n`;
    },
  });
  const exitCode = await wasi.startAsync(module);
  return { exitCode, out, log };
}

/** The same, with WebAssembly.Suspending taken away (a browser without JSPI). */
export async function withoutJspi(sleepUrl, replUrl) {
  const saved = WebAssembly.Suspending;
  delete WebAssembly.Suspending;
  let sleep, repl;
  try {
    sleep = await runAsync(sleepUrl, { args: ["sleep"] });
    repl = await runAsync(replUrl, { args: ["repl"], stdin: async () => null });
  } finally {
    WebAssembly.Suspending = saved;
  }
  return { sleep, repl, jspi: typeof WebAssembly.Suspending };
}

/** `run()` of a sleeping guest: it goes through startAsync where JSPI exists. */
export async function viaRun(url, args) {
  const { run } = await import("/pkg/index.js");
  const gaps = intervalGaps();
  const r = await run(url, { args });
  return { exitCode: r.exitCode, out: new TextDecoder().decode(r.stdout), error: r.error?.message ?? null, worstGapMs: gaps.stop() };
}

/** rust-poll stdin_later: its line arrives `delay` ms after the guest first asks. */
export async function pollLater(url, delay) {
  const module = await compile(url);
  let out = "";
  let asked = 0;
  const wasi = new Wasi({
    args: ["poll", "stdin_later"],
    stdout: (c) => (out += dec.decode(c)),
    stderr: () => {},
    stdin: async () => {
      asked++;
      if (asked > 1) return null;
      await new Promise((r) => setTimeout(r, delay));
      return "late line\n";
    },
  });
  const exitCode = await wasi.startAsync(module);
  return { exitCode, out, asked };
}

/** A line REPL reading a ReadableStream that yields a line every `pause` ms. */
export async function replStream(url, lines, pause) {
  const module = await compile(url);
  let out = "";
  const seen = [];
  const queue = [...lines];
  const stream = new ReadableStream({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, pause));
      const line = queue.shift();
      seen.push(out);
      if (line === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(`${line}\n`));
    },
  });
  const wasi = new Wasi({ args: ["repl"], stdout: (c) => (out += dec.decode(c)), stdin: stream });
  const exitCode = await wasi.startAsync(module);
  return { exitCode, out, seen };
}
