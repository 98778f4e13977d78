// The filesystem, guest by guest (tests/guests/src/bin/fs_*.rs — raw preview1 calls, and
// fs_std through Rust's std::fs —, tests/c/fs_stdio.c, tests/go/fs): each runs in Chromium with an empty preopen `/sandbox` and under wasmtime with
// a fresh empty directory as `/sandbox`; stdout (one line per call, errno names included) and
// the outcome (exit code, or a trap) must be the same.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { guestPath, guestRoutes, guestUrl, requirePackage, runIn, text, wasmtimeRef, openHarness } from "./common.mjs";

const CASES = [
  ["rust-fs_basic"], ["rust-fs_basic", "bad_whence"], ["rust-fs_basic", "bad_advice"],
  ["rust-fs_dirs"], ["rust-fs_paths"], ["rust-fs_links"], ["rust-fs_rename"],
  ["rust-fs_times"], ["rust-fs_times", "bad_flags_fd"], ["rust-fs_times", "bad_flags_path"],
  ["rust-fs_fds"], ["rust-fs_fds", "bad_rights"],
  ["rust-fs_badfds"], ["rust-fs_badutf8"], ["rust-fs_longnames"], ["rust-fs_slashes"],
  ["rust-fs_readdir_changes"], ["rust-fs_dirfd"], ["rust-fs_flags"],
  ["rust-fs_std"], ["c-fs_stdio"], ["go-fs"],
  // One wild pointer per call: each must trap, as under wasmtime (tests/guests/src/bin/fs_oob.rs).
  ...[
    "path_open", "path_open_fd_out", "path_create_directory", "path_filestat_get", "path_filestat_get_buf",
    "path_filestat_set_times", "path_link_old", "path_link_new", "path_readlink", "path_readlink_buf",
    "path_remove_directory", "path_rename_old", "path_rename_new", "path_symlink_old", "path_symlink_new",
    "path_unlink_file", "fd_readdir",
  ].map((call) => ["rust-fs_oob", call]),
];

describe("filesystem: browser vs wasmtime", () => {
  let server;
  let browser;
  let page;
  const dirs = [];

  before(async () => {
    requirePackage();
    ({ server, browser, page } = await openHarness({ routes: guestRoutes([...new Set(CASES.map(([g]) => g))]) }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const [guest, arg] of CASES) {
    for (const where of ["page", "worker"]) {
      const name = `${guest}${arg ? ` ${arg}` : ""} in the ${where}`;
      it(name, { timeout: 120_000 }, async () => {
        const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "fs-sandbox-"));
        dirs.push(sandbox);
        const args = [`${guest}.wasm`, ...(arg ? [arg] : [])];
        const [got, want] = await Promise.all([
          runIn(page, where, guestUrl(guest), { args, preopens: { "/sandbox": "" } }),
          wasmtimeRef(guestPath(guest), { args, preopens: { "/sandbox": sandbox }, where }),
        ]);
        assert.equal(got.error !== null, want.trap !== null, `${name}: trap ${got.error} vs wasmtime ${want.trap}`);
        if (want.trap === null) assert.equal(got.exitCode, want.exitCode, `${name}: exit code`);
        assert.deepEqual(text(got.stdout).split("\n"), text(want.stdout).split("\n"), `${name}: browser (actual) vs wasmtime (expected)`);
      });
    }
  }
});

// Where this host deliberately differs from wasmtime 50: the sync fdflags. wasmtime refuses them
// at open (ENOTSUP); here they are accepted and reported by fd_fdstat_get, as wasi-testsuite's
// rust/path_filestat expects of a host that supports them. Memory is always in sync.
describe("filesystem: sync fdflags (a documented difference from wasmtime)", () => {
  let server;
  let browser;
  let page;

  before(async () => {
    requirePackage();
    ({ server, browser, page } = await openHarness({ routes: guestRoutes(["rust-fs_flags"]) }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const where of ["page", "worker"]) {
    it(`DSYNC, RSYNC and SYNC are kept and reported, in the ${where}`, { timeout: 60_000 }, async () => {
      const args = ["rust-fs_flags.wasm", "sync"];
      const got = await runIn(page, where, guestUrl("rust-fs_flags"), { args, preopens: { "/sandbox": "" } });
      assert.equal(got.exitCode, 0, got.error);
      const lines = text(got.stdout).split("\n");
      const pick = (prefix) => lines.filter((l) => l.startsWith(prefix));
      assert.deepEqual(pick("open f "), [
        "open f DSYNC: ok flags=2", "open f RSYNC: ok flags=8", "open f SYNC: ok flags=16",
        "open f DSYNC|RSYNC|SYNC: ok flags=26", "open f APPEND|SYNC: ok flags=17", "open f NONBLOCK|DSYNC: ok flags=6",
      ]);
      assert.deepEqual(pick("create "), [
        "create DSYNC: ok flags=2", "create RSYNC: ok flags=8", "create SYNC: ok flags=16",
        "create DSYNC|RSYNC|SYNC: ok flags=26", "create APPEND|SYNC: ok flags=17", "create NONBLOCK|DSYNC: ok flags=6",
      ]);
      assert.deepEqual(pick("fdstat again "), pick("open f ").map((l) => l.replace("open f ", "fdstat again ")));
      assert.deepEqual(pick("open . SYNC"), ["open . SYNC: ok flags=16"]);
      // fd_fdstat_set_flags may not set them (EINVAL, as wasmtime) and keeps those given at open.
      assert.deepEqual(pick("set_flags "), [
        "set_flags DSYNC: errno=EINVAL", "set_flags RSYNC: errno=EINVAL", "set_flags SYNC: errno=EINVAL",
        "set_flags APPEND: ok flags=17", "set_flags 0: ok flags=16",
      ]);
    });
  }
});
