export { Wasi } from "./pkg/wasip1_web.js";
export type { Tree, WasiOptions, WasiImportObject } from "./pkg/wasip1_web.js";

/** What `init` accepts: a URL of the polyfill's .wasm, a Response, its bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the polyfill's .wasm (from next to the package unless given). Idempotent: later calls
 * return the first call's promise. `new Wasi(...)` before it throws an Error saying so.
 */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>;

/** Synchronous `init` from a compiled polyfill module or its bytes (for workers). */
export function initSync(module: BufferSource | WebAssembly.Module): void;
