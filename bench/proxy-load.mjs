// Load test of the tracking proxy (selfhelp-server) on loopback: requests per second and p50/p99
// latency with a cold cache (every id new, so every request waits for "PostNord") and a warm one
// (every id cached), and upstream calls under 200 concurrent requests for one parcel (must be 1).
//
// "PostNord" is a fake in this process that answers a recorded response after a fixed latency
// and counts calls per id. Everything binds to 127.0.0.1; every phase is bounded in requests and
// in time. No npm dependencies.
//
//   cargo build --release -p selfhelp-server
//   node bench/proxy-load.mjs [--latency-ms 40] [--concurrency 50] [--cold 2000] [--warm 20000]
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LATENCY_MS = arg('latency-ms', 40);
const CONCURRENCY = Math.min(arg('concurrency', 50), 500);
const COLD = Math.min(arg('cold', 2000), 20000);
const WARM = Math.min(arg('warm', 20000), 200000);
const SAME_PARCEL = 200;
const PHASE_LIMIT_MS = 60000;
const BIN = process.env.SELFHELP_SERVER_BIN || join(ROOT, 'target/release/selfhelp-server');

/** A valid SSCC (GS1 mod 10) from a serial: distinct ids the proxy accepts. */
function sscc(serial) {
  const body = `37072476012${String(serial).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return body + ((10 - (sum % 10)) % 10);
}
if (sscc(89) !== '370724760120000898') throw new Error('check digit');

// The fake PostNord.
const recorded = readFileSync(join(ROOT, 'public/demo/tracking/370735419000044175.json'));
const calls = new Map();
const upstream = http.createServer((req, res) => {
  const id = new URL(req.url, 'http://x').searchParams.get('id');
  calls.set(id, (calls.get(id) || 0) + 1);
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(recorded);
  }, LATENCY_MS);
});
await new Promise((ok) => upstream.listen(0, '127.0.0.1', ok));
const upstreamCalls = () => [...calls.values()].reduce((a, b) => a + b, 0);

// The proxy, on a free port.
const port = await new Promise((ok) => {
  const s = http.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => ok(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'selfhelp-load-'));
const proxy = spawn(BIN, [], {
  env: {
    PATH: process.env.PATH,
    LISTEN: `127.0.0.1:${port}`,
    UPSTREAM: `http://127.0.0.1:${upstream.address().port}`,
    POSTNORD_APIKEY: 'load-test-key',
    DATABASE_URL: `sqlite:${join(dir, 'load.db')}`,
    RATE_LIMIT_BURST: '10000000',
    RATE_LIMIT_PER_MINUTE: '10000000',
    CACHE_MAX_ENTRIES: String(COLD + SAME_PARCEL + 10),
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, SAME_PARCEL) });

function get(path) {
  return new Promise((ok, fail) => {
    const started = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => ok({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', fail);
  });
}

async function ready() {
  const until = Date.now() + 15000;
  while (Date.now() < until) {
    try {
      if ((await get('/healthz')).status === 200) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the proxy did not start');
}

/** Runs `paths` with `concurrency` requests in flight; bounded by PHASE_LIMIT_MS. */
async function phase(name, paths, concurrency) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const deadline = Date.now() + PHASE_LIMIT_MS;
  const started = process.hrtime.bigint();
  async function worker() {
    while (next < paths.length && Date.now() < deadline) {
      const path = paths[next++];
      try {
        const r = await get(path);
        if (r.status !== 200) failures++;
        latencies.push(r.ms);
      } catch {
        failures++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    name, requests: latencies.length, failures, concurrency,
    rps: Math.round(latencies.length / seconds), p50: pct(50), p99: pct(99),
  };
}

const results = [];
try {
  await ready();
  const one = `/track?id=${sscc(999999)}&locale=sv`;
  const before = upstreamCalls();
  results.push(await phase(`${SAME_PARCEL} at once, one parcel (cold)`, Array(SAME_PARCEL).fill(one), SAME_PARCEL));
  const sameParcelCalls = upstreamCalls() - before;
  const ids = Array.from({ length: COLD }, (_, i) => `/track?id=${sscc(i + 1)}&locale=sv`);
  const coldBefore = upstreamCalls();
  results.push(await phase('cold cache (every id new)', ids, CONCURRENCY));
  const coldCalls = upstreamCalls() - coldBefore;
  const warmPaths = Array.from({ length: WARM }, (_, i) => ids[i % ids.length]);
  const warmBefore = upstreamCalls();
  results.push(await phase('warm cache (every id cached)', warmPaths, CONCURRENCY));
  const warmCalls = upstreamCalls() - warmBefore;

  console.log(`selfhelp-server load test, loopback, upstream latency ${LATENCY_MS} ms\n`);
  console.log('| phase | requests | in flight | req/s | p50 ms | p99 ms | failures |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.requests} | ${r.concurrency} | ${r.rps} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failures} |`);
  }
  console.log(`\nupstream calls: one parcel × ${SAME_PARCEL} requests → ${sameParcelCalls}; cold ${COLD} ids → ${coldCalls}; warm ${WARM} requests → ${warmCalls}`);
  const ok = sameParcelCalls === 1 && coldCalls === COLD && warmCalls === 0 && results.every((r) => r.failures === 0);
  if (!ok) {
    console.error('FAILED: upstream calls are not one per id, or requests failed');
    process.exitCode = 1;
  }
} finally {
  agent.destroy();
  proxy.kill('SIGTERM');
  await new Promise((done) => (proxy.exitCode === null ? proxy.once('exit', done) : done()));
  upstream.close();
  rmSync(dir, { recursive: true, force: true });
}
