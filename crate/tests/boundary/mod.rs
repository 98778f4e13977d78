//! The JS boundary, run in a real browser by `web_page.rs` and `web_worker.rs`: the `Wasi`
//! class with small WAT guests that each exercise one behaviour.

use js_sys::{Array, Function, Object, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasip1_web::syscalls::ALL;
use wasip1_web::Wasi;

fn set(o: &Object, k: &str, v: &JsValue) {
    Reflect::set(o, &k.into(), v).unwrap();
}

fn options(args: &[&str]) -> Object {
    let o = Object::new();
    let a: Array = args.iter().map(|s| JsValue::from_str(s)).collect();
    set(&o, "args", &a);
    o
}

/// A stdout callback that pushes each chunk to `sink` (a JS array).
fn collector(sink: &Array) -> Function {
    Function::new_with_args("sink", "return (chunk) => sink.push(chunk)")
        .call1(&JsValue::NULL, sink)
        .unwrap()
        .unchecked_into()
}

/// A Wasi made from `options` plus a stdout callback; the array it returns collects the chunks.
fn wasi_with_stdout(options: Object) -> (Wasi, Array) {
    let sink = Array::new();
    set(&options, "stdout", &collector(&sink));
    (Wasi::new(options.into()).unwrap(), sink)
}

/// Compiles a WAT guest and instantiates it against `wasi`.
fn instantiate(wasi: &Wasi, wat_text: &str) -> WebAssembly::Instance {
    let bytes = wat::parse_str(wat_text).unwrap();
    let module = WebAssembly::Module::new(&Uint8Array::from(&bytes[..]).into()).unwrap();
    WebAssembly::Instance::new(&module, &wasi.get_import_object(None).unchecked_into()).unwrap()
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("not an Error: {e:?}"))
}

fn error_of(r: Result<Wasi, JsValue>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => message(&e),
    }
}

const WRITE_HI: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; scribble over the bytes: the chunk handed out must not change
    (i32.store8 (i32.const 16) (i32.const 88))
    (call $exit (i32.const 3))))"#;

pub fn import_object_has_all_46_functions_with_their_arity() {
    let wasi = Wasi::new(JsValue::UNDEFINED).unwrap();
    let imports = wasi.wasi_import();
    assert_eq!(Object::keys(imports.unchecked_ref::<Object>()).length(), 46);
    for s in ALL {
        let f: Function = Reflect::get(&imports, &s.name.into()).unwrap().dyn_into().unwrap_or_else(|_| panic!("{}", s.name));
        assert_eq!(f.length(), s.arity(), "{}", s.name);
    }
}

pub fn bad_options_name_the_field() {
    let o = Object::new();
    set(&o, "stdout", &5.into());
    assert!(error_of(Wasi::new(o.into())).contains("stdout"));
    let o = Object::new();
    set(&o, "stdot", &JsValue::NULL);
    assert!(error_of(Wasi::new(o.into())).contains("stdot"));
    let o = Object::new();
    set(&o, "env", &Array::of1(&"NOEQUALS".into()));
    let e = error_of(Wasi::new(o.into()));
    assert!(e.contains("NOEQUALS") && e.contains("env"), "{e}");
    let o = Object::new();
    set(&o, "args", &"not an array".into());
    assert!(error_of(Wasi::new(o.into())).contains("args"));
}

pub fn stdout_chunks_are_copies_and_exit_code_is_returned() {
    let (wasi, sink) = wasi_with_stdout(options(&["prog"]));
    let instance = instantiate(&wasi, WRITE_HI);
    assert_eq!(wasi.start(&instance).unwrap(), 3);
    assert_eq!(wasi.exit_code(), Some(3));
    assert_eq!(sink.length(), 1);
    let chunk: Uint8Array = sink.get(0).unchecked_into();
    assert_eq!(chunk.to_vec(), b"hi\n");
    // A second start is refused with a clear Error; the object stays usable.
    let e = wasi.start(&instance).unwrap_err();
    assert!(message(&e).contains("already"), "{}", message(&e));
    assert_eq!(wasi.exit_code(), Some(3));
}

pub fn wild_pointer_traps_with_a_named_error() {
    let wasi = Wasi::new(JsValue::UNDEFINED).unwrap();
    let instance = instantiate(
        &wasi,
        r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $w (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 8)))))"#,
    );
    let e = wasi.start(&instance).unwrap_err();
    let m = message(&e);
    assert!(m.contains("fd_write") && m.contains("out-of-bounds"), "{m}");
    assert_eq!(Object::keys(wasi.wasi_import().unchecked_ref::<Object>()).length(), 46);
}

