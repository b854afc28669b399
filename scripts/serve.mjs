// A small static server for the demo and the browser tests: serves the built widget (dist/) and
// the test pages (tests/e2e/pages/ under /test/), with the headers a real deployment would send
// (CORS for the widget's files, so a shop on another origin can import them; the strict
// Content-Security-Policy on /test/csp*). Node's standard library only.
//
// Text and WebAssembly files go out brotli-compressed (quality 11, as a CDN precompresses them)
// when the request's Accept-Encoding allows, with `Vary: Accept-Encoding`: the benchmarks and the
// size report then measure what a buyer really downloads. Quality 11 costs ~3 s for the
// WebAssembly, so each result is cached in memory (by path, size and mtime) and on disk under
// target/serve-brotli/ (by content hash, so a fresh test process does not pay again), and the
// built files are compressed in the background as soon as the server starts.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root dist]
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib } from 'node:zlib';
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
export function startServer({ port = 0, host = '127.0.0.1', root = 'dist', widgetBase = '', chatUrl = '', mounts = {}, isolated = false, brotli = true, cacheControl = 'no-store' } = {}) {
  const dist = resolve(REPO, root);
  if (brotli) warmBrotli(dist);
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
      // `cacheControl` lets the phone benchmark measure a warm HTTP cache; everything else wants
      // every request to reach the server.
      const headers = { 'cache-control': cacheControl, 'access-control-allow-origin': '*' };
      if (isolated) {
        // Cross-origin isolation gives performance.now() microsecond resolution.
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      let info = null;
      if (base === pages && type.startsWith('text/html')) {
        body = Buffer.from(body.toString('utf8').replaceAll('__WIDGET_BASE__', widgetBase).replaceAll('__CHAT_URL__', chatUrl));
        if (path.startsWith('/csp')) headers['content-security-policy'] = STRICT_CSP;
      } else {
        info = await stat(file);
      }
      if (brotli && COMPRESSIBLE.has(extname(file))) {
        headers.vary = 'Accept-Encoding';
        if (acceptsBrotli(req.headers['accept-encoding'])) {
          body = await compressed(file, info, body);
          headers['content-encoding'] = 'br';
        }
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
      // Closing ends the connections a browser still keeps open, so it never waits on them.
      const close = () => new Promise((done) => {
        server.close(done);
        server.closeAllConnections();
      });
      ok({ server, origin, close });
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

// Brotli for the files a buyer downloads. Quality 11 for files served as they are on disk
// (cached); quality 5 for test pages whose placeholders were replaced (small, fresh each time).
const COMPRESSIBLE = new Set(['.wasm', '.js', '.mjs', '.json', '.css', '.html', '.svg', '.md']);
const CACHE_DIR = resolve(REPO, 'target/serve-brotli');
const brotliAsync = promisify(brotliCompress);
const memory = new Map();

/** True when an Accept-Encoding header allows `br` (a `q=0` refuses it). */
export function acceptsBrotli(header = '') {
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';').map((p) => p.trim());
    if (coding.toLowerCase() !== 'br' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** The brotli body of `file` (quality 11, cached) or of a rewritten page (`info` null: quality 5). */
function compressed(file, info, body) {
  if (!info) return brotliAsync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });
  const key = `${file}\0${info.size}\0${info.mtimeMs}`;
  if (!memory.has(key)) {
    const work = compressStatic(body).catch((error) => {
      memory.delete(key);
      throw error;
    });
    memory.set(key, work);
  }
  return memory.get(key);
}

async function compressStatic(body) {
  const hash = createHash('sha256').update(body).digest('hex');
  const cached = join(CACHE_DIR, `${hash}.br`);
  try {
    return await readFile(cached);
  } catch {
    // Not compressed before: do it now.
  }
  const out = await brotliAsync(body, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    await writeFile(`${cached}.${process.pid}`, out);
    await rename(`${cached}.${process.pid}`, cached);
  } catch {
    // A read-only checkout: the memory cache still works.
  }
  return out;
}

/** Starts compressing the build's own files in the background (thread pool, not the event loop). */
async function warmBrotli(dist) {
  try {
    const names = await readdir(dist, { recursive: true });
    for (const name of names) {
      if (!COMPRESSIBLE.has(extname(name))) continue;
      const file = join(dist, name);
      const info = await stat(file);
      if (info.isFile()) compressed(file, info, await readFile(file)).catch(() => {});
    }
  } catch {
    // No build yet: nothing to warm.
  }
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
