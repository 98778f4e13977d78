// The full build of the polyfill (pkg/full/): wasip1-perms, tracing and the mount seam on top of
// the lean build that `wasip1-web`'s init() loads by default. (Source; scripts/build.sh puts a
// minified copy in pkg/.) A module of its own, imported only by what needs that build (the
// `wasip1-web/full`, `/perms` and `/opfs` entries and the worker runner), so that a bundler
// emits the full .wasm for the pages that import one of them and not for the others.
import { setBuild } from "./ready.js";

/** The full build's URL. */
export const fullBuild = () => new URL("./full/wasip1_web_bg.wasm", import.meta.url);

/** Makes `init()` given no argument load the full build (a no-op once it has loaded one). */
export function useFullBuild() {
  setBuild(fullBuild());
}
