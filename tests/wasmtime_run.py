#!/usr/bin/env python3
"""Run a WASI preview1 guest under wasmtime (the `wasmtime` Python package) as a reference.

Usage:
    python3 tests/wasmtime_run.py <guest.wasm> ['<json spec>']

The spec (every key optional):
    {"args": ["prog", "a1"],        full argv, argv[0] included (default: [basename of wasm])
     "env": {"K": "V"},             environment (default: empty)
     "stdin": "text",               stdin as UTF-8 text (default: empty)
     "stdinBase64": "...",          stdin as bytes; overrides "stdin"
     "preopens": {"/guest": "/host/dir"},
     "timeoutMs": 2000}             interrupt the guest after this long (default: never)

Prints one JSON line:
    {"exitCode": int|null, "stdout": "<base64>", "stderr": "<base64>", "trap": str|null}

exitCode is 0 when `_start` returns, the `proc_exit` code on an exit, and null when the
guest traps (then `trap` holds wasmtime's innermost cause, without the backtrace,
e.g. "wasm trap: wasm `unreachable` instruction executed").

"timeoutMs" uses wasmtime's epoch interruption, which only stops *wasm* code: a guest that
is spinning traps with "wasm trap: interrupt" once the time is up, but one blocked inside a
host call (a long `poll_oneoff`, a read of stdin) is only stopped when the call returns.
Runs with "timeoutMs" share one engine, and its epoch, so `run()` them one at a time.

As a module: `run(wasm_path, spec) -> dict` returns the same object.
"""

import base64
import json
import os
import re
import sys
import tempfile
import threading

import wasmtime

_ENGINES = {}


def _engine(epochs=False):
    """One shared engine per configuration: plain, or with epoch interruption."""
    if epochs not in _ENGINES:
        config = wasmtime.Config()
        config.epoch_interruption = epochs
        _ENGINES[epochs] = wasmtime.Engine(config)
    return _ENGINES[epochs]


def _trap_message(err):
    """wasmtime's message without the wasm backtrace: the innermost cause."""
    text = err.message if isinstance(err, wasmtime.Trap) else str(err)
    if "Caused by:" in text:
        causes = [l.strip() for l in text.split("Caused by:", 1)[1].splitlines() if l.strip()]
        # Causes are listed outermost first ("0: ...", "1: ...") when there are several.
        return re.sub(r"^\d+: ", "", causes[-1]) if causes else text.strip()
    return text.strip()


def _module(engine, epochs, wasm_path):
    """The compiled module; a big one (an interpreter: CPython takes ~5 s to compile) is kept
    compiled in `.wasmtime-cache/` beside it, keyed by size, mtime and engine configuration."""
    if os.path.getsize(wasm_path) < (4 << 20):
        return wasmtime.Module.from_file(engine, wasm_path)
    st = os.stat(wasm_path)
    cache = os.path.join(os.path.dirname(os.path.abspath(wasm_path)), ".wasmtime-cache")
    name = "%s-%d-%d-%d.cwasm" % (os.path.basename(wasm_path), st.st_size, int(st.st_mtime), int(epochs))
    cached = os.path.join(cache, name)
    if os.path.exists(cached):
        try:
            return wasmtime.Module.deserialize_file(engine, cached)
        except Exception:  # a cache from another wasmtime version: compile again
            pass
    module = wasmtime.Module.from_file(engine, wasm_path)
    os.makedirs(cache, exist_ok=True)
    tmp = cached + ".%d.tmp" % os.getpid()
    with open(tmp, "wb") as f:
        f.write(module.serialize())
    os.replace(tmp, cached)
    return module


def run(wasm_path, spec=None):
    """Run `wasm_path` with `spec` (see the module docs); return the result dict."""
    spec = spec or {}
    timeout_ms = spec.get("timeoutMs")
    engine = _engine(epochs=timeout_ms is not None)
    module = _module(engine, timeout_ms is not None, wasm_path)

    with tempfile.TemporaryDirectory(prefix="wasmtime_run.") as tmp:
        stdin_path = os.path.join(tmp, "stdin")
        stdout_path = os.path.join(tmp, "stdout")
        stderr_path = os.path.join(tmp, "stderr")
        if "stdinBase64" in spec:
            stdin_bytes = base64.b64decode(spec["stdinBase64"])
        else:
            stdin_bytes = spec.get("stdin", "").encode("utf-8")
        with open(stdin_path, "wb") as f:
            f.write(stdin_bytes)

        config = wasmtime.WasiConfig()
        config.argv = list(spec.get("args", [os.path.basename(wasm_path)]))
        config.env = [(k, v) for k, v in spec.get("env", {}).items()]
        config.stdin_file = stdin_path
        config.stdout_file = stdout_path
        config.stderr_file = stderr_path
        for guest_path, host_dir in spec.get("preopens", {}).items():
            config.preopen_dir(host_dir, guest_path)

        store = wasmtime.Store(engine)
        store.set_wasi(config)
        timer = None
        if timeout_ms is not None:
            # Trap at the next epoch tick; the timer supplies exactly one tick.
            store.set_epoch_deadline(1)
            timer = threading.Timer(timeout_ms / 1000, engine.increment_epoch)
            timer.start()
        linker = wasmtime.Linker(engine)
        linker.define_wasi()

        exit_code, trap = None, None
        try:
            instance = linker.instantiate(store, module)
            instance.exports(store)["_start"](store)
            exit_code = 0
        except wasmtime.ExitTrap as e:
            exit_code = e.code
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            trap = _trap_message(e)
        finally:
            if timer is not None:
                timer.cancel()

        # Drop the store so wasmtime closes (and flushes) the stdio files before reading.
        del store, linker, config
        with open(stdout_path, "rb") as f:
            stdout = f.read()
        with open(stderr_path, "rb") as f:
            stderr = f.read()

    return {
        "exitCode": exit_code,
        "stdout": base64.b64encode(stdout).decode("ascii"),
        "stderr": base64.b64encode(stderr).decode("ascii"),
        "trap": trap,
    }


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    spec = json.loads(argv[2]) if len(argv) == 3 else {}
    print(json.dumps(run(argv[1], spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
