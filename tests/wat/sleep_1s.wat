;; Sleeps one second with a single relative monotonic poll_oneoff subscription, then returns.
;; Used by tests/e2e/waiting.test.mjs to measure the CPU a sleeping guest burns.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; subscription at 0: userdata 0, tag 0 (clock), id 1 (monotonic), timeout 1e9 ns
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 1000000000))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))
