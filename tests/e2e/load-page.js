// Page side of load.test.mjs: calls the package's compileStreaming and run and returns
// JSON-friendly results (errors as messages; byte arrays as text).
import { compileStreaming, run } from "/pkg/full.js";

const text = (bytes) => new TextDecoder().decode(bytes);
const message = (e) => (e === null ? null : e instanceof Error ? `${e.constructor.name}: ${e.message}` : `[not an Error] ${e}`);

export async function compile(url, how = "url") {
  const source =
    how === "url" ? url
    : how === "URL" ? new URL(url, location.href)
    : how === "Request" ? new Request(url)
    : how === "Response" ? await fetch(url)
    : fetch(url); // a Promise<Response>
  try {
    const { module, ...rest } = await compileStreaming(source);
    return { ...rest, isModule: module instanceof WebAssembly.Module, error: null };
  } catch (e) {
    return { error: message(e) };
  }
}

export async function runGuest(url, options = {}) {
  performance.clearMeasures();
  try {
    const r = await run(url, options);
    const measures = performance.getEntriesByType("measure").filter((m) => m.name.startsWith("wasip1:"));
    return {
      ...r,
      stdout: text(r.stdout),
      stderr: text(r.stderr),
      error: message(r.error),
      measures: measures.map((m) => ({ name: m.name, duration: m.duration })),
      rejected: null,
    };
  } catch (e) {
    return { rejected: message(e) };
  }
}
