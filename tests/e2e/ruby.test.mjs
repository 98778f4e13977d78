// ruby.wasm (@ruby/3.4-wasm-wasi 2.10.1 from npm): a reactor that its own JS driver
// (@ruby/wasm-wasi's RubyVM) instantiates after overriding imports on `wasiImport` and then
// starts with `wasi.initialize(instance)` — here on this package's Wasi. There is no wasmtime
// reference for it (it imports the driver's own `rb-js-abi-host` functions, which only a JS
// host provides), so the expected values are Ruby's own: what each snippet evaluates to and
// prints, and the files it leaves behind, read back through `wasi.fs`.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { requirePackage, openHarness, REPO_ROOT } from "./common.mjs";

describe("ruby.wasm on this package's Wasi", () => {
  let server;
  let browser;
  let page;

  before(async () => {
    requirePackage();
    const wasm = path.join(REPO_ROOT, "node_modules/@ruby/3.4-wasm-wasi/dist/ruby+stdlib.wasm");
    assert.ok(fs.existsSync(wasm), `${wasm} is missing: run npm ci`);
    ({ server, browser, page } = await openHarness());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("evaluates Ruby: values, puts, stdlib, files under a preopen, sleep, exceptions", { timeout: 180_000 }, async () => {
    const tree = { data: { "input.txt": "alpha\nbeta\ngamma\n" }, out: {} };
    const snippets = [
      `[RUBY_VERSION.split(".").first(2).join("."), RUBY_PLATFORM].join(" ")`,
      `puts "hello from puts"; $stdout.flush; 6 * 7`,
      `require "json"; JSON.generate({ "list" => [1, 2.5, nil], "ok" => true })`,
      `File.readlines("/data/input.txt", chomp: true).map(&:upcase).join(",")`,
      `File.write("/out/result.txt", "written by ruby\\n"); Dir.children("/out").sort.join(",")`,
      `Dir.mkdir("/out/sub"); File.rename("/out/result.txt", "/out/sub/r.txt"); File.rename("/out/sub/r.txt", "/out/result.txt"); Dir.rmdir("/out/sub"); File.exist?("/out/sub").to_s`,
      `t = Process.clock_gettime(Process::CLOCK_MONOTONIC); sleep 0.05; (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t >= 0.05).to_s`,
      `(Time.now.year >= 2024).to_s`,
      `begin; File.read("/data/missing.txt"); rescue SystemCallError => e; e.class.name; end`,
      `raise ArgumentError, "boom"`,
      `$stderr.puts "to stderr"; $stderr.flush; :done`,
    ];
    const r = await page.evaluate(([snippets, tree]) => import("/tests/e2e/ruby-page.js").then((m) => m.ruby(snippets, tree)), [snippets, tree]);
    const values = r.results.map((x) => x.value);
    assert.deepEqual(values.slice(0, 9), [
      "3.4 wasm32-wasi",
      "42",
      '{"list":[1,2.5,null],"ok":true}',
      "ALPHA,BETA,GAMMA",
      "result.txt",
      "false",
      "true",
      "true",
      "Errno::ENOENT",
    ]);
    assert.equal(r.results[1].out, "hello from puts\n");
    assert.equal(r.results[9].value, null);
    assert.match(r.results[9].error, /boom/);
    assert.equal(r.results[10].value, "done");
    assert.equal(r.results[10].err, "to stderr\n");
    assert.deepEqual(r.files, { written: "written by ruby\n", listing: ["result.txt"] });
    assert.deepEqual(page.pageErrors, []);
  });
});
