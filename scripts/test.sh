#!/usr/bin/env bash
# Every test: set-up (idempotent), the native core and the wasip1-perms tool (cargo test), the
# JS boundary in headless Chromium page + dedicated worker (wasm-bindgen-test), then the guests
# end to end against wasmtime, the www page, the npm package and perms/schema.json against the
# tool (node --test, whose summary closes the output), in Chromium and in Firefox.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
logs=target/test-logs
mkdir -p "$logs"

# step NAME CMD...: runs CMD with its output in $logs/NAME.log; prints the result lines, or
# on failure the last 60 lines, and stops.
step() {
  local name=$1
  shift
  echo "== $name"
  if "$@" >"$logs/$name.log" 2>&1; then
    grep -E "^test result|^(built|test) " "$logs/$name.log" || true
  else
    tail -n 60 "$logs/$name.log"
    echo "== $name FAILED (full log: $logs/$name.log)"
    exit 1
  fi
}

step setup bash scripts/setup.sh
step build bash scripts/build.sh
step guests bash tests/build-guests.sh
step gallery bash www/build-guests.sh
step native-core cargo test
# The wasip1-perms tool, which tests/e2e/perms-schema.test.mjs runs (`cargo test` has built it
# for its own tests already; this says so and keeps that true).
step perms-tool cargo build -p wasip1-perms
step js-boundary env CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p wasip1-web --target wasm32-unknown-unknown

# The end-to-end suite once per browser: Chromium, then Firefox ESR (tests/e2e/browser.mjs picks
# by E2E_BROWSER; README "Browsers" says what differs and why).
echo "== end-to-end in Chromium (node --test: guests vs wasmtime, www, the npm package)"
node --test --test-concurrency=1 tests/e2e/
echo "== end-to-end in Firefox ESR (the same suite)"
E2E_BROWSER=firefox node --test --test-concurrency=1 tests/e2e/
