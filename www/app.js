// The benchmark page: runs a bundled or uploaded guest and shows its output and where the
// time went (fetch -> compile -> instantiate -> run). Served by `npm start`.
import init, { Wasi, embedManifest, readManifest } from "../pkg/index.js";

const GUESTS = ["rust-hello", "c-hello", "go-hello", "rust-probe", "rust-trap", "c-empty", "rust-perms", "c-perms"];
/** The files every guest finds under its one preopen "/". */
const TREE = () => ({ data: { "in.txt": "input", out: {}, sub: {} }, database: { x: "x" }, secret: { key: "KEY" } });
const $ = (id) => document.getElementById(id);
const decoder = new TextDecoder();

/** Splits a command line on spaces, keeping "quoted words" together. */
function words(line) {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function showPerms(embedded, denials) {
  $("embedded").textContent = embedded === null ? "(none)" : JSON.stringify(embedded);
  $("denials").tBodies[0].replaceChildren(
    ...denials.map((d) => {
      const tr = document.createElement("tr");
      for (const v of [d.syscall, d.path ?? d.name, d.access, d.count]) tr.appendChild(document.createElement("td")).textContent = v;
      return tr;
    }),
  );
}

function show(phases, sizes, out, err, status, ok) {
  const max = Math.max(...phases.map(([, ms]) => ms), 0.001);
  $("phases").tBodies[0].replaceChildren(
    ...phases.map(([name, ms]) => {
      const tr = document.createElement("tr");
      tr.innerHTML = `<td>${name}</td><td>${ms.toFixed(2)}</td><td class="bar"><span style="width:${(200 * ms) / max}px"></span></td>`;
      return tr;
    }),
  );
  $("sizes").textContent = sizes;
  $("stdout").textContent = out;
  $("stderr").textContent = err;
  $("status").textContent = status;
  $("status").className = `status ${ok ? "ok" : "fail"}`;
}

async function run() {
  const phases = [];
  const t = () => performance.now();
  let t0 = t();
  await init();
  phases.push(["init (host .wasm)", t() - t0]);

  const file = $("file").files[0];
  t0 = t();
  let bytes = file ? await file.arrayBuffer() : await (await fetch(`../tests/out/${$("guest").value}.wasm`)).arrayBuffer();
  phases.push([file ? "read file" : "fetch", t() - t0]);
  const manifest = $("perms").value.trim();
  const embed = manifest !== "" && $("perms-mode").value === "embed";
  showPerms(null, []);
  if (embed) {
    t0 = t();
    try {
      bytes = embedManifest(bytes, manifest);
    } catch (e) {
      show(phases, "", "", "", e.message, false);
      return done();
    }
    phases.push(["embed manifest", t() - t0]);
  }
  t0 = t();
  const module = await WebAssembly.compile(bytes);
  phases.push(["compile", t() - t0]);

  const out = [];
  const err = [];
  const env = Object.fromEntries(words($("env").value).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  let status = "";
  let ok = false;
  let wasi = null;
  try {
    wasi = new Wasi({
      module,
      preopens: { "/": TREE() },
      ...(manifest !== "" && !embed && { perms: manifest }),
      strict: $("strict").checked,
      args: words($("args").value),
      env,
      stdin: $("stdin").value,
      stdout: (c) => out.push(decoder.decode(c, { stream: true })),
      stderr: (c) => err.push(decoder.decode(c, { stream: true })),
    });
    t0 = t();
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    phases.push(["instantiate", t() - t0]);
    t0 = t();
    const code = wasi.start(instance);
    phases.push(["run (_start → exit)", t() - t0]);
    status = `exit code ${code}`;
    ok = code === 0;
  } catch (e) {
    if (wasi !== null) phases.push(["run (_start → trap)", t() - t0]);
    status = e instanceof Error ? e.message : String(e);
  }
  show(phases, `guest: ${(bytes.byteLength / 1024).toFixed(1)} KiB`, out.join(""), err.join(""), status, ok);
  showPerms(readManifest(module), wasi?.denials ?? []);
  wasi?.free();
  done();
}

function done() {
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
}

$("guest").replaceChildren(...GUESTS.map((g) => new Option(g, g)));
$("run-form").addEventListener("submit", (e) => {
  e.preventDefault();
  run().catch((e) => show([], "", "", String(e?.stack ?? e), "error", false));
});
run().catch((e) => show([], "", "", String(e?.stack ?? e), "error", false));
