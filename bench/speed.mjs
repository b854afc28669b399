// Search speed in headless Chromium: per-keystroke latency (p50, p95) of our engine (the widget's
// Rust search compiled to WebAssembly, size-optimised as shipped), MiniSearch, FlexSearch and
// Fuse.js on the same page and in the same run, on the real FAQ and on a generated 10,000-article
// FAQ; build time and the time from the FAQ's arrival to the first result; the bundle's bytes.
//
//   node bench/speed.mjs        (builds what it needs: the bench wasm, the 10k corpus)
//   node bench/speed.mjs --no-build   (uses target/ as it is: the bench wasm and the faq binary)
//   node bench/speed.mjs --slowest    (also lists each engine's 20 slowest keystrokes)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { launchBrowser, startServer, openPage } from '../tests/e2e/harness.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = `${ROOT}target/bench-wasm`;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

mkdirSync(OUT, { recursive: true });
if (!process.argv.includes('--no-build')) {
  // With the shipped build's standard library (scripts/release-env.sh).
  run('bash', ['-c', '. scripts/release-env.sh && exec cargo build --quiet --release --target wasm32-unknown-unknown --example search_bench']);
  run('wasm-bindgen', ['--target', 'web', '--out-dir', OUT, `${ROOT}target/wasm32-unknown-unknown/release/examples/search_bench.wasm`]);
  run('cargo', ['build', '--quiet', '--release', '-p', 'selfhelp-faq']);
}
run(`${ROOT}target/release/faq`, ['grow', `${ROOT}public/demo/faq.json`, '10000', `${OUT}/faq-10k.json`]);

const queries = readFileSync(`${ROOT}bench/queries-a.tsv`, 'utf8').trim().split('\n').slice(1)
  .concat(readFileSync(`${ROOT}bench/queries-b.tsv`, 'utf8').trim().split('\n').slice(1))
  .concat(readFileSync(`${ROOT}bench/queries-c.tsv`, 'utf8').trim().split('\n').slice(1))
  .map((l) => l.split('\t')).map(([lang, query]) => ({ lang, query }));
// Interleave languages so the 10k subset covers all five.
queries.sort((a, b) => (a.query.length % 7) - (b.query.length % 7) || a.lang.localeCompare(b.lang));
writeFileSync(`${OUT}/queries.json`, JSON.stringify(queries));

// No brotli here: compressing the 13 MB corpus at quality 11 would land in "FAQ arrival → first
// result" (the phone benchmark measures the wire).
const server = await startServer({
  brotli: false,
  isolated: true,
  mounts: { '/bench-pkg/': 'target/bench-wasm', '/bench/': 'bench/web', '/npm/': 'node_modules' },
});
const browser = await launchBrowser();
let results;
try {
  const page = await openPage(browser, `${server.origin}/bench/speed.html`);
  await page.waitForFunction(() => window.results, null, { timeout: 15 * 60 * 1000, polling: 1000 });
  if (!(await page.evaluate(() => crossOriginIsolated))) console.warn('warning: not cross-origin isolated, timer resolution is coarse');
  results = await page.evaluate(() => window.results);
} finally {
  await browser.close();
  await server.close();
}

const ms = (x) => (x < 1 ? x.toFixed(3) : x.toFixed(2));
console.log('| corpus | engine | keystrokes | p50 ms | p95 ms | mean ms | build ms | FAQ arrival → first result ms |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.corpus} (${r.articles}) | ${r.engine} | ${r.keystrokes} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.mean)} | ${ms(r.buildMs)} | ${ms(r.firstResultMs)} |`);
}
if (process.argv.includes('--slowest')) {
  for (const r of results.filter((x) => /selfhelp|FlexSearch/.test(x.engine))) {
    console.log(`\nslowest keystrokes, ${r.corpus}, ${r.engine}:`);
    for (const [t, lang, text] of r.slowest) console.log(`  ${ms(t)} ms  ${lang}  ${JSON.stringify(text)}`);
  }
}
for (const corpus of [...new Set(results.map((r) => r.corpus))]) {
  const ours = results.find((r) => r.corpus === corpus && r.engine.startsWith('selfhelp'));
  for (const peer of results.filter((r) => r.corpus === corpus && r !== ours)) {
    console.log(`${corpus}: p95 ${peer.engine} / ours = ${(peer.p95 / ours.p95).toFixed(1)}×, p50 ${(peer.p50 / ours.p50).toFixed(1)}×`);
  }
}
for (const [name, file] of [['real FAQ bundle', `${ROOT}public/demo/faq.json`], ['10,000-article bundle', `${OUT}/faq-10k.json`]]) {
  const body = readFileSync(file);
  console.log(`${name}: ${(statSync(file).size / 1024).toFixed(1)} KB raw, ${(gzipSync(body, { level: 9 }).length / 1024).toFixed(1)} KB gzip, ${(brotliCompressSync(body).length / 1024).toFixed(1)} KB brotli`);
}
