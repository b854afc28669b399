// Memory of the search index, ours against FlexSearch 0.8, at the real FAQ and at 10,000
// articles (issue #11: WebAssembly memory at 10,000 articles ≤ 25 MB). One fresh Chromium page
// per engine and corpus: the page fetches the bundle's text, the driver forces a garbage
// collection and reads the JS heap (CDP Runtime.getHeapUsage), the page builds one index, and the
// driver collects and reads again. Ours: its WebAssembly memory after the build (it never
// shrinks, so this is the peak of parsing the JSON and building) plus any JS heap it added.
// FlexSearch: the JS heap its index added (it keeps no document text; ours, while it builds,
// holds the parsed articles the widget shows). Bytes are deterministic for a given build
// and corpus, give or take the collector.
//
//   node bench/memory.mjs            (after node bench/speed.mjs, which builds the bench wasm and the corpus)
import { existsSync } from 'node:fs';
import { launchBrowser, startServer, openPage } from '../tests/e2e/harness.mjs';

const CORPORA = [['real FAQ', '/demo/faq.json'], ['10,000 articles', '/bench-pkg/faq-10k.json']];
if (!existsSync('target/bench-wasm/search_bench.js') || !existsSync('target/bench-wasm/faq-10k.json')) {
  console.error('run node bench/speed.mjs first (it builds target/bench-wasm/)');
  process.exit(1);
}
const server = await startServer({
  brotli: false,
  mounts: { '/bench-pkg/': 'target/bench-wasm', '/bench/': 'bench/web', '/npm/': 'node_modules' },
});
const browser = await launchBrowser();
const mb = (bytes) => (bytes / 1e6).toFixed(1);
const rows = [];
try {
  for (const [corpus, url] of CORPORA) {
    for (const engine of ['selfhelp', 'flexsearch']) {
      const page = await openPage(browser, `${server.origin}/bench/memory.html?corpus=${encodeURIComponent(url)}`);
      await page.waitForFunction(() => window.fetched, null, { timeout: 120000 });
      const cdp = await page.context().newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      };
      const before = await heap();
      const built = await page.evaluate((e) => window.build(e), engine);
      const after = await heap();
      const js = after - before;
      const wasm = built.wasmAfter ?? 0;
      rows.push({ corpus, engine, count: built.count, js, wasm, total: Math.max(0, js) + wasm, heap: built.heap });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('| corpus | engine | articles | WebAssembly memory MB | JS heap added MB | total MB |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) {
  const name = r.engine === 'selfhelp' ? 'selfhelp (Rust/WebAssembly)' : 'FlexSearch 0.8 (forward, LatinExtra)';
  console.log(`| ${r.corpus} | ${name} | ${r.count} | ${r.engine === 'selfhelp' ? mb(r.wasm) : '—'} | ${mb(r.js)} | ${mb(r.total)} |`);
}
for (const [corpus] of CORPORA) {
  const [ours, flex] = ['selfhelp', 'flexsearch'].map((e) => rows.find((r) => r.corpus === corpus && r.engine === e));
  console.log(`${corpus}: ours / FlexSearch = ${(ours.total / flex.total).toFixed(2)}×`);
}
// Where ours goes: the heap's bytes at each step of the load, counted by the bench wasm's
// allocator (requested sizes; the allocator's own overhead and the stack are the rest).
console.log('\n| corpus | text MB | parse peak MB | parsed bundle MB | build peak MB | index MB |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows.filter((r) => r.heap)) {
  const h = r.heap;
  console.log(`| ${r.corpus} | ${mb(h.text)} | ${mb(h.parsePeak)} | ${mb(h.bundle)} | ${mb(h.buildPeak)} | ${mb(h.index)} |`);
}
