// Before the WebAssembly is there, the loader draws the panel's frame at once: a dialog with the
// title, a close button and a search field the buyer can type in. What they typed is handed to the
// real panel when it mounts. With preload="idle" the widget's own files are fetched while the
// page is idle and the panel is mounted hidden, never a backend, and not when the buyer saves
// data.
import assert from 'node:assert/strict';
import { useServerAndBrowser, startServer, openPage, widget, focused, eventually, assertNoAxeViolations, test, after } from './harness.mjs';

const ctx = useServerAndBrowser();

/** Holds back the WebAssembly's response until `release()` is called. */
async function holdWasm(page) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route('**/selfhelp_bg.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** The loader's frame and its parts, by what a buyer perceives. */
function frame(w) {
  const dialog = w.root.locator('.sh-frame');
  return {
    dialog,
    field: dialog.getByRole('searchbox'),
    status: dialog.getByRole('status'),
    close: dialog.getByRole('button'),
    menu: dialog.getByRole('combobox'),
  };
}

const insideFrame = (page) => page.evaluate(() => {
  const host = document.querySelector('selfhelp-widget');
  return host.shadowRoot.querySelector('.sh-frame')?.contains(host.shadowRoot.activeElement) ?? false;
});

test('a click before the WebAssembly draws a working frame; what is typed reaches the panel', async () => {
  const page = await openPage(ctx.browser);
  const release = await holdWasm(page);
  await page.goto(`${ctx.server.origin}/`);
  const w = widget(page);
  const f = frame(w);

  await w.launcher.click();
  // At once, while the WebAssembly is still held back: a named, modal dialog.
  const dialog = w.root.getByRole('dialog', { name: 'How can we help?' });
  await dialog.waitFor({ timeout: 1000 });
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');
  assert.equal(await w.root.getByRole('searchbox', { name: 'Search the help' }).count(), 1, 'the field has its label');
  assert.equal(await f.field.getAttribute('placeholder'), 'For example: where is my parcel?');
  assert.equal(await f.status.textContent(), 'Loading help articles…');
  assert.equal(await f.close.getAttribute('aria-label'), 'Close help');
  assert.equal((await focused(page))?.id, 'sh-fq', 'focus is in the frame\'s search field');
  assert.equal(await w.panel.count(), 0, 'the WebAssembly has not mounted yet');

  // The frame sits where the panel will be.
  const frameBox = await f.dialog.boundingBox();
  const fieldBox = await f.field.boundingBox();
  const viewport = page.viewportSize();
  assert.equal(Math.round(frameBox.x + frameBox.width), viewport.width - 20, 'right edge 20 px in');
  assert.equal(Math.round(frameBox.width), 384);

  await page.keyboard.type('retur');
  assert.equal(await f.field.inputValue(), 'retur');
  // Tab stays in the frame (field, language menu, close button), forwards and backwards.
  const visited = new Set();
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.ok(await insideFrame(page), `${key} left the frame`);
    visited.add((await focused(page)).part);
  }
  assert.deepEqual([...visited].sort(), ['close', 'language', 'search-input']);
  assert.equal(await f.menu.inputValue(), 'en');
  assert.equal((await focused(page))?.id, 'sh-fq');
  await assertNoAxeViolations(page, 'on the loader\'s frame');

  release();
  await w.panel.waitFor();
  await eventually(async () => (await focused(page))?.id === 'sh-q', 5000, 'focus in the real search field');
  assert.equal(await w.search.inputValue(), 'retur', 'nothing typed is lost');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  assert.match(await w.root.locator('#sh-results').textContent(), /return/i);
  assert.equal(await f.dialog.count(), 0, 'the frame is gone');
  assert.equal(await w.root.getByRole('dialog').count(), 1, 'one dialog');
  // The real field is where the frame's was: nothing jumps.
  const realBox = await w.search.boundingBox();
  for (const side of ['x', 'y', 'width', 'height']) {
    assert.ok(Math.abs(realBox[side] - fieldBox[side]) <= 1, `field ${side}: frame ${fieldBox[side]}, panel ${realBox[side]}`);
  }
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');

  // The real panel closes as usual, and the launcher opens it again at once.
  await page.keyboard.press('Escape');
  await w.panel.waitFor({ state: 'hidden' });
  assert.equal((await focused(page))?.part, 'launcher');
  assert.deepEqual(page.errors, []);
});

