// perms/schema.json and the Rust manifest parser (`wasip1-perms check`) agree: every example
// and every valid manifest below passes both; every invalid one fails both (the tool with exit
// 1 and a message naming the field). No browser; about a second.
//
//   cargo build -p wasip1-perms && node --test tests/e2e/perms-schema.test.mjs

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target");
const TOOL = path.join(TARGET, "debug", process.platform === "win32" ? "wasip1-perms.exe" : "wasip1-perms");
const EXAMPLES = path.join(ROOT, "perms/examples");

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "perms/schema.json"), "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

let dir;
let n = 0;

/** `wasip1-perms check` on `text`: { code, stdout, stderr }. */
function check(text) {
  const file = path.join(dir, `m${n++}.json`);
  fs.writeFileSync(file, text);
  const r = spawnSync(TOOL, ["check", file], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, file };
}

before(() => {
  // A no-op when scripts/test.sh has built it; keeps a lone run from testing a stale binary.
  try {
    execFileSync("cargo", ["build", "-q", "-p", "wasip1-perms"], { cwd: ROOT, stdio: "pipe" });
  } catch (e) {
    if (!fs.existsSync(TOOL)) assert.fail(`cannot build ${TOOL}: ${e.stderr ?? e}`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "perms-schema-"));
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const VALID = [
  { version: 1 },
  { version: 1, fs: {}, env: [], args: false },
  { version: 1, fs: { read: ["/"], write: [] } },
  { version: 1, fs: { read: ["/data", "/data/", "//data//x/"] } },
  { version: 1, fs: { write: ["/a/...", "/a/..b", "/.hidden", "/b./c", "/données/ü"] } },
  { version: 1, env: ["*"] },
  { version: 1, env: ["LC_*", "HOME", "a.b-c d", "X*"] },
  { version: 1, args: true },
];

// [why, manifest text, what the tool's message must name]
const INVALID = [
  ["bad version: 2", { version: 2 }, "version"],
  ["bad version: 0", { version: 0 }, "version"],
  ["bad version: a string", { version: "1" }, "version"],
  ["bad version: missing", { fs: {} }, "version: missing"],
  ["unknown key", { version: 1, net: ["*"] }, 'unknown key "net"'],
  ["unknown key $schema", { $schema: "x", version: 1 }, 'unknown key "$schema"'],
  ["unknown key in fs", { version: 1, fs: { exec: [] } }, 'fs: unknown key "exec"'],
  ["relative path", { version: 1, fs: { read: ["data"] } }, "fs.read[0]"],
  ["relative path ./", { version: 1, fs: { write: ["./data"] } }, "fs.write[0]"],
  ["empty path", { version: 1, fs: { read: [""] } }, "fs.read[0]"],
  [".. component", { version: 1, fs: { read: ["/a/../b"] } }, "fs.read[0]"],
  [".. at the end", { version: 1, fs: { write: ["/ok", "/a/.."] } }, "fs.write[1]"],
  ["/..", { version: 1, fs: { read: ["/.."] } }, "fs.read[0]"],
  [". component", { version: 1, fs: { read: ["/a/./b"] } }, "fs.read[0]"],
  [". at the end", { version: 1, fs: { read: ["/a/."] } }, "fs.read[0]"],
  [".. after a newline", { version: 1, fs: { read: ["/a\n/../b"] } }, "fs.read[0]"],
  ["NUL in a path", { version: 1, fs: { read: ["/a\u0000b"] } }, "fs.read[0]"],
  ["empty env name", { version: 1, env: ["HOME", ""] }, "env[1]"],
  ["'*' in the middle", { version: 1, env: ["A*B"] }, "env[0]"],
  ["'**'", { version: 1, env: ["**"] }, "env[0]"],
  ["'*' first", { version: 1, env: ["*A"] }, "env[0]"],
  ["'=' in a name", { version: 1, env: ["A=B"] }, "env[0]"],
  ["NUL in a name", { version: 1, env: ["A\u0000"] }, "env[0]"],
  ["wrong type: the manifest", [], "JSON object"],
  ["wrong type: null manifest", null, "JSON object"],
  ["wrong type: fs", { version: 1, fs: ["/data"] }, "fs"],
  ["wrong type: fs.read", { version: 1, fs: { read: "/data" } }, "fs.read"],
  ["wrong type: fs.write item", { version: 1, fs: { write: ["/a", 3] } }, "fs.write[1]"],
  ["wrong type: env", { version: 1, env: "HOME" }, "env"],
  ["wrong type: env item", { version: 1, env: [null] }, "env[0]"],
  ["wrong type: args number", { version: 1, args: 1 }, "args"],
  ["wrong type: args string", { version: 1, args: "true" }, "args"],
];

describe("schema and parser agree", () => {
  it("every perms/examples/*.json is valid for both", () => {
    const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));
    assert.ok(files.length >= 3, `perms/examples holds ${files.length} manifests`);
    for (const f of files) {
      const text = fs.readFileSync(path.join(EXAMPLES, f), "utf8");
      assert.ok(validate(JSON.parse(text)), `${f}: schema: ${ajv.errorsText(validate.errors)}`);
      const r = check(text);
      assert.equal(r.code, 0, `${f}: wasip1-perms check: ${r.stderr}`);
    }
  });

  it("valid manifests pass both", () => {
    for (const m of VALID) {
      const text = JSON.stringify(m);
      assert.ok(validate(m), `${text}: schema: ${ajv.errorsText(validate.errors)}`);
      const r = check(text);
      assert.equal(r.code, 0, `${text}: wasip1-perms check: ${r.stderr}`);
    }
  });

  it("invalid manifests fail both, the tool naming the field", () => {
    for (const [why, m, field] of INVALID) {
      const text = JSON.stringify(m);
      assert.equal(validate(m), false, `${why}: the schema accepts ${text}`);
      const r = check(text);
      assert.equal(r.code, 1, `${why}: wasip1-perms check exit ${r.code} on ${text}: ${r.stderr}`);
      assert.ok(r.stderr.includes(field), `${why}: the message does not name ${field}: ${r.stderr}`);
    }
  });

  // What a schema cannot see: it validates the value JSON.parse made, not the text. The tool
  // is stricter on these (perms/README.md, "Schema and parser").
  it("the tool also rejects what only the text shows", () => {
    for (const [why, text, want] of [
      ["1.0 is not 1", '{"version":1.0}', "version: unsupported version 1.0"],
      ["duplicate keys", '{"version":1,"version":1}', 'duplicate key "version"'],
      ["a lone surrogate", '{"version":1,"env":["\\ud800"]}', "lone surrogate"],
    ]) {
      assert.ok(validate(JSON.parse(text)), `${why}: the schema sees a valid value`);
      const r = check(text);
      assert.equal(r.code, 1, `${why}: ${r.stderr}`);
      assert.ok(r.stderr.includes(want), `${why}: ${r.stderr}`);
    }
  });
});
