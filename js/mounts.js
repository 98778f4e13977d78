// Mount descriptors: preopen values whose files live outside the host's memory. Plain objects
// (they cross postMessage to a worker as they are); the code that mounts them is in mount.js,
// loaded only when a Wasi has one. (Source; scripts/build.sh puts a minified copy in pkg/.)

export const MOUNT = "wasip1Mount";

/**
 * A directory of the Origin Private File System, `path` from the origin's root (created if
 * missing): persistent across reloads. Needs a worker and JSPI (see the README).
 */
export function opfs(path = "") {
  return { [MOUNT]: "opfs", path: String(path) };
}

/** A FileSystemDirectoryHandle (an OPFS directory, or one the page got otherwise). */
export function directory(handle) {
  return { [MOUNT]: "directory", handle };
}

/** The `[guestPath, descriptor]` of every mount among `preopens`. */
export function mountsOf(preopens) {
  if (preopens === null || typeof preopens !== "object") return [];
  return Object.entries(preopens).filter(([, v]) => v !== null && typeof v === "object" && typeof v[MOUNT] === "string");
}
