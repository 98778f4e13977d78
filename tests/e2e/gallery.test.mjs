// The benchmark page's guest gallery (www/guests/, built into www/out/ by www/build-guests.sh):
// five workloads in five languages, each run on the page with an empty `/data` preopen (the json
// guests: holding doc.json) and under wasmtime with an empty temporary directory as `/data`, at a
// small scale. Exit code, stdout and stderr must be wasmtime's, and stdout must be the line this
// file works out on its own (the json counts from doc.json, the binary-trees checksum from its
// formula). Go's garbage collector, traced with GODEBUG=gctrace=1, reports on stderr here too.
//
//   bash www/build-guests.sh
//   node --test tests/e2e/gallery.test.mjs

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT, assertPageHealthy, assertSame, openHarness, pageModule, requirePackage, text, wasmtimeRef } from "./common.mjs";

const LANGS = ["c", "rust", "go", "zig", "as"];
const OUT = path.join(REPO_ROOT, "www/out");
const DOC = path.join(REPO_ROOT, "www/guests/doc.json");
const DOC_URL = "/www/guests/doc.json";
const call = pageModule("/tests/e2e/gallery-page.js");

/** The json guests' line for doc.json, counted here (keys are not counted as strings). */
function jsonLine() {
  const c = { objects: 0, arrays: 0, strings: 0, numbers: 0, keys: 0 };
  (function walk(v) {
    if (Array.isArray(v)) {
      c.arrays++;
      v.forEach(walk);
    } else if (v !== null && typeof v === "object") {
      c.objects++;
      c.keys += Object.keys(v).length;
      Object.values(v).forEach(walk);
    } else if (typeof v === "string") c.strings++;
    else if (typeof v === "number") c.numbers++;
  })(JSON.parse(fs.readFileSync(DOC, "utf8")));
  return `json objects ${c.objects} arrays ${c.arrays} strings ${c.strings} numbers ${c.numbers} keys ${c.keys}\n`;
}

/** binary-trees with max depth `max`: the stretch tree, every short-lived tree, the long-lived one. */
function allocLine(max) {
  const nodes = (d) => 2 ** (d + 1) - 1;
  let sum = nodes(max + 1) + nodes(max);
  for (let d = 4; d <= max; d += 2) sum += 2 ** (max - d + 4) * nodes(d);
  return `alloc depth ${max} check ${sum}\n`;
}

/** Per workload: argv[1] (small, so the file stays quick) and the stdout every language prints. */
const WORKLOADS = {
  hello: { args: [], line: (lang) => `hello from ${lang}\n` },
  files: { args: ["20"], line: () => `files 20 bytes ${20 * 4096} listed 20\n` },
  clock: { args: ["2000"], line: () => "clock 2000 random 20 monotonic ok\n" },
  json: { args: [], line: jsonLine, files: { "doc.json": DOC_URL } },
  alloc: { args: ["8"], line: () => allocLine(8) },
};
const CASES = LANGS.flatMap((lang) => Object.keys(WORKLOADS).map((w) => ({ lang, w, guest: `${lang}-${w}` })));

function wasm(guest) {
  const file = path.join(OUT, `${guest}.wasm`);
  if (!fs.existsSync(file)) assert.fail(`${file} is missing: run \`bash www/build-guests.sh\` first`);
  return file;
}

function visible(r) {
  return { exitCode: r.exitCode, stdout: text(r.stdout), stderr: text(r.stderr) };
}

describe("gallery guests: browser vs wasmtime", () => {
  let server;
  let browser;
  let page;
  const dirs = [];
  const refs = new Map();

  before(async () => {
    requirePackage();
    for (const { guest } of CASES) wasm(guest);
    ({ server, browser, page } = await openHarness());
    // wasmtime's results, one at a time (two cores: the browser has the other), in the order the
    // cases run, so that each is ready, or nearly, when its case asks for it.
    let chain = Promise.resolve();
    for (const { w, guest } of CASES) {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), "gallery-data-"));
      dirs.push(data);
      if (WORKLOADS[w].files) fs.copyFileSync(DOC, path.join(data, "doc.json"));
      const spec = { args: [`${guest}.wasm`, ...WORKLOADS[w].args], preopens: { "/data": data } };
      const ref = chain.then(() => wasmtimeRef(wasm(guest), spec)).then((r) => ({ ...r, left: fs.readdirSync(data) }));
      ref.catch(() => {}); // reported by the case that awaits it
      chain = ref.catch(() => {});
      refs.set(guest, ref);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const { lang, w, guest } of CASES) {
    it(guest, { timeout: 60_000 }, async () => {
      const { args, line, files = {} } = WORKLOADS[w];
      const spec = { args: [`${guest}.wasm`, ...args], preopens: { "/data": "" } };
      const got = await call(page, "runWithData", `/www/out/${guest}.wasm`, spec, files);
      const want = await refs.get(guest);
      assert.equal(want.trap, null, `${guest}: wasmtime trapped: ${want.trap}`);
      assert.equal(got.error, null, `${guest}: the browser run threw: ${got.error}\n${JSON.stringify(visible(got))}`);
      assertSame(visible(got), visible(want), `${guest}: browser (actual) vs wasmtime (expected)`);
      assertSame(visible(want), { exitCode: 0, stdout: line(lang), stderr: "" }, `${guest}: wasmtime's run vs the expected line`);
      // What the guest left in /data: doc.json if it was given, nothing else.
      assert.deepEqual(want.left, Object.keys(files), `${guest}: left in /data under wasmtime`);
      assertPageHealthy(page, guest);
    });
  }

  it("go-alloc with GODEBUG=gctrace=1: the Go runtime traces its collections on stderr", { timeout: 60_000 }, async () => {
    const spec = { args: ["go-alloc.wasm", "12"], env: { GODEBUG: "gctrace=1" }, preopens: { "/data": "" } };
    const got = await call(page, "runWithData", "/www/out/go-alloc.wasm", spec, {});
    assert.equal(got.error, null, `go-alloc threw: ${got.error}`);
    assert.equal(got.exitCode, 0);
    assert.equal(text(got.stdout), allocLine(12));
    assert.match(text(got.stderr), /^gc 1 @\d/m, `no gc trace on stderr:\n${text(got.stderr)}`);
  });
});
