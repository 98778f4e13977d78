// wasip1-web/opfs: mounts (see the README, "Files that last").
import type { Mount } from "./wasip1_web.js";
export type { Mount };

/**
 * A preopen in the Origin Private File System: the directory `path` from the origin's root
 * (created if missing), persistent across reloads. Needs a worker and JSPI.
 */
export function opfs(path?: string): Mount;

/** A preopen over a FileSystemDirectoryHandle whose files have sync access handles (OPFS). */
export function directory(handle: FileSystemDirectoryHandle): Mount;
