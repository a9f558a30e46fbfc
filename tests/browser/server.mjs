// A tiny static file server for the browser tests: the built site on 127.0.0.1, an ephemeral port.
// Directory URLs serve their index.html (a directory URL without its trailing slash is redirected,
// as static hosts do, so relative links resolve); missing files get the site's 404.html with 404.
// Every response carries a strict Content-Security-Policy, so every browser test runs with it in
// force: scripts only from the site's own files (no inline script, no inline event handler).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

export const CSP = "script-src 'self'; object-src 'none'; base-uri 'self'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

async function isFile(p) {
  try { return (await stat(p)).isFile(); } catch { return false; }
}
async function isDir(p) {
  try { return (await stat(p)).isDirectory(); } catch { return false; }
}

export async function startServer(siteDir) {
  const root = path.resolve(siteDir);
  const server = createServer(async (req, res) => {
    const send = (status, body, type, extra = {}) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "Content-Security-Policy": CSP, ...extra });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let rel;
      try { rel = decodeURIComponent(url.pathname); } catch { rel = null; }
      const file = rel === null ? null : path.join(root, rel);
      if (file === null || (file !== root && !file.startsWith(root + path.sep))) {
        return send(400, "bad path\n", "text/plain; charset=utf-8");
      }
      if (await isDir(file)) {
        if (!url.pathname.endsWith("/")) {
          return send(301, "", "text/plain; charset=utf-8", { Location: url.pathname + "/" + url.search });
        }
        const index = path.join(file, "index.html");
        if (await isFile(index)) return send(200, await readFile(index), TYPES[".html"]);
      } else if (await isFile(file)) {
        return send(200, await readFile(file), TYPES[path.extname(file)] || "application/octet-stream");
      }
      const notFound = path.join(root, "404.html");
      if (await isFile(notFound)) return send(404, await readFile(notFound), TYPES[".html"]);
      return send(404, "not found\n", "text/plain; charset=utf-8");
    } catch (e) {
      return send(500, String(e) + "\n", "text/plain; charset=utf-8");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
