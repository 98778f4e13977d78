// wasip1-web/full — the package entry with the full build: everything `wasip1-web` exports, but
// init() loads the build that has wasip1-perms (`perms`, `module`, `strict`), tracing (`trace`)
// and mounts. (Source; scripts/build.sh puts a minified copy in pkg/.) Importing
// `wasip1-web/perms` or `wasip1-web/opfs` does the same for `wasip1-web`'s init().
import { useFullBuild } from "./full-build.js";

useFullBuild();

export * from "./index.js";
export { default } from "./index.js";
