// The package's TypeScript types: a consumer using the whole public API compiles under
// --strict against pkg/index.d.ts (and the generated pkg/*.d.ts it re-exports).

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { it } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT, requirePackage } from "./common.mjs";

it("pkg/index.d.ts type-checks a consumer of the whole API", { timeout: 120_000 }, async () => {
  requirePackage();
  const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  const args = ["--noEmit", "--strict", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler",
    "--lib", "esnext,dom", "tests/types/consumer.ts"];
  try {
    await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: REPO_ROOT });
  } catch (e) {
    assert.fail(`tsc reported errors:\n${e.stdout}${e.stderr}`);
  }
});
