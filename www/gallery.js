// The gallery: pick guests (workload × language) and hosts, run them N times interleaved, and
// show the numbers as a table and charts; export them, keep a baseline, share the configuration
// as a URL. The measuring is measure.js's; this file draws.
//
// URL parameters (the "Copy link" button writes them): guests=c-hello,go-alloc,…
// hosts=page,shim reps=5 warmup=1 scale=full|quick baseline=<name> run=1 (start at once).

import { Chart, BarController, BarElement, CategoryScale, Legend, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import init, { compileStreaming, run, runInWorker } from "../pkg/full.js";
import { HOSTS, LANGS, LANG_NAMES, WORKLOADS, guestFiles, guestSpec, measure, sections } from "./measure.js";
import { yourGuest } from "./app.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip);

const $ = (id) => document.getElementById(id);
const HOST_COLORS = { page: "#3867d6", worker: "#20a4a4", async: "#8854d0", shim: "#e1812c" };
const BASELINES = "wasip1-web.gallery.baselines";
const DEFAULT_GUESTS = ["c-hello", "rust-hello", "go-hello", "zig-hello", "as-hello"];

/** The last result set: `{ config, rows, runs, details, sizes, stopped, date }`. */
let result = null;
let stopper = null;
const charts = {};
window.galleryCharts = charts;

// ---- the form ------------------------------------------------------------------------------

function buildForm() {
  $("pick").tHead.innerHTML = `<tr><th></th>${LANGS.map((l) => `<th>${LANG_NAMES[l]}</th>`).join("")}</tr>`;
  $("pick").tBodies[0].replaceChildren(
    ...Object.entries(WORKLOADS).map(([w, { label }]) => {
      const tr = document.createElement("tr");
      tr.innerHTML = `<th>${label}</th>${LANGS.map((l) => `<td><input type="checkbox" name="guest" value="${l}-${w}" aria-label="${LANG_NAMES[l]} ${w}"></td>`).join("")}`;
      return tr;
    }),
  );
  $("hosts").replaceChildren(
    ...Object.entries(HOSTS).map(([k, label]) => {
      const l = document.createElement("label");
      l.innerHTML = `<input type="checkbox" name="host" value="${k}"> ${label}`;
      return l;
    }),
  );
}

function config() {
  return {
    guests: [...document.querySelectorAll("input[name=guest]:checked")].map((i) => i.value),
    hosts: [...document.querySelectorAll("input[name=host]:checked")].map((i) => i.value),
    reps: Math.max(1, Math.min(200, Number($("reps").value) || 1)),
    warmup: Math.max(0, Math.min(20, Number($("warmup").value) || 0)),
    scale: $("scale").value,
  };
}

function applyConfig(params) {
  const guests = params.get("guests")?.split(",") ?? DEFAULT_GUESTS;
  const hosts = params.get("hosts")?.split(",") ?? ["page", "shim"];
  for (const i of document.querySelectorAll("input[name=guest]")) i.checked = guests.includes(i.value);
  for (const i of document.querySelectorAll("input[name=host]")) i.checked = hosts.includes(i.value);
  if (params.has("reps")) $("reps").value = params.get("reps");
  if (params.has("warmup")) $("warmup").value = params.get("warmup");
  if (params.has("scale")) $("scale").value = params.get("scale");
}

function configUrl() {
  const c = config();
  const u = new URL(location.href);
  u.search = new URLSearchParams({ guests: c.guests.join(","), hosts: c.hosts.join(","), reps: c.reps, warmup: c.warmup, scale: c.scale, ...($("baseline").value && { baseline: $("baseline").value }) }).toString();
  return u.href;
}

// ---- baselines (localStorage) ----------------------------------------------------------------

function baselines() {
  try {
    return JSON.parse(localStorage.getItem(BASELINES) ?? "{}");
  } catch {
    return {};
  }
}

function listBaselines(select) {
  const names = Object.keys(baselines());
  $("baseline").replaceChildren(new Option("(no baseline)", ""), ...names.map((n) => new Option(n, n)));
  if (select && names.includes(select)) $("baseline").value = select;
}

function baselineMedian(guest, host) {
  const b = baselines()[$("baseline").value];
  return b?.rows.find((r) => r.guest === guest && r.host === host)?.stats?.median ?? null;
}

// ---- the table -----------------------------------------------------------------------------

const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function drawTable() {
  const withBaseline = $("baseline").value !== "";
  const heads = ["guest", "host", "median ms", "min ms", "p95 ms", "spread", "runs", "vs wasip1-web page", ...(withBaseline ? ["vs baseline"] : [])];
  $("table").tHead.innerHTML = `<tr>${heads.map((h) => `<th>${h}</th>`).join("")}</tr>`;
  $("table").tBodies[0].replaceChildren(
    ...result.rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.guest = r.guest;
      tr.dataset.host = r.host;
      const cell = (text, cls = "") => {
        const td = tr.appendChild(document.createElement("td"));
        td.textContent = text;
        if (cls) td.className = cls;
      };
      cell(r.guest);
      cell(HOSTS[r.host]);
      if (r.stats === null) {
        const td = tr.appendChild(document.createElement("td"));
        td.colSpan = heads.length - 2;
        td.className = "cannot";
        td.textContent = `cannot run: ${r.cannot ?? "no run finished (stopped)"}`;
        return tr;
      }
      const s = r.stats;
      cell(ms(s.median), "num");
      cell(ms(s.min), "num");
      cell(ms(s.p95), "num");
      cell(`±${(100 * s.spread).toFixed(0)}%`, "num");
      cell(String(s.n), "num");
      const ours = result.rows.find((o) => o.guest === r.guest && o.host === "page")?.stats?.median;
      cell(r.host === "page" ? "1×" : ours ? `${(s.median / ours).toFixed(2)}×` : "no page run", "num");
      if (withBaseline) {
        const b = baselineMedian(r.guest, r.host);
        cell(b ? `${(s.median / b).toFixed(2)}×` : "not in baseline", "num");
      }
      return tr;
    }),
  );
}

