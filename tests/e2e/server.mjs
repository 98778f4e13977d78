// A tiny static file server for the end-to-end tests and the benchmark.
//
// It sends the cross-origin isolation headers (COOP/COEP/CORP) so pages get
// `crossOriginIsolated === true` (SharedArrayBuffer, precise timers), and
// `Cache-Control: no-store` so a rebuilt package is always picked up.
//
//   import { startServer } from "./server.mjs";
//   const { url, close } = await startServer({ root, port: 0, routes });
//
// `routes` maps a URL path ("/x.html") to a file path or to a function
// `(req, res) => void` that answers the request itself.
//
// CLI: `node tests/e2e/server.mjs [port]` serves the repo root.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const MIME = new Map([
  [".wasm", "application/wasm"],
  [".js", "text/javascript"],
  [".mjs", "text/javascript"],
  [".html", "text/html; charset=utf-8"],
  [".json", "application/json"],
  [".map", "application/json"],
  [".css", "text/css"],
  [".txt", "text/plain; charset=utf-8"],
  [".md", "text/plain; charset=utf-8"],
]);

function mimeFor(file) {
  // `.d.ts` must be checked before the plain extension (which would be `.ts`).
  if (file.endsWith(".d.ts")) return "text/plain; charset=utf-8";
  return MIME.get(path.extname(file).toLowerCase()) ?? null;
}

const COMMON_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

function send(res, status, body, type = "text/plain; charset=utf-8") {
  res.writeHead(status, { ...COMMON_HEADERS, "Content-Type": type });
  res.end(body);
}

/** Maps a request path to a file under `root`, or null if it would escape or is not a served type. */
function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  // Reject any `..` component outright rather than normalising it away.
  const parts = decoded.split(/[\\/]+/);
  if (parts.some((p) => p === "..")) return null;
  if (decoded.endsWith("/")) decoded += "index.html";
  const file = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  const rel = path.relative(root, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return file;
}

function serveFile(res, file, method) {
  const type = mimeFor(file);
  if (!type) return send(res, 404, "not found\n");
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) return send(res, 404, "not found\n");
    res.writeHead(200, { ...COMMON_HEADERS, "Content-Type": type, "Content-Length": st.size });
    if (method === "HEAD") return res.end();
    fs.createReadStream(file).pipe(res);
  });
}

/**
 * Starts the server on 127.0.0.1.
 * @param {{root?: string, port?: number, routes?: Record<string, string | ((req: http.IncomingMessage, res: http.ServerResponse) => void)>}} [opts]
 * @returns {Promise<{url: string, close: () => Promise<void>, server: http.Server}>}
 */
export function startServer({ root = REPO_ROOT, port = 0, routes = {} } = {}) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n");
    const urlPath = new URL(req.url, "http://127.0.0.1").pathname;
    const route = routes[urlPath];
    if (typeof route === "function") return route(req, res);
    if (typeof route === "string") return serveFile(res, route, req.method);
    // Check the raw path too: `new URL` already collapses `/a/../b`.
    if (/(^|[\\/])\.\.([\\/]|$)/.test(decodeURIComponentSafe(req.url.split("?")[0]))) {
      return send(res, 404, "not found\n");
    }
    const file = resolveUnder(root, urlPath);
    if (!file) return send(res, 404, "not found\n");
    serveFile(res, file, req.method);
  });
  // Keep-alive sockets would hold `close()` open; browsers reconnect cheaply.
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address();
      resolve({
        url: `http://127.0.0.1:${bound}`,
        server,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

function decodeURIComponentSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8000);
  const { url } = await startServer({ port });
  console.log(`serving ${REPO_ROOT} at ${url}/`);
}
