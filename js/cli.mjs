#!/usr/bin/env node
// `wasip1-web run`: runs a wasip1 program in headless Chrome/Chromium through this package, as
// a page would, from the terminal — stdout and stderr streamed as the guest writes them, the
// terminal's stdin streamed to the guest, the guest's exit code as the runner's (134 after a
// trap, as `wasmtime run` on Linux). (Source; scripts/build.sh copies it into pkg/.)
//
//   wasip1-web run [--dir HOST[::GUEST]]... [--env NAME=VALUE | --env NAME]... [--worker | --page]
//                  [--perms FILE] [--trace FILE] [--browser PATH] <guest.wasm> [args...]
//
// --dir is live: the guest's file calls reach the host's files while it runs, through
// synchronous requests from its worker to this process's server (hostFs below), one directory
// listed at a time as the guest looks into it; the sandbox rules are the in-memory
// filesystem's (the guest's paths are resolved by the host in the browser, never here).

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PKG = path.dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: wasip1-web run [--dir HOST[::GUEST]]... [--env NAME=VALUE | --env NAME]... [--worker | --page]
                      [--perms FILE] [--trace FILE] [--browser PATH] <guest.wasm> [args...]`;
const BROWSER_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
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

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { run, runInWorker } from "/pkg/index.js";
const o = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const b64 = (c) => { let s = ""; for (let i = 0; i < c.length; i += 0x8000) s += String.fromCharCode(...c.subarray(i, i + 0x8000)); return btoa(s); };
const out = (fd) => (c) => window.__write(fd, b64(c));
const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
const options = { args: o.args, env: o.env, stdout: out(1), stderr: out(2), tty: o.tty, ...(o.perms && { perms: o.perms }), ...(o.trace && { trace: true }),
  ...(o.dirs.length && { preopens: Object.fromEntries(o.dirs.map((d) => [d.guest, { wasip1Mount: "host", url: o.fsUrl, root: d.root }])) }) };
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
  // A reader that went away (\`| head\`) ends the output, not the runner.
  for (const s of [process.stdout, process.stderr]) s.on("error", () => {});
  if (o.dirs.length && o.where === "page") fail("--dir needs --worker (its files are read with synchronous requests, which only a worker may make)");
  const host = hostFs();
  const token = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  for (const d of o.dirs) d.root = host.root(d.host);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp", "Cache-Control": "no-store" };
    if (url.pathname.startsWith(`/fs/${token}/`) && req.method === "POST") {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const [status, h, body] = host.handle(url.pathname.slice(token.length + 5), Object.fromEntries(url.searchParams), Buffer.concat(chunks));
      return res.writeHead(status, { ...headers, ...h }).end(body);
    }
    if (url.pathname === "/") return res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(PAGE);
    if (url.pathname === "/guest.wasm") return res.writeHead(200, { ...headers, "Content-Type": "application/wasm" }).end(guest);
    // The polyfill's runner build (pkg/runner/: with host folders) in place of pkg/'s.
    const rel = path.normalize(url.pathname.replace(/^\/pkg\//, "/"));
    const variant = path.join(PKG, "runner", rel);
    const file = /^\/(wasip1_web(_bg\.wasm|\.js)|snippets\/)/.test(rel) && fs.existsSync(variant) ? variant : path.join(PKG, rel);
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
    const spec = { args: o.args, env: o.env, dirs: o.dirs.map((d) => ({ guest: d.guest, root: d.root })), fsUrl: `/fs/${token}`, where: o.where, perms: o.perms, trace: !!o.trace, tty: { stdin: !!process.stdin.isTTY, stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY } };
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
    host.close();
  }
  process.exit(code);
}

main().catch((e) => fail(e?.stack ?? String(e), 1));