test('a click before the WebAssembly fetches the FAQ at once, beside it, and only once', async () => {
  const page = await openPage(ctx.browser);
  const warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
  const fetched = [];
  await page.route(/\/demo\/(shop-)?faq-en\.json$/, (route) => {
    fetched.push(new URL(route.request().url()).pathname);
    return route.continue();
  });
  const release = await holdWasm(page);
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'networkidle' });
  assert.deepEqual(fetched, [], 'nothing before the buyer asks');
  const w = widget(page);
  await w.launcher.click();
  // The WebAssembly is still held back, and the page language's bundles are already on their way.
  await eventually(async () => fetched.length === 2, 5000, 'the FAQ requested with the frame');
  release();
  await w.search.fill('pickup code');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  // The panel's own requests were answered by the preloads: one download each, and no
  // "preloaded but not used" warning from the browser a few seconds later.
  await page.waitForTimeout(3500);
  assert.deepEqual(fetched.sort(), ['/demo/faq-en.json', '/demo/shop-faq-en.json']);
  assert.deepEqual(warnings.filter((text) => /preload/i.test(text)), []);
  assert.deepEqual(page.errors, []);
});

test('a click asks for the WebAssembly beside its glue, not once the glue has come', async () => {
  const page = await openPage(ctx.browser);
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  // The glue and the link module it imports are held back until the WebAssembly was asked for.
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route(/\/(selfhelp|__wasm_split)\.js$/, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'networkidle' });
  const w = widget(page);
  await w.launcher.click();
  await eventually(async () => asked.includes('/selfhelp_bg.wasm'), 5000, 'the WebAssembly asked for while the glue is held');
  assert.ok(asked.includes('/__wasm_split.js'), 'the link module asked for at once too');
  release();
  await w.search.fill('pickup code');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  assert.equal(asked.filter((p) => p === '/selfhelp_bg.wasm').length, 1, 'downloaded once');
  assert.deepEqual(page.errors, []);
});

test('the panel asks for its FAQ before it draws itself, not after', async () => {
  const page = await openPage(ctx.browser);
  // Whether the panel's field was in the page when the panel's own FAQ request left (the
  // loader's early request is a <link rel=preload>, not a fetch()).
  await page.addInitScript(() => {
    window.faqAsked = [];
    const fetch = window.fetch;
    window.fetch = function (input, init) {
      const url = String(input?.url ?? input);
      if (/faq-en\.json$/.test(url)) {
        const drawn = !!document.querySelector('selfhelp-widget')?.shadowRoot?.querySelector('#sh-q');
        window.faqAsked.push({ url: url.split('/').pop(), drawn });
      }
      return fetch.call(this, input, init);
    };
  });
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'networkidle' });
  const w = widget(page);
  await w.launcher.click();
  await w.search.fill('pickup code');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  const asked = await page.evaluate(() => window.faqAsked);
  assert.deepEqual(asked.map((a) => a.url).sort(), ['faq-en.json', 'shop-faq-en.json']);
  assert.deepEqual(asked.filter((a) => a.drawn), [], 'no FAQ request waited for the drawing');
  assert.deepEqual(page.errors, []);
});

test('a FAQ server that never answers the click\'s early request: the panel\'s deadline still ends it', async () => {
  const page = await openPage(ctx.browser);
  let asked = 0;
  // Neither the loader's preload nor anything after it is ever answered.
  await page.route(/\/demo\/(shop-)?faq-en\.json$/, () => { asked += 1; });
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'networkidle' });
  const w = widget(page);
  await w.launcher.click();
  await w.root.getByText('The help articles could not be loaded. You can still track your parcel.')
    .waitFor({ timeout: 30000 });
  assert.ok(asked >= 2, `the bundles were asked for (${asked})`);
  await w.root.getByRole('button', { name: 'Try again' }).waitFor();
  await w.trackInput.fill('370724760120011443');
  await w.trackInput.press('Enter');
  await w.root.locator('.sh-parcel-headline').first().waitFor();
  assert.deepEqual(page.errors, []);
});

