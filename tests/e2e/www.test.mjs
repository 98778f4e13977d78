// The page `npm start` serves: on load it runs the demo guest and shows its output, exit code
// and phase timings; running another guest (one that traps) leaves the page working.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launch } from "./browser.mjs";
import { requirePackage, guestPath } from "./common.mjs";
import { startServer } from "./server.mjs";

describe("www: the benchmark page", () => {
  let server;
  let browser;
  let page;

  before(async () => {
    requirePackage();
    guestPath("rust-hello");
    guestPath("rust-trap");
    guestPath("rust-perms");
    server = await startServer({});
    let newPage;
    ({ browser, newPage } = await launch());
    page = await newPage(`${server.url}/www/`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the demo guest on load", { timeout: 60_000 }, async () => {
    await page.waitForSelector("body[data-runs='1']", { timeout: 30_000 });
    assert.equal(await page.textContent("#status"), "exit code 0");
    const out = await page.textContent("#stdout");
    assert.match(out, /^argv\[0\]=hello\nargv\[1\]=a1\nargv\[2\]=two words\nA=1\nB=2\nstdin=12 bytes: line1\\nline2\\n\n/);
    assert.equal(await page.textContent("#stderr"), "to stderr\n");
    const phases = await page.$$eval("#phases tbody tr td:first-child", (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(phases, ["init (host .wasm)", "fetch", "compile", "instantiate", "run (_start → exit)"]);
  });

  it("shows a trap and keeps working", { timeout: 60_000 }, async () => {
    await page.selectOption("#guest", "rust-trap");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='2']", { timeout: 30_000 });
    assert.match(await page.textContent("#status"), /guest trapped: .*unreachable/);
    assert.equal(await page.textContent("#stdout"), "before trap\n");
    await page.selectOption("#guest", "rust-hello");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='3']", { timeout: 30_000 });
    assert.equal(await page.textContent("#status"), "exit code 0");
    assert.deepEqual(page.pageErrors, []);
  });

  it("attaches a manifest to the guest and lists what it was refused", { timeout: 60_000 }, async () => {
    await page.selectOption("#guest", "rust-perms");
    await page.fill("#perms", '{"version":1,"fs":{"read":["/data"],"write":["/data/out"]},"env":["A"]}');
    await page.selectOption("#perms-mode", "embed");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='4']", { timeout: 30_000 });
    assert.equal(await page.textContent("#status"), "exit code 0");
    assert.equal(await page.textContent("#embedded"), '{"version":1,"fs":{"read":["/data"],"write":["/data/out"]},"env":["A"],"args":false}');
    const stdout = await page.textContent("#stdout");
    assert.match(stdout, /^read \/data\/in\.txt: ok "input"$/m);
    assert.match(stdout, /^read \/database\/x: err Permission denied/m);
    const rows = await page.$$eval("#denials tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent).join(" ")));
    assert.ok(rows.includes("path_open /database/x read 1"), rows.join("\n"));
    assert.ok(rows.includes("environ_get B env 1"), rows.join("\n"));
    // A malformed manifest is refused with the field named, and the page goes on.
    await page.fill("#perms", '{"version":1,"fs":{"read":["data"]}}');
    await page.selectOption("#perms-mode", "host");
    await page.click("#run");
    await page.waitForSelector("body[data-runs='5']", { timeout: 30_000 });
    assert.match(await page.textContent("#status"), /perms: fs\.read\[0\]: "data" is not an absolute path/);
    assert.equal(await page.textContent("#stdout"), "");
    assert.deepEqual(page.pageErrors, []);
  });
});
