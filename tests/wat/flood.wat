;; Writes 100 MiB to stdout (100 fd_write calls of 1 MiB of 'x'), then returns. Used by
;; tests/e2e/www.test.mjs: the page keeps showing the start of it and counts the rest.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 17)
  (func (export "_start")
    (local $i i32)
    ;; 1 MiB of 'x' at 65536; the iovec at 0 points at it; nwritten at 16
    (memory.fill (i32.const 65536) (i32.const 120) (i32.const 1048576))
    (i32.store (i32.const 0) (i32.const 65536))
    (i32.store (i32.const 4) (i32.const 1048576))
    (loop $again
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 100))))))
