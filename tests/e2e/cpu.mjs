// CPU time of the browser a test launched, from /proc: for the tests that check that a wait
// does not burn a core. Launch the browser with CPU_MARKER among its arguments.

import assert from "node:assert/strict";
import fs from "node:fs";

/** A marker on our browser's command line, to find its processes among others on the machine. */
export const CPU_MARKER = `--wasip1-cpu-probe=${process.pid}-${Date.now()}`;

/**
 * CPU time (ms) used so far by the browser this test launched and all its descendants, from
 * /proc/<pid>/stat (utime + stime, fields 14 and 15; the parent pid is field 4).
 */
export function browserCpuMs() {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const procs = new Map();
  let root = null;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(pid, { ppid: f[1], cpu: (Number(f[11]) + Number(f[12])) * tick });
      if (root === null && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(CPU_MARKER)) root = pid;
    } catch {
      // the process went away
    }
  }
  assert.ok(root, "could not find the test's browser process");
  const within = (pid) => {
    for (let p = pid; p && p !== "0" && p !== "1"; p = procs.get(p)?.ppid) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, p] of procs) if (within(pid)) total += p.cpu;
  return total;
}


/**
 * CPU time (ms) the browser uses over `ms` in which the test does nothing: the baseline a wait
 * is measured against (Firefox's own background work takes more than Chromium's).
 */
export async function idleCpuMs(ms = 1000) {
  const cpu0 = browserCpuMs();
  await new Promise((r) => setTimeout(r, ms));
  return browserCpuMs() - cpu0;
}

/**
 * Runs `once` (a wait of about a second, resolving with its result) after an idle window of
 * `idleMs` measured as its baseline, up to `tries` times, and returns the first attempt whose
 * CPU stays under the baseline + `slackMs` (or the last): a wait that spins burns a core in
 * every attempt and fails, while the browser's own occasional background work in one window
 * (Firefox's, now and then, about 200 ms) does not fail the test. `attempts` lists them all.
 */
export async function idleWait(once, { tries = 3, slackMs = 100, idleMs = 1000 } = {}) {
  const attempts = [];
  for (;;) {
    const idle = await idleCpuMs(idleMs);
    const cpu0 = browserCpuMs();
    const result = await once();
    const cpu = browserCpuMs() - cpu0;
    attempts.push({ cpu, idle });
    const quiet = cpu < idle + slackMs;
    if (quiet || attempts.length === tries) return { result, cpu, idle, quiet, attempts: JSON.stringify(attempts) };
  }
}