test('keys pressed while the panel takes over from the frame all reach its field', async () => {
  // The hand-over must not let focus fall out of the fields for a moment: a key pressed then is
  // lost. Typing goes on, key by key, from before the WebAssembly arrives until after the panel
  // shows, at 4× CPU slowdown; three times, as the moment falls between keys by chance.
  for (let round = 0; round < 3; round++) {
    const page = await openPage(ctx.browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const release = await holdWasm(page);
    await page.goto(`${ctx.server.origin}/`);
    const w = widget(page);
    await w.launcher.click();
    await frame(w).field.waitFor();
    let typed = '';
    let after = 0;
    for (const ch of 'where is my parcel '.repeat(20)) {
      await page.keyboard.type(ch);
      typed += ch;
      if (typed.length === 3) release();
      if (typed.length > 3 && (after > 0 || (await w.panel.isVisible()))) after++;
      if (after === 4) break;
    }
    assert.equal(after, 4, 'the panel showed while typing');
    assert.equal(await w.search.inputValue(), typed, `round ${round + 1}: every key reached a field`);
    assert.equal((await focused(page))?.id, 'sh-q');
    await page.context().close();
  }
});

test('a frame closed before the WebAssembly arrives stays closed, focus on the launcher', async () => {
  const page = await openPage(ctx.browser);
  const release = await holdWasm(page);
  await page.goto(`${ctx.server.origin}/`);
  const w = widget(page);
  const f = frame(w);

  // The close button closes it...
  await w.launcher.click();
  await f.field.waitFor();
  await page.keyboard.type('pickup');
  await f.close.click();
  await f.dialog.waitFor({ state: 'hidden' });
  assert.equal((await focused(page))?.part, 'launcher');
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');

  // ...and so does Escape; what was typed survives closing, as in the panel.
  await page.keyboard.press('Enter');
  await f.field.waitFor();
  assert.equal((await focused(page))?.id, 'sh-fq');
  assert.equal(await f.field.inputValue(), 'pickup');
  await page.keyboard.press('Escape');
  await f.dialog.waitFor({ state: 'hidden' });
  assert.equal((await focused(page))?.part, 'launcher');
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');

  release();
  await w.panel.waitFor({ state: 'attached' });
  await page.waitForTimeout(300);
  assert.equal(await w.root.getByRole('dialog').count(), 0, 'no panel opened by itself');
  assert.equal(await f.dialog.count(), 0, 'the hidden frame is gone');
  assert.equal((await focused(page))?.part, 'launcher');
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');

  // Mounted now: the launcher opens the real panel, with what was typed in the frame.
  await w.launcher.click();
  await w.panel.waitFor();
  await eventually(async () => (await focused(page))?.id === 'sh-q', 5000, 'focus in the real search field');
  assert.equal(await w.search.inputValue(), 'pickup', 'the text typed in the closed frame is kept');
  assert.deepEqual(page.errors, []);
});

test('search() before the WebAssembly fills the frame, and the panel searches it', async () => {
  const page = await openPage(ctx.browser);
  const release = await holdWasm(page);
  await page.goto(`${ctx.server.origin}/`);
  const w = widget(page);
  const f = frame(w);

  await page.evaluate(() => { document.querySelector('selfhelp-widget').search('pickup code'); });
  await f.field.waitFor({ timeout: 1000 });
  assert.equal(await f.field.inputValue(), 'pickup code');
  assert.equal((await focused(page))?.id, 'sh-fq');
  await page.keyboard.type('s');
  // The frame's language menu works too, and the panel opens in the language chosen there.
  await w.root.getByRole('combobox', { name: 'Language' }).selectOption('nb');
  await w.root.getByRole('dialog', { name: 'Hva kan vi hjelpe deg med?' }).waitFor();
  assert.equal(await f.field.getAttribute('placeholder'), 'For eksempel: hvor er pakken min?');
  assert.equal(await w.launcher.textContent(), 'Hjelp');
  assert.equal(await f.dialog.getByRole('combobox', { name: 'Språk' }).inputValue(), 'nb');

  release();
  await w.panel.waitFor();
  assert.equal(await w.search.inputValue(), 'pickup codes', 'the buyer\'s edit is kept');
  assert.equal(await w.title.textContent(), 'Hva kan vi hjelpe deg med?');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  assert.deepEqual(page.errors, []);
});

test('open() before the WebAssembly shows the frame; a small screen gets it full-screen', async () => {
  const page = await openPage(ctx.browser, null, { viewport: { width: 320, height: 640 } });
  const release = await holdWasm(page);
  await page.goto(`${ctx.server.origin}/`);
  const w = widget(page);
  const f = frame(w);

  await page.evaluate(() => { document.querySelector('selfhelp-widget').open(); });
  await f.field.waitFor({ timeout: 1000 });
  assert.deepEqual(await f.dialog.boundingBox(), { x: 0, y: 0, width: 320, height: 640 });
  assert.equal(await w.launcher.isVisible(), false, 'the launcher is under the full-screen frame');

  release();
  await w.panel.waitFor();
  assert.equal(await w.search.inputValue(), '');
  await eventually(async () => (await focused(page))?.id === 'sh-q', 5000, 'focus in the real search field');
  assert.deepEqual(page.errors, []);
});

test('a WebAssembly that cannot load: the frame says so in the buyer\'s language, the merchant is told', async () => {
  const page = await openPage(ctx.browser);
  await page.route('**/selfhelp_bg.wasm', (route) => route.abort());
  await page.goto(`${ctx.server.origin}/test/plain.html`);
  await page.evaluate(() => {
    window.selfhelpErrors = [];
    document.addEventListener('selfhelp:error', (e) => window.selfhelpErrors.push(e.detail));
    document.querySelector('selfhelp-widget').setAttribute('lang', 'sv');
  });
  const w = widget(page);
  const f = frame(w);
  await w.launcher.click();
  const dialog = w.root.getByRole('dialog', { name: 'Vad kan vi hjälpa dig med?' });
  await dialog.waitFor();
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'Hjälpen kunde inte öppnas just nu. Försök igen om en stund.');
  assert.equal(await f.status.textContent(), '', 'no "loading" next to the failure');
  assert.equal(await f.close.getAttribute('aria-label'), 'Stäng hjälpen');
  const errors = await page.evaluate(() => window.selfhelpErrors);
  assert.ok(errors.some((e) => e.area === 'widget' && e.kind === 'load-failed'), JSON.stringify(errors));
  await assertNoAxeViolations(page, 'with the frame saying the widget is unavailable');

  // Closing works; opening again tries again and says "loading" until that fails too.
  await f.close.click();
  await f.dialog.waitFor({ state: 'hidden' });
  assert.equal((await focused(page))?.part, 'launcher');
  await w.launcher.click();
  await alert.waitFor();
  assert.equal(await dialog.getByRole('alert').count(), 1);
  page.errors.length = 0; // the failed loads are logged as errors on purpose
});

