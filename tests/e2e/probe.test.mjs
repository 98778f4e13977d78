// The `probe` guest prints the errno and result shape of many small calls (stdio fdstat,
// the preopen listing, clocks 0..3, proc_raise, sched_yield, sock_*, bad fds, wrong-direction
// stdio, close then write). Its output must equal wasmtime's line for line, but for one
// documented difference: wasmtime reports stdio as a character device only on a terminal
// (here its stdio are files: filetype 0), and this host always reports a character device
// (filetype 2), the console playing the terminal's part.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { guestRoutes, guestUrl, guestPath, implQuery, implRoutes, requirePackage, runIn, text, wasmtimeRef, openHarness } from "./common.mjs";

const CHARACTER_DEVICE = 2;

/** wasmtime's probe output as it reads when its stdio is a terminal. */
function asOnATerminal(out) {
  return out.replace(/^(fdstat [012]: errno=0) filetype=0 /gm, `$1 filetype=${CHARACTER_DEVICE} `);
}

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
        const expected = asOnATerminal(text(want.stdout));
        assert.match(expected, /fdstat 1: errno=0 filetype=2 flags=0 rights_base=0x40/, "the normalisation applied");
        assert.deepEqual(text(got.stdout).split("\n"), expected.split("\n"), `${what}: browser (actual) vs wasmtime (expected)`);
      });
    }
  }
});
