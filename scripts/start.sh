#!/usr/bin/env bash
# Set-up, build, and serve the benchmark page www/ with a demo guest running:
# http://127.0.0.1:${PORT:-8000}/www/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bash tests/build-guests.sh | grep -v '^fresh' || true
bash www/build-guests.sh | grep -v '^fresh' || true
exec node tests/e2e/server.mjs "${PORT:-8000}"
