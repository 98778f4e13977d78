// The guests the single-run form offers (tests/out/<name>.wasm): www/app.js lists them, and
// scripts/build-www.mjs copies them into the static build.
export const BUNDLED = ["rust-hello", "c-hello", "go-hello", "rust-probe", "rust-trap", "c-empty", "rust-perms", "c-perms", "c-repl"];
