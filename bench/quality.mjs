// Search quality on the labelled queries (bench/queries-*.tsv): recall@1, recall@3 and MRR for
// our engine (the native `faq` command, batch mode) and for MiniSearch (prefix + fuzzy 0.2, the
// same fields and boosts: title 3, keywords 2, body 1) over the same FAQ bundle, in one run.
// MiniSearch searches the page language's articles for the market, and all languages when that
// finds nothing (our engine's own cross-language fallback, given to it too).
//
//   cargo build --release -p selfhelp-faq && node bench/quality.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import MiniSearch from 'minisearch';
import { Document as FlexDocument, Charset } from 'flexsearch';

const ROOT = new URL('..', import.meta.url).pathname;
const FAQ = `${ROOT}public/demo/faq.json`;
const BIN = process.env.FAQ_BIN || `${ROOT}target/release/faq`;
const MARKET = { nb: 'no', sv: 'se', da: 'dk', fi: 'fi', en: 'se' };

// queries-a/b/c were written with the articles and used while tuning the engine; the held-out
// set (queries-holdout.tsv) was written afterwards by someone who saw neither the engine nor
// those queries. `--holdout` scores it instead.
const HOLDOUT = process.argv.includes('--holdout');
const queries = readdirSync(`${ROOT}bench`)
  .filter((f) => /^queries-.*\.tsv$/.test(f) && HOLDOUT === f.includes('holdout'))
  .flatMap((f) => readFileSync(`${ROOT}bench/${f}`, 'utf8').trim().split('\n').slice(1))
  .map((line) => line.split('\t'))
  .filter((cols) => cols.length >= 3)
  .map(([lang, query, expected, kind]) => ({ lang, query, expected, kind: kind || 'plain' }));

const bundle = JSON.parse(readFileSync(FAQ, 'utf8'));
// The bundle's blocks as plain text, for MiniSearch (our engine does the same in Rust).
function blockText(node) {
  if (typeof node === 'string') return /^(https?:|mailto:)/.test(node) ? '' : node;
  if (Array.isArray(node)) return node.map(blockText).join(' ');
  if (node && typeof node === 'object') return Object.values(node).map(blockText).join(' ');
  return '';
}
const articles = bundle.articles.map((a, i) => ({ ...a, key: i, text: blockText(a.blocks) }));
const forMarket = (a, market) => !a.markets?.length || a.markets.includes(market);

// Ours: one batch per page language.
const ours = new Map();
for (const lang of Object.keys(MARKET)) {
  const mine = queries.filter((q) => q.lang === lang);
  if (!mine.length) continue;
  const run = spawnSync(BIN, ['query', FAQ, '--lang', lang, '--market', MARKET[lang], '--limit', '10'], {
    input: mine.map((q) => q.query).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`faq query failed: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  mine.forEach((q, i) => ours.set(q, lines[i].hits.map((h) => h.id)));
}

// MiniSearch: one index over every article, filtered per query.
const mini = new MiniSearch({
  idField: 'key',
  fields: ['title', 'keywordText', 'text'],
  storeFields: ['id', 'lang', 'markets'],
  searchOptions: { boost: { title: 3, keywordText: 2, text: 1 }, prefix: true, fuzzy: 0.2 },
});
mini.addAll(articles.map((a) => ({ ...a, keywordText: (a.keywords || []).join(' ') })));
const theirs = new Map();
for (const q of queries) {
  const market = MARKET[q.lang];
  let hits = mini.search(q.query, { filter: (r) => r.lang === q.lang && forMarket(r, market) });
  if (!hits.length) hits = mini.search(q.query, { filter: (r) => forMarket(r, market) });
  theirs.set(q, [...new Set(hits.map((h) => h.id))]);
}

// FlexSearch 0.8: a Document index over the same fields, forward tokenizer (prefixes) and the
// LatinExtra encoder (its phonetic folding is its typo tolerance), `suggest` so a query with one
// unmatched word still returns the rest. Field results are merged with the same boosts as
// MiniSearch's (title 3, keywords 2, body 1) by reciprocal rank; same language and market filter,
// same fallback to all languages when that finds nothing.
const flex = new FlexDocument({
  document: { id: 'key', index: ['title', 'keywordText', 'text'] },
  tokenize: 'forward',
  encoder: Charset.LatinExtra,
});
for (const a of articles) flex.add({ key: a.key, title: a.title, keywordText: (a.keywords || []).join(' '), text: a.text });
const BOOST = { title: 3, keywordText: 2, text: 1 };
function flexSearch(query, keep) {
  const scores = new Map();
  for (const { field, result } of flex.search(query, { limit: 100, suggest: true })) {
    result.forEach((key, rank) => {
      if (keep(articles[key])) scores.set(key, (scores.get(key) || 0) + BOOST[field] / (rank + 1));
    });
  }
  return [...scores].sort((x, y) => y[1] - x[1]).map(([key]) => articles[key].id);
}
const flexed = new Map();
for (const q of queries) {
  const market = MARKET[q.lang];
  let hits = flexSearch(q.query, (a) => a.lang === q.lang && forMarket(a, market));
  if (!hits.length) hits = flexSearch(q.query, (a) => forMarket(a, market));
  flexed.set(q, [...new Set(hits)]);
}

function score(results) {
  let r1 = 0, r3 = 0, rr = 0;
  for (const q of queries) {
    const rank = (results.get(q) || []).indexOf(q.expected);
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 3) r3++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const n = queries.length;
  return { 'recall@1': r1 / n, 'recall@3': r3 / n, MRR: rr / n };
}

const fmt = (x) => x.toFixed(3);
console.log(`${HOLDOUT ? 'held-out set' : 'tuning set'}: ${queries.length} labelled queries, ${articles.length} articles (${bundle.articles.length / 5} per language)`);
console.log('| engine | recall@1 | recall@3 | MRR |');
console.log('|---|---:|---:|---:|');
for (const [name, results] of [['selfhelp (ours)', ours], ['MiniSearch 7.2 (prefix, fuzzy 0.2)', theirs], ['FlexSearch 0.8 (forward, LatinExtra, suggest)', flexed]]) {
  const s = score(results);
  console.log(`| ${name} | ${fmt(s['recall@1'])} | ${fmt(s['recall@3'])} | ${fmt(s.MRR)} |`);
}
const kinds = [...new Set(queries.map((q) => q.kind))].sort();
console.log('\nrecall@3 by kind of query:');
console.log('| kind | n | ours | MiniSearch | FlexSearch |');
console.log('|---|---:|---:|---:|---:|');
for (const kind of kinds) {
  const qs = queries.filter((q) => q.kind === kind);
  const at3 = (results) => qs.filter((q) => { const r = (results.get(q) || []).indexOf(q.expected); return r >= 0 && r < 3; }).length / qs.length;
  console.log(`| ${kind} | ${qs.length} | ${fmt(at3(ours))} | ${fmt(at3(theirs))} | ${fmt(at3(flexed))} |`);
}
if (process.argv.includes('--misses')) {
  for (const q of queries) {
    const rank = ours.get(q).indexOf(q.expected);
    if (rank < 0 || rank > 2) console.log(`miss ${q.lang} "${q.query}" → want ${q.expected}, got ${ours.get(q).slice(0, 3).join(', ')}`);
  }
}