/** Sets `preload` on the page's widget as the parser creates it, before the loader runs. */
const setPreload = (value) => new MutationObserver((_, observer) => {
  const el = document.querySelector('selfhelp-widget');
  if (el) {
    el.setAttribute('preload', value);
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });

/** The demo page with `preload` set, its requests (path and priority) listed as they start. */
async function preloadPage(value, init, origin = ctx.server.origin) {
  const page = await openPage(ctx.browser);
  const requests = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => requests.push({ id: e.requestId, path: new URL(e.request.url).pathname, priority: e.request.initialPriority }));
  // Answered by the HTTP cache, not the server.
  const cached = (id) => requests.find((r) => r.id === id && (r.cached = true));
  cdp.on('Network.requestServedFromCache', (e) => cached(e.requestId));
  cdp.on('Network.responseReceived', (e) => e.response.fromDiskCache && cached(e.requestId));
  page.warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') page.warnings.push(msg.text()); });
  if (init) await page.addInitScript(...[init].flat());
  await page.addInitScript(setPreload, value);
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  return { page, requests };
}

const paths = (requests) => requests.map((r) => r.path);
const backend = (requests) => paths(requests).filter((p) => p.startsWith('/demo/faq') || p.startsWith('/demo/shop-faq') || p.startsWith('/demo/tracking'));

