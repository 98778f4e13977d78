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

it("every value the .d.ts files declare is exported by the module at run time, and back", { timeout: 120_000 }, async () => {
  requirePackage();
  const ts = (await import("typescript")).default;
  for (const entry of ["index", "full", "perms", "opfs"]) {
    const dts = path.join(REPO_ROOT, `pkg/${entry}.d.ts`);
    const program = ts.createProgram([dts], { strict: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ES2022, lib: ["lib.esnext.d.ts", "lib.dom.d.ts"] });
    const checker = program.getTypeChecker();
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(dts));
    const declared = checker
      .getExportsOfModule(symbol)
      .filter((s) => {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        // A value export, not `export type`: the alias itself must not be type-only.
        const typeOnly = s.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration?.(d) || d.isTypeOnly || d.parent?.parent?.isTypeOnly);
        return !typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0;
      })
      .map((s) => s.name)
      .sort();
    const runtime = Object.keys(await import(path.join(REPO_ROOT, `pkg/${entry}.js`))).sort();
    assert.deepEqual(declared, runtime, `pkg/${entry}.d.ts declares these values (left) but pkg/${entry}.js exports (right)`);
  }
});
