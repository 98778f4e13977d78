// Mounts: a preopen whose files live in a folder of the Origin Private File System (`opfs(path)`)
// or behind a FileSystemDirectoryHandle (`directory(handle)`). Registered by the
// `wasip1-web/opfs` entry (opfs.js); index.js's startAsync calls `mountAll` before any guest
// code runs. (Source; scripts/build.sh puts a minified copy in pkg/.)
//
// How it works. At start every file of the folder is opened with a FileSystemSyncAccessHandle
// (which exists in workers only) and attached to the guest's tree as a file whose bytes stay in
// OPFS: the guest's reads and writes go between the handle and its memory, in place (a 4 KiB
// read of a 100 MB file reads 4 KiB). Names, directories, links and times are the tree's; at the
// guest's durability points (fd_sync, fd_datasync, fd_close when the tree changed, and the end
// of the run) the guest waits (JSPI) while `persist` makes the folder match: new files are
// created and written, renamed ones moved, removed ones deleted, and a journal records what
// OPFS cannot hold (times, hard links, symlinks).
//
// The bookkeeping sits in `.wasip1-web/` inside the mounted folder, never in the guest's tree:
// two journal slots written in turn, each `[u32 length][u32 checksum][JSON]`, so that a write
// torn by a crash leaves the other slot, one commit older, to load.
//
// A persist that a crash may cut short leaves the folder as the last commit had it, or as the
// new one has it, file by file never torn and a directory never half-renamed:
// - new files are written and flushed under a temporary name in `.wasip1-web/`, then moved to
//   their name (a kill leaves them whole or absent);
// - moves (renames) are announced first: a commit of the journal's entries as they were, plus
//   the planned moves and the directories about to be made (`moves`, `dirs`); the files then go
//   through `.wasip1-web/` to their new names, and the next commit, without `moves`, ends them.
//   A mount that finds the newest commit still announcing moves undoes them (each file back to
//   its old name, from wherever the crash left it; the new directories removed when empty) and
//   commits that, so that the names, links and times are again those of the last commit;
// - what `.wasip1-web/` holds besides the journal is a leftover of a persist cut short (a new
//   file never moved to its name), and is deleted at mount.

import { hasJspi } from "./ready.js";

const META = ".wasip1-web";
const SLOTS = ["journal-a", "journal-b"];
// Files opened at once when mounting (each open is a round trip to the storage process; 256
// at once measured no faster than 64 for 10,000 files).
const OPEN_AT_ONCE = 64;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** What the mount is called in errors: `opfs("proj") at /data`. */
export function describe(guestPath, m) {
  return m.wasip1Mount === "opfs" ? `opfs(${JSON.stringify(m.path)}) at ${guestPath}` : `directory(${JSON.stringify(m.handle?.name ?? "?")}) at ${guestPath}`;
}

const fail = (what, why) => new Error(`wasip1-web: ${what}: ${why}`);

// A write to a sync access handle that did not write what it was given: the quota ran out
// (mapped to ENOSPC, as the handle's own QuotaExceededError is). Chromium 156 answers a full quota
// with a short count, or with a count above what was asked (its error code as unsigned; see
// glue.js, `written`).
const quotaError = () => Object.assign(new Error("wasip1-web: the storage quota is exceeded"), { name: "QuotaExceededError" });

