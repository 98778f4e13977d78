// Page side of worker.test.mjs: drives runInWorker and reports what happened, with times.
import { runInWorker } from "/pkg/index.js";

const decoder = new TextDecoder();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a REPL guest, feeding `lines` one at a time with `pause` ms between them and waiting for
 * each answer before sending the next; then closes stdin. Returns the transcript.
 */
export async function repl(url, lines, pause) {
  let out = "";
  let waiter = null;
  const handle = await runInWorker(url, {
    args: ["repl"],
    stdout: (c) => {
      out += decoder.decode(c, { stream: true });
      waiter?.();
    },
  });
  const answers = [];
  for (const line of lines) {
    await sleep(pause);
    const before = out.length;
    const sentAt = performance.now();
    handle.stdin.write(`${line}\n`);
    while (!out.slice(before).includes("\n")) {
      await Promise.race([new Promise((r) => (waiter = r)), sleep(5000)]);
      if (performance.now() - sentAt > 5000) break;
    }
    answers.push({ line, answer: out.slice(before), ms: performance.now() - sentAt });
  }
  handle.stdin.close();
  const exit = await handle.exited;
  return { answers, out, exit };
}

/** Starts a spinning guest, kills it once it says so, and checks the page still runs tasks. */
export async function killSpinner(url) {
  let out = "";
  const handle = await runInWorker(url, { args: ["spin"], stdout: (c) => (out += decoder.decode(c)) });
  const t0 = performance.now();
  while (!out.includes("spinning") && performance.now() - t0 < 10_000) await sleep(10);
  // The page keeps running timers while the worker spins.
  const tick = performance.now();
  await sleep(20);
  const timerLag = performance.now() - tick - 20;
  handle.kill();
  const exit = await handle.exited;
  return { out, exit, timerLag };
}

export async function withoutIsolation() {
  try {
    await runInWorker("/tests/out/rust-hello.wasm", {});
    return null;
  } catch (e) {
    return `${e.constructor.name}: ${e.message}`;
  }
}

/** A guest run to the end in the worker: stdout, stderr, exit. */
export async function runToEnd(url, options = {}) {
  let out = "";
  let err = "";
  const handle = await runInWorker(url, {
    ...options,
    stdout: (c) => (out += decoder.decode(c, { stream: true })),
    stderr: (c) => (err += decoder.decode(c, { stream: true })),
  });
  const exit = await handle.exited;
  return { out, err, exit };
}
