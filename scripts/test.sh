#!/usr/bin/env bash
# Every test: set-up (idempotent), the native core (cargo test), the JS boundary in headless
# Chromium page + dedicated worker (wasm-bindgen-test), then the guests end to end against
# wasmtime and the package checks (node --test). Prints one summary line at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh
bash scripts/build.sh
bash tests/build-guests.sh | grep -v '^fresh' || true

echo "== cargo test (native core)"
cargo test --quiet 2>&1 | grep -E "^test result|FAILED|panicked|error" || true
cargo test --quiet >/dev/null 2>&1

echo "== wasm-bindgen-test (JS boundary in headless Chromium: page and dedicated worker)"
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --quiet -p wasip1-web --target wasm32-unknown-unknown 2>&1 | grep -E "^test result|FAIL|panicked" 

echo "== node --test (guests in headless Chromium vs wasmtime; the npm package)"
node --test --test-reporter=spec --test-reporter-destination=stdout tests/e2e/
