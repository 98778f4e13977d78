// Real interpreters, as users port them. CPython 3.12 built for WASI (tests/out/cpython.wasm,
// fetched from PyPI by tests/build-guests.sh) runs the scripts in tests/python/ — stdin piped
// and isatty, files under a preopen, an exit code, sleeps, an uncaught exception — in the page
// and in a worker, and must give wasmtime's stdout, stderr and exit code. (ruby.wasm, a reactor
// driven by its own JS, is in ruby.test.mjs.)

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { guestPath, guestRoutes, guestUrl, requirePackage, runIn, text, wasmtimeRef, openHarness, REPO_ROOT } from "./common.mjs";

const SCRIPTS = {
  stdio: { stdin: "hello\nworld\n", args: ["one", "two words"] },
  files: { sandbox: true },
  exit: {},
  sleep: {},
  error: {},
};

describe("CPython (wasm32-wasi) in the browser vs wasmtime", () => {
  let server;
  let browser;
  let page;
  const dirs = [];

  before(async () => {
    requirePackage();
    guestPath("cpython");
    ({ server, browser, page } = await openHarness({ routes: guestRoutes(["cpython"]) }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const [name, opts] of Object.entries(SCRIPTS)) {
    const code = fs.readFileSync(path.join(REPO_ROOT, "tests/python", `${name}.py`), "utf8");
    for (const where of ["page", "worker"]) {
      it(`python ${name}.py in the ${where}`, { timeout: 180_000 }, async () => {
        const spec = { args: ["python", "-c", code, ...(opts.args ?? [])], stdin: opts.stdin ?? "" };
        let hostSpec = spec;
        if (opts.sandbox) {
          const d = fs.mkdtempSync(path.join(os.tmpdir(), "py-sandbox-"));
          dirs.push(d);
          hostSpec = { ...spec, preopens: { "/sandbox": d } };
        }
        const [got, want] = await Promise.all([
          runIn(page, where, guestUrl("cpython"), { ...spec, ...(opts.sandbox && { preopens: { "/sandbox": "" } }) }),
          wasmtimeRef(guestPath("cpython"), hostSpec),
        ]);
        assert.equal(want.trap, null, `wasmtime trapped: ${want.trap}`);
        assert.equal(got.error, null, `${name}.py in the ${where}: ${got.error}`);
        assert.equal(got.exitCode, want.exitCode, `${name}.py: exit code; stderr:\n${text(got.stderr)}`);
        assert.deepEqual(text(got.stdout).split("\n"), text(want.stdout).split("\n"), `${name}.py stdout: browser (actual) vs wasmtime (expected)`);
        assert.deepEqual(text(got.stderr).split("\n"), text(want.stderr).split("\n"), `${name}.py stderr: browser (actual) vs wasmtime (expected)`);
      });
    }
  }
});
