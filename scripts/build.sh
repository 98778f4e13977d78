#!/usr/bin/env bash
# Builds the polyfill into pkg/: cargo (wasm32-unknown-unknown, release) -> wasm-bindgen
# (--target web) -> short import names (scripts/shorten.mjs) -> wasm-opt -Oz (from the npm
# `binaryen` package); the package entry from js/
# is copied beside it; then the shipped JS is minified (scripts/minify.mjs). pkg/ is the
# package: pkg/index.js is its entry. Idempotent and quick when
# nothing changed. Needs the set-up of scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Two builds of the polyfill share one wasm-bindgen JS: the full one (default features) in
# pkg/full/, and the lean one (no `full` feature: no wasip1-perms, tracing or mount seam; the
# same exports, which refuse there) in pkg/, which `wasip1-web`'s init() loads by default.
cargo build -p wasip1-web --target wasm32-unknown-unknown --release --quiet
raw="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/wasip1_web.wasm"
lean_target="${CARGO_TARGET_DIR:-target}/lean-build"
CARGO_TARGET_DIR="$lean_target" cargo build -p wasip1-web --target wasm32-unknown-unknown --release --quiet --no-default-features
lean_raw="$lean_target/wasm32-unknown-unknown/release/wasip1_web.wasm"
# The terminal runner's variant (feature host-dirs: `--dir`), in a target dir of its own so
# that the two builds do not undo each other.
runner_target="${CARGO_TARGET_DIR:-target}/runner-build"
CARGO_TARGET_DIR="$runner_target" cargo build -p wasip1-web --target wasm32-unknown-unknown --release --quiet --features host-dirs
runner_raw="$runner_target/wasm32-unknown-unknown/release/wasip1_web.wasm"
if [ -f pkg/.stamp ] && [ pkg/.stamp -nt "$raw" ] && [ pkg/.stamp -nt "$lean_raw" ] && [ pkg/.stamp -nt "$runner_raw" ] && [ pkg/.stamp -nt crate/src/js/glue.js ] && [ pkg/.stamp -nt scripts/build.sh ] \
  && [ -z "$(find js scripts/minify.mjs scripts/shorten.mjs -newer pkg/.stamp)" ]; then
  exit 0
fi
rm -rf pkg
wasm-bindgen --target web --out-dir pkg "$raw"
wasm-bindgen --target web --out-dir pkg/runner "$runner_raw"
rm -f pkg/runner/*.d.ts
names=$(mktemp)
node scripts/shorten.mjs pkg/wasip1_web_bg.wasm pkg/wasip1_web.js --save "$names" > /dev/null
node scripts/shorten.mjs pkg/runner/wasip1_web_bg.wasm pkg/runner/wasip1_web.js > /dev/null
mkdir -p pkg/full
mv pkg/wasip1_web_bg.wasm pkg/full/wasip1_web_bg.wasm
# The lean .wasm: wasm-bindgen's JS for it is dropped (pkg/'s serves both); its names are made
# the full build's, and shorten.mjs fails if it has an import or export the full one lacks.
lean_out=$(mktemp -d)
wasm-bindgen --target web --out-dir "$lean_out" "$lean_raw"
node scripts/shorten.mjs "$lean_out/wasip1_web_bg.wasm" --like "$names" > /dev/null
mv "$lean_out/wasip1_web_bg.wasm" pkg/wasip1_web_bg.wasm
rm -rf "$lean_out" "$names"
wasm_opt=node_modules/binaryen/bin/wasm-opt
for out in pkg pkg/full pkg/runner; do
  if [ -x "$wasm_opt" ]; then
    # -Oz --converge: measured the smallest after gzip on this module (-Os 68.1, -Oz 68.0, -Oz
    # --converge 67.9 KB; 2026-12-02). -ocimfs 20 (inline a function with one caller only when
    # it is tiny) compresses better still: 67.5 -> 64.7 KB gz, the raw size a little larger
    # (gzip finds more repeats across small functions than across one inlined blob); values
    # 10-30 land within 0.1 KB. The target-features section is read by no browser.
    "$wasm_opt" -Oz --converge -ocimfs 20 --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --strip-debug --strip-producers $out/wasip1_web_bg.wasm -o $out/wasip1_web_bg.wasm
  else
    echo "build: $wasm_opt missing (run npm ci); $out is not size-optimised" >&2
  fi
done
cp js/index.js js/full.js js/full-build.js js/full.d.ts js/load.js js/mount.js js/opfs.js js/perms.js js/ready.js js/ring.js js/run-worker.js js/worker.js js/threads.js js/thread-abi.js js/thread-worker.js js/index.d.ts js/perms.d.ts js/opfs.d.ts pkg/
# The terminal runner (`wasip1-web run`), not minified: it is read by node, not shipped to pages.
cp js/cli.mjs pkg/ && chmod +x pkg/cli.mjs
if [ -d node_modules/rolldown ]; then
  node scripts/minify.mjs pkg/index.js pkg/full.js pkg/full-build.js pkg/load.js pkg/mount.js pkg/opfs.js pkg/perms.js pkg/ready.js pkg/ring.js pkg/run-worker.js pkg/worker.js pkg/threads.js pkg/thread-abi.js pkg/thread-worker.js pkg/wasip1_web.js pkg/snippets/*/src/js/glue.js \
    pkg/runner/wasip1_web.js pkg/runner/snippets/*/src/js/glue.js
else
  echo "build: node_modules/rolldown missing (run npm ci); pkg/ JS is not minified" >&2
fi
touch pkg/.stamp
echo "build: pkg/ ($(wc -c < pkg/wasip1_web_bg.wasm) bytes of lean wasm, $(wc -c < pkg/full/wasip1_web_bg.wasm) full)"
