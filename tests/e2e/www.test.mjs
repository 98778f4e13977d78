// The page `npm start` serves (www/): the gallery measured with 3 repetitions on the page and in
// a worker (and the other hosts), every chart drawn, every cell a number or a reason, the export,
// a baseline across a reload; the single-run form with bad input (a malformed .wasm, a trap, a
// guest that never exits, 100 MiB of stdout); the first paint; and `npm run build:www`'s static
// folder serving the same page. Screenshots of the main views go to target/screenshots/ (the
// README's are copies of them).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BROWSER, launch } from "./browser.mjs";
import { requirePackage, guestPath } from "./common.mjs";
import { REPO_ROOT, startServer } from "./server.mjs";

const LANGS = ["c", "rust", "go", "zig", "as"];
const WORKLOADS = ["hello", "files", "clock", "json", "alloc"];
const ALL = LANGS.flatMap((l) => WORKLOADS.map((w) => `${l}-${w}`));
const SHOTS = path.join(REPO_ROOT, "target/screenshots");

function wat(name) {
  const file = path.join(REPO_ROOT, "tests/wat", `${name}.wat`);
  return execFileSync("python3", ["-c", "import sys, wasmtime; sys.stdout.buffer.write(wasmtime.wat2wasm(open(sys.argv[1]).read()))", file]);
}

/** Drops `bytes` as a file named `name` on the page, as a user dragging a .wasm would. */
async function drop(page, name, bytes) {
  await page.evaluate(
    ([name, b64]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: "application/wasm" }));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [name, Buffer.from(bytes).toString("base64")],
  );
}