// ---- charts ----------------------------------------------------------------------------------

/** Draws each dataset's `whiskers[i] = [low, high]` as a vertical line over bar i. */
const whiskers = {
  id: "whiskers",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const y = chart.scales.y;
    ctx.save();
    ctx.strokeStyle = "#222";
    chart.data.datasets.forEach((ds, d) => {
      if (!ds.whiskers || !chart.isDatasetVisible(d)) return;
      chart.getDatasetMeta(d).data.forEach((bar, i) => {
        const w = ds.whiskers[i];
        if (!w) return;
        const [top, bottom] = [y.getPixelForValue(w[1]), y.getPixelForValue(w[0])];
        ctx.beginPath();
        ctx.moveTo(bar.x, top);
        ctx.lineTo(bar.x, bottom);
        ctx.moveTo(bar.x - 4, top);
        ctx.lineTo(bar.x + 4, top);
        ctx.moveTo(bar.x - 4, bottom);
        ctx.lineTo(bar.x + 4, bottom);
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};

function chart(id, cfg) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), { ...cfg, options: { animation: false, responsive: true, ...cfg.options } });
  return charts[id];
}

function drawTimes() {
  const guests = [...new Set(result.rows.map((r) => r.guest))];
  const hosts = [...new Set(result.rows.map((r) => r.host))];
  const cellOf = (g, h) => result.rows.find((r) => r.guest === g && r.host === h)?.stats;
  chart("chart-times", {
    type: "bar",
    data: {
      labels: guests,
      datasets: hosts.map((h) => ({
        label: HOSTS[h],
        backgroundColor: HOST_COLORS[h],
        data: guests.map((g) => cellOf(g, h)?.median ?? null),
        whiskers: guests.map((g) => (cellOf(g, h) ? [cellOf(g, h).min, cellOf(g, h).p95] : null)),
      })),
    },
    // Logarithmic: a C hello takes a fraction of a millisecond, a worker's start tens of them.
    options: { scales: { y: { type: "logarithmic", title: { display: true, text: "ms (log scale)" } } } },
    plugins: [whiskers],
  });
}

const PHASES = [
  ["request → first byte", "requestStart", "firstByte", "#a5b1c2"],
  ["download", "firstByte", "lastByte", "#4b7bec"],
  ["compile (after the last byte)", "lastByte", "compiled", "#fa8231"],
  ["instantiate", "compiled", "instantiated", "#20bf6b"],
  ["run to exit", "started", "exited", "#eb3b5a"],
];

function drawWaterfall() {
  const guests = Object.keys(result.details).filter((g) => result.details[g].timings);
  chart("chart-waterfall", {
    type: "bar",
    data: {
      labels: guests.map((g) => `${g}${result.details[g].streamed ? "" : " (not streamed)"}`),
      datasets: PHASES.map(([label, from, to, color]) => ({
        label,
        backgroundColor: color,
        data: guests.map((g) => {
          const t = result.details[g].timings;
          return [t[from] - t.requestStart, Math.max(t[to], t[from]) - t.requestStart];
        }),
      })),
    },
    options: { indexAxis: "y", scales: { x: { title: { display: true, text: "ms" } }, y: { stacked: true } } },
  });
}

function drawSyscalls() {
  const g = $("syscalls-guest").value;
  const summary = result.details[g]?.trace ?? {};
  const names = Object.keys(summary).sort((a, b) => summary[b].calls - summary[a].calls);
  chart("chart-syscalls", {
    type: "bar",
    data: {
      labels: names,
      datasets: [
        { label: "calls", yAxisID: "y", backgroundColor: "#3867d6", data: names.map((n) => summary[n].calls) },
        { label: "µs per call", yAxisID: "y1", backgroundColor: "#e1812c", data: names.map((n) => summary[n].timeUs / summary[n].calls) },
      ],
    },
    options: { scales: { y: { type: "logarithmic", title: { display: true, text: "calls" } }, y1: { position: "right", title: { display: true, text: "µs per call" }, grid: { drawOnChartArea: false } } } },
  });
}

function drawSizes() {
  const guests = Object.keys(result.sizes);
  const kb = (x) => x / 1000;
  chart("chart-sizes", {
    type: "bar",
    data: {
      labels: guests,
      datasets: [
        { label: "code", stack: "raw", backgroundColor: "#3867d6", data: guests.map((g) => kb(result.sizes[g].code)) },
        { label: "data", stack: "raw", backgroundColor: "#20bf6b", data: guests.map((g) => kb(result.sizes[g].data)) },
        { label: "custom sections", stack: "raw", backgroundColor: "#a5b1c2", data: guests.map((g) => kb(Object.values(result.sizes[g].custom).reduce((a, b) => a + b, 0))) },
        { label: "other sections", stack: "raw", backgroundColor: "#f7b731", data: guests.map((g) => kb(result.sizes[g].other)) },
        { label: "gzip -6 (whole file)", stack: "gz", backgroundColor: "#8854d0", data: guests.map((g) => kb(result.sizes[g].gzip)) },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, type: "logarithmic", title: { display: true, text: "KB" } } } },
  });
  $("custom-sections").textContent = guests
    .map((g) => `${g}: ${Object.entries(result.sizes[g].custom).map(([n, b]) => `${n} ${b} B`).join(", ") || "no custom sections"}`)
    .join(" · ");
}

