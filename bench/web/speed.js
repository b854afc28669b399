// Runs in Chromium (bench/speed.mjs drives it): builds each engine over the same FAQ and types
// every benchmark query one keystroke at a time, timing each search. Served cross-origin
// isolated, so performance.now() has microsecond resolution.
import init, { load, query } from '/bench-pkg/search_bench.js';
import MiniSearch from '/npm/minisearch/dist/es/index.js';
import Fuse from '/npm/fuse.js/dist/fuse.mjs';
import { Document as FlexDocument, Charset } from '/npm/flexsearch/dist/flexsearch.bundle.module.min.mjs';
import { text } from './text.js';

const MARKET = { nb: 'no', sv: 'se', da: 'dk', fi: 'fi', en: 'se' };

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function keystrokes(queries) {
  const steps = [];
  for (const { lang, query: q } of queries) {
    for (let i = 1; i <= q.length; i++) steps.push({ lang, text: q.slice(0, i) });
  }
  return steps;
}

async function engines(json) {
  const bundle = JSON.parse(json);
  const docs = bundle.articles.map((a, i) => ({
    key: i, id: a.id, lang: a.lang, markets: a.markets || [], title: a.title,
    keywords: (a.keywords || []).join(' '), body: text(a.blocks || a.body),
  }));
  const forMarket = (d, market) => !d.markets.length || d.markets.includes(market);
  const list = [];

  // Bytes, as the widget reads a response (src/net.rs).
  const bytes = new TextEncoder().encode(json);
  let t = performance.now();
  const count = load(bytes);
  list.push({ name: 'selfhelp (Rust/WebAssembly)', build: performance.now() - t, count,
    search: (lang, q) => query(q, lang, MARKET[lang]) });

  t = performance.now();
  const mini = new MiniSearch({
    idField: 'key', fields: ['title', 'keywords', 'body'], storeFields: ['id', 'lang', 'markets'],
    searchOptions: { boost: { title: 3, keywords: 2, body: 1 }, prefix: true, fuzzy: 0.2 },
  });
  mini.addAll(docs);
  list.push({ name: 'MiniSearch 7.2 (prefix, fuzzy 0.2)', build: performance.now() - t, count: docs.length,
    search: (lang, q) => mini.search(q, { filter: (r) => r.lang === lang && forMarket(r, MARKET[lang]) }) });

  // FlexSearch 0.8 as bench/quality.mjs configures it: forward tokenizer, LatinExtra, suggest,
  // field results merged by boosted reciprocal rank, filtered to the language and market.
  t = performance.now();
  const flex = new FlexDocument({ document: { id: 'key', index: ['title', 'keywords', 'body'] }, tokenize: 'forward', encoder: Charset.LatinExtra });
  for (const d of docs) flex.add(d);
  const BOOST = { title: 3, keywords: 2, body: 1 };
  list.push({ name: 'FlexSearch 0.8 (forward, LatinExtra, suggest)', build: performance.now() - t, count: docs.length,
    search: (lang, q) => {
      const scores = new Map();
      for (const { field, result } of flex.search(q, { limit: 100, suggest: true })) {
        result.forEach((key, rank) => {
          if (docs[key].lang === lang && forMarket(docs[key], MARKET[lang])) scores.set(key, (scores.get(key) || 0) + BOOST[field] / (rank + 1));
        });
      }
      return [...scores].sort((a, b) => b[1] - a[1]).slice(0, 10);
    } });

  t = performance.now();
  const byLang = {};
  for (const lang of Object.keys(MARKET)) {
    byLang[lang] = new Fuse(docs.filter((d) => d.lang === lang && forMarket(d, MARKET[lang])), {
      keys: [{ name: 'title', weight: 3 }, { name: 'keywords', weight: 2 }, { name: 'body', weight: 1 }],
      ignoreLocation: true, threshold: 0.4,
    });
  }
  list.push({ name: 'Fuse.js 7.5 (threshold 0.4)', build: performance.now() - t, count: docs.length,
    search: (lang, q) => byLang[lang].search(q, { limit: 10 }) });
  return list;
}

async function measure(label, url, queries) {
  const fetchStart = performance.now();
  const json = await (await fetch(url)).text();
  const fetched = performance.now() - fetchStart;
  const steps = keystrokes(queries);
  const rows = [];
  for (const engine of await engines(json)) {
    // First result: build done, then one search (the time a buyer waits after the FAQ arrives).
    const first = performance.now();
    engine.search(queries[0].lang, queries[0].query);
    const firstResult = engine.build + (performance.now() - first);
    for (const step of steps.slice(0, 50)) engine.search(step.lang, step.text); // warm-up
    const times = [];
    const timed = [];
    for (const step of steps) {
      const t = performance.now();
      engine.search(step.lang, step.text);
      const ms = performance.now() - t;
      times.push(ms);
      timed.push([ms, step.lang, step.text]);
    }
    times.sort((a, b) => a - b);
    const slowest = timed.sort((a, b) => b[0] - a[0]).slice(0, 20);
    rows.push({ corpus: label, engine: engine.name, articles: engine.count, keystrokes: steps.length,
      buildMs: engine.build, firstResultMs: firstResult + fetched, p50: percentile(times, 50), p95: percentile(times, 95), mean: times.reduce((a, b) => a + b, 0) / times.length, slowest });
  }
  return rows;
}

const params = new URLSearchParams(location.search);
const queries = await (await fetch('/bench-pkg/queries.json')).json();
await init();
const results = [];
results.push(...await measure('real FAQ', '/demo/faq.json', queries));
results.push(...await measure('10,000 articles', '/bench-pkg/faq-10k.json', queries.slice(0, Number(params.get('large') || 60))));
window.results = results;
document.getElementById('out').textContent = JSON.stringify(results, null, 2);
