// Runs the compiled guests in headless Chromium (page and dedicated worker)
// through the package, and compares each result with wasmtime's.
//
//   bash tests/build-guests.sh   # guests -> tests/out/
//   node --test tests/e2e/
//
// One server and one browser page serve the whole file.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  assertPageHealthy,
  assertSame,
  guestPath,
  guestRoutes,
  guestUrl,
  implQuery,
  implRoutes,
  requirePackage,
  runIn,
  text,
  wasmtimeRef,
  openHarness,
} from "./common.mjs";

const HELLOS = ["rust-hello", "c-hello", "go-hello"];
const TRAPS = ["rust-trap", "c-trap"];
const WILD_CASES = [
  "fd_write_iovs",
  "fd_write_buf",
  "fd_write_nwritten",
  "args_get",
  "args_get_buf",
  "environ_get",
  "random_get",
  "random_get_len",
  "clock_time_get",
  "clock_time_get_unaligned",
  "fd_write_ok",
];
const ALL_GUESTS = [...HELLOS, ...TRAPS, "rust-wild", "rust-random_big", "rust-probe", "c-empty", "rust-empty"];
/** The import object's function count for wasi_snapshot_preview1. */
const PREVIEW1_FUNCTIONS = 46;

const HELLO_SPEC = {
  args: ["hello", "a1", "two words"],
  env: { B: "2", A: "1" },
  stdin: "line1\nline2\n",
};

const TIMEOUT = 120_000;

/** The parts of a browser result that must equal wasmtime's, as readable text. */
function visible(r) {
  return { exitCode: r.exitCode, stdout: text(r.stdout), stderr: text(r.stderr) };
}

function describeRun(r) {
  return JSON.stringify({ ...visible(r), error: r.error ?? r.trap ?? null });
}

