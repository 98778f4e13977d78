// "Run a guest of your own": a bundled guest, or the user's .wasm (file picker or drop), with
// args, env, stdin and a wasip1-perms manifest; shows its output, exit code and where the time
// went. The guest runs in a worker, so one that never exits is stopped by Stop (the worker is
// killed) and the page stays responsive; of a flood of output, the first 64 KiB per stream are
// shown and the rest counted.
import init, { compileStreaming, runInWorker } from "../pkg/full.js";
import { embedManifest, readManifest } from "../pkg/perms.js";
import { BUNDLED } from "./bundled.js";

/** The files every guest finds under its one preopen "/". */
const TREE = () => ({ data: { "in.txt": "input", out: {}, sub: {} }, database: { x: "x" }, secret: { key: "KEY" } });
/** What is kept of each of stdout and stderr for display. */
const SHOWN = 64 * 1024;
const $ = (id) => document.getElementById(id);

let dropped = null;
let handle = null;
let terminal = null;

/**
 * The terminal (xterm.js, loaded on first use) for a guest that reads stdin as it runs: what
 * is typed is echoed and sent a line at a time on Enter (as a terminal in canonical mode
 * would), Backspace edits the line, Ctrl-D ends stdin; stdout and stderr are shown in it.
 */
async function openTerminal() {
  if (!terminal) {
    const { Terminal } = await import("@xterm/xterm");
    const term = new Terminal({ rows: 12, cols: 90, convertEol: true });
    $("terminal").hidden = false;
    term.open($("terminal"));
    let line = "";
    term.onData((data) => {
      for (const ch of data) {
        if (ch === "\r") {
          term.write("\r\n");
          handle?.stdin.write(line + "\n");
          line = "";
        } else if (ch === "\x7f") {
          if (line) term.write("\b \b");
          line = line.slice(0, -1);
        } else if (ch === "\x04") {
          if (line) handle?.stdin.write(line);
          line = "";
          handle?.stdin.close();
        } else if (ch >= " ") {
          line += ch;
          term.write(ch);
        }
      }
    });
    terminal = term;
    window.galleryTerminal = term;
  }
  terminal.reset();
  terminal.focus();
  return terminal;
}

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
  $("stdout").textContent = out.text();
  $("stderr").textContent = err.text();
  $("status").textContent = status;
  $("status").className = `status ${ok ? "ok" : "fail"}`;
}

/** A stream's sink: decodes the first SHOWN bytes, counts them all. */
function sink() {
  const decoder = new TextDecoder();
  const s = { kept: "", bytes: 0 };
  s.write = (chunk) => {
    if (s.bytes < SHOWN) s.kept += decoder.decode(chunk.subarray(0, SHOWN - s.bytes), { stream: true });
    s.bytes += chunk.length;
  };
  s.text = () => (s.bytes > SHOWN ? `${s.kept}\n… (${s.bytes.toLocaleString("en")} bytes in all; the first ${SHOWN.toLocaleString("en")} shown)` : s.kept);
  return s;
}

/** The env field: "KEY=VALUE" words. */
function formEnv() {
  return Object.fromEntries(words($("env").value).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
}

/**
 * The guest picked or dropped here, as the gallery measures it (its "your guest" box): a spec
 * for measure.js with this form's args, env and stdin; null when none is picked.
 */
export function yourGuest() {
  const file = dropped ?? $("file").files[0];
  if (!file) return null;
  return {
    id: `yours: ${file.name}`,
    lang: "yours",
    workload: file.name,
    url: URL.createObjectURL(new Blob([file], { type: "application/wasm" })),
    args: words($("args").value),
    env: formEnv(),
    stdin: $("stdin").value,
    files: {},
  };
}

async function guestBytes() {
  const file = dropped ?? $("file").files[0];
  if (file) return { bytes: await file.arrayBuffer(), from: `read ${file.name}` };
  const url = `../tests/out/${$("guest").value}.wasm`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { bytes: await response.arrayBuffer(), from: "fetch" };
}

async function run() {
  const phases = [];
  const out = sink();
  const err = sink();
  const t = () => performance.now();
  let t0 = t();
  await init();
  phases.push(["init (host .wasm)", t() - t0]);
  showPerms(null, []);
  t0 = t();
  let { bytes, from } = await guestBytes();
  phases.push([from, t() - t0]);
  const manifest = $("perms").value.trim();
  const embed = manifest !== "" && $("perms-mode").value === "embed";
  let module;
  try {
    if (embed) {
      t0 = t();
      bytes = embedManifest(bytes, manifest);
      phases.push(["embed manifest", t() - t0]);
    }
    t0 = t();
    ({ module } = await compileStreaming(new Response(bytes, { headers: { "Content-Type": "application/wasm" } })));
    phases.push(["compile", t() - t0]);
  } catch (e) {
    show(phases, "", out, err, `not a runnable module: ${e.message}`, false);
    return done();
  }
  let status;
  let ok = false;
  let denials = [];
  const interactive = $("interactive").checked;
  const term = interactive ? await openTerminal() : null;
  const toTerm = (sink) => (term ? (chunk) => (sink(chunk), term.write(chunk)) : sink);
  const tree = TREE();
  for (const f of $("files").files) tree.data[f.name] = new Uint8Array(await f.arrayBuffer());
  t0 = t();
  try {
    handle = await runInWorker(module, {
      preopens: { "/": tree },
      ...(manifest !== "" && !embed && { perms: manifest }),
      strict: $("strict").checked,
      args: words($("args").value),
      env: formEnv(),
      ...(!interactive && { stdin: $("stdin").value }),
      stdout: toTerm(out.write),
      stderr: toTerm(err.write),
    });
    $("kill").disabled = false;
    const exit = await handle.exited;
    phases.push(["run in a worker (start → exit)", t() - t0]);
    denials = exit.denials ?? [];
    if (exit.killed) status = "stopped (the worker was killed)";
    else if (exit.error) status = exit.error.message;
    else status = `exit code ${exit.exitCode}`;
    ok = exit.exitCode === 0;
  } catch (e) {
    status = e instanceof Error ? e.message : String(e);
  } finally {
    handle?.close();
    handle = null;
    $("kill").disabled = true;
  }
  show(phases, `guest: ${(bytes.byteLength / 1024).toFixed(1)} KiB`, out, err, status, ok);
  showPerms(readManifest(module), denials);
  done();
}

function done() {
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
}

const fail = (e) => {
  show([], "", { text: () => "" }, { text: () => String(e?.stack ?? e) }, "error", false);
  done();
};

$("guest").replaceChildren(...BUNDLED.map((g) => new Option(g, g)));
$("run-form").addEventListener("submit", (e) => {
  e.preventDefault();
  run().catch(fail);
});
$("kill").addEventListener("click", () => handle?.kill());
$("file").addEventListener("change", () => {
  dropped = null;
});
document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (!file) return;
  dropped = file;
  $("drop").textContent = `dropped: ${file.name} — Run to start it`;
});
