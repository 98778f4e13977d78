// Page side of mount.test.mjs: runs guests in a worker over opfs()/directory() mounts and looks
// at the Origin Private File System from the page.
import { run, runInWorker } from "/pkg/index.js";
import { opfs, directory } from "/pkg/opfs.js";

const decoder = new TextDecoder();

async function folder(path, create = true) {
  let dir = await navigator.storage.getDirectory();
  for (const part of path.split("/").filter(Boolean)) dir = await dir.getDirectoryHandle(part, { create });
  return dir;
}

/** Resolves once `dir` in the OPFS folder `path` holds at least `n` entries (polled). */
async function filled(path, dir, n) {
  for (;;) {
    const d = await folder(`${path}/${dir}`, false).catch(() => null);
    let count = 0;
    if (d) for await (const _ of d.keys()) count++;
    if (count >= n) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Removes an OPFS folder (a fresh start). */
export async function clear(path) {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(path, { recursive: true }).catch(() => {});
}

/** What the OPFS folder holds, as the page sees it: `{ "a.txt": size, "sub/": {...} }`. */
export async function listing(path) {
  const walk = async (dir) => {
    const out = {};
    for await (const [name, h] of dir.entries()) {
      out[h.kind === "directory" ? `${name}/` : name] = h.kind === "directory" ? await walk(h) : (await h.getFile()).size;
    }
    return out;
  };
  return walk(await folder(path));
}

/** Writes a file of `mb` MiB into the OPFS folder from the page (a pattern: byte i = i*31+seed). */
export async function writeBig(path, name, mb) {
  const f = await (await folder(path)).getFileHandle(name, { create: true });
  const w = await f.createWritable();
  const chunk = new Uint8Array(1 << 20);
  for (let m = 0; m < mb; m++) {
    for (let i = 0; i < chunk.length; i++) chunk[i] = ((m * chunk.length + i) * 31 + 4) & 0xff;
    await w.write(chunk);
  }
  await w.close();
}

/** Writes `text` into a file of the OPFS folder from the page. */
export async function writeText(path, name, text) {
  const parts = name.split("/");
  let dir = await folder(path);
  for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
  const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
  await w.write(text);
  await w.close();
}

/** Two guests on one folder at once: the first waits (sync mode), the second's outcome. */
export async function twoAtOnce(url, path) {
  let out = "";
  const first = await runInWorker(url, { args: ["persist", "sync", "/data"], preopens: { "/data": opfs(path) }, stdout: (c) => (out += decoder.decode(c)) });
  while (!out.includes("written")) await new Promise((r) => setTimeout(r, 20));
  const second = await runInWorker(url, { args: ["persist", "list", "/data"], preopens: { "/data": opfs(path) } });
  const exit = await second.exited;
  first.kill();
  await first.exited;
  return { exitCode: exit.exitCode, error: exit.error ? String(exit.error.message) : null };
}

/** Reads a file of the OPFS folder from the page, as text. */
export async function readText(path, name) {
  const parts = name.split("/");
  let dir = await folder(path, false);
  for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
  return (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
}

/**
 * Runs `url` in a worker with `/data` mounted (`kind` "opfs", or "directory" for an OPFS handle
 * passed as directory()), then reads `stats` paths through the handle's fs before closing it.
 * `killOn`: the worker is killed once the guest wrote that text to stdout and, with `killWhen`
 * (`[dir, n]`), once the folder's `dir` holds at least `n` entries (seen from the page).
 */
export async function runMounted(url, path, args, { kind = "opfs", stats = [], killOn = null, killWhen = null, files = [], perms } = {}) {
  let out = "";
  let err = "";
  const mount = kind === "opfs" ? opfs(path) : directory(await folder(path));
  let kill;
  const killed = new Promise((resolve) => (kill = resolve));
  const started = runInWorker(url, {
    args: ["persist", ...args],
    preopens: { "/data": mount },
    ...(perms && { perms }),
    stdout: (c) => {
      out += decoder.decode(c);
      if (killOn && out.includes(killOn)) kill(started.then(async (h) => (killWhen && (await filled(path, ...killWhen)), h.kill())));
    },
    stderr: (c) => (err += decoder.decode(c)),
  });
  const handle = await started;
  const exit = await (killOn ? killed.then(() => handle.exited) : handle.exited);
  const stat = {};
  const read = {};
  if (!killOn) {
    for (const p of stats) stat[p] = await handle.fs.stat(p).then((s) => ({ type: s.type, size: s.size, nlink: s.nlink, ino: s.ino }), (e) => String(e.message));
    for (const p of files) read[p] = await handle.fs.readFile(p).then((b) => decoder.decode(b), (e) => String(e.message));
  }
  handle.close?.();
  return { out, err, exit: { ...exit, error: exit.error ? String(exit.error.message) : undefined }, stat, read };
}

/** run() on the page with an opfs() mount: its error. */
export async function runOnPage(url, path) {
  try {
    const r = await run(url, { args: ["persist", "list", "/data"], preopens: { "/data": opfs(path) } });
    return { exitCode: r.exitCode, error: r.error ? String(r.error.message ?? r.error) : null };
  } catch (e) {
    return { thrown: String(e.message) };
  }
}
