;; A "threaded" guest whose imported memory is not shared: wasip1-web must refuse it with an
;; Error that says so, before any guest code runs.
(module
  (import "env" "memory" (memory 1 16))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (func (export "wasi_thread_start") (param i32 i32))
  (func (export "_start")))