// FNV-1a over the journal's bytes.
function checksum(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

// The mounted folder's handle: `opfs(path)` walks (creating) from the origin's root.
async function folder(m, what) {
  if (m.wasip1Mount === "opfs") {
    let dir = await navigator.storage.getDirectory();
    for (const part of String(m.path).split("/").filter((p) => p && p !== ".")) {
      try {
        dir = await dir.getDirectoryHandle(part, { create: true });
      } catch (e) {
        throw fail(what, `"${part}" is not a directory (${e.name})`);
      }
    }
    return dir;
  }
  const h = m.handle;
  if (!h || h.kind !== "directory" || typeof h.getDirectoryHandle !== "function") {
    throw fail(what, "not a directory: directory() takes a FileSystemDirectoryHandle");
  }
  if (typeof h.queryPermission === "function" && (await h.queryPermission({ mode: "readwrite" })) !== "granted") {
    throw fail(what, 'no read-write permission on the folder (the page asks for it: handle.requestPermission({ mode: "readwrite" }), from a user gesture)');
  }
  return h;
}

// Opens a sync access handle, or says why not in the mount's words.
async function open(fileHandle, what, path) {
  if (typeof fileHandle.createSyncAccessHandle !== "function") {
    throw fail(what, "its files have no synchronous access handles (only OPFS files do, and only in a worker)");
  }
  try {
    return await fileHandle.createSyncAccessHandle();
  } catch (e) {
    if (e?.name === "NoModificationAllowedError") {
      throw fail(what, `${path} is open elsewhere (another worker or tab has this folder mounted; OPFS allows one at a time)`);
    }
    throw fail(what, `${path}: ${e?.message ?? e}`);
  }
}

// The entries `wasi.fs.scanDir` packs (see fs.rs).
function scan(fs, path) {
  const bytes = fs.scanDir(path);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let at = 0; at < bytes.length; ) {
    const kind = bytes[at];
    const mem = bytes[at + 1] === 1;
    const ino = Number(v.getBigUint64(at + 2, true));
    const times = [v.getBigUint64(at + 10, true), v.getBigUint64(at + 18, true), v.getBigUint64(at + 26, true)];
    at += 34;
    const strings = [];
    for (let i = 0; i < 2; i++) {
      const n = v.getUint32(at, true);
      strings.push(utf8.decode(bytes.subarray(at + 4, at + 4 + n)));
      at += 4 + n;
    }
    out.push({ kind, mem, ino, times, name: strings[0], target: strings[1] });
  }
  return out;
}

export class Mounted {
  constructor(wasi, guestPath, m) {
    this.fs = wasi.fs;
    this.at = guestPath.replace(/\/+$/, "");
    this.what = describe(guestPath, m);
    this.m = m;
    this.files = new Map(); // guest inode number -> { store, handle, rel }
    this.disk = new Map(); // rel -> "file" | "dir": what the folder holds (besides .wasip1-web)
    this.dirs = new Map(); // rel -> FileSystemDirectoryHandle
    this.journal = null; // { slots: [access handles], seq, sizes }
    this.entries = {}; // the journal's entries as last committed
    this.meta = null; // the handle of .wasip1-web
    this.closed = false;
  }

  guest(rel) {
    return rel ? `${this.at}/${rel}` : this.at || "/";
  }

  /** Opens the folder, attaches its files to the tree and restores what the journal holds. */
  async load() {
    const root = await folder(this.m, this.what);
    this.dirs.set("", root);
    const meta = (this.meta = await root.getDirectoryHandle(META, { create: true }));
    const slots = [];
    try {
      for (const name of SLOTS) slots.push(await open(await meta.getFileHandle(name, { create: true }), this.what, `${META}/${name}`));
      this.journal = { slots, seq: 0, sizes: slots.map((h) => h.getSize()) };
      const state = this.readJournal();
      this.entries = state?.entries ?? {};
      if (state?.moves) await this.undoMoves(root, meta, state);
      for await (const name of meta.keys()) if (!SLOTS.includes(name)) await meta.removeEntry(name, { recursive: true });
      await this.walk(root, "");
      this.restore(this.entries);
    } catch (e) {
      for (const h of slots) h.close();
      this.close();
      throw e;
    }
  }

