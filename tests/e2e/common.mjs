// Shared helpers for the e2e tests: where things are, the wasmtime reference,
// and assertions whose failure messages show what differed.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { launch } from "./browser.mjs";
import { REPO_ROOT, startServer } from "./server.mjs";

export { REPO_ROOT };

const execFileP = promisify(execFile);

/** Compiled guests; `E2E_GUESTS_DIR` overrides (to check the rig on other builds). */
export const GUESTS_DIR = path.resolve(process.env.E2E_GUESTS_DIR ?? path.join(REPO_ROOT, "tests/out"));

/**
 * The package under test is `/pkg/index.js` (what the npm package ships). `E2E_IMPL_FILE` serves another
 * file with the same contract there instead (used to check the rig itself).
 */
export const IMPL_FILE = process.env.E2E_IMPL_FILE ? path.resolve(process.env.E2E_IMPL_FILE) : null;

/** Server routes that make IMPL_FILE the implementation the harness loads. */
export function implRoutes() {
  return IMPL_FILE ? { "/__impl.js": IMPL_FILE } : {};
}

/** Query string for harness.html selecting the implementation. */
export function implQuery() {
  return IMPL_FILE ? "?impl=/__impl.js" : "";
}

/**
 * Query string for harness.html loading `wasip1-web/full` (pkg/full.js): init() then loads the
 * full build, which the tests of tracing and wasip1-perms need; the others run the lean build
 * that `wasip1-web`'s init() loads by default.
 */
export const FULL_QUERY = "?impl=/pkg/full.js";

/** Fails with a build hint unless the package (index.js + pkg/) has been built. */
export function requirePackage() {
  if (IMPL_FILE) return;
  const missing = ["pkg/index.js", "pkg/wasip1_web.js", "pkg/wasip1_web_bg.wasm"].filter(
    (f) => !fs.existsSync(path.join(REPO_ROOT, f)),
  );
  if (missing.length) {
    assert.fail(
      `the package is not built: missing ${missing.join(", ")} in ${REPO_ROOT} ` +
        `(build it with wasm-bindgen --target web into pkg/ first)`,
    );
  }
}

/** Absolute path of a compiled guest; fails with a hint if it is missing. */
export function guestPath(name) {
  const file = path.join(GUESTS_DIR, `${name}.wasm`);
  if (!fs.existsSync(file)) {
    assert.fail(`guest ${file} is missing: run \`bash tests/build-guests.sh\` first`);
  }
  return file;
}

/** URL path under which the server (rooted at the repo) serves a guest. */
export function guestUrl(name) {
  const file = guestPath(name);
  const rel = path.relative(REPO_ROOT, file);
  if (rel.startsWith("..")) return `/__guests/${name}.wasm`;
  return "/" + rel.split(path.sep).join("/");
}

/** Routes for guests outside the repo root (only when E2E_GUESTS_DIR points elsewhere). */
export function guestRoutes(names) {
  const routes = {};
  for (const name of names) {
    const file = path.join(GUESTS_DIR, `${name}.wasm`);
    if (path.relative(REPO_ROOT, file).startsWith("..")) routes[`/__guests/${name}.wasm`] = file;
  }
  return routes;
}

const refCache = new Map();

/**
 * wasmtime's result for `wasm` with `spec`, cached per (wasm, spec):
 * {exitCode: int|null, stdout: base64, stderr: base64, trap: string|null}.
 */
export function wasmtimeRef(wasm, spec) {
  const key = `${wasm}\0${JSON.stringify(spec)}`;
  let p = refCache.get(key);
  if (!p) {
    p = execFileP("python3", [path.join(REPO_ROOT, "tests/wasmtime_run.py"), wasm, JSON.stringify(spec)], {
      cwd: REPO_ROOT,
      maxBuffer: 64 << 20,
      timeout: 120_000,
    }).then(
      ({ stdout }) => JSON.parse(stdout.trim().split("\n").pop()),
      (e) => {
        throw new Error(`wasmtime reference failed for ${wasm} ${JSON.stringify(spec)}: ${e.stderr || e.message}`);
      },
    );
    refCache.set(key, p);
  }
  return p;
}

/** Bytes of a base64 string as readable text (invalid UTF-8 shown as U+FFFD). */
export function text(b64) {
  return Buffer.from(b64 ?? "", "base64").toString("utf8");
}

/**
 * deepStrictEqual, but the failure message starts with `what` (the case), then
 * node's usual diff of the two values.
 */
export function assertSame(actual, expected, what) {
  try {
    assert.deepStrictEqual(actual, expected);
  } catch (e) {
    if (!(e instanceof assert.AssertionError)) throw e;
    e.message = `${what}\n${e.message}`;
    throw e;
  }
}

/** Asserts the page has had no uncaught errors since it was opened. */
export function assertPageHealthy(page, what) {
  const errors = page.pageErrors.map((e) => e.stack || e.message || String(e));
  assert.equal(errors.length, 0, `${what}: the page had uncaught errors:\n${errors.join("\n---\n")}`);
}

/** Runs a guest in the page ("page") or in the harness's worker ("worker"). */
export function runIn(page, where, wasmUrl, spec) {
  const fn = where === "worker" ? "runGuestInWorker" : "runGuest";
  return page.evaluate(([fn, url, spec]) => window[fn](url, spec), [fn, wasmUrl, spec]);
}

/**
 * Starts a server (`serverOptions` as for startServer) and Chromium (`extraArgs` added to its
 * flags), opens the harness page (`query` appended to its URL) and waits until it is ready.
 * Resolves to `{ server, browser, newPage, page }`; the caller closes browser and server.
 */
export async function openHarness(serverOptions = {}, { extraArgs = [], query = "" } = {}) {
  const server = await startServer(serverOptions);
  const { browser, newPage } = await launch({ extraArgs });
  const page = await newPage(`${server.url}/tests/e2e/harness.html${query}`);
  await page.evaluate(() => window.ready).catch((e) => {
    throw new Error(`harness did not initialise: ${e.message}\nconsole: ${JSON.stringify(page.consoleMessages)}`);
  });
  return { server, browser, newPage, page };
}

/**
 * Server routes with `/tests/e2e/plain.html` (PLAIN_PAGE): the harness page without COOP/COEP,
 * so not cross-origin isolated (for the tests of what a page without isolation gets). Beside
 * harness.html, so that its relative URLs resolve the same.
 */
export const PLAIN_PAGE = "/tests/e2e/plain.html";
export function plainHarnessRoute() {
  const harness = fs.readFileSync(path.join(REPO_ROOT, "tests/e2e/harness.html"));
  return {
    [PLAIN_PAGE]: (req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(harness);
    },
  };
}

/** A function calling `fn(...args)` of the page-side module `url` in a page: `call(page, fn, ...args)`. */
export function pageModule(url) {
  return (p, fn, ...args) => p.evaluate(([url, fn, args]) => import(url).then((m) => m[fn](...args)), [url, fn, args]);
}
