import type { PermsManifest } from "./wasip1_web.js";
export type { PermsManifest } from "./wasip1_web.js";

/** The name of the custom section a guest carries its manifest in. */
export const SECTION: "wasip1-perms";

/**
 * A copy of a guest's bytes carrying `manifest` in its `wasip1-perms` custom section (any
 * previous one replaced; nothing else changes). Throws an Error naming the field for a
 * malformed manifest, or for bytes that are not a core wasm module. Needs `await init()`, which
 * loads the full build (the one with the manifest parser) once this entry is imported.
 */
export function embedManifest(bytes: Uint8Array | ArrayBuffer, manifest: PermsManifest | string): Uint8Array;

/** The manifest a guest embeds, or null when it carries none. Throws for a malformed one. Needs `await init()`. */
export function readManifest(source: Uint8Array | ArrayBuffer | WebAssembly.Module): PermsManifest | null;