/** Waits until `fn` (run in the page) returns true. */
async function until(page, fn, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(fn))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function shot(page, t, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${BROWSER}-${name}.jpg`);
  await page.screenshot({ path: file, fullPage: true, type: "jpeg", quality: 70 });
  t.diagnostic(`screenshot: ${path.relative(REPO_ROOT, file)}`);
}

/** Per chart: its datasets' numbers, and whether its canvas has any non-blank pixel. */
function chartsDrawn(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll(".charts canvas")].map((c) => {
        const chart = window.galleryCharts[c.id];
        const numbers = (chart?.data.datasets ?? []).flatMap((d) => d.data).flat().map((v) => (v && typeof v === "object" ? v.y : v)).filter((v) => typeof v === "number" && Number.isFinite(v));
        const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) inked++;
        return [c.id, { numbers: numbers.length, inked }];
      }),
    ),
  );
}

describe("www: the benchmark page", () => {
  let server;
  let browser;
  let newPage;
  let page;

  before(async () => {
    requirePackage();
    for (const g of ["rust-hello", "rust-trap", "rust-perms"]) guestPath(g);
    for (const g of ALL) {
      if (!fs.existsSync(path.join(REPO_ROOT, "www/out", `${g}.wasm`))) throw new Error(`www/out/${g}.wasm is missing: run bash www/build-guests.sh`);
    }
    server = await startServer({});
    ({ browser, newPage } = await launch());
    page = await newPage(`${server.url}/www/`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("paints within a second, fetching no guest before one is run", { timeout: 60_000 }, async () => {
    const cold = await newPage(`${server.url}/www/?cold=${Date.now()}`);
    await cold.waitForSelector("#pick input");
    const { paint, fetched } = await cold.evaluate(() => ({
      paint: performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint")?.startTime ?? null,
      fetched: performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname),
    }));
    await cold.close();
    assert.ok(paint !== null && paint < 1000, `first contentful paint at ${paint} ms`);
    assert.deepEqual(fetched.filter((p) => p.endsWith(".wasm") || p.endsWith("doc.json")), []);
  });

  it("measures the whole gallery 3 times on the page and in a worker, against the shim", { timeout: 600_000 }, async (t) => {
    const hosts = ["page", "worker", "async", "shim"];
    await page.goto(`${server.url}/www/?guests=${ALL.join(",")}&hosts=${hosts.join(",")}&reps=3&warmup=1&scale=quick`);
    await page.click("#go");
    await page.waitForSelector("body[data-gallery='done']", { timeout: 540_000 });
    const result = await page.evaluate(() => window.galleryResult);
    assert.equal(result.rows.length, ALL.length * hosts.length);
    // Ours on the page and in a worker run every guest, 3 recorded runs each.
    for (const r of result.rows.filter((r) => r.host === "page" || r.host === "worker")) {
      assert.equal(r.cannot, null, `${r.guest} on ${r.host}: ${r.cannot}`);
      assert.equal(r.stats.n, 3, `${r.guest} on ${r.host}`);
      assert.ok(r.stats.min > 0 && r.stats.min <= r.stats.median && r.stats.median <= r.stats.p95, JSON.stringify(r.stats));
    }
    // Every row of the table: a number in each cell, or "cannot run" and why.
    const cells = await page.$$eval("#table tbody tr", (trs) => trs.map((tr) => [...tr.cells].slice(2).map((c) => c.textContent)));
    assert.equal(cells.length, ALL.length * hosts.length);
    for (const row of cells) {
      if (row.length === 1) assert.match(row[0], /^cannot run: \S/, row.join(" | "));
      else for (const c of row) assert.match(c, /^(±)?\d+(\.\d+)?(×|%)?$/, row.join(" | "));
    }
    const cannot = result.rows.filter((r) => r.cannot).map((r) => `${r.guest} on ${r.host}: ${r.cannot}`);
    t.diagnostic(`cannot run: ${cannot.length ? cannot.join("; ") : "none"}`);
    // Every chart has data, and ink on its canvas.
    await page.selectOption("#syscalls-guest", "go-files");
    await page.evaluate(() => document.getElementById("syscalls-guest").dispatchEvent(new Event("change")));
    const drawn = await chartsDrawn(page);
    assert.deepEqual(Object.keys(drawn).sort(), ["chart-gc", "chart-sizes", "chart-syscalls", "chart-times", "chart-waterfall"]);
    for (const [id, d] of Object.entries(drawn)) {
      assert.ok(d.numbers > 0, `${id} has no data`);
      assert.ok(d.inked > 1000, `${id} is blank (${d.inked} pixels drawn)`);
    }
    // Go's GC was made to work, and its pauses read from its gctrace lines.
    const gc = result.rows.find((r) => r.guest === "go-alloc" && r.host === "page").gc;
    assert.ok(gc.length >= 2 && gc.every((p) => p.pauseMs >= 0), JSON.stringify(gc));
    // The sizes: Go's hello is far larger than C's, and every guest has a code section.
    assert.ok(result.sizes["go-hello"].bytes > 10 * result.sizes["c-hello"].bytes);
    for (const g of ALL) assert.ok(result.sizes[g].code > 0 && result.sizes[g].gzip > 0, g);
    // The export: JSON that parses and holds every recorded run.
    await page.click("#export-json");
    const exported = JSON.parse(await page.evaluate(() => fetch(document.getElementById("download").href).then((r) => r.text())));
    const recorded = result.rows.reduce((n, r) => n + (r.stats?.n ?? 0), 0);
    assert.equal(exported.runs.length, recorded);
    assert.deepEqual(exported.rows.map((r) => `${r.guest}/${r.host}`), result.rows.map((r) => `${r.guest}/${r.host}`));
    await page.click("#export-csv");
    const csv = await page.evaluate(() => fetch(document.getElementById("download").href).then((r) => r.text()));
    assert.equal(csv.trim().split("\n").length, 1 + recorded + cannot.length);
    await shot(page, t, "gallery");
  });

  it("keeps a baseline across a reload and shows the next run against it", { timeout: 120_000 }, async (t) => {
    const url = `${server.url}/www/?guests=c-hello,go-hello&hosts=page&reps=3&warmup=1&scale=quick`;
    await page.goto(url);
    await page.click("#go");
    await page.waitForSelector("body[data-gallery='done']", { timeout: 60_000 });
    await page.fill("#baseline-name", "before");
    await page.click("#save-baseline");
    await page.goto(`${url}&baseline=before`);
    assert.equal(await page.$eval("#baseline", (s) => s.value), "before");
    await page.click("#go");
    await page.waitForSelector("body[data-gallery='done']", { timeout: 60_000 });
    const heads = await page.$$eval("#table thead th", (ths) => ths.map((th) => th.textContent));
    assert.equal(heads.at(-1), "vs baseline");
    const ratios = await page.$$eval("#table tbody tr", (trs) => trs.map((tr) => tr.cells[tr.cells.length - 1].textContent));
    assert.equal(ratios.length, 2);
    for (const r of ratios) assert.match(r, /^\d+\.\d\d×$/);
    await shot(page, t, "baseline");
  });

  it("measures the user's own guest beside the gallery's, with the form's args, env and stdin", { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/www/?guests=c-hello&hosts=page,worker,shim&reps=2&warmup=0&scale=quick`);
    await drop(page, "mine.wasm", fs.readFileSync(guestPath("rust-hello")));
    await page.click("#yours");
    await page.click("#go");
    await page.waitForSelector("body[data-gallery='done']", { timeout: 60_000 });
    const result = await page.evaluate(() => window.galleryResult);
    const mine = result.rows.filter((r) => r.guest === "yours: mine.wasm");
    assert.deepEqual(mine.map((r) => r.host), ["page", "worker", "shim"]);
    for (const r of mine.filter((r) => r.host !== "shim")) assert.equal(r.stats?.n, 2, `${r.host}: ${r.cannot}`);
    // Its output on every host that ran it was the same as on the page (else it would say so).
    assert.ok(mine.every((r) => r.stats || /^(wrong output|exited|failed)/.test(r.cannot)), JSON.stringify(mine));
    assert.ok(result.details["yours: mine.wasm"].trace.fd_write.calls > 0);
  });

  it("stops a run when asked, showing what finished", { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/www/?guests=go-alloc,rust-alloc&hosts=page,worker&reps=50&warmup=0&scale=full`);
    await page.click("#go");
    await page.waitForSelector("body[data-gallery='running']");
    await until(page, () => document.getElementById("progress").value >= 2, 60_000);
    await page.click("#stop");
    await page.waitForSelector("body[data-gallery='stopped']", { timeout: 60_000 });
    assert.match(await page.textContent("#progress-text"), /^Stopped/);
    const result = await page.evaluate(() => window.galleryResult);
    assert.ok(result.runs.length < 200, `${result.runs.length} runs`);

    // Your guest that never exits, in a worker: Stop kills it, the page goes on.
    await page.goto(`${server.url}/www/?guests=&hosts=worker&reps=1&warmup=0`);
    await drop(page, "spin.wasm", wat("spin"));
    await page.click("#yours");
    await page.click("#go");
    await page.waitForSelector("body[data-gallery='running']");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await page.evaluate(() => 6 * 7), 42);
    await page.click("#stop");
    await page.waitForSelector("body[data-gallery='stopped']", { timeout: 30_000 });
    assert.deepEqual(page.pageErrors, []);
  });

  it("runs a bundled guest, a trap, and keeps working", { timeout: 60_000 }, async () => {
    await page.goto(`${server.url}/www/`);
    await page.click("#run");
    await page.waitForSelector("body[data-runs='1']", { timeout: 30_000 });
    assert.equal(await page.textContent("#status"), "exit code 0");
    assert.match(await page.textContent("#stdout"), /^argv\[0\]=hello\nargv\[1\]=a1\nargv\[2\]=two words\nA=1\nB=2\nstdin=12 bytes: line1\\nline2\\n\n/);
    assert.equal(await page.textContent("#stderr"), "to stderr\n");
    const phases = await page.$$eval("#phases tbody tr td:first-child", (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(phases, ["init (host .wasm)", "fetch", "compile", "run in a worker (start → exit)"]);
    await page.selectOption("#guest", "rust-trap");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='2']", { timeout: 30_000 });
    assert.match(await page.textContent("#status"), /guest trapped: .*unreachable/);
    assert.equal(await page.textContent("#stdout"), "before trap\n");
    assert.deepEqual(page.pageErrors, []);
  });

  it("says what a malformed .wasm, a guest that never exits and 100 MiB of stdout did", { timeout: 120_000 }, async (t) => {
    await page.goto(`${server.url}/www/`);
    await drop(page, "broken.wasm", Buffer.from("\0asm\x01\0\0\0this is not a module"));
    await page.click("#run");
    await page.waitForSelector("body[data-runs='1']", { timeout: 30_000 });
    assert.match(await page.textContent("#status"), /^not a runnable module: .*(section|byte|expected|invalid)/i);

    await drop(page, "spin.wasm", wat("spin"));
    await page.click("#run");
    await until(page, () => !document.getElementById("kill").disabled);
    // The page answers while the guest spins (it runs in a worker).
    assert.equal(await page.evaluate(() => 6 * 7), 42);
    await page.click("#kill");
    await page.waitForSelector("body[data-runs='2']", { timeout: 30_000 });
    assert.equal(await page.textContent("#status"), "stopped (the worker was killed)");

    await drop(page, "flood.wasm", wat("flood"));
    await page.click("#run");
    await page.waitForSelector("body[data-runs='3']", { timeout: 90_000 });
    assert.equal(await page.textContent("#status"), "exit code 0");
    const out = await page.textContent("#stdout");
    assert.ok(out.startsWith("x".repeat(65536) + "\n… (104,857,600 bytes in all"), out.slice(65530, 65600));

    // And a bundled guest still runs.
    await page.evaluate(() => document.getElementById("file").dispatchEvent(new Event("change")));
    await page.selectOption("#guest", "rust-hello");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='4']", { timeout: 30_000 });
    assert.equal(await page.textContent("#status"), "exit code 0");
    assert.deepEqual(page.pageErrors, []);
    await shot(page, t, "single-run");
  });

  it("runs a REPL in a worker that answers in the terminal as you type", { timeout: 60_000 }, async (t) => {
    await page.goto(`${server.url}/www/`);
    await page.selectOption("#guest", "c-repl");
    await page.click("#interactive");
    await page.click("#run");
    await until(page, () => !document.getElementById("kill").disabled);
    await page.click("#terminal");
    const screen = () => page.evaluate(() => {
      const b = window.galleryTerminal.buffer.active;
      return Array.from({ length: b.length }, (_, i) => b.getLine(i).translateToString(true).trimEnd()).join("\n").trimEnd();
    });
    await page.keyboard.type("hello there");
    await page.keyboard.press("Enter");
    await until(page, () => window.galleryTerminal.buffer.active.getLine(1)?.translateToString(true).startsWith(">"));
    // The answer came while the guest runs: it is still waiting for the next line.
    assert.equal(await page.textContent("#status"), "not run yet");
    await page.keyboard.type("abcx");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Enter");
    await until(page, () => window.galleryTerminal.buffer.active.getLine(3)?.translateToString(true).startsWith(">"));
    await page.keyboard.down("Control");
    await page.keyboard.press("d");
    await page.keyboard.up("Control");
    await page.waitForSelector("body[data-runs='1']", { timeout: 30_000 });
    assert.equal(await screen(), "hello there\n> HELLO THERE\nabc\n> ABC\nbye");
    assert.equal(await page.textContent("#status"), "exit code 0");
    await shot(page, t, "terminal");
  });

  it("attaches a manifest to the guest and lists what it was refused", { timeout: 60_000 }, async () => {
    await page.goto(`${server.url}/www/`);
    await page.selectOption("#guest", "rust-perms");
    await page.fill("#perms", '{"version":1,"fs":{"read":["/data"],"write":["/data/out"]},"env":["A"]}');
    await page.selectOption("#perms-mode", "embed");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='1']", { timeout: 30_000 });
    assert.equal(await page.textContent("#status"), "exit code 0");
    assert.equal(await page.textContent("#embedded"), '{"version":1,"fs":{"read":["/data"],"write":["/data/out"]},"env":["A"],"args":false}');
    const stdout = await page.textContent("#stdout");
    assert.match(stdout, /^read \/data\/in\.txt: ok "input"$/m);
    assert.match(stdout, /^read \/database\/x: err Permission denied/m);
    const rows = await page.$$eval("#denials tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent).join(" ")));
    assert.ok(rows.includes("path_open /database/x read 1"), rows.join("\n"));
    assert.ok(rows.includes("environ_get B env 1"), rows.join("\n"));
    // A malformed manifest is refused with the field named, and the page goes on.
    await page.fill("#perms", '{"version":1,"fs":{"read":["data"]}}');
    await page.selectOption("#perms-mode", "host");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='2']", { timeout: 30_000 });
    assert.match(await page.textContent("#status"), /perms: fs\.read\[0\]: "data" is not an absolute path/);
    assert.equal(await page.textContent("#stdout"), "");
    assert.deepEqual(page.pageErrors, []);
  });

  it("builds as static files (npm run build:www) that serve the same page", { timeout: 120_000 }, async () => {
    execFileSync("node", [path.join(REPO_ROOT, "scripts/build-www.mjs")], { cwd: REPO_ROOT, stdio: "pipe" });
    const dist = path.join(REPO_ROOT, "dist/www");
    for (const g of ALL) assert.ok(fs.existsSync(path.join(dist, "out", `${g}.wasm`)), g);
    const staticServer = await startServer({ root: dist });
    try {
      const p = await newPage(`${staticServer.url}/?guests=c-json,go-hello&hosts=page,worker,shim&reps=1&warmup=0&scale=quick`);
      await p.click("#go");
      await p.waitForSelector("body[data-gallery='done']", { timeout: 60_000 });
      const result = await p.evaluate(() => window.galleryResult);
      for (const r of result.rows.filter((r) => r.host !== "shim")) assert.equal(r.cannot, null, `${r.guest} on ${r.host}: ${r.cannot}`);
      assert.equal(result.runs.length, result.rows.filter((r) => !r.cannot).length);
      await p.click("#run");
      await p.waitForSelector("body[data-runs='1']", { timeout: 30_000 });
      assert.equal(await p.textContent("#status"), "exit code 0");
      assert.deepEqual(p.pageErrors, []);
      await p.close();
    } finally {
      await staticServer.close();
    }
  });
});