describe("guests: browser vs wasmtime", () => {
  let server;
  let browser;
  let newPage;
  let page;

  before(async () => {
    requirePackage();
    ({ server, browser, newPage, page } = await openHarness({ routes: { ...implRoutes(), ...guestRoutes(ALL_GUESTS) } }, { query: implQuery() }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * After a run that may have trapped: the page has no uncaught errors and a
   * plain hello still gives wasmtime's answer in the same context.
   */
  async function assertSurvived(where, what) {
    assertPageHealthy(page, what);
    const wasm = guestPath("rust-hello");
    const [got, want] = await Promise.all([
      runIn(page, where, guestUrl("rust-hello"), HELLO_SPEC),
      wasmtimeRef(wasm, HELLO_SPEC),
    ]);
    assertSame(visible(got), visible(want), `${what}: the next normal run (rust-hello in ${where}) differs from wasmtime`);
    assertPageHealthy(page, `${what} (after the follow-up run)`);
  }

  for (const guest of HELLOS) {
    for (const exitCode of [undefined, "7"]) {
      for (const where of ["page", "worker"]) {
        const spec = exitCode
          ? { ...HELLO_SPEC, env: { ...HELLO_SPEC.env, EXIT_CODE: exitCode } }
          : HELLO_SPEC;
        const name = `${guest} EXIT_CODE=${exitCode ?? "unset"} in ${where}`;
        it(name, { timeout: TIMEOUT }, async () => {
          const wasm = guestPath(guest);
          const [got, want] = await Promise.all([runIn(page, where, guestUrl(guest), spec), wasmtimeRef(wasm, spec)]);
          assert.equal(got.error, null, `${name}: the browser run threw: ${got.error}\nresult: ${describeRun(got)}`);
          assert.equal(want.trap, null, `${name}: wasmtime trapped: ${want.trap}`);
          assert.equal(got.exitCode, exitCode ? 7 : 0, `${name}: exit code ${got.exitCode}, expected ${exitCode ? 7 : 0}`);
          assertSame(visible(got), visible(want), `${name}: browser (actual) vs wasmtime (expected)`);
          assertPageHealthy(page, name);
        });
      }
    }
  }

  for (const guest of TRAPS) {
    for (const where of ["page", "worker"]) {
      const name = `${guest} traps in ${where}`;
      it(name, { timeout: TIMEOUT }, async () => {
        const wasm = guestPath(guest);
        const spec = { args: [guest] };
        const [got, want] = await Promise.all([runIn(page, where, guestUrl(guest), spec), wasmtimeRef(wasm, spec)]);
        assert.notEqual(want.trap, null, `${name}: wasmtime did not trap: ${describeRun(want)}`);
        assert.notEqual(got.error, null, `${name}: the browser run did not throw: ${describeRun(got)}`);
        assert.match(got.error, /unreachable/, `${name}: the error does not name the trap: ${JSON.stringify(got.error)}`);
        assert.doesNotMatch(got.error, /^\[not an Error\]/, `${name}: the host threw a non-Error value`);
        assert.equal(got.exitCode, null, `${name}: start() returned ${got.exitCode} instead of throwing`);
        assert.equal(text(got.stdout), "before trap\n", `${name}: stdout before the trap`);
        assert.equal(text(got.stdout), text(want.stdout), `${name}: stdout differs from wasmtime's`);
        assert.equal(
          got.importsAfter,
          PREVIEW1_FUNCTIONS,
          `${name}: after the trap wasi.wasiImport has ${got.importsAfter} keys, expected ${PREVIEW1_FUNCTIONS}`,
        );
        await assertSurvived(where, name);
      });
    }
  }

  for (const wildCase of WILD_CASES) {
    const name = `rust-wild ${wildCase}`;
    it(name, { timeout: TIMEOUT }, async () => {
      const wasm = guestPath("rust-wild");
      const spec = { args: ["rust-wild", wildCase], env: { A: "1" } };
      const [got, want] = await Promise.all([runIn(page, "page", guestUrl("rust-wild"), spec), wasmtimeRef(wasm, spec)]);
      const detail = `\n  browser:  ${describeRun(got)}\n  wasmtime: ${describeRun(want)}`;
      assert.equal(
        got.error !== null,
        want.trap !== null,
        `${name}: browser ${got.error !== null ? "trapped" : "did not trap"} but wasmtime ${want.trap !== null ? "trapped" : "did not"}${detail}`,
      );
      assert.equal(text(got.stdout), text(want.stdout), `${name}: stdout differs${detail}`);
      if (want.trap === null) {
        assert.equal(got.exitCode, want.exitCode, `${name}: exit code differs${detail}`);
      } else {
        assert.doesNotMatch(got.error, /^\[not an Error\]/, `${name}: the host threw a non-Error value${detail}`);
      }
      await assertSurvived("page", name);
    });
  }

  it("rust-random_big", { timeout: TIMEOUT }, async () => {
    const wasm = guestPath("rust-random_big");
    const spec = { args: ["random_big"] };
    const [got, want] = await Promise.all([runIn(page, "page", guestUrl("rust-random_big"), spec), wasmtimeRef(wasm, spec)]);
    assert.equal(got.error, null, `rust-random_big threw: ${got.error}`);
    assert.match(text(got.stdout), /random_big: ok/, `rust-random_big: ${describeRun(got)}`);
    assertSame(visible(got), visible(want), "rust-random_big: browser (actual) vs wasmtime (expected)");
    assertPageHealthy(page, "rust-random_big");
  });

  // rust-probe's output is compared in detail elsewhere; here it only has to run
  // to the same end (exit code or trap) as under wasmtime without hurting the page.
  it("rust-probe runs to the same end as wasmtime", { timeout: TIMEOUT }, async () => {
    const wasm = guestPath("rust-probe");
    const spec = { args: ["probe"] };
    const [got, want] = await Promise.all([runIn(page, "page", guestUrl("rust-probe"), spec), wasmtimeRef(wasm, spec)]);
    const detail = `\n  browser:  ${describeRun(got)}\n  wasmtime: ${describeRun(want)}`;
    assert.equal(got.error !== null, want.trap !== null, `rust-probe: trap mismatch${detail}`);
    assert.equal(got.exitCode, want.exitCode, `rust-probe: exit code differs${detail}`);
    await assertSurvived("page", "rust-probe");
  });

  // A host that keeps each finished guest's instance alive until a finalizer runs makes
  // V8 refuse new wasm memories after ~100 runs; users do not call free().
  it("300 runs in a row without free() do not exhaust wasm memory", { timeout: TIMEOUT }, async () => {
    const wasm = guestUrl("c-empty");
    const fresh = await newPage(`${server.url}/tests/e2e/harness.html${implQuery()}`);
    try {
      await fresh.evaluate(() => window.ready);
      const got = await fresh.evaluate(async (url) => {
        for (let i = 0; i < 300; i++) {
          const r = await window.runGuest(url, { args: ["empty"] });
          if (r.error !== null || r.exitCode !== 0) return { failedAt: i, ...r };
        }
        return { failedAt: null };
      }, wasm);
      assert.equal(
        got.failedAt,
        null,
        `run ${got.failedAt} of c-empty failed: ${got.error ?? `exit code ${got.exitCode}`} ` +
          `(earlier Wasi objects still hold their guests' memories?)`,
      );
      assertPageHealthy(fresh, "300 runs");
    } finally {
      await fresh.close();
    }
  });

  for (const guest of ["c-empty", "rust-empty"]) {
    for (const where of ["page", "worker"]) {
      it(`${guest} in ${where}`, { timeout: TIMEOUT }, async () => {
        const wasm = guestPath(guest);
        const spec = { args: ["empty"] };
        const [got, want] = await Promise.all([runIn(page, where, guestUrl(guest), spec), wasmtimeRef(wasm, spec)]);
        assert.equal(got.error, null, `${guest} threw: ${got.error}`);
        assertSame(visible(got), visible(want), `${guest} in ${where}: browser (actual) vs wasmtime (expected)`);
      });
    }
  }
});
