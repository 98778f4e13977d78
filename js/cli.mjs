#!/usr/bin/env node
// `wasip1-web run`: runs a wasip1 program in headless Chrome/Chromium through this package, as
// a page would, from the terminal — stdout and stderr streamed as the guest writes them, the
// terminal's stdin streamed to the guest, the guest's exit code as the runner's (134 after a
// trap, as `wasmtime run` on Linux). (Source; scripts/build.sh copies it into pkg/.)
//
//   wasip1-web run [--env NAME=VALUE | --env NAME]... [--worker | --page] [--perms FILE]
//                  [--trace FILE] [--browser PATH] <guest.wasm> [args...]
//
// Not yet: --dir (a live host directory needs the file backend seam of issue 11).

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PKG = path.dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: wasip1-web run [--env NAME=VALUE | --env NAME]... [--worker | --page] [--perms FILE]
                      [--trace FILE] [--browser PATH] <guest.wasm> [args...]`;
const BROWSER_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"];

function fail(message, code = 2) {
  process.stderr.write(`wasip1-web: ${message}\n`);
  process.exit(code);
}

/** The command line as options; the guest's own arguments start at the .wasm. */
function parse(argv) {
  if (argv[0] !== "run") fail(`unknown or missing command${argv[0] ? ` "${argv[0]}"` : ""}\n${USAGE}`);
  const o = { env: {}, where: "worker", perms: null, trace: null, browser: null, guest: null, args: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`${a} needs a value\n${USAGE}`);
    if (a === "--env") {
      const kv = value();
      const eq = kv.indexOf("=");
      if (eq > 0) o.env[kv.slice(0, eq)] = kv.slice(eq + 1);
      else if (process.env[kv] !== undefined) o.env[kv] = process.env[kv];
    } else if (a === "--worker" || a === "--page") o.where = a.slice(2);
    else if (a === "--perms") o.perms = fs.readFileSync(value(), "utf8");
    else if (a === "--trace") o.trace = value();
    else if (a === "--browser") o.browser = value();
    else if (a === "--dir") fail("--dir is not supported yet (a live host directory needs the file backend of issue 11)");
    else if (a.startsWith("--")) fail(`unknown option ${a}\n${USAGE}`);
    else {
      o.guest = a;
      o.args = [path.basename(a), ...argv.slice(i + 1)];
      break;
    }
  }
  if (!o.guest) fail(`no guest .wasm given\n${USAGE}`);
  if (!fs.existsSync(o.guest)) fail(`${o.guest}: no such file`);
  return o;
}

/** The browser to drive: --browser, $CHROME_PATH, then the usual names on $PATH. */
function findBrowser(given) {
  const tried = [];
  for (const candidate of [given, process.env.CHROME_PATH].filter(Boolean)) {
    tried.push(candidate);
    if (fs.existsSync(candidate)) return candidate;
  }
  for (const name of BROWSER_NAMES) {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
    tried.push(name);
  }
  fail(
    `no Chrome or Chromium found (tried ${tried.join(", ")}). Install one (Debian: apt-get install chromium), ` +
      "or give its path with --browser PATH or CHROME_PATH",
    127,
  );
}

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { run, runInWorker } from "/pkg/index.js";
const o = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const b64 = (c) => { let s = ""; for (let i = 0; i < c.length; i += 0x8000) s += String.fromCharCode(...c.subarray(i, i + 0x8000)); return btoa(s); };
const out = (fd) => (c) => window.__write(fd, b64(c));
const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
const options = { args: o.args, env: o.env, stdout: out(1), stderr: out(2), tty: o.tty, ...(o.perms && { perms: o.perms }), ...(o.trace && { trace: true }) };
window.__start = async () => {
  let exit;
  if (o.where === "worker") {
    const handle = await runInWorker("/guest.wasm", options);
    window.__stdin = { write: (s) => handle.stdin.write(bytes(s)), close: () => handle.stdin.close() };
    window.__ready();
    exit = await handle.exited;
  } else {
    // On the page: stdin is a stream of what the terminal sends, read as an async source.
    let input;
    const stdin = new ReadableStream({ start: (c) => (input = c) });
    window.__stdin = { write: (s) => input.enqueue(bytes(s)), close: () => input.close() };
    window.__ready();
    const r = await run("/guest.wasm", { ...options, stdin });
    exit = { exitCode: r.exitCode, error: r.error, trace: r.trace };
  }
  return { exitCode: exit.exitCode, error: exit.error ? String(exit.error.message ?? exit.error) : null, trace: exit.trace ?? null };
};
</script>`;

async function main() {
  const o = parse(process.argv.slice(2));
  const executablePath = findBrowser(o.browser);
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    fail("the playwright-core package is missing (npm install playwright-core)");
  }
  const guest = fs.readFileSync(o.guest);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp", "Cache-Control": "no-store" };
    if (url.pathname === "/") return res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(PAGE);
    if (url.pathname === "/guest.wasm") return res.writeHead(200, { ...headers, "Content-Type": "application/wasm" }).end(guest);
    const file = path.join(PKG, path.normalize(url.pathname.replace(/^\/pkg\//, "/")));
    if (!url.pathname.startsWith("/pkg/") || !file.startsWith(PKG) || !fs.existsSync(file)) return res.writeHead(404, headers).end();
    const type = file.endsWith(".wasm") ? "application/wasm" : "text/javascript";
    res.writeHead(200, { ...headers, "Content-Type": type }).end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  let code = 1;
  try {
    const page = await browser.newPage();
    await page.exposeFunction("__write", (fd, b64) => (fd === 1 ? process.stdout : process.stderr).write(Buffer.from(b64, "base64")));
    let ready;
    const readyP = new Promise((r) => (ready = r));
    await page.exposeFunction("__ready", () => ready());
    const spec = { args: o.args, env: o.env, where: o.where, perms: o.perms, trace: !!o.trace, tty: { stdin: !!process.stdin.isTTY, stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY } };
    await page.goto(`http://127.0.0.1:${server.address().port}/#${encodeURIComponent(JSON.stringify(spec))}`);
    await page.waitForFunction(() => typeof window.__start === "function");
    const done = page.evaluate(() => window.__start());
    await readyP;
    // The terminal's stdin, streamed in as it comes; end of file when it ends.
    process.stdin.on("data", (chunk) => page.evaluate((s) => window.__stdin.write(s), chunk.toString("base64")).catch(() => {}));
    process.stdin.on("end", () => page.evaluate(() => window.__stdin.close()).catch(() => {}));
    const r = await done;
    if (o.trace && r.trace) fs.writeFileSync(o.trace, JSON.stringify(r.trace, (k, v) => (typeof v === "bigint" ? Number(v) : v), 2));
    if (r.error) {
      process.stderr.write(`Error: ${r.error}\n`);
      code = 134;
    } else code = r.exitCode ?? 1;
  } finally {
    process.stdin.destroy();
    await browser.close();
    server.close();
  }
  process.exit(code);
}

main().catch((e) => fail(e?.stack ?? String(e), 1));
