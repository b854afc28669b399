// The widget on a slow phone: Chromium with CDP's 4× CPU slowdown and a throttled network
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT), the release build in dist/ served with brotli
// (as a CDN serves it). Three timings from the click on the launcher, each the median of N runs
// in fresh browser contexts:
//   cold: click → panel ready to type (the search field visible and enabled)
//   cold: click → first search result (the buyer types "parcel", in the page's language, as soon
//         as the field is there; `--query paket` measures a query only another language answers,
//         which waits for the other languages' bundles)
//   idle: the widget's own files fetched while the page was idle (warm HTTP cache), then
//         click → first search result
// and, for comparison, the cold timings served without compression. Timings on a shared
// machine are noisy: read the medians, and compare only figures from the same run.
//
//   node bench/phone.mjs [--runs 5] [--query parcel]
import { launchBrowser, startServer, widget } from '../tests/e2e/harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 5));
const QUERY = arg('query', 'parcel');
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
// What the demo page's widget fetches when opened (page language en): warmed in the idle case.
const WIDGET_FILES = ['selfhelp.js', 'selfhelp_bg.wasm', 'demo/faq-en.json', 'demo/shop-faq-en.json'];

async function once(browser, origin, { idle }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  if (idle) {
    await page.evaluate((files) => Promise.all(files.map((f) => fetch(f).then((r) => r.arrayBuffer()))), WIDGET_FILES);
  }
  const w = widget(page);
  const t0 = Date.now();
  await w.launcher.click();
  await w.search.waitFor({ state: 'visible', timeout: 60000 });
  const ready = Date.now() - t0;
  await w.search.fill(QUERY);
  await w.root.locator('#sh-results').getByRole('option').first().waitFor({ timeout: 60000 });
  const result = Date.now() - t0;
  await context.close();
  return { ready, result };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function scenario(label, serverOptions, runOptions, runs = RUNS) {
  const server = await startServer(serverOptions);
  const browser = await launchBrowser();
  const results = [];
  try {
    await once(browser, server.origin, runOptions); // warm-up: brotli cache, Chromium start
    for (let i = 0; i < runs; i++) results.push(await once(browser, server.origin, runOptions));
  } finally {
    await browser.close();
    await server.close();
  }
  const ready = results.map((r) => r.ready);
  const result = results.map((r) => r.result);
  console.log(`| ${label} | ${runs} | ${median(ready)} | ${median(result)} | ${result.join(', ')} |`);
}

console.log(`Phone profile: 4× CPU slowdown, 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT; query "${QUERY}".\n`);
console.log('| case | runs | click → ready to type ms (median) | click → first result ms (median) | first result, every run ms |');
console.log('|---|---:|---:|---:|---|');
await scenario('cold cache, brotli', {}, { idle: false });
await scenario('files fetched at idle (warm HTTP cache), brotli', { cacheControl: 'public, max-age=3600' }, { idle: true });
await scenario('cold cache, no compression', { brotli: false }, { idle: false }, Math.min(RUNS, 3));
