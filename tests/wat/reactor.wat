;; A reactor (no _start): `say` writes "ok" to stdout and returns fd_write's errno.
;; Used by tests/e2e/lifetime.test.mjs, compiled with wasmtime's wat2wasm at test time.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ok")
  (func (export "_initialize"))
  (func (export "say") (result i32)
    (drop (call $y))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 2))
    (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