function drawGc() {
  const series = result.rows.filter((r) => r.gc.length > 0);
  chart("chart-gc", {
    type: "line",
    data: {
      datasets: series.map((r) => ({
        label: `${r.guest}, ${HOSTS[r.host]}`,
        borderColor: HOST_COLORS[r.host],
        backgroundColor: HOST_COLORS[r.host],
        data: r.gc.map((p) => ({ x: p.at * 1000, y: p.pauseMs })),
      })),
    },
    options: { scales: { x: { type: "linear", title: { display: true, text: "ms since the program started" } }, y: { title: { display: true, text: "stop-the-world pause, ms" } } } },
  });
  const all = series.flatMap((r) => r.gc.map((p) => p.pauseMs));
  $("gc-note").textContent = all.length
    ? `${all.length} collections; pauses ${Math.min(...all).toFixed(3)}–${Math.max(...all).toFixed(3)} ms`
    : "no Go guest with GC lines was run (pick Go's allocation workload)";
}

function drawAll() {
  $("results").hidden = false;
  drawTable();
  drawTimes();
  drawWaterfall();
  const guests = Object.keys(result.details).filter((g) => result.details[g].trace);
  const keep = $("syscalls-guest").value;
  $("syscalls-guest").replaceChildren(...guests.map((g) => new Option(g, g)));
  if (guests.includes(keep)) $("syscalls-guest").value = keep;
  drawSyscalls();
  drawSizes();
  drawGc();
}

// ---- running ---------------------------------------------------------------------------------

/**
 * One traced run per guest: the waterfall and the syscalls. The gallery's guests go through the
 * package's `run` on the page (every phase timed); yours runs in a worker, which Stop kills (it
 * may never exit), so its waterfall has the load phases and then "run to exit" as a whole.
 */
async function detail(spec, signal) {
  const options = { args: spec.args, env: spec.env, stdin: spec.stdin ?? "", preopens: { "/data": { ...(await guestFiles(spec)) } }, trace: true, stdout: () => {}, stderr: () => {} };
  if (spec.lang !== "yours") {
    const r = await run(spec.url, options);
    r.fs.free();
    return { timings: r.timings, trace: r.trace?.summary ?? null, exitCode: r.exitCode, streamed: r.streamed, bytes: r.bytes, customSections: r.customSections, error: r.error ? String(r.error.message ?? r.error) : null };
  }
  const origin = performance.now();
  const c = await compileStreaming(spec.url);
  const started = performance.now() - origin;
  const handle = await runInWorker(c.module, options);
  const kill = () => handle.kill();
  signal.addEventListener("abort", kill);
  const exit = await handle.exited;
  signal.removeEventListener("abort", kill);
  handle.close();
  const timings = { ...c.timings, instantiated: started, started, exited: performance.now() - origin };
  return { timings, trace: exit.trace?.summary ?? null, exitCode: exit.exitCode, streamed: c.streamed, bytes: c.bytes, customSections: c.customSections, error: exit.killed ? "stopped" : exit.error ? String(exit.error.message) : null };
}

