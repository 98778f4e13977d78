#!/usr/bin/env node
// `wasip1-web run`: runs a wasip1 program in headless Chrome/Chromium through this package, as
// a page would, from the terminal — stdout and stderr streamed as the guest writes them, the
// terminal's stdin streamed to the guest, the guest's exit code as the runner's (134 after a
// trap, as `wasmtime run` on Linux). (Source; scripts/build.sh copies it into pkg/.)
//
//   wasip1-web run [--dir HOST[::GUEST]]... [--env NAME=VALUE | --env NAME]... [--worker | --page]
//                  [--perms FILE] [--trace FILE] [--browser chromium|firefox|PATH] <guest.wasm> [args...]
//   wasip1-web stop [--browser chromium|firefox|PATH]
//
// Chromium (or Chrome) through playwright-core by default; Firefox (Debian's firefox-esr, or
// firefox) through puppeteer-core over WebDriver BiDi, which the app installs beside this package
// (an optional peer dependency: `npm install puppeteer-core`).
//
// --dir is live: the guest's file calls reach the host's files while it runs, through
// synchronous requests from its worker to this process's server (hostFs below), one directory
// listed at a time as the guest looks into it; the sandbox rules are the in-memory
// filesystem's (the guest's paths are resolved by the host in the browser, never here).

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PKG = path.dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: wasip1-web run [--dir HOST[::GUEST]]... [--env NAME=VALUE | --env NAME]... [--worker | --page]
                      [--perms FILE] [--trace FILE] [--browser chromium|firefox|PATH] <guest.wasm> [args...]`;
const BROWSER_NAMES = {
  chromium: ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"],
  firefox: ["firefox-esr", "firefox"],
};
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"];

function fail(message, code = 2) {
  process.stderr.write(`wasip1-web: ${message}\n`);
  process.exit(code);
}

/** The command line as options; the guest's own arguments start at the .wasm. */
function parse(argv) {
  if (argv[0] !== "run") fail(`unknown or missing command${argv[0] ? ` "${argv[0]}"` : ""}\n${USAGE}`);
  const o = { env: {}, dirs: [], where: "worker", perms: null, trace: null, browser: null, guest: null, args: [] };
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
    else if (a === "--dir") {
      const v = value();
      const sep = v.indexOf("::");
      const host = sep < 0 ? v : v.slice(0, sep);
      const guest = sep < 0 ? v : v.slice(sep + 2);
      if (!fs.existsSync(host) || !fs.statSync(host).isDirectory()) fail(`--dir ${v}: ${host} is not a directory`);
      o.dirs.push({ host: path.resolve(host), guest });
    }
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

/**
 * The browser to drive, `{ path, kind }`: `--browser firefox` (or `chromium`) looks for that
 * browser's usual names on $PATH; `--browser PATH` is that executable (Firefox when its name says
 * so); with neither, $CHROME_PATH, then Chromium's names on $PATH.
 */
function findBrowser(given) {
  const kind = given === "firefox" || (given && /firefox/i.test(path.basename(given))) ? "firefox" : "chromium";
  const named = given === "firefox" || given === "chromium";
  const tried = [];
  for (const candidate of [named ? null : given, kind === "chromium" && process.env.CHROME_PATH].filter(Boolean)) {
    tried.push(candidate);
    if (fs.existsSync(candidate)) return { path: candidate, kind };
  }
  for (const name of BROWSER_NAMES[kind]) {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return { path: p, kind };
    }
    tried.push(name);
  }
  const [what, pkg, env] = kind === "firefox" ? ["Firefox", "firefox-esr", ""] : ["Chrome or Chromium", "chromium", " or CHROME_PATH"];
  fail(`no ${what} found (tried ${tried.join(", ")}). Install one (Debian: apt-get install ${pkg}), or give its path with --browser PATH${env}`, 127);
}

/** Stops with a clear message when the npm package that drives `kind` is not installed. */
function requireDriver(kind) {
  const name = kind === "firefox" ? "puppeteer-core" : "playwright-core";
  try {
    import.meta.resolve(name);
  } catch {
    fail(`the ${name} package is missing: it drives ${kind === "firefox" ? "Firefox" : "Chromium"} (npm install ${name})`);
  }
}

/**
 * Launches the browser: `{ newContext(), close() }`, a context being a fresh profile's worth of
 * storage. The pages of both drivers share the calls used here (exposeFunction, goto,
 * waitForFunction, evaluate).
 */
async function launchBrowser({ path: executablePath, kind }) {
  if (kind === "firefox") {
    const { default: puppeteer } = await import("puppeteer-core");
    // No limit on one call: a guest runs as long as it runs (go test sets its own timeouts).
    const browser = await puppeteer.launch({ browser: "firefox", executablePath, headless: true, protocol: "webDriverBiDi", protocolTimeout: 0 });
    return { newContext: () => browser.createBrowserContext(), close: () => browser.close() };
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  return { newContext: () => browser.newContext(), close: () => browser.close() };
}

// WASI errno numbers of the host's error codes.
const ERRNO = { E2BIG: 1, EACCES: 2, EAGAIN: 6, EBADF: 8, EBUSY: 10, EEXIST: 20, EFBIG: 22, EINVAL: 28, EIO: 29, EISDIR: 31, ELOOP: 32,
  EMLINK: 34, ENAMETOOLONG: 37, ENOENT: 44, ENOSPC: 51, ENOTDIR: 54, ENOTEMPTY: 55, ENOTSUP: 58, EPERM: 63, EROFS: 69, EXDEV: 75 };

/**
 * The host folders of --dir, as the worker's HostBackend (js/mount.js) asks for them: files and
 * directories are named by id (`dev:ino`, learnt from listings), so a file stays the same file
 * when it or a directory above it is renamed; files are opened once, when first read or written.
 * Names are checked again here (one component, not `.` or `..`): a request never reaches
 * outside the directory it names. Answers `(status, headers, body)`.
 */
function hostFs() {
  const paths = new Map(); // id -> host path
  const fds = new Map(); // id -> fd
  const idOf = (p, st = fs.lstatSync(p, { bigint: true })) => {
    const id = `${st.dev}:${st.ino}`;
    paths.set(id, p);
    return id;
  };
  const entry = (name, p) => {
    const st = fs.lstatSync(p, { bigint: true });
    const kind = st.isDirectory() ? 1 : st.isSymbolicLink() ? 2 : st.isCharacterDevice() ? 3 : 0;
    return [name, kind, idOf(p, st), st.size, st.atimeNs, st.mtimeNs, st.ctimeNs, kind === 2 ? fs.readlinkSync(p) : ""].join("\0");
  };
  const where = (id) => {
    const p = paths.get(id);
    if (p === undefined) throw Object.assign(new Error("unknown id"), { code: "EBADF" });
    return p;
  };
  const child = (dir, name) => {
    if (!name || name === "." || name === ".." || name.includes("/") || name.includes("\0")) throw Object.assign(new Error("bad name"), { code: "EINVAL" });
    return path.join(where(dir), name);
  };
  const fdOf = (id) => {
    let fd = fds.get(id);
    if (fd === undefined) {
      try {
        fd = fs.openSync(where(id), "r+");
      } catch (e) {
        if (e.code !== "EACCES" && e.code !== "EROFS") throw e;
        fd = fs.openSync(where(id), "r");
      }
      fds.set(id, fd);
    }
    return fd;
  };
  const ops = {
    list: ({ dir }) => fs.readdirSync(where(dir)).map((n) => entry(n, path.join(where(dir), n))).join("\0"),
    create: ({ dir, name, kind, target }) => {
      const p = child(dir, name);
      if (kind === "0") fs.closeSync(fs.openSync(p, "wx"));
      else if (kind === "1") fs.mkdirSync(p);
      else fs.symlinkSync(target, p);
      return entry(name, p);
    },
    remove: ({ dir, name, isDir }) => (isDir === "1" ? fs.rmdirSync(child(dir, name)) : fs.unlinkSync(child(dir, name)), 0),
    rename: ({ dir, name, to, toName }) => {
      const from = child(dir, name);
      const dest = child(to, toName);
      fs.renameSync(from, dest);
      for (const [id, p] of paths) if (p === from || p.startsWith(`${from}/`)) paths.set(id, dest + p.slice(from.length));
      return 0;
    },
    link: ({ file, dir, name }) => (fs.linkSync(where(file), child(dir, name)), 0),
    // (Seconds as a double: a few hundred ns of the guest's nanoseconds may round away.)
    times: ({ id, atim, mtim }) => (fs.utimesSync(where(id), Number(BigInt(atim)) / 1e9, Number(BigInt(mtim)) / 1e9), 0),
    read: ({ id, at, len }, body) => {
      const buf = Buffer.alloc(Number(len));
      const n = fs.readSync(fdOf(id), buf, 0, buf.length, Number(at));
      return buf.subarray(0, n);
    },
    write: ({ id, at }, body) => fs.writeSync(fdOf(id), body, 0, body.length, Number(at)),
    // (O_TRUNC of a device, /dev/null, truncates nothing, as on Linux.)
    truncate: ({ id, len }) => (fs.fstatSync(fdOf(id)).isFile() && fs.ftruncateSync(fdOf(id), Number(len)), 0),
    sync: ({ id }) => (fs.fsyncSync(fdOf(id)), 0),
    size: ({ id }) => Number(fs.fstatSync(fdOf(id)).size),
  };
  return {
    root: (p) => idOf(p),
    handle(op, query, body) {
      try {
        const r = ops[op](query, body);
        if (Buffer.isBuffer(r)) return [200, { "Content-Type": "application/octet-stream" }, r];
        return [200, { "Content-Type": "application/json" }, JSON.stringify({ r })];
      } catch (e) {
        return [200, { "x-errno": String(ERRNO[e.code] ?? 29) }, ""];
      }
    },
    close: () => fds.forEach((fd) => fs.closeSync(fd)),
  };
}

// The runner's page: `__start(spec)` runs one guest (in a worker by default) with the options of
// the command line; stdout/stderr go out through `__write` as they come, stdin comes in through
// `__stdin` once `__ready` was called.
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import init, { run, runInWorker, prepareWorkers } from "/pkg/index.js";
const b64 = (c) => { let s = ""; for (let i = 0; i < c.length; i += 0x8000) s += String.fromCharCode(...c.subarray(i, i + 0x8000)); return btoa(s); };
// Each write's promise settles once the runner has it: a run answers after the last (puppeteer's
// Firefox may deliver an exposed function's calls after an evaluate that follows them).
const writes = new Set();
const out = (fd) => (c) => {
  const p = window.__write(fd, b64(c));
  writes.add(p);
  p.finally(() => writes.delete(p));
};
const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
await Promise.all([init(), prepareWorkers()]);
window.__start = async (o) => {
  const options = { args: o.args, env: o.env, stdout: out(1), stderr: out(2), tty: o.tty, ...(o.perms && { perms: o.perms }), ...(o.trace && { trace: true }),
    ...(o.dirs.length && { preopens: Object.fromEntries(o.dirs.map((d) => [d.guest, { wasip1Mount: "host", url: o.fsUrl, root: d.root }])) }) };
  let exit;
  if (o.where === "worker") {
    const handle = await runInWorker(o.guestUrl, options);
    window.__stdin = { write: (s) => handle.stdin.write(bytes(s)), close: () => handle.stdin.close() };
    window.__ready();
    exit = await handle.exited;
  } else {
    // On the page: stdin is a stream of what the terminal sends, read as an async source.
    let input;
    const stdin = new ReadableStream({ start: (c) => (input = c) });
    window.__stdin = { write: (s) => input.enqueue(bytes(s)), close: () => input.close() };
    window.__ready();
    const r = await run(o.guestUrl, { ...options, stdin });
    exit = { exitCode: r.exitCode, error: r.error, trace: r.trace };
  }
  await Promise.allSettled(writes);
  return { exitCode: exit.exitCode, error: exit.error ? String(exit.error.message ?? exit.error) : null, trace: exit.trace ?? null };
};
window.__loaded = true;
</script>`;

