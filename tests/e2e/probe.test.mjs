// The `probe` guest prints the errno and result shape of many small calls (stdio fdstat,
// the preopen listing, clocks 0..3, proc_raise, sched_yield, sock_*, bad fds, wrong-direction
// stdio, close then write). Its output must equal wasmtime's line for line, stdio included:
// wasmtime's stdio are files here (filetype 0, not a terminal), and so are this host's when
// stdin is given as bytes and stdout/stderr to callbacks (see the `tty` option).

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { guestRoutes, guestUrl, guestPath, implQuery, implRoutes, requirePackage, runIn, text, wasmtimeRef, openHarness } from "./common.mjs";

describe("probe: browser vs wasmtime, line by line", () => {
  let server;
  let browser;
  let page;
  const dirs = [];

  before(async () => {
    requirePackage();
    ({ server, browser, page } = await openHarness({ routes: { ...implRoutes(), ...guestRoutes(["rust-probe"]) } }, { query: implQuery() }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function preopens(names) {
    return Object.fromEntries(
      names.map((name) => {
        const d = fs.mkdtempSync(path.join(os.tmpdir(), "probe-"));
        dirs.push(d);
        return [name, d];
      }),
    );
  }

  for (const names of [[], ["/sandbox"], ["/", "/data", "."]]) {
    for (const where of ["page", "worker"]) {
      const what = `probe with preopens [${names.join(", ")}] in ${where}`;
      it(what, { timeout: 120_000 }, async () => {
        const spec = { args: ["probe"], preopens: preopens(names) };
        const [got, want] = await Promise.all([
          runIn(page, where, guestUrl("rust-probe"), spec),
          wasmtimeRef(guestPath("rust-probe"), spec),
        ]);
        assert.equal(got.error, null, `${what}: threw ${got.error}`);
        assert.equal(want.trap, null, `${what}: wasmtime trapped ${want.trap}`);
        assert.equal(got.exitCode, want.exitCode, `${what}: exit code`);
        const expected = text(want.stdout);
        assert.match(expected, /fdstat 1: errno=0 filetype=0 flags=0 rights_base=0x40/, "wasmtime's stdout is a file, not a terminal");
        assert.deepEqual(text(got.stdout).split("\n"), expected.split("\n"), `${what}: browser (actual) vs wasmtime (expected)`);
      });
    }
  }
});
