;; The guest of bench/ab.mjs: one exported loop per workload, each making N calls straight
;; from wasm (no libc), so that two builds of the host can be compared call for call.
;; Run with args = 1000 strings, env = 1000 variables, and a preopen "/" (fd 3) holding f.txt.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 4)
  (data (i32.const 100) "f.txt")
  ;; An iovec at 400: 16 bytes at 500.
  (data (i32.const 400) "\f4\01\00\00\10\00\00\00")

  ;; args_sizes_get + args_get + environ_sizes_get + environ_get, n times.
  (func (export "args") (param $n i32)
    (loop $l
      (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
      (drop (call $args_get (i32.const 1024) (i32.const 16384)))
      (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
      (drop (call $environ_get (i32.const 32768) (i32.const 49152)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  (func (export "clock") (param $n i32)
    (loop $l
      (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  ;; 16 bytes to fd 1 (a no-op sink).
  (func (export "write") (param $n i32)
    (loop $l
      (drop (call $fd_write (i32.const 1) (i32.const 400) (i32.const 1) (i32.const 16)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  ;; path_open("f.txt") + fd_close.
  (func (export "open") (param $n i32)
    (loop $l
      (drop (call $path_open (i32.const 3) (i32.const 1) (i32.const 100) (i32.const 5) (i32.const 0)
        (i64.const 0x1fffffff) (i64.const 0x1fffffff) (i32.const 0) (i32.const 300)))
      (drop (call $fd_close (i32.load (i32.const 300))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  (func (export "stat") (param $n i32)
    (loop $l
      (drop (call $path_filestat_get (i32.const 3) (i32.const 1) (i32.const 100) (i32.const 5) (i32.const 200)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  (func (export "_initialize")))
