// wasip1-perms in Chromium: the rust-perms guest (tests/guests/src/bin/perms.rs, through Rust's
// std) and c-perms (wasi-libc) under host manifests, embedded manifests (attached in the page
// with embedManifest), both (their intersection), strict mode and none; in the page and in a
// worker. Checks the guest's view line by line, the denial records, and that refused
// operations left the files as they were. Malformed manifests must fail before guest code runs.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FULL_QUERY, guestPath, requirePackage, openHarness, text, wasmtimeRef } from "./common.mjs";

const DENIED = "err Permission denied (os error 2)";
const HOST = { version: 1, fs: { read: ["/data"], write: ["/data/out"] }, env: ["HOME", "APP_*"], args: false };
const ENV = { HOME: "/home/u", SECRET: "s", APP_MODE: "x", APPLE: "y" };
const ARGS = ["perms", "--flag"];

/** The guest's output as { what: result }, from its "what: result" lines. */
function lines(stdout) {
  const out = {};
  for (const l of stdout.trimEnd().split("\n")) {
    const at = l.indexOf(": ");
    const key = l.slice(0, at);
    out[key in out ? `${key} (again)` : key] = l.slice(at + 2);
  }
  return out;
}

/** Expected results of the host manifest HOST, by step. */
const UNDER_HOST = {
  args: '["perms"]',
  env: '[("HOME", "/home/u"), ("APP_MODE", "x")]',
  "read /data/in.txt": 'ok "input"',
  // An fd opened under a read-only grant: no write rights, and set_times on it refused.
  "rights of /data/in.txt opened to read (read, write, set_times)": "ok (true, false, false)",
  "set_modified /data/in.txt opened to read": DENIED,
  "read /database/x": DENIED,
  "read /data/../secret/key": DENIED,
  "read /secret/missing": DENIED,
  "read /data/missing": "err No such file or directory (os error 44)",
  "stat /secret/key": DENIED,
  "list /data": 'ok ["in.txt", "out", "sub"]',
  "list /": DENIED,
  "truncate /data/in.txt": DENIED,
  "read /data/in.txt (again)": 'ok "input"',
  "write /data/new.txt": DENIED,
  "write /data/out/new.txt": "ok ()",
  "append /data/out/new.txt": "ok ()",
  "read /data/out/new.txt": 'ok "newer"',
  "symlink /data/out/esc -> ../../secret/key": "ok ()",
  "read_link /data/out/esc": 'ok "../../secret/key"',
  "read /data/out/esc": DENIED,
  "rename /data/out/new.txt -> /data/moved.txt": DENIED,
  "rename /data/in.txt -> /data/out/in.txt": DENIED,
  "hard_link /data/in.txt -> /data/out/link": DENIED,
  "hard_link /data/out/new.txt -> /data/out/link": "ok ()",
  "create_dir /data/out/d": "ok ()",
  "create_dir /data/d": DENIED,
  "remove_dir /data/sub": DENIED,
  "remove_file /secret/key": DENIED,
  "list /data/out": 'ok ["d", "esc", "link", "new.txt", "old.txt"]',
};

/** The denial records without their times, sorted, as comparable strings. */
function records(list) {
  return list.map((d) => `${d.syscall} ${d.path ?? `name=${d.name}`} ${d.access} x${d.count}`).sort();
}

