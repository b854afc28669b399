// A small static server for the demo and the browser tests: serves the built widget (dist/) and
// the test pages (tests/e2e/pages/ under /test/), with the headers a real deployment would send
// (CORS for the widget's files, so a shop on another origin can import them; the strict
// Content-Security-Policy on /test/csp*). Node's standard library only.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root dist]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(import.meta.url), '../..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
};
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

/**
 * Starts a server and resolves to `{ server, origin, close }`. `port: 0` picks a free port.
 * `widgetBase` and `chatUrl` replace `__WIDGET_BASE__` and `__CHAT_URL__` in test pages.
 */
export function startServer({ port = 0, host = '127.0.0.1', root = 'dist', widgetBase = '', chatUrl = '', mounts = {}, isolated = false } = {}) {
  const dist = resolve(REPO, root);
  const pages = resolve(REPO, 'tests/e2e/pages');
  // Extra folders under URL prefixes (the benchmarks'), e.g. { '/bench/': 'bench/web' }.
  const extra = Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(REPO, dir)]);
  const visits = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    let base = dist;
    if (path.startsWith('/test/')) {
      base = pages;
      path = path.slice('/test'.length);
    }
    for (const [prefix, dir] of extra) {
      if (path.startsWith(prefix)) {
        base = dir;
        path = path.slice(prefix.length - 1);
        break;
      }
    }
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    // The demo's feedback endpoint accepts and keeps nothing. Its analytics endpoint keeps the
    // last 100 anonymous visit records in memory and lists them on GET, as a merchant's
    // collector would count them.
    if (path === '/demo/feedback' && req.method === 'POST') {
      req.resume();
      return send(res, 204, 'text/plain', '', { 'access-control-allow-origin': '*' });
    }
    if (path === '/demo/analytics') {
      if (req.method === 'GET') return send(res, 200, TYPES['.json'], JSON.stringify(visits), { 'cache-control': 'no-store' });
      let body = '';
      req.on('data', (chunk) => { if (body.length < 4096) body += chunk; });
      req.on('end', () => {
        visits.push(body);
        visits.splice(0, Math.max(0, visits.length - 100));
        send(res, 204, 'text/plain', '', { 'access-control-allow-origin': '*' });
      });
      return;
    }
    const demoError = await trackingFixtureError(dist, path);
    if (demoError) return demoError(res);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    if (!file.startsWith(base)) return send(res, 403, 'text/plain', 'forbidden');
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      let body = await readFile(file);
      const type = TYPES[extname(file)] || 'application/octet-stream';
      const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
      if (isolated) {
        // Cross-origin isolation gives performance.now() microsecond resolution.
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      if (base === pages && type.startsWith('text/html')) {
        body = Buffer.from(body.toString('utf8').replaceAll('__WIDGET_BASE__', widgetBase).replaceAll('__CHAT_URL__', chatUrl));
        if (path.startsWith('/csp')) headers['content-security-policy'] = STRICT_CSP;
      }
      send(res, 200, type, body, headers);
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const origin = `http://${host}:${server.address().port}`;
      ok({ server, origin, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

// The demo's tracking "proxy": public/demo/tracking/manifest.json maps some valid-looking ids to
// the failures a real proxy produces (HTTP errors, Retry-After, slow answers, a 500 that
// succeeds on retry). Other ids are plain files.
const served = new Map();
async function trackingFixtureError(dist, path) {
  const match = /^\/demo\/tracking\/([A-Z0-9]+)\.json$/.exec(path);
  if (!match) return null;
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(dist, 'demo/tracking/manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  const entry = (manifest.errors || []).find((e) => e.id === match[1]);
  if (!entry) return null;
  const count = (served.get(entry.id) || 0) + 1;
  served.set(entry.id, count);
  const afterFailures = entry.times && count > entry.times;
  const file = afterFailures ? entry.thenFile : entry.file;
  const status = afterFailures ? 200 : entry.http;
  const body = file ? await readFile(join(dist, 'demo/tracking', file)) : '';
  const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
  if (entry.retryAfter && !afterFailures) headers['retry-after'] = String(entry.retryAfter);
  return (res) => {
    const reply = () => send(res, status, 'application/json; charset=utf-8', body, headers);
    if (entry.delayMs) setTimeout(reply, entry.delayMs);
    else reply();
  };
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const { origin } = await startServer({
    port: Number(arg('port', 8080)),
    host: arg('host', '127.0.0.1'),
    root: arg('root', 'dist'),
  });
  console.log(`selfhelp demo: ${origin}/  (test pages under ${origin}/test/)`);
}