pub fn views_follow_memory_grow() {
    let (wasi, sink) = wasi_with_stdout(Object::new());
    // Grow by one page, then write from the new page: the host must see the grown memory.
    let instance = instantiate(
        &wasi,
        r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 8)))
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 65536) (i32.const 71))
    (i32.store (i32.const 0) (i32.const 65536))
    (i32.store (i32.const 4) (i32.const 1))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#,
    );
    assert_eq!(wasi.start(&instance).unwrap(), 0);
    let chunk: Uint8Array = sink.get(0).unchecked_into();
    assert_eq!(chunk.to_vec(), b"G");
}

pub fn a_throwing_callback_surfaces_its_own_error() {
    let o = Object::new();
    let thrower = Function::new_with_args("chunk", "throw new TypeError('sink is full')");
    set(&o, "stdout", &thrower);
    let wasi = Wasi::new(o.into()).unwrap();
    let instance = instantiate(&wasi, WRITE_HI);
    let e = wasi.start(&instance).unwrap_err();
    assert!(e.is_instance_of::<js_sys::TypeError>());
    assert_eq!(message(&e), "sink is full");
}

pub fn random_get_of_one_mib_and_clocks() {
    let wasi = Wasi::new(JsValue::UNDEFINED).unwrap();
    let instance = instantiate(
        &wasi,
        r#"(module
  (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $t (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 17)
  (func (export "_start") (local $i i32) (local $zeros i32)
    (if (call $r (i32.const 65536) (i32.const 1048576)) (then (call $exit (i32.const 10))))
    ;; count zero bytes: ~4096 expected of 1 MiB; fail far outside that
    (local.set $i (i32.const 65536))
    (loop $l
      (if (i32.eqz (i32.load8_u (local.get $i))) (then (local.set $zeros (i32.add (local.get $zeros) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1114112))))
    (if (i32.or (i32.lt_u (local.get $zeros) (i32.const 3000)) (i32.gt_u (local.get $zeros) (i32.const 5200)))
      (then (call $exit (i32.const 11))))
    (if (call $t (i32.const 1) (i64.const 0) (i32.const 0)) (then (call $exit (i32.const 12))))
    (if (call $t (i32.const 1) (i64.const 0) (i32.const 8)) (then (call $exit (i32.const 13))))
    (if (i64.lt_u (i64.load (i32.const 8)) (i64.load (i32.const 0))) (then (call $exit (i32.const 14))))
    (if (call $t (i32.const 0) (i64.const 0) (i32.const 16)) (then (call $exit (i32.const 15))))
    ;; realtime after 2020-01-01
    (if (i64.lt_u (i64.load (i32.const 16)) (i64.const 1577836800000000000)) (then (call $exit (i32.const 16))))
    (if (i32.ne (call $t (i32.const 2) (i64.const 0) (i32.const 0)) (i32.const 8)) (then (call $exit (i32.const 17))))))"#,
    );
    assert_eq!(wasi.start(&instance).unwrap(), 0);
}

pub fn stdin_reads_then_eof() {
    let o = Object::new();
    set(&o, "stdin", &"abc".into());
    let (wasi, sink) = wasi_with_stdout(o);
    // Read twice into [100..], echo what the first read got; exit with the second count (0).
    let instance = instantiate(
        &wasi,
        r#"(module
  (import "wasi_snapshot_preview1" "fd_read" (func $rd (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 10))
    (drop (call $rd (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 4) (i32.load (i32.const 8)))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
    (drop (call $rd (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.load (i32.const 8)))))"#,
    );
    assert_eq!(wasi.start(&instance).unwrap(), 0);
    let chunk: Uint8Array = sink.get(0).unchecked_into();
    assert_eq!(chunk.to_vec(), b"abc");
}

pub fn a_reactor_outlives_its_freed_wasi() {
    let (wasi, sink) = wasi_with_stdout(Object::new());
    let instance = instantiate(
        &wasi,
        r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ok")
  (func (export "say") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 2))
    (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))"#,
    );
    wasi.initialize(&instance).unwrap();
    // The wrapper goes (as when it is garbage-collected); the guest still holds its imports.
    drop(wasi);
    let _other = Wasi::new(JsValue::UNDEFINED).unwrap();
    let say: Function = Reflect::get(&instance.exports(), &"say".into()).unwrap().unchecked_into();
    assert_eq!(say.call0(&JsValue::NULL).unwrap(), 0);
    let chunk: Uint8Array = sink.get(0).unchecked_into();
    assert_eq!(chunk.to_vec(), b"ok");
}

