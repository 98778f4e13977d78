// Page side of ruby.test.mjs: ruby.wasm (@ruby/3.4-wasm-wasi, a reactor) driven by its own
// JS driver (@ruby/wasm-wasi's RubyVM) on this package's Wasi instead of browser_wasi_shim,
// exactly as its DefaultRubyVM drives the shim: the driver adds its own imports and replaces
// fd_write, fd_fdstat_get and fd_filestat_get on `wasi.wasiImport` (its console printer), then
// calls `wasi.initialize(instance)` and evaluates Ruby through its exports.
import { Wasi } from "/pkg/index.js";
import { RubyVM } from "/node_modules/@ruby/wasm-wasi/dist/esm/vm.js";
import { consolePrinter } from "/node_modules/@ruby/wasm-wasi/dist/esm/console.js";

let module = null;

/** Runs each snippet of `code` in a fresh VM; returns what each printed and returned. */
export async function ruby(snippets, tree) {
  module ??= await WebAssembly.compileStreaming(fetch("/node_modules/@ruby/3.4-wasm-wasi/dist/ruby+stdlib.wasm"));
  let out = "";
  let err = "";
  const wasi = new Wasi({
    env: { LANG: "C.UTF-8" },
    preopens: { "/": tree },
    stdout: (c) => (out += new TextDecoder().decode(c)),
    stderr: (c) => (err += new TextDecoder().decode(c)),
  });
  const printer = consolePrinter({ stdout: (s) => (out += s), stderr: (s) => (err += s) });
  const { vm } = await RubyVM.instantiateModule({
    module,
    wasip1: wasi,
    addToImports: (imports) => printer.addToImports(imports),
    setMemory: (memory) => printer.setMemory(memory),
  });
  const results = [];
  for (const code of snippets) {
    out = "";
    err = "";
    let value = null;
    let error = null;
    try {
      value = vm.eval(code).toString();
    } catch (e) {
      error = `${e?.constructor?.name}: ${e?.message}`;
    }
    results.push({ value, out, err, error });
  }
  let files = null;
  try {
    files = { written: new TextDecoder().decode(wasi.fs.readFile("/out/result.txt")), listing: wasi.fs.readDir("/out") };
  } catch (e) {
    files = { error: e.message };
  }
  return { results, files };
}
