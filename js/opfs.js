// wasip1-web/opfs — mounts: preopen values whose files live in the Origin Private File System
// (`opfs(path)`) or behind a FileSystemDirectoryHandle (`directory(handle)`). Importing this
// entry registers the code that mounts them (mount.js) with the Wasi class, and makes init() load
// the full build (mounts need it), so pages without
// mounts never download it; a worker that runs a guest with mounts imports it too (the
// package's own runInWorker worker does). Descriptors are plain objects: they cross
// postMessage as they are. (Source; scripts/build.sh puts a minified copy in pkg/.)
import { setMounter } from "./ready.js";
import { mountAll } from "./mount.js";
import { useFullBuild } from "./full-build.js";

// Mounts need the full build's WasiFs methods: init() loads it from now on.
setMounter(mountAll);
useFullBuild();

/**
 * A directory of the Origin Private File System, `path` from the origin's root (created if
 * missing): persistent across reloads. Needs a worker and JSPI (see the README).
 */
export function opfs(path = "") {
  return { wasip1Mount: "opfs", path: String(path) };
}

/** A FileSystemDirectoryHandle whose files have sync access handles (an OPFS directory). */
export function directory(handle) {
  return { wasip1Mount: "directory", handle };
}
