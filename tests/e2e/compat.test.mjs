// Code written for Node's WASI and for the other shims: a plain, writable wasiImport; Node's
// `version` and `returnOnExit`; stdio that says whether it is a terminal as wasmtime does;
// runInWorker resolving relative URLs against the page, returning the trace, and reporting
// errors as Errors. (tests/e2e/compat-page.js is the page side.)

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FULL_QUERY, guestPath, requirePackage, text, wasmtimeRef, openHarness } from "./common.mjs";

describe("compatibility with code written for Node's WASI and the shims", () => {
  let server;
  let browser;
  let page;

  before(async () => {
    requirePackage();
    for (const g of ["rust-hello", "rust-trap", "c-isatty"]) guestPath(g);
    // The full build: the option checks include a manifest (perms) and tracing.
    ({ server, browser, page } = await openHarness({}, { query: FULL_QUERY }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const call = (fn, ...args) => page.evaluate(([fn, args]) => import("/tests/e2e/compat-page.js").then((m) => m[fn](...args)), [fn, args]);

  it("wasiImport is a plain object: assign, wrap, Object.create and spread all work", { timeout: 60_000 }, async () => {
    const r = await call("overrideImports", "/tests/out/rust-hello.wasm");
    assert.equal(r.frozen, false);
    assert.equal(r.sameObject, true, "wasiImport is one object, also the one in getImportObject()");
    assert.deepEqual(r.assigned, { exitCode: 4, exits: [4], wroteThroughWrapper: true, keys: 46 });
    assert.deepEqual(r.derived, { exitCode: 6, seen: 6, ownKeys: ["proc_exit"], baseUntouched: true });
    assert.deepEqual(r.spread, { exitCode: 0 });
    // The first three in the order the syscalls are listed (args_get, args_sizes_get, ...).
    assert.deepEqual(r.plain, {
      descriptor: { type: "function", writable: true, enumerable: true, configurable: true },
      firstKeys: ["args_get", "args_sizes_get", "clock_res_get"],
      sameFunction: true,
      has: [true, false, false],
      afterDelete: 45,
      frozen: true,
      exitCode: 0,
    });
    assert.deepEqual(page.pageErrors, []);
  });

  it("Node's version and returnOnExit options keep Node's meaning", { timeout: 60_000 }, async () => {
    const r = await call("nodeOptions", "/tests/out/rust-hello.wasm");
    assert.equal(r.preview1.exitCode, 3);
    assert.equal(r.returnOnExit.exitCode, 3);
    assert.equal(r.throwOnExit.exitCode, null);
    assert.match(r.throwOnExit.error, /exited with code 3/);
    assert.equal(r.throwOnExit.code, 3, "the Error carries the code");
    assert.deepEqual([r.zeroNoThrow.exitCode, r.zeroNoThrow.error], [0, null], "returning from _start is no exit");
    assert.match(r.bad[0], /version: only "preview1"/);
    assert.match(r.bad[1], /version/);
    assert.match(r.bad[2], /returnOnExit: expected true or false/);
  });

  it("new Wasi names the malformed option; a bare options object works; options made while others are read do not mix; args and env are copied", { timeout: 60_000 }, async () => {
    const r = await call("optionChecks", "/tests/out/rust-hello.wasm");
    const known = "args, env, preopens, stdin, stdout, stderr, tty, trace, perms, module, strict, onDenied, version, returnOnExit";
    const want = [
      "options: expected an object",
      "options: expected an object",
      "options: expected an object",
      `unknown option "stdot" (known: ${known})`,
      "args: expected an array of strings",
      "args[1]: expected a string",
      "args: item 0 contains a NUL byte",
      'env: expected an object of strings or an array of "KEY=VALUE" strings',
      'env[1]: expected a "KEY=VALUE" string',
      'env[0]: "NOEQUALS" is not "KEY=VALUE"',
      `env: invalid variable name "" (empty or containing '=')`,
      "env.A: expected a string",
      `env: invalid variable name "A=B" (empty or containing '=')`,
      `env: invalid variable name "" (empty or containing '=')`,
      "env: item 0 contains a NUL byte",
      "stdin: expected a string, a Uint8Array or a function",
      "stdin: expected a string, a Uint8Array or a function",
      "preopens: expected an object mapping guest paths to trees",
      'preopens["/data"]: expected a directory tree object',
      'preopens: invalid guest path "/a\0b"',
      'preopens: invalid guest path ""',
      "stdout: expected a function (chunk: Uint8Array) => void",
      "stderr: expected a function (chunk: Uint8Array) => void",
      "onDenied: expected a function (denial) => void",
      "tty: expected true, false or { stdin, stdout, stderr } of booleans",
      "tty: expected true, false or { stdin, stdout, stderr } of booleans",
      "tty: expected true, false or { stdin, stdout, stderr } of booleans",
      "trace: expected true, false or { log: N }",
      "trace: expected true, false or { log: N }",
      "trace.log: expected a whole number of calls",
      "trace.log: expected a whole number of calls",
      "strict: expected true or false",
      "module: expected a WebAssembly.Module",
    ];
    assert.deepEqual(r.bad.map(([options, m]) => [options, m]), r.bad.map(([options], i) => [options, `wasip1-web: ${want[i]}`]));
    assert.equal(r.nullProto.error, null);
    assert.equal(r.nullProto.out.split("stdin=")[0], "argv[0]=hello\nargv[1]=from\nargv[2]=a bare object\nB=2\n");
    assert.equal(r.nested.error, null);
    assert.equal(r.nested.out.split("stdin=")[0], "argv[0]=hello\nargv[1]=outer\nOUTER=1\n", "the outer Wasi's own args and env, cut by its manifest");
    assert.equal(r.innerMade, true);
    assert.deepEqual(r.copied, ["argv[0]=hello\nargv[1]=before\nV=before\n", "argv[0]=hello\nW=before\n"], "changes after new Wasi do not reach the guest");
  });

  it("isatty: bytes or text on stdin are a pipe (as wasmtime), a callback a terminal; tty says otherwise", { timeout: 60_000 }, async () => {
    const want = text((await wasmtimeRef(guestPath("c-isatty"), { stdin: "abc" })).stdout);
    assert.equal(want, "isatty: stdin=0 stdout=0 stderr=0\nstdin: 3 bytes\n", "wasmtime with piped stdin");
    const r = await call("isattyOnPage", "/tests/out/c-isatty.wasm");
    assert.equal(r.bytes, want);
    assert.equal(r.text, want);
    assert.equal(r.callback, "isatty: stdin=1 stdout=0 stderr=0\nstdin: 3 bytes\n");
    assert.equal(r.ttyAll, "isatty: stdin=1 stdout=1 stderr=1\nstdin: 3 bytes\n");
    assert.equal(r.ttyStdout, "isatty: stdin=0 stdout=1 stderr=0\nstdin: 3 bytes\n");
    assert.equal(r.ttyNotStdin, "isatty: stdin=0 stdout=0 stderr=0\nstdin: 0 bytes\n");
    assert.equal(r.console, "isatty: stdin=0 stdout=0 stderr=1\nstdin: 3 bytes\n", "the console (no stderr callback) is a terminal");
    assert.match(r.badTty, /tty: expected true, false or \{ stdin, stdout, stderr \}/);
  });

  it("isatty in a worker: stdin given up front is a pipe, stdin written through the handle a terminal", { timeout: 60_000 }, async () => {
    const r = await call("isattyInWorker", "/tests/out/c-isatty.wasm");
    assert.deepEqual(r.given, { out: "isatty: stdin=0 stdout=0 stderr=0\nstdin: 3 bytes\n", exitCode: 0 });
    assert.deepEqual(r.written, { out: "isatty: stdin=1 stdout=0 stderr=0\nstdin: 3 bytes\n", exitCode: 0 });
    assert.deepEqual(r.said, { out: "isatty: stdin=1 stdout=1 stderr=1\nstdin: 3 bytes\n", exitCode: 0 });
  });

  it("runInWorker: relative URLs resolve against the page; the trace comes back; errors are Errors", { timeout: 60_000 }, async () => {
    // The harness page is /tests/e2e/harness.html: "../out/x.wasm" is /tests/out/x.wasm.
    const r = await call("workerDetails", "../out/rust-hello.wasm", "../out/rust-trap.wasm", "../out/no-such-guest.wasm");
    assert.deepEqual({ ...r.hello, traced: r.hello.traced > 0 }, { exitCode: 0, error: undefined, traced: true, logIsArray: true });
    assert.equal(r.trap.exitCode, null);
    assert.equal(r.trap.error.isError, true);
    assert.match(r.trap.error.message, /unreachable/);
    assert.equal(r.missing.exitCode, null);
    assert.equal(r.missing.error.isError, true);
    assert.match(r.missing.error.message, /no-such-guest\.wasm.*HTTP 404/);
  });
});
