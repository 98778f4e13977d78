// Go's own standard library tests (`go test -c` with GOOS=wasip1: strings, strconv, sort,
// unicode/utf8, path), built by tests/build-guests.sh, run with -test.short -test.v in the page
// and in a worker. Each must pass, with the same tests run, passed and skipped, in the same
// order, as under wasmtime (durations and the tests' own log lines aside). Examples write their output to a temp file, so
// TMPDIR is a preopened /tmp, as go_wasip1_wasm_exec gives wasmtime a host directory.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { guestPath, guestRoutes, guestUrl, requirePackage, runIn, text, wasmtimeRef, openHarness } from "./common.mjs";

const PACKAGES = ["strings", "strconv", "sort", "unicode_utf8", "path"];

/**
 * The verdict lines of go test -v output (RUN, PASS, SKIP, FAIL and the summary), without run
 * times; the tests' own log lines are left out (some print counts of random inputs).
 */
const lines = (out) =>
  out
    .split("\n")
    .filter((l) => /^(=== RUN|--- (PASS|SKIP|FAIL)|PASS$|FAIL$)/.test(l))
    .map((l) => l.replace(/ \(\d+\.\d+s\)$/, ""));

describe("Go standard library tests in the browser vs wasmtime", () => {
  let server;
  let browser;
  let page;
  const dirs = [];

  before(async () => {
    requirePackage();
    ({ server, browser, page } = await openHarness({ routes: guestRoutes(PACKAGES.map((p) => `gostd-${p}`)) }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const pkg of PACKAGES) {
    for (const where of ["page", "worker"]) {
      it(`go test ${pkg.replace("_", "/")} in the ${where}`, { timeout: 240_000 }, async () => {
        const guest = `gostd-${pkg}`;
        const spec = { args: [`${pkg}.test`, "-test.short", "-test.v"], env: { TMPDIR: "/tmp" } };
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gostd-"));
        dirs.push(tmp);
        const [got, want] = await Promise.all([
          runIn(page, where, guestUrl(guest), { ...spec, preopens: { "/tmp": "" } }),
          wasmtimeRef(guestPath(guest), { ...spec, preopens: { "/tmp": tmp } }),
        ]);
        assert.equal(want.exitCode, 0, `wasmtime: ${text(want.stdout).slice(-500)}`);
        assert.equal(got.error, null, got.error);
        assert.equal(got.exitCode, 0, `${pkg}: ${text(got.stdout).slice(-2000)}\n${text(got.stderr).slice(-1000)}`);
        assert.deepEqual(lines(text(got.stdout)), lines(text(want.stdout)), `${pkg}: browser (actual) vs wasmtime (expected)`);
        assert.ok(text(got.stdout).includes("--- PASS"), "tests ran");
      });
    }
  }
});
