// Runs one WASI guest with the package's `Wasi` class and reports what
// happened in a JSON-friendly shape. Shared by the page (harness.js) and the
// dedicated worker (worker.js), so both contexts run exactly the same code.

/** Base64 of a byte array (btoa works on "binary strings"; go in slices to stay under argument limits). */
export function toBase64(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function concat(chunks) {
  const len = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(len);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const modules = new Map();

/** Compiles (once per URL) with compileStreaming, which needs `application/wasm`. */
export function compile(wasmUrl) {
  let m = modules.get(wasmUrl);
  if (!m) {
    m = WebAssembly.compileStreaming(fetch(wasmUrl));
    modules.set(wasmUrl, m);
    m.catch(() => modules.delete(wasmUrl));
  }
  return m;
}

/**
 * @param {typeof import("../../pkg/index.js").Wasi} Wasi
 * @param {string} wasmUrl
 * @param {{args?: string[], env?: Record<string,string> | string[], stdin?: string, preopens?: Record<string,string>}} spec
 *   `preopens` maps guest paths to host directories for wasmtime; here each becomes an empty tree,
 *   or the tree `trees` gives for that guest path.
 * @param {Record<string, object>} [trees]
 */
export async function runGuest(Wasi, wasmUrl, spec = {}, trees = {}) {
  const module = await compile(wasmUrl);
  const stdout = [];
  const stderr = [];
  let stdoutChunks = 0;
  const wasi = new Wasi({
    args: spec.args ?? [],
    env: spec.env ?? {},
    preopens: Object.fromEntries(Object.keys(spec.preopens ?? {}).map((name) => [name, trees[name] ?? {}])),
    stdin: spec.stdin ?? "",
    // The chunk may be a view the host reuses: copy it now.
    stdout: (chunk) => {
      stdoutChunks++;
      stdout.push(Uint8Array.from(chunk));
    },
    stderr: (chunk) => {
      stderr.push(Uint8Array.from(chunk));
    },
  });
  let exitCode = null;
  let error = null;
  try {
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    exitCode = wasi.start(instance);
  } catch (e) {
    // The contract says a trap is a real JS Error; flag anything else.
    error = e instanceof Error ? e.message : `[not an Error] ${String(e)}`;
  }
  // The Wasi object must stay usable after a trap.
  let importsAfter = null;
  try {
    importsAfter = Object.keys(wasi.wasiImport).length;
  } catch (e) {
    importsAfter = `threw: ${e?.message ?? e}`;
  }
  return {
    exitCode,
    stdout: toBase64(concat(stdout)),
    stderr: toBase64(concat(stderr)),
    error,
    stdoutChunks,
    importsAfter,
  };
}
