// Prints what a buyer downloads on each path through the widget, as served with brotli (the demo
// server compresses as a CDN should): before the first interaction, after opening and searching,
// after tracking a parcel, after starting the chat. Each path runs in a fresh browser context (cold
// cache). Bytes are the encoded bodies the browser received (`request.sizes()`), so brotli when
// the server sent brotli; raw is the decoded body. The chat path runs on tests/e2e/pages/chat.html
// against the local Chatwoot stand-in (the demo page's chat-url is a fixed port); its WebSocket
// frames are not counted (a few hundred bytes). Last, the searching buyer's widget bytes are
// compared with the peers' published figures for their opened widget (issue #11).
// Reads the release build in dist/ (run `scripts/build.sh` first; scripts/size.sh does both).
//
//   node scripts/size-report.mjs [--json]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TARGET, launchBrowser, startServer, widget } from '../tests/e2e/harness.mjs';
import { LANGS, brotliBytes, ownFiles, pageLang, weight } from './buyer-files.mjs';

// Published bytes for each peer's opened widget (issue #11), in bytes.
export const PEERS = [
  ['Crisp', 130 * 1000, '130 KB'],
  ['Chatwoot', 170 * 1024, '170 KiB'],
  ['Intercom', 210 * 1000, '≈ 210 KB'],
  ['Zendesk', 613 * 1000, '613 KB'],
  ['Freshchat', 1097 * 1000, '1,097 KB'],
];
// The widget's own files: the loader, the glue, the WebAssembly, the split build's link module
// (__wasm_split.js, loaded with the glue) and lazy-loaded parts (split_*.wasm, chunk_*.wasm: the
// chat), and the FAQ bundles.
const isWidgetFile = (path) =>
  /^\/(selfhelp(-widget\.js|\.js|_bg\.wasm)|__wasm_split\.js|(split|chunk)_[^/]*\.wasm)$/.test(path) ||
  /^\/demo\/(faq|shop-faq)[^/]*\.json$/.test(path);

async function startStandin() {
  const bin = `${TARGET}debug/chat_standin`;
  if (!existsSync(bin)) return null;
  const child = spawn(bin, ['--port', '0', '--agent-delay-ms', '150'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once('line', ok);
    child.once('error', fail);
  });
  return { child, url: line.match(/http:\/\/[\d.]+:\d+/)[0] };
}

/** Runs `steps` on `url` in a fresh context; resolves to [{ phase, path, wire, raw }]. */
async function record(browser, url, steps) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const rows = [];
  const pending = [];
  let phase = 'before interaction';
  page.on('requestfinished', (request) => {
    const at = phase;
    pending.push((async () => {
      const path = new URL(request.url()).pathname;
      const response = await request.response();
      const [sizes, body] = await Promise.all([request.sizes(), response?.body().catch(() => null)]);
      rows.push({ phase: at, path, wire: sizes.responseBodySize, raw: body ? body.length : 0, encoding: (await response?.allHeaders())?.['content-encoding'] ?? '' });
    })().catch(() => {}));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  for (const [name, step] of steps) {
    phase = name;
    await step(page, widget(page));
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
  }
  await Promise.all(pending);
  await context.close();
  return rows;
}

const open = async (page, w) => {
  await w.launcher.click();
  await w.dialog.waitFor();
};
const search = async (page, w) => {
  await w.search.pressSequentially('return label', { delay: 60 });
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
};
// A word only another language's articles answer: the other languages' bundles follow.
const searchAcross = async (page, w) => {
  await w.search.fill('paket');
  await w.root.locator('.sh-option-lang').first().waitFor();
};
const track = async (page, w) => {
  await open(page, w);
  await w.trackInput.fill('RR747540648SE');
  await w.trackInput.press('Enter');
  await w.root.locator('.sh-parcel-headline').first().waitFor();
};
const chat = async (page, w) => {
  await open(page, w);
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await w.root.locator('#sh-chat-title').waitFor();
};

const standin = await startStandin();
const server = await startServer({ chatUrl: standin?.url ?? '' });
const browser = await launchBrowser();
const paths = {};
try {
  const demo = `${server.origin}/`;
  paths.search = await record(browser, demo, [['open', open], ['+ search in the page language', search], ['+ a search only another language answers', searchAcross]]);
  paths.track = await record(browser, demo, [['open + track a parcel', track]]);
  if (standin) paths.chat = await record(browser, `${server.origin}/test/chat.html`, [['open + search + start the chat', chat]]);
} finally {
  await browser.close();
  await server.close();
  standin?.child.kill();
}

const kb = (n) => (n / 1024).toFixed(1);
const sum = (rows, key = 'wire') => rows.reduce((a, r) => a + r[key], 0);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(paths, null, 2));
  process.exit(0);
}