test('preload="idle" fetches the widget\'s own files at low priority and mounts the panel hidden, no backend, no storage', async () => {
  // Served cacheable, as README asks of a CDN: the instantiation at idle then reads the scripts
  // the low-priority fetches brought.
  const server = await startServer({ cacheControl: 'public, max-age=3600' });
  after(() => server.close());
  // Storage is not even read before the buyer opens the panel.
  const countReads = () => {
    window.storageReads = 0;
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = function (...args) {
      window.storageReads++;
      return getItem.apply(this, args);
    };
  };
  const { page, requests } = await preloadPage('idle', countReads, server.origin);
  await eventually(() => paths(requests).includes('/selfhelp_bg.wasm'), 5000, 'the WebAssembly fetched at idle');
  await page.waitForLoadState('networkidle');
  const own = requests.filter((r) => !r.cached && ['/selfhelp.js', '/__wasm_split.js', '/selfhelp_bg.wasm'].includes(r.path));
  assert.deepEqual(own.map((r) => r.path).sort(), ['/__wasm_split.js', '/selfhelp.js', '/selfhelp_bg.wasm'], 'each once from the server');
  assert.ok(!paths(requests).some((p) => /split_|chunk_/.test(p)), 'not the chat or tracking code');
  assert.ok(own.every((r) => r.priority === 'Low' || r.priority === 'VeryLow'), JSON.stringify(own));
  // The panel is mounted in the next idle time, hidden: built before the click, not shown.
  await eventually(async () => (await widget(page).panel.count()) === 1, 5000, 'the panel mounted at idle');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(backend(requests), [], 'no FAQ or tracking before interaction');
  assert.equal(await widget(page).root.getByRole('dialog').count(), 0, 'not shown');
  assert.ok(await widget(page).panel.isHidden(), 'mounted hidden');
  assert.equal(await widget(page).launcher.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => window.storageReads), 0, 'no storage read');
  assert.deepEqual(page.warnings, []);
  const storage = await page.evaluate(async () => ({
    cookie: document.cookie, local: localStorage.length, session: sessionStorage.length, caches: (await caches.keys()).length,
  }));
  assert.deepEqual(storage, { cookie: '', local: 0, session: 0, caches: 0 }, 'nothing stored');
  // The click uses what the idle time compiled: the panel opens, searches, and nothing of the
  // widget's own is fetched again.
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  assert.equal(await w.root.locator('.sh-frame').count(), 0, 'no frame: the panel mounted at idle shows at once');
  await eventually(async () => (await focused(page))?.id === 'sh-q', 5000, 'focus in the search field');
  await page.keyboard.type('return label');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  const again = requests.filter((r) => !r.cached && ['/selfhelp.js', '/__wasm_split.js', '/selfhelp_bg.wasm'].includes(r.path));
  assert.equal(again.length, 3, JSON.stringify(again));
  const faq = backend(requests);
  assert.ok(faq.length > 0 && new Set(faq).size === faq.length, `each FAQ file fetched once, after the click: ${faq}`);
  assert.deepEqual(page.warnings, [], 'the FAQ preloaded at the click was used');
  assert.deepEqual(page.errors, []);
});