  // A persist that announced moves and was cut short: each file goes back to its old name, the
  // directories it made go if empty (deepest first), and a commit of the entries as they were
  // says it is done. Where the crash left each file follows from the order of the moves: first
  // all into .wasip1-web (from their old names), then, once the `placing-<seq>` marker is there,
  // each out to its new name.
  async undoMoves(root, meta, state) {
    const dirOf = async (rel, create) => {
      let dir = root;
      for (const part of rel ? rel.split("/") : []) dir = await dir.getDirectoryHandle(part, { create });
      return dir;
    };
    const fileAt = (dir, name) => dir.getFileHandle(name).catch(() => null);
    if (await fileAt(meta, `placing-${state.seq}`)) {
      for (const [, to, tmp] of state.moves) {
        if (to === null || (await fileAt(meta, tmp))) continue;
        const [toDir, toName] = split(to);
        const dir = await dirOf(toDir, false).catch(() => null);
        const file = dir && (await fileAt(dir, toName));
        if (file) await file.move(meta, tmp);
      }
    }
    for (const [from, , tmp] of state.moves) {
      const file = await fileAt(meta, tmp);
      if (!file) continue; // it never left its old name
      const [fromDir, fromName] = split(from);
      await file.move(await dirOf(fromDir, true), fromName);
    }
    const made = [...(state.dirs ?? [])].sort((a, b) => b.split("/").length - a.split("/").length);
    for (const rel of made) {
      const [parent, name] = split(rel);
      // (Not when it holds anything: removeEntry without `recursive` refuses.)
      await (await dirOf(parent, false).catch(() => null))?.removeEntry(name).catch(() => {});
    }
    this.writeJournal(this.entries);
  }

  // The newest journal slot that is whole, or null (none yet, or both torn: the folder's files
  // are then taken as they are, with the times of now).
  readJournal() {
    let best = null;
    for (const [k, h] of this.journal.slots.entries()) {
      const size = this.journal.sizes[k];
      if (size < 8) continue;
      const head = new DataView(new ArrayBuffer(8));
      h.read(head, { at: 0 });
      const len = head.getUint32(0, true);
      if (len > size - 8) continue;
      const body = new Uint8Array(len);
      h.read(body, { at: 8 });
      if (checksum(body) !== head.getUint32(4, true)) continue;
      try {
        const state = JSON.parse(utf8.decode(body));
        if (!best || state.seq > best.seq) best = state;
      } catch {}
    }
    if (best) this.journal.seq = best.seq;
    return best;
  }

  // Files are opened OPEN_AT_ONCE at a time (each open is a round trip to the browser's storage
  // process: overlapped, a folder of 10,000 files mounts several times faster).
  async walk(dir, rel) {
    const files = [];
    for await (const [name, handle] of dir.entries()) {
      if (!rel && name === META) continue;
      const r = rel ? `${rel}/${name}` : name;
      if (handle.kind === "directory") {
        this.fs.mkdir(this.guest(r));
        this.disk.set(r, "dir");
        this.dirs.set(r, handle);
        await this.walk(handle, r);
      } else {
        files.push([r, handle]);
      }
    }
    for (let i = 0; i < files.length; i += OPEN_AT_ONCE) {
      const batch = files.slice(i, i + OPEN_AT_ONCE);
      const opened = await Promise.allSettled(batch.map(([r, handle]) => open(handle, this.what, this.guest(r))));
      const failed = opened.find((o) => o.status === "rejected");
      batch.forEach(([r, handle], k) => {
        if (opened[k].status !== "fulfilled") return;
        const h = opened[k].value;
        if (failed) return h.close(); // closed again: nothing stays open when a mount fails
        const store = { h, n: null, read: 0 };
        const ino = this.fs.attach(this.guest(r), store);
        this.files.set(ino, { store, handle, rel: r });
        this.disk.set(r, "file");
      });
      if (failed) throw failed.reason;
    }
  }

  // Links, symlinks and times from the journal, over the files the folder holds.
  restore(entries) {
    const fs = this.fs;
    const paths = Object.keys(entries).sort((a, b) => a.split("/").length - b.split("/").length);
    for (const rel of paths) {
      const e = entries[rel];
      try {
        if (e.s !== undefined) fs.symlink(e.s, this.guest(rel));
        else if (e.l !== undefined && !this.disk.has(rel)) fs.link(this.guest(e.l), this.guest(rel));
      } catch {
        continue; // its file is gone from the folder: the name goes too
      }
    }
    // (The mount's root is entry "": its times too.)
    for (const rel of paths) {
      const [a, m, c] = entries[rel].t.map(BigInt);
      try {
        fs.setTimes(this.guest(rel), a, m, c);
      } catch {}
    }
  }