describe("wasip1-perms", () => {
  let server;
  let browser;
  let page;

  before(async () => {
    requirePackage();
    guestPath("rust-perms");
    guestPath("c-perms");
    ({ server, browser, page } = await openHarness({}, { query: FULL_QUERY }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const run = (opts) => page.evaluate(async (opts) => (await import("/tests/e2e/perms-page.js")).runPerms(opts), opts);

  for (const where of ["page", "worker"]) {
    it(`a host manifest applies, rule by rule, in the ${where}`, { timeout: 60_000 }, async () => {
      const t0 = Date.now();
      const r = await run({ guest: "rust-perms", perms: HOST, env: ENV, args: ARGS, where });
      assert.equal(r.error, null);
      assert.equal(r.exitCode, 0);
      assert.deepEqual(lines(r.stdout), UNDER_HOST);
      // One record per kind, counted; every refusal above is there with the resolved path.
      assert.deepEqual(records(r.denials), [
        "args_get name=argv args x1",
        "args_sizes_get name=argv args x1",
        "environ_get name=APPLE env x1",
        "environ_get name=SECRET env x1",
        "environ_sizes_get name=APPLE env x1",
        "environ_sizes_get name=SECRET env x1",
        "fd_filestat_set_times /data/in.txt write x1",
        "path_create_directory /data/d write x1",
        "path_filestat_get /secret/key read x1",
        "path_link /data/in.txt write x1",
        "path_open / read x1", // std's read_dir("/") opens "/" first
        "path_open /data/in.txt write x1", // truncate: a write-only open with O_TRUNC
        "path_open /data/new.txt write x1",
        "path_open /database/x read x1",
        "path_open /secret/key read x2", // by "..", then through the symlink /data/out/esc
        "path_open /secret/missing read x1",
        "path_remove_directory /data/sub write x1",
        "path_rename /data/in.txt write x1",
        "path_rename /data/moved.txt write x1",
        "path_unlink_file /secret/key write x1",
      ]);
      for (const d of r.denials) {
        assert.equal(typeof d.time, "number");
        assert.ok(d.time >= t0 - 1000 && d.time <= Date.now() + 1000, `time ${d.time} is a wall-clock ms`);
      }
      // onDenied saw each occurrence as it happened (in the worker, forwarded to the page).
      assert.equal(r.hooked.length, r.denials.reduce((n, d) => n + d.count, 0));
      assert.deepEqual(new Set(r.hooked.map((d) => `${d.syscall} ${d.path ?? d.name}`)), new Set(r.denials.map((d) => `${d.syscall} ${d.path ?? d.name}`)));
      if (r.files) {
        assert.deepEqual(r.files, {
          "/data/in.txt": "input",
          "/secret/key": "KEY",
          "/data/new.txt": null,
          "/data/moved.txt": null,
          "/data/out/new.txt": "newer",
          "/data/out/link": "newer",
          "/database/x": "x",
        });
      }
    });
  }

  it("strict: a guest without an embedded manifest gets nothing", { timeout: 60_000 }, async () => {
    const r = await run({ guest: "rust-perms", strict: true, env: ENV, args: ARGS });
    const got = lines(r.stdout);
    assert.equal(got.args, '["perms"]');
    assert.equal(got.env, "[]");
    const fsLines = Object.entries(got).filter(([k]) => k !== "args" && k !== "env");
    assert.ok(fsLines.length > 20);
    for (const [k, v] of fsLines) assert.equal(v, DENIED, k);
    assert.equal(r.files["/data/in.txt"], "input");
    assert.equal(r.files["/secret/key"], "KEY");
  });

  it("an embedded manifest applies on its own", { timeout: 60_000 }, async () => {
    const embed = { version: 1, fs: { read: ["/data/in.txt"] }, args: true };
    const r = await run({ guest: "rust-perms", embed, env: ENV, args: ARGS });
    assert.deepEqual(r.embedded, { version: 1, fs: { read: ["/data/in.txt"], write: [] }, env: [], args: true });
    const got = lines(r.stdout);
    assert.equal(got.args, '["perms", "--flag"]');
    assert.equal(got.env, "[]");
    assert.equal(got["read /data/in.txt"], 'ok "input"');
    assert.equal(got["list /data"], DENIED);
    assert.equal(got["write /data/out/new.txt"], DENIED);
  });

  it("run() applies the manifest a guest embeds and reports its denials", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async () =>
      (await import("/tests/e2e/perms-page.js")).runWithEmbedded("c-perms", { version: 1, fs: { read: ["/data"] } }),
    );
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /^fopen r \/data\/in\.txt: ok 5 "input"\nfopen r \/secret\/key: Permission denied\n/);
    assert.ok(r.denials.some((d) => d.syscall === "path_open" && d.path === "/secret/key" && d.access === "read"), JSON.stringify(r.denials));
  });

  it("host and embedded manifests combine into their intersection", { timeout: 60_000 }, async () => {
    const host = { version: 1, fs: { read: ["/data"], write: ["/data/out"] }, env: ["HOME"], args: true };
    const embed = { version: 1, fs: { read: ["/data/in.txt", "/secret"], write: ["/data/out/new.txt"] }, env: ["HOME", "SECRET"] };
    const r = await run({ guest: "rust-perms", perms: JSON.stringify(host), embed, env: ENV, args: ARGS });
    const got = lines(r.stdout);
    assert.equal(got.args, '["perms"]', "the module did not ask for its arguments");
    assert.equal(got.env, '[("HOME", "/home/u")]', "SECRET: asked for, not granted");
    assert.equal(got["read /data/in.txt"], 'ok "input"', "both grant it");
    assert.equal(got["stat /secret/key"], DENIED, "the host does not grant /secret");
    assert.equal(got["list /data"], DENIED, "the module asked only for /data/in.txt");
    assert.equal(got["write /data/out/new.txt"], "ok ()");
    assert.equal(got["create_dir /data/out/d"], DENIED, "the module asked only for new.txt");
  });

  it("without a manifest the guest sees exactly what it sees under wasmtime", { timeout: 120_000 }, async () => {
    // The same tree (perms-page.js TREE) as a host directory, preopened as "/".
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "perms-classic-"));
    try {
      for (const d of ["data/out", "data/sub", "database", "secret"]) fs.mkdirSync(path.join(root, d), { recursive: true });
      for (const [f, body] of [["data/in.txt", "input"], ["data/out/old.txt", "old"], ["database/x", "x"], ["secret/key", "KEY"]]) {
        fs.writeFileSync(path.join(root, f), body);
      }
      const [got, want] = await Promise.all([
        run({ guest: "rust-perms", env: ENV, args: ARGS }),
        wasmtimeRef(guestPath("rust-perms"), { args: ARGS, env: ENV, preopens: { "/": root } }),
      ]);
      assert.equal(want.exitCode, 0, want.trap);
      assert.deepEqual(lines(got.stdout), lines(text(want.stdout)));
      assert.equal(lines(got.stdout)["read /data/../secret/key"], 'ok "KEY"', "the preopen is the only sandbox");
      assert.deepEqual(got.denials, []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("wasi-libc shows a refusal as \"Permission denied\" and nothing is created", { timeout: 60_000 }, async () => {
    const r = await run({ guest: "c-perms", perms: { version: 1, fs: { read: ["/data"] } } });
    assert.equal(r.exitCode, 0);
    assert.deepEqual(r.stdout.trimEnd().split("\n"), [
      'fopen r /data/in.txt: ok 5 "input"',
      "fopen r /secret/key: Permission denied",
      "fopen w /data/in.txt: Permission denied",
      'fopen r /data/in.txt: ok 5 "input"',
      "open O_CREAT /data/new.txt: Permission denied",
      "stat /data/new.txt: No such file or directory",
      "mkdir /data/d: Permission denied",
      "unlink /data/in.txt: Permission denied",
    ]);
    assert.equal(r.files["/data/new.txt"], null);
  });

  it("malformed manifests fail with the field named, before any guest code runs", { timeout: 60_000 }, async () => {
    const cases = [
      [{ perms: { version: 2 } }, "perms: version: unsupported version 2"],
      [{ perms: "{\"version\":1,\"fs\":{\"read\":[\"data\"]}}" }, 'perms: fs.read[0]: "data" is not an absolute path'],
      [{ perms: "not json" }, "perms: invalid JSON at byte 0"],
      [{ perms: { version: 1, exec: ["/bin"] } }, 'perms: unknown key "exec"'],
      [{ perms: { version: 1, env: [""] } }, 'perms: env[0]: "" is empty'],
      [{ perms: { version: 1, args: "yes" } }, "perms: args: expected true or false, got a string"],
      [{ embedRaw: "{\"version\":1," }, "module: embedded wasip1-perms section: invalid JSON"],
      [{ embedRaw: "{\"version\":1,\"fs\":{\"write\":[\"/a/../b\"]}}" }, "module: embedded wasip1-perms section: fs.write[0]"],
    ];
    for (const [spec, want] of cases) {
      const r = await page.evaluate(async (spec) => (await import("/tests/e2e/perms-page.js")).malformed(spec), { guest: "rust-perms", ...spec });
      assert.ok(r.error?.includes(want), `${JSON.stringify(spec)}: ${r.error}`);
      assert.equal(r.ran, 0, "no guest output");
    }
    const strict = await page.evaluate(async () => {
      const { Wasi } = await import("/pkg/full.js");
      try {
        new Wasi({ strict: true });
        return null;
      } catch (e) {
        return e.message;
      }
    });
    assert.match(strict, /strict: needs the guest's compiled `module`/);
  });

  it("embedManifest / readManifest round-trip and refuse bad input", { timeout: 60_000 }, async () => {
    const r = await page.evaluate(async () => (await import("/tests/e2e/perms-page.js")).embedding("rust-hello"));
    assert.equal(r.plain, null);
    assert.deepEqual(r.once, { version: 1, fs: { read: ["/data"], write: [] }, env: ["HOME"], args: false });
    assert.deepEqual(r.twice, { version: 1, fs: { read: [], write: [] }, env: [], args: true }, "replaced, not added");
    assert.deepEqual(r.fromModule, r.twice);
    assert.equal(r.sections, 1);
    assert.ok(r.grew > 0 && r.grew < 200);
    assert.match(r.errors[0], /manifest: fs\.read\[0\]: "data" is not an absolute path/);
    assert.match(r.errors[1], /not a valid wasm module/);
    assert.match(r.errors[2], /embedded wasip1-perms section: invalid JSON/);
    assert.match(r.errors[3], /manifest: invalid JSON at byte 0/);
  });
});