pub fn an_explicitly_freed_context_fails_clearly_and_reaches_no_other() {
    let wasi = Wasi::new(JsValue::UNDEFINED).unwrap();
    let imports = wasi.wasi_import();
    wasi.release_context(); // what the package's free() does
    drop(wasi);
    // A new Wasi reuses the slot index; the old imports must not reach it.
    let (_other, sink) = wasi_with_stdout(Object::new());
    let sched_yield: Function = Reflect::get(&imports, &"sched_yield".into()).unwrap().unchecked_into();
    let e = sched_yield.call0(&JsValue::NULL).unwrap_err();
    assert!(message(&e).contains("freed"), "{}", message(&e));
    let fd_write: Function = Reflect::get(&imports, &"fd_write".into()).unwrap().unchecked_into();
    let e = fd_write.call4(&JsValue::NULL, &1.into(), &0.into(), &0.into(), &8.into()).unwrap_err();
    assert!(message(&e).contains("freed"), "{}", message(&e));
    assert_eq!(sink.length(), 0);
}

pub fn imports_called_after_the_command_finished_trap() {
    let wasi = Wasi::new(JsValue::UNDEFINED).unwrap();
    let instance = instantiate(
        &wasi,
        r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start"))
  (func (export "later") (result i32)
    (call $w (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 8))))"#,
    );
    assert_eq!(wasi.start(&instance).unwrap(), 0);
    let later: Function = Reflect::get(&instance.exports(), &"later".into()).unwrap().unchecked_into();
    let e = later.call0(&JsValue::NULL).unwrap_err();
    assert!(message(&e).contains("no guest memory"), "{}", message(&e));
    assert_eq!(wasi.exit_code(), None);
}

pub fn imports_have_exact_preview1_types() {
    // fd_write declared without its result: wasmtime refuses to link this guest, and so do we.
    let wasi = Wasi::new(JsValue::UNDEFINED).unwrap();
    let bytes = wat::parse_str(
        r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "_start")))"#,
    )
    .unwrap();
    let module = WebAssembly::Module::new(&Uint8Array::from(&bytes[..]).into()).unwrap();
    let e = WebAssembly::Instance::new(&module, &wasi.get_import_object(None).unchecked_into()).unwrap_err();
    assert!(e.is_instance_of::<WebAssembly::LinkError>(), "{e:?}");
}

pub fn no_call_returns_enosys() {
    let sink = Array::new();
    let o = Object::new();
    set(&o, "stdout", &collector(&sink));
    set(&o, "preopens", &Object::from_entries(&Array::of1(&Array::of2(&"/".into(), &Object::new()))).unwrap());
    let wasi = Wasi::new(o.into()).unwrap();
    let instance = instantiate(&wasi, r#"(module (memory (export "memory") 1))"#);
    wasi.initialize(&instance).unwrap();
    let imports = wasi.wasi_import();
    for s in ALL.iter().filter(|s| s.name != "proc_exit") {
        // fd 3 (the preopen) where the first argument is an fd; 0 elsewhere, which is a valid
        // pointer, length, enum value and flag set alike; BigInts for i64.
        let fd_first = ["fd_", "path_", "sock_"].iter().any(|p| s.name.starts_with(p)) && s.name != "path_symlink";
        let args: Array = s
            .params
            .chars()
            .enumerate()
            .map(|(i, c)| match (i, c) {
                (_, 'I') => JsValue::from(js_sys::BigInt::from(0)),
                (0, _) if fd_first => JsValue::from(3),
                (0, _) if s.name.starts_with("clock_") => JsValue::from(1), // the monotonic clock
                _ => JsValue::from(0),
            })
            .collect();
        let f: Function = Reflect::get(&imports, &s.name.into()).unwrap().unchecked_into();
        let errno = f.apply(&JsValue::NULL, &args).unwrap_or_else(|e| panic!("{}: {}", s.name, message(&e)));
        assert_ne!(errno, 52, "{} returned ENOSYS", s.name);
    }
}

/// Declares one `#[wasm_bindgen_test]` per behaviour above; `web_page.rs` and `web_worker.rs`
/// run the same list in a page and in a dedicated worker.
macro_rules! boundary_tests {
    ($($test:ident => $body:path;)*) => {$(
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn $test() {
            $body()
        }
    )*};
}

macro_rules! all_boundary_tests {
    () => {
        boundary_tests! {
            import_object => boundary::import_object_has_all_46_functions_with_their_arity;
            exact_types => boundary::imports_have_exact_preview1_types;
            bad_options => boundary::bad_options_name_the_field;
            stdout_and_exit => boundary::stdout_chunks_are_copies_and_exit_code_is_returned;
            wild_pointer => boundary::wild_pointer_traps_with_a_named_error;
            memory_grow => boundary::views_follow_memory_grow;
            throwing_callback => boundary::a_throwing_callback_surfaces_its_own_error;
            random_and_clocks => boundary::random_get_of_one_mib_and_clocks;
            stdin => boundary::stdin_reads_then_eof;
            reactor_outlives_wasi => boundary::a_reactor_outlives_its_freed_wasi;
            freed => boundary::an_explicitly_freed_context_fails_clearly_and_reaches_no_other;
            after_finish => boundary::imports_called_after_the_command_finished_trap;
            no_enosys => boundary::no_call_returns_enosys;
        }
    };
}
