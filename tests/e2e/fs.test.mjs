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
  ["rust-fs_readdir_changes"], ["rust-fs_dirfd"],
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