async function go() {
  const c = config();
  const yours = $("yours").checked ? yourGuest() : null;
  if ($("yours").checked && !yours) {
    $("progress-text").textContent = "Pick or drop your .wasm under \"Run a guest of your own\" first.";
    return;
  }
  if ((c.guests.length === 0 && !yours) || c.hosts.length === 0) {
    $("progress-text").textContent = "Pick at least one guest and one host.";
    return;
  }
  stopper = new AbortController();
  $("go").disabled = true;
  $("stop").disabled = false;
  document.body.dataset.gallery = "running";
  const specs = c.guests.map((g) => guestSpec(...g.split("-"), c.scale));
  if (yours) specs.push(yours);
  const details = {};
  const sizes = {};
  try {
    await init();
    for (const spec of specs) {
      if (stopper.signal.aborted) break;
      $("progress-text").textContent = `loading ${spec.id}`;
      try {
        const bytes = await (await fetch(spec.url)).arrayBuffer();
        sizes[spec.id] = await sections(bytes);
        details[spec.id] = await detail(spec, stopper.signal);
      } catch (e) {
        details[spec.id] = { error: String(e?.message ?? e) };
      }
    }
    const m = await measure({
      specs: specs.filter(() => !stopper.signal.aborted),
      hosts: c.hosts,
      reps: c.reps,
      warmup: c.warmup,
      signal: stopper.signal,
      onProgress: ({ done, total, guest, host, rep }) => {
        $("progress").max = total;
        $("progress").value = done;
        $("progress-text").textContent = `${guest} on ${HOSTS[host]}: ${rep < 0 ? "warm-up" : `rep ${rep + 1} of ${c.reps}`} (${done + 1}/${total})`;
      },
    });
    const stopped = m.stopped || stopper.signal.aborted;
    result = { config: c, ...m, stopped, details, sizes, date: new Date().toISOString(), userAgent: navigator.userAgent };
    $("progress").value = $("progress").max;
    $("progress-text").textContent = stopped ? "Stopped: the runs finished so far are shown." : `Done: ${m.runs.length} runs.`;
    drawAll();
  } catch (e) {
    $("progress-text").textContent = `Failed: ${e?.message ?? e}`;
  } finally {
    $("go").disabled = false;
    $("stop").disabled = true;
    document.body.dataset.gallery = result?.stopped ? "stopped" : "done";
    window.galleryResult = result;
  }
}

// ---- keep and share ------------------------------------------------------------------------

function download(name, type, text) {
  const a = $("download");
  URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
}

function csv() {
  const q = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  const lines = [["guest", "lang", "workload", "host", "rep", "ms"].join(",")];
  for (const r of result.runs) lines.push([r.guest, r.lang, r.workload, r.host, r.rep, r.ms].map(q).join(","));
  for (const r of result.rows.filter((r) => r.cannot)) lines.push([r.guest, r.lang, r.workload, r.host, "", `cannot run: ${r.cannot}`].map(q).join(","));
  return lines.join("\n") + "\n";
}

buildForm();
const params = new URLSearchParams(location.search);
applyConfig(params);
listBaselines(params.get("baseline"));
$("gallery-form").addEventListener("submit", (e) => {
  e.preventDefault();
  go();
});
$("stop").addEventListener("click", () => stopper?.abort());
$("link").addEventListener("click", async () => {
  history.replaceState(null, "", configUrl());
  await navigator.clipboard?.writeText(location.href).catch(() => {});
  $("progress-text").textContent = `Link: ${location.href}`;
});
$("export-json").addEventListener("click", () => download("wasip1-web-gallery.json", "application/json", JSON.stringify(result, null, 1)));
$("export-csv").addEventListener("click", () => download("wasip1-web-gallery.csv", "text/csv", csv()));
$("save-baseline").addEventListener("click", () => {
  const name = $("baseline-name").value.trim() || "baseline";
  const all = baselines();
  all[name] = { date: result.date, config: result.config, rows: result.rows.map(({ guest, host, stats }) => ({ guest, host, stats })) };
  localStorage.setItem(BASELINES, JSON.stringify(all));
  listBaselines(name);
  drawTable();
});
$("baseline").addEventListener("change", () => result && drawTable());
$("syscalls-guest").addEventListener("change", drawSyscalls);
if (params.get("run") === "1") go();