console.log('Files, on the open + search path (demo page, cold cache):\n');
console.log('| when | file | raw KB | on the wire KB | encoding |');
console.log('|---|---|---:|---:|---|');
for (const r of paths.search) console.log(`| ${r.phase} | ${r.path} | ${kb(r.raw)} | ${kb(r.wire)} | ${r.encoding || 'none'} |`);

console.log('\nPer path (KB on the wire, each phase after the previous one; "widget" = loader + glue + WebAssembly + FAQ bundles + backend answers, cumulative):\n');
console.log('| path | page | phase | KB | widget KB so far |');
console.log('|---|---|---|---:|---:|');
const summary = {};
for (const [name, rows] of Object.entries(paths)) {
  const page = name === 'chat' ? '/test/chat.html' : '/ (demo shop)';
  let widgetSoFar = 0;
  for (const phase of [...new Set(rows.map((r) => r.phase))]) {
    const these = rows.filter((r) => r.phase === phase);
    widgetSoFar += sum(these.filter((r) => isWidgetFile(r.path) || r.phase !== 'before interaction'));
    summary[`${name}/${phase}`] = widgetSoFar;
    console.log(`| ${name} | ${page} | ${phase} | ${kb(sum(these))} | ${kb(widgetSoFar)} |`);
  }
}
const loader = paths.search.find((r) => r.path === '/selfhelp-widget.js');
console.log(`\nBefore interaction the widget costs the loader only: ${kb(loader?.wire ?? 0)} KB on the wire.`);

// English is built in; a buyer in another language also downloads that language's words.
const words = ['nb', 'sv', 'da', 'fi'].map((lang) => `${lang} ${kb(brotliBytes(`texts/${lang}.json`))}`);
console.log(`A buyer in nb, sv, da or fi also downloads their language's words (texts/<lang>.json, KB brotli): ${words.join(', ')}.`);

const opened = summary['search/open'];
// A buyer in another language than the demo page's downloads their own files instead of the
// page language's: the opened widget per language.
const perLanguage = LANGS.map((lang) => {
  const total = opened - weight(ownFiles(pageLang())) + weight(ownFiles(lang));
  return `${lang} ${kb(total)} KB (${(total / 1000).toFixed(1)} kB)`;
});
// A phase that downloads nothing has no rows: it costs what the phase before it did.
const searched = summary['search/+ search in the page language'] ?? opened;
const across = summary['search/+ a search only another language answers'];
console.log(`\nOpened widget: ${kb(opened)} KB (${(opened / 1000).toFixed(1)} kB); after a search in the page language: ${kb(searched)} KB; after one only another language answers (every language's bundle): ${kb(across)} KB. Against the peers' published opened-widget figures:\n`);
console.log('| peer | published | opened ÷ peer | searched ÷ peer | every language ÷ peer |');
console.log('|---|---:|---:|---:|---:|');
for (const [peer, bytes, label] of PEERS) console.log(`| ${peer} | ${label} | ${(opened / bytes).toFixed(2)} | ${(searched / bytes).toFixed(2)} | ${(across / bytes).toFixed(2)} |`);
console.log(`\nOpened widget for a buyer in each language (their bundles and words, brotli q11): ${perLanguage.join(', ')}.`);