  /** Makes the folder match the tree (see the top of this file). */
  async persist() {
    if (this.closed) return;
    const fs = this.fs;
    const want = new Map(); // rel -> entry
    const primary = new Map(); // inode -> the rel its bytes live at
    const walk = (rel) => {
      for (const e of scan(fs, this.guest(rel))) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        want.set(r, e);
        if (e.kind === 0 && !primary.has(e.ino)) primary.set(e.ino, r);
        if (e.kind === 1) walk(r);
      }
    };
    walk("");
    // Stored files that moved go into .wasip1-web first (a new name may be taken on disk by
    // another that moves too), and so do stored files no name refers to (deleted once the
    // commit is written: until then, undoing the persist needs them).
    const moving = [];
    const dropping = [];
    for (const [ino, f] of this.files) {
      const rel = primary.get(ino);
      if (rel === undefined) dropping.push([ino, f]);
      else if (rel !== f.rel) moving.push([f, rel]);
    }
    const meta = this.meta;
    // What .wasip1-web holds until the commit: the dropped files and the marker.
    const leftovers = [];
    if (moving.length || dropping.length) {
      // Announced first (see the top of this file), with the directories about to be made.
      const seq = this.journal.seq + 1;
      const moves = moving.map(([f, rel], i) => [f.rel, rel, `moving-${seq}-${i}`]);
      const dropped = dropping.map(([, f], i) => [f.rel, null, `dropped-${seq}-${i}`]);
      const dirs = [...want].filter(([rel, e]) => e.kind === 1 && this.disk.get(rel) !== "dir").map(([rel]) => rel);
      this.writeJournal(this.entries, { moves: [...moves, ...dropped], dirs });
      for (const [i, [f]] of moving.entries()) {
        f.store.h.close();
        this.disk.delete(f.rel);
        f.rel = null;
        await f.handle.move(meta, moves[i][2]);
      }
      for (const [i, [ino, f]] of dropping.entries()) {
        f.store.h.close();
        this.files.delete(ino);
        this.disk.delete(f.rel);
        await f.handle.move(meta, dropped[i][2]);
      }
      if (moving.length) await meta.getFileHandle(`placing-${seq}`, { create: true });
      leftovers.push(...dropped.map(([, , tmp]) => tmp), ...(moving.length ? [`placing-${seq}`] : []));
    }
    // Directories (parents before children: the walk's order).
    for (const [rel, e] of want) {
      if (e.kind === 1 && this.disk.get(rel) !== "dir") {
        if (this.disk.has(rel)) await this.removeOnDisk(rel);
        const [parent, name] = split(rel);
        this.dirs.set(rel, await this.dirs.get(parent).getDirectoryHandle(name, { create: true }));
        this.disk.set(rel, "dir");
      }
    }
    for (const [f, rel] of moving) {
      if (this.disk.has(rel)) await this.removeOnDisk(rel);
      const [parent, name] = split(rel);
      await f.handle.move(this.dirs.get(parent), name);
      f.store.h = await open(f.handle, this.what, this.guest(rel));
      f.rel = rel;
      this.disk.set(rel, "file");
    }
    // New files: written and flushed under a temporary name in .wasip1-web, moved to their
    // name, then attached (their bytes leave the host's memory).
    for (const [ino, rel] of primary) {
      if (this.files.has(ino) || !want.get(rel).mem) continue;
      if (this.disk.has(rel)) await this.removeOnDisk(rel);
      const [parent, name] = split(rel);
      const tmp = `new-${this.journal.seq}-${ino}`;
      const handle = await meta.getFileHandle(tmp, { create: true });
      let h = await open(handle, this.what, this.guest(rel));
      const bytes = fs.readFile(this.guest(rel));
      try {
        if (h.write(bytes, { at: 0 }) !== bytes.length) throw quotaError();
        h.flush();
        h.close();
        await handle.move(this.dirs.get(parent), name);
      } catch (e) {
        h.close();
        await meta.removeEntry(tmp).catch(() => {});
        throw e;
      }
      h = await open(handle, this.what, this.guest(rel));
      const store = { h, n: bytes.length, read: 0 };
      fs.attach(this.guest(rel), store);
      this.files.set(ino, { store, handle, rel });
      this.disk.set(rel, "file");
    }
    // The journal: the commit point for names, links and times.
    const entries = {};
    const rootTimes = scanSelf(fs, this.at);
    if (rootTimes) entries[""] = { t: rootTimes };
    for (const [rel, e] of want) {
      const entry = { t: e.times.map(String) };
      if (e.kind === 2) entry.s = e.target;
      else if (e.kind === 0 && primary.get(e.ino) !== rel) entry.l = primary.get(e.ino);
      entries[rel] = entry;
    }
    this.writeJournal(entries);
    this.entries = entries;
    for (const name of leftovers) await meta.removeEntry(name);
    // What the folder holds that the tree no longer does: deepest first.
    const stale = [...this.disk.keys()].filter((rel) => {
      const e = want.get(rel);
      return !e || (e.kind === 1) !== (this.disk.get(rel) === "dir") || (e.kind === 0 && primary.get(e.ino) !== rel) || e.kind === 2;
    });
    stale.sort((a, b) => b.split("/").length - a.split("/").length);
    for (const rel of stale) await this.removeOnDisk(rel);
  }

  // A commit: `entries` (path -> times, link, symlink target), and with `intent` the moves and
  // new directories a persist announces before it makes them.
  writeJournal(entries, intent = null) {
    const j = this.journal;
    j.seq++;
    const body = encoder.encode(JSON.stringify({ seq: j.seq, entries, ...intent }));
    const out = new Uint8Array(8 + body.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, body.length, true);
    v.setUint32(4, checksum(body), true);
    out.set(body, 8);
    const h = j.slots[j.seq & 1];
    if (h.write(out, { at: 0 }) !== out.length) throw quotaError();
    // The header says where the journal ends, so an older, longer one's tail is left (and cut
    // only when it is over twice as long): one handle call fewer per commit.
    const k = j.seq & 1;
    j.sizes[k] = Math.max(j.sizes[k], out.length);
    if (j.sizes[k] > 2 * out.length) {
      h.truncate(out.length);
      j.sizes[k] = out.length;
    }
    h.flush();
  }

  async removeOnDisk(rel) {
    for (const [ino, f] of this.files) {
      if (f.rel !== null && (f.rel === rel || f.rel.startsWith(`${rel}/`))) {
        // (Files that moved out were taken away first; one still here is one no name wants.)
        f.store.h.close();
        this.files.delete(ino);
      }
    }
    const [parent, name] = split(rel);
    await this.dirs.get(parent)?.removeEntry(name, { recursive: true }).catch((e) => {
      if (e?.name !== "NotFoundError") throw e;
    });
    for (const k of [...this.disk.keys()]) if (k === rel || k.startsWith(`${rel}/`)) this.disk.delete(k);
    for (const k of [...this.dirs.keys()]) if (k === rel || k.startsWith(`${rel}/`)) this.dirs.delete(k);
  }

  /** Bytes read through the folder's handles since the mount (the guest's and `fs`'s). */
  get bytesRead() {
    let n = 0;
    for (const f of this.files.values()) n += f.store.read;
    return n;
  }

  /** Releases the folder: every handle closed (another worker may mount it then). */
  close() {
    this.closed = true;
    for (const f of this.files.values()) {
      try {
        f.store.h.close();
      } catch {}
    }
    this.files.clear();
    for (const h of this.journal?.slots ?? []) {
      try {
        h.close();
      } catch {}
    }
    this.journal = null;
  }
}

