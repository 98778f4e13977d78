// The benchmark page. bench/run.mjs drives it through these globals:
//   window.benchReady                       resolves to {ours, shim, notrace}: true | "<error>"
//   window.runWorkload(impl, spec)          runs the guest at spec.wasmUrl once;
//                                           resolves to what it printed. spec.sandbox: give it
//                                           fd 3 = an empty in-memory directory "/sandbox"
//   window.runStartup(impl, spec)           µs of one new host + instantiate + _start → exit
//   window.lastTraceSummary                 wasi.trace.summary() of the last "ours-trace" run
// impl is "ours" (this package, /pkg/full.js) or "shim" (@bjorn3/browser_wasi_shim); the
// "Tracing cost" table adds "ours-trace" (/pkg/full.js with `trace: true`) and "ours-notrace"
// (the polyfill built with --no-default-features, i.e. the lean build, without the tracing code, loaded
// from bench/out/pkg-notrace/ as a second, independent module: raw wasm-bindgen output).

import * as shim from "/node_modules/@bjorn3/browser_wasi_shim/dist/index.js";

const noop = () => {};
const dec = new TextDecoder();
let ours = null;
let oursNT = null;

const modules = new Map();
function compile(url) {
  if (!modules.has(url)) modules.set(url, WebAssembly.compileStreaming(fetch(url)));
  return modules.get(url);
}

/** `bench.noop` is the floor workload's import: an empty JS function. */
const benchImports = { bench: { noop() {} } };

/**
 * One host per impl, configured the same way: args/env, empty stdin, and
 * stdout/stderr to the given callbacks (each gets the written bytes).
 * Returns {imports, start(instance) -> exit code}.
 */
function makeHost(impl, { args, env, sandbox }, stdout, stderr) {
  if (impl === "ours-async") {
    // The same host run with startAsync (JSPI): the async import object, _start promising.
    const wasi = new ours.Wasi({ args, env, preopens: sandbox ? { "/sandbox": {} } : {}, stdin: "", stdout, stderr });
    const start = async (i) => {
      try {
        return await wasi.startAsync(i);
      } finally {
        wasi.free();
      }
    };
    return { imports: { ...wasi.getImportObject({ async: true }), ...benchImports }, start };
  }
  if (impl === "ours" || impl === "ours-trace" || impl === "ours-notrace") {
    const options = { args, env, preopens: sandbox ? { "/sandbox": {} } : {}, stdin: "", stdout, stderr };
    if (impl === "ours-trace") options.trace = true;
    const wasi = impl === "ours-notrace" ? new oursNT.Wasi(options) : new ours.Wasi(options);
    // free() releases the Rust side (and with it the guest instance) at once instead of
    // waiting for a FinalizationRegistry callback: a tight loop of runs otherwise keeps
    // ~100 guest memories alive and V8 refuses the next one. Counted in the timing.
    // The raw wasm-bindgen class has no such free(); do what index.js's does.
    const free =
      impl === "ours-notrace"
        ? () => {
            if (wasi.__wbg_ptr) wasi.releaseContext();
            wasi.free();
          }
        : () => wasi.free();
    const start = (i) => {
      try {
        const code = wasi.start(i);
        // Proof that tracing was on (read outside the guest's own timing).
        if (impl === "ours-trace") window.lastTraceSummary = wasi.trace?.summary() ?? null;
        return code;
      } finally {
        free();
      }
    };
    return { imports: { ...wasi.getImportObject(), ...benchImports }, start };
  }
  // browser_wasi_shim 0.4.2: new WASI(args, ["K=V", ...], fds, options) with fds[0..2] the
  // stdio and fds[3] the sandbox preopen (an empty in-memory PreopenDirectory); a bare
  // ConsoleStdout(fn) hands fn each write's bytes (lineBuffered would decode and split).
  // `debug: false` because 0.4.2 turns its debug logging ON when the option is left out
  // (debug.enable(undefined) === enable(true)): args_get, environ_get, path_open, ... would
  // each console.log, which no real user of the shim would benchmark.
  const fds = [new shim.OpenFile(new shim.File([])), new shim.ConsoleStdout(stdout), new shim.ConsoleStdout(stderr)];
  if (sandbox) fds.push(new shim.PreopenDirectory("/sandbox", new Map()));
  const wasi = new shim.WASI(
    args,
    Object.entries(env).map(([k, v]) => `${k}=${v}`),
    fds,
    { debug: false },
  );
  return { imports: { wasi_snapshot_preview1: wasi.wasiImport, ...benchImports }, start: (i) => wasi.start(i) };
}

/**
 * spec = {wasmUrl, args, env, sandbox?}; resolves to what the guest printed (its result line;
 * the Go guest prints one line per operation).
 * For fd_write, stdout is the no-op sink under test and the guest reports on stderr.
 */
window.runWorkload = async (impl, spec) => {
  const module = await compile(spec.wasmUrl);
  const text = [];
  const keep = (c) => text.push(dec.decode(c, { stream: true }));
  const host = makeHost(impl, spec, spec.args[1] === "fd_write" ? noop : keep, keep);
  const instance = await WebAssembly.instantiate(module, host.imports);
  const code = await host.start(instance);
  return text.join("") + (code !== 0 ? ` exit ${code}` : "");
};

/**
 * Start-up: new host + synchronous instantiation of a compiled module + _start → exit, once
 * per call (the module compiled before, as a page that runs a guest again would have it).
 * spec = {wasmUrl, args, env}; returns the µs it took, or throws when the guest failed.
 */
window.runStartup = async (impl, spec) => {
  const module = await compile(spec.wasmUrl);
  const t0 = performance.now();
  const host = makeHost(impl, spec, noop, noop);
  const instance = new WebAssembly.Instance(module, host.imports);
  const code = host.start(instance);
  const us = (performance.now() - t0) * 1000;
  if (code !== 0) throw new Error(`${spec.wasmUrl} exited with ${code}`);
  return us;
};

/** ns per `performance.now()` call: what any monotonic clock_time_get must pay at least. */
window.perfNowNs = () => {
  const n = 1_000_000;
  let x = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) x += performance.now();
  const ns = ((performance.now() - t0) * 1e6) / n;
  return x > 0 ? ns : ns; // keep x alive
};

window.benchReady = (async () => {
  const status = { ours: true, shim: true, notrace: true };
  try {
    // wasip1-web/full: the "Tracing cost" table needs its tracing; the syscalls are the same
    // code as the lean build's (which bench:ab measures).
    ours = await import("/pkg/full.js");
    await ours.default();
  } catch (e) {
    ours = null;
    status.ours = `package not loadable: ${e?.message ?? e}`;
  }
  // Equivalent to `import initNT, { Wasi as WasiNT } from "/bench/out/pkg-notrace/wasip1_web.js"`,
  // but a missing or broken no-trace build only costs the "Tracing cost" table, not the page.
  try {
    const m = await import("/bench/out/pkg-notrace/wasip1_web.js");
    await m.default();
    oursNT = m;
  } catch (e) {
    oursNT = null;
    status.notrace = `no-trace build not loadable: ${e?.message ?? e}`;
  }
  document.getElementById("status").textContent = JSON.stringify(status);
  return status;
})();