const HEADERS = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp", "Cache-Control": "no-store" };

/**
 * The browser side of runs: one browser, one local server (the page, the package — its runner
 * build, pkg/runner/, in place of pkg/'s polyfill —, each run's guest and host folders under a
 * token of its own), and a fresh browser context per run, made ready (page loaded, polyfill
 * initialised) before the run that will use it arrives: no cookies, storage or OPFS carried from
 * one run to the next.
 */
async function session(which) {
  const runs = new Map(); // token -> { guest, host, io }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/") return res.writeHead(200, { ...HEADERS, "Content-Type": "text/html" }).end(PAGE);
    const m = /^\/run\/([a-z0-9]+)\/(guest\.wasm|fs\/(\w+))$/.exec(url.pathname);
    if (m) {
      const r = runs.get(m[1]);
      if (!r) return res.writeHead(404, HEADERS).end();
      if (m[2] === "guest.wasm") return res.writeHead(200, { ...HEADERS, "Content-Type": "application/wasm" }).end(r.guest);
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const [status, h, body] = r.host.handle(m[3], Object.fromEntries(url.searchParams), Buffer.concat(chunks));
      return res.writeHead(status, { ...HEADERS, ...h }).end(body);
    }
    const rel = path.normalize(url.pathname.replace(/^\/pkg\//, "/"));
    // Both builds' .wasm (pkg/ and pkg/full/) are served as the runner's, with its JS.
    const variant = path.join(PKG, "runner", rel.replace(/^\/full\//, "/"));
    const file = /^\/((full\/)?wasip1_web_bg\.wasm|wasip1_web\.js|snippets\/)/.test(rel) && fs.existsSync(variant) ? variant : path.join(PKG, rel);
    if (!url.pathname.startsWith("/pkg/") || !file.startsWith(PKG) || !fs.existsSync(file)) return res.writeHead(404, HEADERS).end();
    const type = file.endsWith(".wasm") ? "application/wasm" : "text/javascript";
    res.writeHead(200, { ...HEADERS, "Content-Type": type }).end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchBrowser(which);
  // A context with the page loaded, for the next run.
  const prepare = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const slot = { io: null, ready: null };
    await page.exposeFunction("__write", (fd, b64) => slot.io?.write(fd, Buffer.from(b64, "base64")));
    await page.exposeFunction("__ready", () => slot.ready?.());
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__loaded === true);
    return { context, page, slot };
  };
  let next = prepare();
  next.catch(() => {});
  let active = 0;
  return {
    get active() {
      return active;
    },
    /** Runs `o` (the parsed command line, guest bytes in `o.bytes`); `io` gets stdout/stderr and gives stdin. */
    async run(o, io) {
      active++;
      // The ready context is this run's alone (runs may come together: go test runs packages in
      // parallel); others make their own.
      const taken = next ?? prepare();
      next = null;
      const { context, page, slot } = await taken.catch(() => prepare());
      const token = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
      const host = hostFs();
      runs.set(token, { guest: o.bytes, host });
      try {
        slot.io = io;
        const ready = new Promise((r) => (slot.ready = r));
        const spec = {
          args: o.args, env: o.env, where: o.where, perms: o.perms, trace: !!o.trace, tty: o.tty,
          guestUrl: `/run/${token}/guest.wasm`, fsUrl: `/run/${token}/fs`,
          dirs: o.dirs.map((d) => ({ guest: d.guest, root: host.root(d.host) })),
        };
        const done = page.evaluate((spec) => window.__start(spec), spec);
        await Promise.race([ready, done]);
        io.onStdin(
          (chunk) => page.evaluate((s) => window.__stdin.write(s), chunk.toString("base64")).catch(() => {}),
          () => page.evaluate(() => window.__stdin.close()).catch(() => {}),
        );
        return await done;
      } finally {
        runs.delete(token);
        host.close();
        // The next run's context is made once this one is done (not beside it: the machine's
        // cores go to the guest that runs), and this one closed meanwhile.
        context.close().catch(() => {});
        if (!next) {
          next = prepare();
          next.catch(() => {});
        }
        active--;
      }
    },
    async close() {
      await browser.close().catch(() => {});
      server.close();
    },
  };
}

// ---- a warm browser, reused between runs ---------------------------------------------------
//
// The first run starts a daemon (this file with --serve) that keeps a session — the browser,
// its server, a context ready for the next run — and listens on a unix socket; each run is a
// thin client that sends its command line and relays stdio (one JSON message per line). The
// daemon stops once no run has been active for WASIP1_WEB_WARM_IDLE_MS (default 30 s), or at
// `wasip1-web stop`. WASIP1_WEB_WARM=0: a session of its own per run, in the run's process.
const IDLE_MS = Number(process.env.WASIP1_WEB_WARM_IDLE_MS ?? 30_000);

function socketPath({ path: executablePath }) {
  const dir = path.join(os.tmpdir(), `wasip1-web-${process.getuid?.() ?? "user"}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let h = 0;
  for (const c of `${executablePath}\0${PKG}`) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return path.join(dir, `daemon-${h.toString(16)}.sock`);
}

/** Splits a stream into JSON messages, one per line. */
function messages(stream, onMessage) {
  let buf = "";
  stream.setEncoding("utf8");
  stream.on("data", (d) => {
    buf += d;
    for (let i; (i = buf.indexOf("\n")) >= 0; ) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line) onMessage(JSON.parse(line));
    }
  });
}

/** The daemon: a session served on `sock` until idle. */
async function serve(which, sock) {
  const s = await session(which);
  let last = Date.now();
  const server = net.createServer((conn) => {
    let stdin = null;
    let eof = false;
    const pending = [];
    const send = (m) => conn.writable && conn.write(`${JSON.stringify(m)}\n`);
    messages(conn, async (m) => {
      if (m.t === "in") return stdin ? stdin.data(Buffer.from(m.d, "base64")) : pending.push(Buffer.from(m.d, "base64"));
      if (m.t === "eof") return stdin ? stdin.end() : (eof = true);
      if (m.t === "stop") return stop();
      if (m.t !== "run") return;
      const io = {
        write: (fd, b) => send({ t: "out", fd, d: b.toString("base64") }),
        onStdin(data, end) {
          stdin = { data, end };
          for (const b of pending.splice(0)) data(b);
          if (eof) end();
        },
      };
      try {
        const r = await s.run({ ...m.o, bytes: fs.readFileSync(m.o.guest) }, io);
        send({ t: "exit", r });
      } catch (e) {
        send({ t: "exit", r: { exitCode: null, error: `the runner failed: ${e?.message ?? e}`, trace: null } });
      } finally {
        last = Date.now();
        conn.end();
      }
    });
  });
  fs.rmSync(sock, { force: true });
  await new Promise((r) => server.listen(sock, r));
  const stop = async () => {
    server.close();
    fs.rmSync(sock, { force: true });
    await s.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  setInterval(() => {
    if (s.active === 0 && Date.now() - last > IDLE_MS) stop();
  }, Math.min(1000, IDLE_MS / 2));
}

/** Connects to the daemon for the browser `which`, starting it when there is none. */
async function daemon(which) {
  const sock = socketPath(which);
  const connect = () =>
    new Promise((resolve, reject) => {
      const c = net.connect(sock, () => resolve(c));
      c.once("error", reject);
    });
  try {
    return await connect();
  } catch {}
  // None: start one — one, even when runs start together (the lock; a stale one is 20 s old).
  const lock = `${sock}.lock`;
  let mine = false;
  try {
    fs.closeSync(fs.openSync(lock, "wx"));
    mine = true;
  } catch {
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs > 20_000) fs.rmSync(lock, { force: true });
    } catch {}
  }
  if (mine) spawn(process.execPath, [fileURLToPath(import.meta.url), "--serve", JSON.stringify(which), sock], { detached: true, stdio: "ignore" }).unref();
  try {
    for (let t = Date.now(); Date.now() - t < 20_000; await new Promise((r) => setTimeout(r, 20))) {
      try {
        return await connect();
      } catch {}
    }
  } finally {
    if (mine) fs.rmSync(lock, { force: true });
  }
  fail("the warm browser did not start in 20 s (WASIP1_WEB_WARM=0 runs without it)", 1);
}

/** `wasip1-web stop [--browser chromium|firefox|PATH]`: stops that warm browser now. */
async function stop(which) {
  const sock = socketPath(which);
  const c = await new Promise((resolve) => {
    const c = net.connect(sock, () => resolve(c));
    c.once("error", () => resolve(null));
  });
  if (c) {
    c.end(`${JSON.stringify({ t: "stop" })}\n`);
  }
}

async function main() {
  const o = parse(process.argv.slice(2));
  const which = findBrowser(o.browser);
  requireDriver(which.kind);
  if (o.dirs.length && o.where === "page") fail("--dir needs --worker (its files are read with synchronous requests, which only a worker may make)");
  // A reader that went away (`| head`) ends the output, not the runner.
  for (const s of [process.stdout, process.stderr]) s.on("error", () => {});
  o.guest = path.resolve(o.guest);
  o.tty = { stdin: !!process.stdin.isTTY, stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY };
  const write = (fd, b) => (fd === 1 ? process.stdout : process.stderr).write(b);
  let r;
  if (process.env.WASIP1_WEB_WARM === "0") {
    const s = await session(which);
    try {
      r = await s.run({ ...o, bytes: fs.readFileSync(o.guest) }, {
        write,
        onStdin(data, end) {
          process.stdin.on("data", data);
          process.stdin.on("end", end);
        },
      });
    } finally {
      await s.close();
    }
  } else {
    const conn = await daemon(which);
    const send = (m) => conn.write(`${JSON.stringify(m)}\n`);
    send({ t: "run", o });
    // The terminal's stdin, streamed in as it comes; end of file when it ends.
    process.stdin.on("data", (chunk) => send({ t: "in", d: chunk.toString("base64") }));
    process.stdin.on("end", () => send({ t: "eof" }));
    r = await new Promise((resolve) => {
      messages(conn, (m) => (m.t === "out" ? write(m.fd, Buffer.from(m.d, "base64")) : m.t === "exit" && resolve(m.r)));
      conn.on("close", () => resolve({ exitCode: null, error: "the warm browser went away (WASIP1_WEB_WARM=0 runs without it)", trace: null }));
    });
  }
  process.stdin.destroy();
  if (o.trace && r.trace) fs.writeFileSync(o.trace, JSON.stringify(r.trace, (k, v) => (typeof v === "bigint" ? Number(v) : v), 2));
  let code;
  if (r.error) {
    process.stderr.write(`Error: ${r.error}\n`);
    code = 134;
  } else code = r.exitCode ?? 1;
  // Let stdout drain before exiting.
  process.stdout.write("", () => process.exit(code));
}

if (process.argv[2] === "--serve") {
  serve(JSON.parse(process.argv[3]), process.argv[4]);
} else if (process.argv[2] === "stop") {
  stop(findBrowser(process.argv[3] === "--browser" ? process.argv[4] : null));
} else {
  main().catch((e) => fail(e?.stack ?? String(e), 1));
}
