// Whether the polyfill's .wasm is loaded: set by index.js's init, asked by every entry that
// calls into it. (Source; scripts/build.sh puts a minified copy in pkg/.) A module of its own so
// that the entries share it without exporting it to users.

let ready = false;

// What init() loads when given nothing: undefined for the lean build next to wasm-bindgen's
// JS, or the full build's URL once an entry that needs it (full-build.js) has asked for it.
let build;

/** The build init() loads by default (full-build.js sets it). */
export function setBuild(url) {
  build = url;
}

/** The build init() loads when given nothing: a URL, or undefined for the lean build. */
export function defaultBuild() {
  return build;
}

/** Marks the polyfill loaded. */
export function setReady() {
  ready = true;
}

/** Whether the polyfill is loaded. */
export function isReady() {
  return ready;
}

/**
 * Whether this browser has JSPI (`WebAssembly.Suspending` and `WebAssembly.promising`). Asked
 * each time, so that a page may take it away. (glue.js, a wasm-bindgen snippet that cannot
 * import this module, asks the same in its `jspi()`.)
 */
export function hasJspi() {
  return typeof WebAssembly.Suspending === "function" && typeof WebAssembly.promising === "function";
}

/** What a page must do to have SharedArrayBuffer, for the Errors that need it (workers, threads). */
export const SAB_HELP =
  "SharedArrayBuffer, which a page has only when it is cross-origin isolated: serve it with the headers " +
  "Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (crossOriginIsolated is false here)";

/** Throws an Error saying to call `init()` first, when it has not finished. */
export function needInit(what) {
  if (!ready) throw new Error(`wasip1-web: call \`await init()\` before ${what}`);
}

/** The `[guestPath, descriptor]` of each mount (opfs(), directory(), a runner's host folder) among `preopens`. */
export function mountsOf(preopens) {
  return Object.entries(preopens ?? {}).filter(([, v]) => typeof v?.wasip1Mount === "string");
}

// The code that mounts opfs()/directory() preopens, registered by the `wasip1-web/opfs` entry
// (opfs.js) when a page or worker imports it: pages without mounts never load it.
let mounter = null;

/** Registers the mount implementation (opfs.js). */
export function setMounter(m) {
  mounter = m;
}

/** The mount implementation, or null when `wasip1-web/opfs` was not imported here. */
export function getMounter() {
  return mounter;
}

// A Wasi's mounts: `[guestPath, descriptor][]` with `mounted` once mounted (index.js).
export const MOUNTS = Symbol("mounts");

// An Error about the first mount of `wasi`: `preopens["/data"]: opfs() needs ...`.
export function mountError(wasi, needs) {
  const [path, m] = wasi[MOUNTS][0];
  return new Error(`wasip1-web: preopens["${path}"]: ${m.wasip1Mount}() needs ${needs}`);
}

/**
 * Mounts `wasi`'s opfs()/directory() preopens, once, before its guest runs; resolves to its
 * mounts (null without any). Rejects naming the mount when it cannot be mounted here.
 */
export async function mount(wasi) {
  const mounts = wasi[MOUNTS];
  if (mounts && !mounts.mounted) {
    if (!mounter) throw mountError(wasi, 'its code: import { opfs, directory } from "wasip1-web/opfs" (in the worker too)');
    mounts.mounted = await mounter(wasi, mounts, (why) => mountError(wasi, why));
  }
  return mounts;
}

/**
 * Runs `body()` (a threaded guest's run) with `wasi`'s mounts mounted, and persists them at its
 * end, trap or exit, as startAsync does.
 */
export async function withMounts(wasi, body) {
  const mounts = await mount(wasi);
  if (!mounts) return body();
  try {
    return await body();
  } finally {
    await mounts.mounted.persist();
  }
}