function split(rel) {
  const i = rel.lastIndexOf("/");
  return i < 0 ? ["", rel] : [rel.slice(0, i), rel.slice(i + 1)];
}

// The mount root's own times (stat follows the root, which is a directory).
function scanSelf(fs, at) {
  try {
    const st = fs.stat(at || "/");
    return [st.atime, st.mtime, st.ctime].map(String);
  } catch {
    return null;
  }
}

/**
 * Mounts each `[guestPath, descriptor]` into `wasi`'s tree and makes the guest's durability
 * points persist them; `fail(why)` makes the Error naming the first mount. Resolves with
 * `{ persist, close, info }`; on failure nothing stays open.
 */
export async function mountAll(wasi, mounts, fail) {
  const folders = mounts.filter(([, m]) => m.wasip1Mount !== "host");
  for (const [path, m] of mounts) {
    if (m.wasip1Mount !== "host") continue;
    if (typeof wasi.fs.attachBackend !== "function") throw fail("the terminal runner's build of the polyfill (pkg/runner/; host folders are served by wasip1-web run)");
    wasi.fs.attachBackend(path, new HostBackend(m.url), m.root);
  }
  if (!folders.length) return { persist: async () => {}, close() {}, info: () => [] };
  if (!hasJspi()) throw fail("JSPI (WebAssembly.Suspending and WebAssembly.promising); this browser has none");
  if (typeof globalThis.FileSystemSyncAccessHandle !== "function") {
    throw fail("a worker: its files are read and written through FileSystemSyncAccessHandle, which only workers have (use runInWorker)");
  }
  const done = [];
  try {
    for (const [path, m] of folders) {
      const mounted = new Mounted(wasi, path, m);
      await mounted.load();
      done.push(mounted);
    }
  } catch (e) {
    for (const d of done) d.close();
    throw e;
  }
  const persist = async () => {
    for (const d of done) await d.persist();
  };
  wasi.fs.persistWith(persist);
  return {
    persist,
    close: () => done.forEach((d) => d.close()),
    info: () => done.map((d) => ({ path: d.at || "/", bytesRead: d.bytesRead })),
  };
}

