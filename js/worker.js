// The dedicated worker runInWorker starts: runs one guest with the page's options, stdin from
// the shared ring (fd_read blocks until the page writes), stdout/stderr posted back as they
// are written. (Source; scripts/build.sh puts a minified copy in pkg/.)
import init, { Wasi, compileStreaming } from "./index.js";
import { StdinRing } from "./ring.js";

self.onmessage = async ({ data }) => {
  if (data?.type !== "run") return;
  const ring = new StdinRing(data.ring);
  const stdin = Object.assign((max) => ring.read(max), { ready: () => ring.ready(), wait: (ms) => ring.wait(ms) });
  // Each chunk is a fresh copy (never a view of guest memory): transfer it.
  const post = (type) => (chunk) => self.postMessage({ type, chunk }, [chunk.buffer]);
  let exitCode = null;
  let error = null;
  let wasi = null;
  let trace = null;
  try {
    await init();
    const module = data.source instanceof WebAssembly.Module ? data.source : (await compileStreaming(data.source)).module;
    const onDenied = data.onDenied ? (record) => self.postMessage({ type: "denied", record }) : undefined;
    wasi = new Wasi({ module, ...data.options, stdin, stdout: post("stdout"), stderr: post("stderr"), onDenied });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    try {
      exitCode = wasi.start(instance);
    } finally {
      if (wasi.trace) trace = { summary: wasi.trace.summary(), log: wasi.trace.log() };
    }
  } catch (e) {
    error = e;
  }
  let denials = [];
  try {
    denials = wasi?.denials ?? [];
  } catch {}
  try {
    self.postMessage({ type: "exit", exitCode, error, denials, trace });
  } catch {
    // An error that cannot be cloned (a host callback threw something odd): its text then.
    self.postMessage({ type: "exit", exitCode, error: String(error?.message ?? error), denials, trace });
  }
};
