// Prints what the demo page makes a buyer download, file by file, before the first interaction
// and after the buyer opens the widget: raw, gzip (-9) and brotli (quality 11) bytes, with totals.
// Reads the release build in dist/ (run `trunk build --release` first; scripts/size.sh does both).
//
//   node scripts/size-report.mjs
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { launchBrowser, startServer, openPage, widget } from '../tests/e2e/harness.mjs';

const server = await startServer();
const browser = await launchBrowser();
const bodies = new Map();
let phase = 'before interaction';
try {
  const page = await openPage(browser);
  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    const body = await response.body().catch(() => null);
    if (body && !bodies.has(path)) bodies.set(path, { phase, body });
  });
  await page.goto(`${server.origin}/`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  phase = 'after opening';
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
} finally {
  await browser.close();
  await server.close();
}

const kb = (n) => (n / 1024).toFixed(1);
const rows = [...bodies].map(([path, { phase, body }]) => ({
  phase,
  path,
  raw: body.length,
  gzip: gzipSync(body, { level: 9 }).length,
  brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
}));
console.log('| when | file | raw KB | gzip KB | brotli KB |');
console.log('|---|---|---:|---:|---:|');
for (const when of ['before interaction', 'after opening']) {
  const these = rows.filter((r) => r.phase === when);
  for (const r of these) console.log(`| ${when} | ${r.path} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
  const sum = (k) => these.reduce((a, r) => a + r[k], 0);
  console.log(`| **${when}** | **total** | **${kb(sum('raw'))}** | **${kb(sum('gzip'))}** | **${kb(sum('brotli'))}** |`);
}
const widgetOnly = rows.filter((r) => /^\/(selfhelp|selfhelp-widget)[._-]/.test(r.path) || r.path === '/selfhelp.js');
const sum = (k) => widgetOnly.reduce((a, r) => a + r[k], 0);
console.log(`\nThe widget's own files (loader + JS glue + WebAssembly): ${kb(sum('raw'))} KB raw, ${kb(sum('gzip'))} KB gzip, ${kb(sum('brotli'))} KB brotli.`);
