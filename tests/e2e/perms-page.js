// Page side of perms.test.mjs: runs a guest under a wasip1-perms manifest with the package's
// own API, in the page (new Wasi + start) or in a worker (runInWorker), and reports its output,
// the denials (from wasi.denials and from onDenied) and the files afterwards.
import { Wasi, run, runInWorker } from "/pkg/full.js";
import { embedManifest, readManifest } from "/pkg/perms.js";

const dec = new TextDecoder();

/** The tree every perms run starts from, under the one preopen "/". */
export const TREE = () => ({
  data: { "in.txt": "input", out: { "old.txt": "old" }, sub: {} },
  database: { x: "x" },
  secret: { key: "KEY" },
});

const WATCHED = ["/data/in.txt", "/secret/key", "/data/new.txt", "/data/moved.txt", "/data/out/new.txt", "/data/out/link", "/database/x"];

async function bytesOf(url) {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

/**
 * `opts`: { guest, perms, embed (a manifest to embed first), strict, env, args, where }.
 * Resolves to { stdout, exitCode, error, denials, hooked, files, embedded }.
 */
export async function runPerms(opts) {
  let bytes = await bytesOf(`/tests/out/${opts.guest}.wasm`);
  if (opts.embed !== undefined) bytes = embedManifest(bytes, opts.embed);
  const module = await WebAssembly.compile(bytes);
  const hooked = [];
  let stdout = "";
  const options = {
    args: opts.args ?? [opts.guest],
    env: opts.env ?? {},
    preopens: { "/": TREE() },
    ...(opts.perms !== undefined && { perms: opts.perms }),
    ...(opts.strict !== undefined && { strict: opts.strict }),
    onDenied: (d) => hooked.push(d),
    stdout: (c) => (stdout += dec.decode(c, { stream: true })),
  };
  if (opts.where === "worker") {
    const handle = await runInWorker(module, options);
    const exit = await handle.exited;
    return { stdout, exitCode: exit.exitCode, error: exit.error?.message ?? null, denials: exit.denials, hooked, files: null, embedded: readManifest(module) };
  }
  const wasi = new Wasi({ ...options, module });
  let exitCode = null;
  let error = null;
  try {
    exitCode = wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const files = {};
  for (const p of WATCHED) {
    try {
      files[p] = dec.decode(wasi.fs.readFile(p));
    } catch {
      files[p] = null;
    }
  }
  return { stdout, exitCode, error, denials: wasi.denials, hooked, files, embedded: readManifest(bytes) };
}

/**
 * Tries to set up a guest with a malformed manifest (`perms` for the host's, `embed` for one
 * put in the module's section as raw text). Resolves to { error, ran } — `ran` counts the
 * guest's writes, which must stay 0.
 */
export async function malformed({ guest, perms, embedRaw }) {
  let bytes = await bytesOf(`/tests/out/${guest}.wasm`);
  if (embedRaw !== undefined) bytes = withRawSection(bytes, embedRaw);
  let ran = 0;
  try {
    const module = await WebAssembly.compile(bytes);
    const wasi = new Wasi({ module, preopens: { "/": TREE() }, stdout: () => ran++, ...(perms !== undefined && { perms }) });
    wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
    return { error: null, ran };
  } catch (e) {
    return { error: e instanceof Error ? e.message : `[not an Error] ${e}`, ran };
  }
}

/** `bytes` plus a custom section "wasip1-perms" holding `text` as is (embedManifest refuses bad ones). */
function withRawSection(bytes, text) {
  const enc = new TextEncoder();
  const name = enc.encode("wasip1-perms");
  const data = enc.encode(text);
  const leb = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  const body = [...leb(name.length), ...name, ...data];
  return new Uint8Array([...bytes, 0, ...leb(body.length), ...body]);
}

/** embedManifest / readManifest round trip and their errors. */
export async function embedding(guest) {
  const bytes = await bytesOf(`/tests/out/${guest}.wasm`);
  const manifest = { version: 1, fs: { read: ["/data/"] }, env: ["HOME"] };
  const once = embedManifest(bytes, manifest);
  const twice = embedManifest(once, JSON.stringify({ version: 1, args: true }));
  const errors = [];
  for (const f of [
    () => embedManifest(bytes, { version: 1, fs: { read: ["data"] } }),
    () => embedManifest(new Uint8Array([1, 2, 3]), { version: 1 }),
    () => readManifest(withRawSection(bytes, "{")),
    () => embedManifest(bytes, "not json"),
  ]) {
    try {
      f();
      errors.push(null);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : `[not an Error] ${e}`);
    }
  }
  const module = await WebAssembly.compile(twice);
  return {
    plain: readManifest(bytes),
    once: readManifest(once),
    twice: readManifest(twice),
    fromModule: readManifest(module),
    sections: WebAssembly.Module.customSections(module, "wasip1-perms").length,
    grew: once.length - bytes.length,
    errors,
  };
}

/** run() on a guest carrying `embed`: the embedded manifest applies, and the result lists denials. */
export async function runWithEmbedded(guest, embed) {
  const bytes = embedManifest(await bytesOf(`/tests/out/${guest}.wasm`), embed);
  const r = await run(new Response(bytes, { headers: { "content-type": "application/wasm" } }), { args: [guest], preopens: { "/": TREE() } });
  return { exitCode: r.exitCode, stdout: dec.decode(r.stdout), denials: r.denials };
}
