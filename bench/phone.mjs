// The widget on a slow phone: Chromium with CDP's 4× CPU slowdown and a throttled network
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT), the release build in dist/ served with brotli
// (as a CDN serves it). Two timings from the click on the launcher, each the median of N runs in
// fresh browser contexts:
//   click → ready to type: a search field visible, editable and focused (the loader's frame or
//           the panel, whichever is first)
//   click → first search result: "parcel" goes into that field as soon as it is ready, until
//           the panel's results list shows a result (in the page's language; `--query paket`
//           measures a query only another language answers, which waits for the other
//           languages' bundles). The panel's field must then hold all of it. By default the
//           page puts the query in at once and reads its own clock (`--typing page`): the
//           widget's time alone. `--typing driver` has Playwright type key by key and reads the
//           driver's clock, which adds its round trips (~300 ms at 4× slowdown; the figures
//           before 2 December were measured so).
// Cases: a cold cache; preload="idle" (the attribute set on the demo page's element as the parser
// creates it; the click comes once the loader's idle fetch of the widget's own files has
// finished, served cacheable, and the page is idle again after compiling and warming up); the widget files and the FAQ fetched by the page itself (the
// simulation of an idle preload used before the attribute existed, warmer than preload="idle":
// the FAQ is cached too); and a cold cache served without compression. Timings on a shared
// machine are noisy: read the medians, and compare only figures from the same run.
//
//   node bench/phone.mjs [--runs 5] [--query parcel] [--typing page|driver] [--dist dist] [--lang en]
import { launchBrowser, startServer, widget } from '../tests/e2e/harness.mjs';
import { afterIdlePreload, phonePage, setPreloadIdle } from './phone-profile.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 5));
const QUERY = arg('query', 'parcel');
const TYPING = arg('typing', 'page');
// Another build to compare, e.g. `scripts/build.sh --dist /tmp/dist-old` in an earlier commit's
// worktree (before 0593711: `trunk build --release --dist /tmp/dist-old`).
const DIST = arg('dist', 'dist');
// `--lang nb` (sv, da, fi): the element speaks that language, so the page language's FAQ and the
// words file texts/<lang>.json are fetched (English is built in). Pair with a query in it.
const LANG = arg('lang', 'en');
// What the demo page's widget fetches when opened (page language en): warmed in the simulated case.
const WIDGET_FILES = ['selfhelp.js', 'selfhelp_bg.wasm', `demo/faq-${LANG}.json`, `demo/shop-faq-${LANG}.json`,
  ...(LANG === 'en' ? [] : [`texts/${LANG}.json`])];

// Sets the demo page's widget's lang as the parser creates it, before the loader runs.
const setLang = (lang) => new MutationObserver((_, observer) => {
  const el = document.querySelector('selfhelp-widget');
  if (el) {
    el.setAttribute('lang', lang);
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });

// In the page: from the click event's time to the first animation frame in which a search field
// is rendered, editable and focused (the page's own clock, without the driver's round trips),
// read when that frame's callback runs: the frame's own timestamp marks its start, which can
// lie before a click handled during it. With in-page typing, that frame also puts the query in
// the field at once (as a paste or the keyboard's autocomplete does, one input event), and the
// clock runs on to the first frame showing a result in the panel.
const timeReady = (typeInPage) => {
  const root = () => document.querySelector('selfhelp-widget')?.shadowRoot;
  const ready = () => {
    const field = root()?.activeElement;
    return field?.type === 'search' && field.checkVisibility() && !field.disabled && !field.readOnly && field;
  };
  addEventListener('click', (event) => {
    if (window.benchReady !== undefined) return;
    window.benchReady = null;
    const check = () => {
      const field = ready();
      if (!field) return requestAnimationFrame(check);
      window.benchReady = performance.now() - event.timeStamp;
      if (!typeInPage) return;
      field.value = typeInPage;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: typeInPage }));
      const result = () => {
        if (root()?.querySelector('#sh-results [role=option]')) window.benchResult = performance.now() - event.timeStamp;
        else requestAnimationFrame(result);
      };
      requestAnimationFrame(result);
    };
    requestAnimationFrame(check);
  }, true);
};

async function once(browser, origin, { warm }) {
  const { context, page } = await phonePage(browser);
  await page.addInitScript(timeReady, TYPING === 'page' ? QUERY : null);
  if (warm === 'preload') await page.addInitScript(setPreloadIdle);
  if (LANG !== 'en') await page.addInitScript(setLang, LANG);
  await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  if (warm === 'preload') {
    await afterIdlePreload(page);
  } else if (warm === 'page') {
    await page.evaluate((files) => Promise.all(files.map((f) => fetch(f).then((r) => r.arrayBuffer()))), WIDGET_FILES);
  }
  const w = widget(page);
  const t0 = Date.now();
  await w.launcher.click();
  await page.waitForFunction(() => window.benchReady, null, { timeout: 60000 });
  const ready = Date.now() - t0;
  const readyInPage = Math.round(await page.evaluate(() => window.benchReady));
  let result;
  if (TYPING === 'page') {
    await page.waitForFunction(() => window.benchResult, null, { timeout: 60000 });
    result = Math.round(await page.evaluate(() => window.benchResult));
  } else {
    await page.keyboard.type(QUERY);
    await w.root.locator('#sh-results').getByRole('option').first().waitFor({ timeout: 60000 });
    result = Date.now() - t0;
  }
  const kept = await w.search.inputValue();
  if (kept !== QUERY) throw new Error(`the panel's field holds ${JSON.stringify(kept)}, not ${JSON.stringify(QUERY)}`);
  await context.close();
  return { ready, readyInPage, result };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function scenario(label, serverOptions, runOptions, runs = RUNS) {
  const server = await startServer({ root: DIST, ...serverOptions });
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
  const inPage = results.map((r) => r.readyInPage);
  const result = results.map((r) => r.result);
  console.log(`| ${label} | ${runs} | ${median(inPage)} | ${median(ready)} | ${median(result)} | ${inPage.join(', ')} | ${result.join(', ')} |`);
}

const HOW = TYPING === 'page' ? 'page clock, typed at once' : 'driver clock, typed key by key';
console.log(`Phone profile: 4× CPU slowdown, 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT; query "${QUERY}", typed ${TYPING === 'page' ? 'at once in the page' : 'key by key by the driver'}.\n`);
console.log(`| case | runs | click → ready to type ms, page clock (median) | click → ready to type ms, driver clock (median) | click → first result ms, ${HOW} (median) | ready (page clock), every run ms | first result, every run ms |`);
console.log('|---|---:|---:|---:|---:|---|---|');
const CACHEABLE = { cacheControl: 'public, max-age=3600' };
await scenario('cold cache, brotli', {}, { warm: null });
await scenario('preload="idle" (its two files in the HTTP cache), brotli', CACHEABLE, { warm: 'preload' });
await scenario('widget files and FAQ fetched by the page (simulated idle), brotli', CACHEABLE, { warm: 'page' });
await scenario('cold cache, no compression', { brotli: false }, { warm: null }, Math.min(RUNS, 3));