test('preload="idle" gives up on a server that never answers, and a click still opens the panel', async () => {
  const page = await openPage(ctx.browser);
  // The loader's deadline, a hundred times shorter, so the test need not wait 30 s for it.
  await page.addInitScript(() => {
    const timeout = AbortSignal.timeout.bind(AbortSignal);
    AbortSignal.timeout = (ms) => timeout(ms / 100);
  });
  await page.addInitScript(setPreload, 'idle');
  let held = 0;
  // The idle preload of the WebAssembly is never answered; what follows it is.
  await page.route('**/selfhelp_bg.wasm', (route) => (held++ === 0 ? undefined : route.continue()));
  const failed = [];
  page.on('requestfailed', (r) => failed.push(new URL(r.url()).pathname));
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'load' });
  await eventually(() => failed.includes('/selfhelp_bg.wasm'), 5000, 'the hung preload aborted at its deadline');
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  await eventually(async () => (await focused(page))?.id === 'sh-q', 5000, 'focus in the search field');
  assert.deepEqual(page.errors, []);
});

for (const [label, connection] of [['Save-Data', { saveData: true, effectiveType: '4g' }], ['a 2G connection', { saveData: false, effectiveType: '2g' }]]) {
  test(`preload="idle" fetches nothing with ${label}`, async () => {
    const init = (c) => Object.defineProperty(Navigator.prototype, 'connection', { get: () => c, configurable: true });
    const { page, requests } = await preloadPage('idle', [init, connection]);
    assert.deepEqual(await page.evaluate(() => ({ ...navigator.connection })), connection, 'the emulation took');
    await page.waitForTimeout(1500);
    assert.deepEqual(paths(requests).filter((p) => p.startsWith('/selfhelp') && p !== '/selfhelp-widget.js'), []);
    assert.deepEqual(backend(requests), []);
    // Interest still loads the widget.
    await widget(page).launcher.hover();
    await eventually(() => paths(requests).includes('/selfhelp_bg.wasm'), 5000, 'the widget to load on hover');
  });
}

test('an unknown preload value is warned about once and the default applies', async () => {
  const { page, requests } = await preloadPage('eager', (() => {
    window.selfhelpErrors = [];
    document.addEventListener('selfhelp:error', (e) => window.selfhelpErrors.push(e.detail));
  }));
  // Moving the element (connected again) does not warn again.
  await page.evaluate(() => {
    const el = document.querySelector('selfhelp-widget');
    el.remove();
    document.body.append(el);
  });
  await page.waitForTimeout(1500);
  const lines = page.warnings.filter((l) => l.startsWith('selfhelp: attribute preload='));
  assert.deepEqual(lines, ['selfhelp: attribute preload="eager" is ignored: not one of interest, idle; using interest']);
  const errors = await page.evaluate(() => window.selfhelpErrors);
  assert.deepEqual(errors, [{ area: 'config', kind: 'bad-attribute', detail: 'preload' }]);
  assert.ok(!paths(requests).includes('/selfhelp_bg.wasm'), 'interest, the default: nothing fetched without it');
});

test('once a widget on the page has mounted, opening another preloads no FAQ it would not use', async () => {
  const page = await openPage(ctx.browser);
  const warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'load' });
  // An inline panel with the same FAQ, as a help page beside the site's launcher: it mounts at
  // idle, a search there loads the FAQ, and the launcher's widget then shares it.
  await page.evaluate(() => {
    const inline = document.createElement('selfhelp-widget');
    inline.id = 'inline';
    inline.setAttribute('mode', 'inline');
    inline.setAttribute('faq-src', document.querySelector('selfhelp-widget').getAttribute('faq-src'));
    document.body.append(inline);
  });
  const inline = widget(page, '#inline');
  await inline.search.fill('return label');
  await inline.root.locator('#sh-results').getByRole('option').first().waitFor();
  const w = widget(page, 'selfhelp-widget:not(#inline)');
  await w.launcher.click();
  await w.dialog.waitFor();
  await w.search.fill('return label');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  assert.equal(await page.locator('link[rel=preload]').count(), 0, 'no preload for a FAQ already loaded');
  // Chromium warns of a preload left unused after a few seconds.
  await page.waitForTimeout(3500);
  assert.deepEqual(warnings, []);
  assert.deepEqual(page.errors, []);
});
