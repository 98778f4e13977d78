// The benchmark page: runs a bundled or uploaded guest and shows its output and where the
// time went (fetch -> compile -> instantiate -> run). Served by `npm start`.
import init, { Wasi } from "../pkg/index.js";

const GUESTS = ["rust-hello", "c-hello", "go-hello", "rust-probe", "rust-trap", "c-empty"];
const $ = (id) => document.getElementById(id);
const decoder = new TextDecoder();

/** Splits a command line on spaces, keeping "quoted words" together. */
function words(line) {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
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
  const bytes = file ? await file.arrayBuffer() : await (await fetch(`../tests/out/${$("guest").value}.wasm`)).arrayBuffer();
  phases.push([file ? "read file" : "fetch", t() - t0]);
  t0 = t();
  const module = await WebAssembly.compile(bytes);
  phases.push(["compile", t() - t0]);

  const out = [];
  const err = [];
  const env = Object.fromEntries(words($("env").value).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  let status = "";
  let ok = false;
  try {
    const wasi = new Wasi({
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
    wasi.free();
  } catch (e) {
    phases.push(["run (_start → trap)", t() - t0]);
    status = e instanceof Error ? e.message : String(e);
  }
  show(phases, `guest: ${(bytes.byteLength / 1024).toFixed(1)} KiB`, out.join(""), err.join(""), status, ok);
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
}

$("guest").replaceChildren(...GUESTS.map((g) => new Option(g, g)));
$("run-form").addEventListener("submit", (e) => {
  e.preventDefault();
  run().catch((e) => show([], "", "", String(e?.stack ?? e), "error", false));
});
run().catch((e) => show([], "", "", String(e?.stack ?? e), "error", false));
