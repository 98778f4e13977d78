// The npm package as a user gets it: what `npm pack` ships, loading it from a
// plain HTML page, bundling it with vite, and the error before init().
//
//   node --test tests/e2e/package.test.mjs

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { launch } from "./browser.mjs";
import { assertPageHealthy, assertSame, guestPath, REPO_ROOT, requirePackage, text, wasmtimeRef } from "./common.mjs";
import { startServer } from "./server.mjs";

const execFileP = promisify(execFile);

const REQUIRED_FILES = [
  "pkg/index.js",
  "pkg/index.d.ts",
  "pkg/load.js",
  "pkg/wasip1_web.js",
  "pkg/wasip1_web_bg.wasm",
  "pkg/full.js",
  "pkg/full.d.ts",
  "pkg/full-build.js",
  "pkg/full/wasip1_web_bg.wasm",
  "pkg/wasip1_web.d.ts",
  "package.json",
  "README.md",
];

const HELLO_SPEC = { args: ["hello", "a1", "two words"], env: { B: "2", A: "1" }, stdin: "line1\nline2\n" };
const TIMEOUT = 180_000;

/** `npm` with lifecycle scripts off: a prepack build must not run inside the tests. */
async function npm(args, cwd) {
  try {
    const { stdout } = await execFileP("npm", [...args, "--ignore-scripts"], {
      cwd,
      maxBuffer: 64 << 20,
      timeout: 120_000,
      env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
    });
    return stdout;
  } catch (e) {
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${e.stderr || e.message}`);
  }
}

/**
 * The page script both the plain-HTML and the bundler checks run: it loads the
 * package through `importLine`, runs the hello guest and leaves the result
 * (base64 stdout/stderr) in `window.result`.
 */
function pageScript(importLine, wasmUrl) {
  return `${importLine}
const spec = ${JSON.stringify(HELLO_SPEC)};
const b64 = (chunks) => {
  let s = "";
  for (const c of chunks) for (let i = 0; i < c.length; i++) s += String.fromCharCode(c[i]);
  return btoa(s);
};
window.result = (async () => {
  await init();
  const out = [], err = [];
  const wasi = new Wasi({ ...spec, preopens: {},
    stdout: (c) => out.push(Uint8Array.from(c)), stderr: (c) => err.push(Uint8Array.from(c)) });
  const module = await WebAssembly.compileStreaming(fetch(${JSON.stringify(wasmUrl)}));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const exitCode = wasi.start(instance);
  return { exitCode, stdout: b64(out), stderr: b64(err) };
})().catch((e) => ({ error: String(e && e.stack || e) }));
`;
}

const visible = (r) => ({ exitCode: r.exitCode, stdout: text(r.stdout), stderr: text(r.stderr) });

describe("npm package", () => {
  let browser;
  let newPage;
  let tmp;
  let tgz;
  let extracted;

  before(async () => {
    requirePackage();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wasip1-web-pkg-"));
    ({ browser, newPage } = await launch());
  });

  after(async () => {
    await browser?.close();
    if (tmp && !process.env.E2E_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Packs the repo once into tmp and extracts it to tmp/extract/package. */
  async function packed() {
    if (extracted) return extracted;
    const out = JSON.parse(await npm(["pack", "--json", "--pack-destination", tmp], REPO_ROOT));
    tgz = path.join(tmp, out[0].filename);
    const dir = path.join(tmp, "extract");
    fs.mkdirSync(dir);
    await execFileP("tar", ["xzf", tgz, "-C", dir]);
    extracted = path.join(dir, "package");
    return extracted;
  }

  /** Opens `url`, waits for window.result, checks it against wasmtime. */
  async function checkHelloPage(url, what) {
    const page = await newPage(url);
    try {
      const got = await page.evaluate(() => window.result);
      assert.ok(got, `${what}: the page set no window.result; console: ${JSON.stringify(page.consoleMessages)}`);
      assert.equal(got.error, undefined, `${what}: ${got.error}\nconsole: ${JSON.stringify(page.consoleMessages)}`);
      const want = await wasmtimeRef(guestPath("rust-hello"), HELLO_SPEC);
      assertSame(visible(got), visible(want), `${what}: rust-hello in the browser (actual) vs wasmtime (expected)`);
      assertPageHealthy(page, what);
    } finally {
      await page.close();
    }
  }

  it("npm pack ships the entry, types, wasm and docs", { timeout: TIMEOUT }, async () => {
    const out = JSON.parse(await npm(["pack", "--dry-run", "--json"], REPO_ROOT));
    const files = out[0].files.map((f) => f.path);
    const missing = REQUIRED_FILES.filter((f) => !files.includes(f));
    assert.deepEqual(missing, [], `npm pack would not ship ${missing.join(", ")}; it ships:\n  ${files.join("\n  ")}`);
    const strays = files.filter((f) => /^(crate|tests|bench|target|node_modules|www)\//.test(f));
    assert.deepEqual(strays, [], `npm pack ships development files:\n  ${strays.join("\n  ")}`);
  });

  it("npm ci && npm pack in a checkout without pkg/ builds the whole package", { timeout: 600_000 }, async () => {
    // A copy of the working tree as git sees it (tracked and new files; nothing ignored, so no
    // pkg/ and no node_modules). CARGO_TARGET_DIR points at this repo's target/ so cargo reuses
    // its build; wasm-bindgen and wasm-opt run for real.
    const clone = path.join(tmp, "clone");
    const { stdout } = await execFileP("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: REPO_ROOT, maxBuffer: 64 << 20 });
    for (const f of stdout.split("\0").filter(Boolean)) {
      if (!fs.existsSync(path.join(REPO_ROOT, f))) continue; // deleted in the working tree
      fs.mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, f), path.join(clone, f));
    }
    assert.equal(fs.existsSync(path.join(clone, "pkg")), false);
    const env = { ...process.env, CARGO_TARGET_DIR: path.join(REPO_ROOT, "target"), npm_config_update_notifier: "false" };
    const run = (args) => execFileP("npm", args, { cwd: clone, env, maxBuffer: 64 << 20, timeout: 540_000 });
    await run(["ci", "--prefer-offline", "--no-audit", "--no-fund"]);
    const packOut = JSON.parse((await run(["pack", "--json"])).stdout.slice(-1 << 20).replace(/^[^[]*/s, ""));
    const files = packOut[0].files.map((f) => f.path);
    const missing = REQUIRED_FILES.filter((f) => !files.includes(f));
    assert.deepEqual(missing, [], `npm pack after npm ci lacks ${missing.join(", ")}`);
    const wasm = packOut[0].files.find((f) => f.path === "pkg/wasip1_web_bg.wasm");
    const built = fs.statSync(path.join(REPO_ROOT, "pkg/wasip1_web_bg.wasm")).size;
    assert.equal(wasm.size, built, "the packed .wasm differs in size from this checkout's optimised build");
  });

  it("loads from a plain HTML page (no bundler)", { timeout: TIMEOUT }, async () => {
    const pkgDir = await packed();
    const site = path.join(tmp, "plain");
    fs.mkdirSync(site);
    fs.cpSync(pkgDir, path.join(site, "package"), { recursive: true });
    fs.copyFileSync(guestPath("rust-hello"), path.join(site, "hello.wasm"));
    fs.writeFileSync(
      path.join(site, "index.html"),
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">
${pageScript('import init, { Wasi } from "./package/pkg/index.js";', "./hello.wasm")}
</script>`,
    );
    const server = await startServer({ root: site });
    try {
      await checkHelloPage(`${server.url}/index.html`, "plain HTML");
    } finally {
      await server.close();
    }
  });

  it("bundles with vite (bare import of wasip1-web)", { timeout: TIMEOUT }, async () => {
    const pkgDir = await packed();
    const app = path.join(tmp, "vite-app");
    fs.mkdirSync(path.join(app, "node_modules"), { recursive: true });
    fs.mkdirSync(path.join(app, "public"));
    // Linked like an installed dependency; vite resolves the link to the extracted tarball.
    fs.symlinkSync(pkgDir, path.join(app, "node_modules", "wasip1-web"), "dir");
    fs.copyFileSync(guestPath("rust-hello"), path.join(app, "public", "hello.wasm"));
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    fs.writeFileSync(
      path.join(app, "index.html"),
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="./main.js"></script>`,
    );
    fs.writeFileSync(path.join(app, "main.js"), pageScript('import init, { Wasi } from "wasip1-web";', "./hello.wasm"));

    const { build } = await import("vite");
    await build({
      root: app,
      configFile: false,
      logLevel: "warn",
      base: "./",
      build: { outDir: path.join(app, "dist"), emptyOutDir: true },
    });
    const emitted = fs.readdirSync(path.join(app, "dist", "assets"));
    assert.ok(
      emitted.some((f) => f.endsWith(".wasm")),
      `vite emitted no .wasm asset (the package's wasm URL was not picked up); assets: ${emitted.join(", ")}`,
    );

    const server = await startServer({ root: path.join(app, "dist") });
    try {
      await checkHelloPage(`${server.url}/index.html`, "vite build");
    } finally {
      await server.close();
    }
  });

  it("new Wasi() before init() throws an Error naming init", { timeout: TIMEOUT }, async () => {
    const server = await startServer({
      routes: {
        "/__blank.html": (req, res) => {
          res.writeHead(200, {
            "Content-Type": "text/html; charset=utf-8",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Cross-Origin-Embedder-Policy": "require-corp",
            "Cache-Control": "no-store",
          });
          res.end('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">');
        },
      },
    });
    const page = await newPage(`${server.url}/__blank.html`);
    try {
      const got = await page.evaluate(async () => {
        const { Wasi } = await import("/pkg/index.js");
        try {
          new Wasi({});
          return { threw: false };
        } catch (e) {
          return { threw: true, isError: e instanceof Error, message: String(e?.message ?? e) };
        }
      });
      assert.equal(got.threw, true, "new Wasi({}) before init() did not throw");
      assert.equal(got.isError, true, `it threw a non-Error: ${got.message}`);
      assert.match(got.message, /init/, `the message does not mention init: ${JSON.stringify(got.message)}`);
      assertPageHealthy(page, "before-init check");
    } finally {
      await page.close();
      await server.close();
    }
  });
});