// A host folder the terminal runner serves (`wasip1-web run --dir`): every call is a synchronous
// request to the runner's server, which does it on the host's files at once — the folder is
// live, not a copy, and is listed one directory at a time as the guest looks into it. The
// server answers `{ r }` (a listing or created entry: see services.rs, JsBackend) or `{ errno }`.
class HostBackend {
  constructor(url) {
    this.url = url;
  }

  request(op, query, body = null, binary = false) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${this.url}/${op}?${new URLSearchParams(query)}`, false);
    if (binary) xhr.responseType = "arraybuffer";
    xhr.send(body);
    const errno = Number(xhr.getResponseHeader("x-errno") ?? 0);
    if (xhr.status !== 200 || errno) throw { errno: errno || 29 };
    return binary ? xhr.response : JSON.parse(xhr.responseText).r;
  }

  list(dir) {
    return this.request("list", { dir });
  }
  create(dir, name, kind, target) {
    return this.request("create", { dir, name, kind, target });
  }
  remove(dir, name, isDir) {
    this.request("remove", { dir, name, isDir });
  }
  rename(dir, name, to, toName) {
    this.request("rename", { dir, name, to, toName });
  }
  link(file, dir, name) {
    this.request("link", { file, dir, name });
  }
  setTimes(id, atim, mtim) {
    this.request("times", { id, atim, mtim });
  }

  /** A file's handle, with the methods of a FileSystemSyncAccessHandle. */
  file(id) {
    const req = (op, query, body, binary) => this.request(op, { id, ...query }, body, binary);
    return {
      read(view, { at }) {
        const bytes = new Uint8Array(req("read", { at, len: view.length }, null, true));
        view.set(bytes);
        return bytes.length;
      },
      // (A copy: XHR does not send views of shared memory.)
      write: (view, { at }) => req("write", { at }, view.slice()),
      truncate: (len) => req("truncate", { len }),
      flush: () => req("sync", {}),
      getSize: () => req("size", {}),
      close() {},
    };
  }
}
