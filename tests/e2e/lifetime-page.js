// Page side of lifetime.test.mjs (a module, not code passed to page.evaluate, so that no
// debugger-held closure context keeps the objects under test alive). Needs --expose-gc.
import { Wasi } from "/pkg/index.js";

const decoder = new TextDecoder();

function setUp(module, out) {
  const wasi = new Wasi({ stdout: (c) => out.push(decoder.decode(c)) });
  const imports = wasi.getImportObject();
  const instance = new WebAssembly.Instance(module, imports);
  wasi.initialize(instance);
  return { instance, wasiRef: new WeakRef(wasi), importsRef: new WeakRef(imports) };
}

/** Drops the Wasi and its import object, collects until both are gone, then calls the reactor. */
export async function reactorAfterCollection(url) {
  const module = await WebAssembly.compileStreaming(fetch(url));
  const out = [];
  const { instance, wasiRef, importsRef } = setUp(module, out);
  // deref() keeps its target alive to the end of the current job, so every gc() runs in a
  // later job than the last deref(); finalizers run in between.
  const tick = () => new Promise((res) => setTimeout(res, 20));
  for (let i = 0; i < 50; i++) {
    await tick();
    gc();
    await tick();
    if (!wasiRef.deref() && !importsRef.deref()) break;
  }
  await tick();
  const wasiAlive = !!wasiRef.deref();
  const importsAlive = !!importsRef.deref();
  let errno = null;
  let error = null;
  try {
    errno = instance.exports.say();
  } catch (e) {
    error = String(e?.message ?? e);
  }
  return { collected: !wasiAlive && !importsAlive, wasiAlive, importsAlive, errno, error, out };
}

/**
 * Makes `n` Wasi objects and drops them (every 10th the host of a reactor instance, initialized),
 * collecting now and then: their contexts must be released as they are collected, so that more
 * than the 65,536 that may be alive at once can be made. `{ made, error }`.
 */
export async function manyDropped(url, n) {
  const module = await WebAssembly.compileStreaming(fetch(url));
  const tick = () => new Promise((res) => setTimeout(res, 10));
  let i = 0;
  try {
    for (; i < n; i++) {
      const wasi = new Wasi({ stdout: () => {} });
      if (i % 10 === 0) wasi.initialize(new WebAssembly.Instance(module, wasi.getImportObject()));
      if (i % 256 === 255) {
        await tick();
        gc();
        await tick();
      }
    }
    return { made: i, error: null };
  } catch (e) {
    return { made: i, error: String(e?.message ?? e) };
  }
}

/**
 * `n` reactors, each with a Wasi of its own (their hot calls' trampolines come in groups from
 * instances shared by several Wasis), called in reverse order, then again in order; the middle
 * one's Wasi is freed first. `{ results, outs, freed }`: what each first call returned (or the
 * message it threw) and what each Wasi's stdout received.
 */
export async function manyReactors(url, n) {
  const module = await WebAssembly.compileStreaming(fetch(url));
  const outs = [];
  const wasis = [];
  const instances = [];
  for (let i = 0; i < n; i++) {
    const out = [];
    const wasi = new Wasi({ stdout: (c) => out.push(decoder.decode(c)) });
    const instance = new WebAssembly.Instance(module, wasi.getImportObject());
    wasi.initialize(instance);
    outs.push(out);
    wasis.push(wasi);
    instances.push(instance);
  }
  const freed = n >> 1;
  wasis[freed].free();
  const results = [];
  for (let i = n - 1; i >= 0; i--) {
    try {
      results[i] = instances[i].exports.say();
    } catch (e) {
      results[i] = String(e?.message ?? e);
    }
  }
  for (let i = 0; i < n; i++) if (i !== freed) instances[i].exports.say();
  return { results, outs: outs.map((o) => o.join("")), freed };
}
