// Nothing a merchant or a buyer does breaks the widget, and the merchant is told what went wrong:
// every bad attribute falls back with one console warning and a `selfhelp:error` event; a browser
// API that throws leaves a usable panel; the JS API works from every screen; an FAQ that 404s,
// is refused by CORS or hangs gives the buyer a message with a retry; 429 counts down; a widget
// that cannot load says so.
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, widget, eventually, assertNoAxeViolations, test } from './harness.mjs';

const ctx = useServerAndBrowser();

const GOOD = {
  lang: 'en',
  market: 'se',
  'faq-src': '/demo/faq.json',
  'tracking-url': '/demo/tracking/{id}.json?locale={locale}',
  'opening-hours': 'mon-sun 00:00-24:00',
};

/**
 * The plain test page with one more widget, `#probe`, made with `attributes`. Console warnings
 * and `selfhelp:error` events are collected on the page.
 */
async function probe(attributes, { init } = {}) {
  const page = await openPage(ctx.browser);
  page.warnings = [];
  page.on('console', (msg) => {
    if (msg.type() === 'warning') page.warnings.push(msg.text());
  });
  if (init) await page.addInitScript(init);
  await page.goto(`${ctx.server.origin}/test/plain.html`);
  await page.evaluate((attrs) => {
    window.selfhelpErrors = [];
    document.addEventListener('selfhelp:error', (e) => window.selfhelpErrors.push(e.detail));
    const el = document.createElement('selfhelp-widget');
    el.id = 'probe';
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    document.body.append(el);
  }, attributes);
  const w = widget(page, '#probe');
  await w.launcher.click();
  await w.dialog.waitFor();
  return { page, w };
}

const errors = (page) => page.evaluate(() => window.selfhelpErrors);
const problem = (w) => w.root.locator('.sh-notice--problem');

async function searchWorks(w) {
  await w.search.fill('pickup code');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
}

async function trackWorks(w) {
  await w.trackInput.fill('RR747540648SE');
  await w.trackInput.press('Enter');
  await eventually(async () => (await w.root.locator('.sh-parcel-headline').first().textContent().catch(() => '')).includes('delivered'), 5000, 'a parcel');
}

test('every bad attribute falls back with one warning naming it, and the widget works', async () => {
  const bad = {
    ...GOOD,
    market: 'de',
    mode: 'popup',
    context: 'basket',
    'faq-src': 'javascript:alert(1) /demo/faq.json',
    'feedback-url': 'ftp://x.example/f',
    'analytics-url': 'javascript:void(0)',
    'contact-mode': 'always',
    'opening-hours': 'mon-fri 25:00-18:00',
    'time-zone': 'Europe/Stokholm',
    'chat-url': '/chat',
    'chat-inbox': 'x',
    'chat-email-replies': 'maybe',
    'brand-color': 'url(https://elsewhere.example/x.png)',
  };
  const { page, w } = await probe(bad);
  const named = ['market', 'mode', 'context', 'faq-src', 'feedback-url', 'analytics-url', 'contact-mode',
    'opening-hours', 'time-zone', 'chat-url', 'chat-email-replies', 'brand-color'];
  await eventually(async () => (await errors(page)).length >= named.length, 5000, 'the warnings');
  for (const attribute of named) {
    const lines = page.warnings.filter((line) => line.startsWith(`selfhelp: attribute ${attribute}=`));
    assert.equal(lines.length, 1, `${attribute}: ${JSON.stringify(page.warnings)}`);
    assert.match(lines[0], / is ignored: .*; using /);
  }
  // The cause names the clause that is wrong: the release build prints no `{:?}`, so a reason
  // written with Debug would arrive empty (tests/no_debug_format.rs).
  const hours = page.warnings.find((line) => line.startsWith('selfhelp: attribute opening-hours='));
  assert.match(hours, /not a time range like 08:00-18:00: "25:00-18:00"/);
  const config = (await errors(page)).filter((e) => e.area === 'config');
  assert.deepEqual(config.map((e) => e.detail).sort(), [...named].sort());
  assert.ok(config.every((e) => e.kind === 'bad-attribute'));
  // The colour never reached the launcher: nothing was fetched from elsewhere.
  const background = await w.launcher.evaluate((el) => getComputedStyle(el).backgroundImage);
  assert.equal(background, 'none');

  await searchWorks(w);
  await trackWorks(w);
  // Reopening warns no more: once per element, not per render.
  const before = page.warnings.length;
  await w.close.click();
  await w.launcher.click();
  await page.waitForTimeout(300);
  assert.equal(page.warnings.length, before);
  assert.deepEqual(page.errors, []);
});

test('a tracking-url without {id} and an unknown lang: warned once each, tracking says it is off', async () => {
  const { page, w } = await probe({ ...GOOD, lang: 'de', 'tracking-url': '/demo/tracking/RR747540648SE.json' });
  await eventually(() => page.warnings.length >= 2, 5000, 'the warnings');
  assert.equal(page.warnings.filter((l) => l.startsWith('selfhelp: attribute lang="de"')).length, 1);
  assert.equal(page.warnings.filter((l) => l.startsWith('selfhelp: attribute tracking-url=')).length, 1);
  assert.match(page.warnings.find((l) => l.includes('tracking-url')), /has no \{id\}/);
  await w.trackInput.fill('RR747540648SE');
  await w.trackInput.press('Enter');
  await w.root.getByText('Parcel tracking is not set up on this site.').waitFor();
  await searchWorks(w);
});

test('a time-zone typo leaves the contact screen whole, with the hours of the default zone', async () => {
  const { page, w } = await probe({ ...GOOD, 'time-zone': 'Europe/Stokholm', 'contact-mode': 'ask-first' });
  await w.root.getByRole('button', { name: /Contact/ }).first().click();
  await w.root.getByRole('button', { name: 'Back' }).first().waitFor();
  // The screen's body comes with its own file (split_contact.wasm), fetched on pointing at the button.
  await w.root.locator('.sh-hours-now').waitFor();
  const text = await w.root.locator('.sh-body').textContent();
  assert.match(text, /Open now/i, `the hours are shown: ${text}`);
  assert.ok(page.warnings.some((l) => l.includes('time-zone="Europe/Stokholm"')));
  assert.deepEqual(page.errors, []);
});

test('browser APIs that throw (storage, Intl) leave a usable panel on every screen', async () => {
  const init = () => {
    const refuse = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
    Object.defineProperty(window, 'localStorage', { get: refuse, configurable: true });
    Intl.DateTimeFormat = function DateTimeFormat() { throw new RangeError('Intl is broken here'); };
  };
  const { page, w } = await probe({ ...GOOD, 'contact-mode': 'ask-first' }, { init });
  await searchWorks(w);
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.locator('.sh-article-title').waitFor();
  await w.root.getByRole('button', { name: 'Back' }).first().click();
  await trackWorks(w);
  await w.root.getByRole('button', { name: /Contact/ }).first().click();
  await w.root.getByRole('button', { name: 'Back' }).first().waitFor();
  assert.ok((await w.root.locator('.sh-body').textContent()).length > 40, 'the contact screen has content');
  await w.root.getByRole('button', { name: 'Back' }).first().click();
  await w.search.waitFor();
  await assertNoAxeViolations(page, 'with throwing browser APIs');
});

test('track() and search() show what they were asked for from an article and from contact', async () => {
  const { page, w } = await probe({ ...GOOD, 'contact-mode': 'ask-first' });
  const el = page.locator('#probe');
  // From an open article.
  await searchWorks(w);
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.locator('.sh-article-title').waitFor();
  await el.evaluate((e) => e.track('RR747540648SE'));
  await eventually(async () => (await w.root.locator('.sh-parcel-headline').first().textContent().catch(() => '')).includes('delivered'), 5000, 'track() from an article');
  assert.equal(await w.root.locator('.sh-article-title').count(), 0);
  // From the contact screen.
  await w.root.getByRole('button', { name: /Contact/ }).first().click();
  await w.root.getByRole('button', { name: 'Back' }).first().waitFor();
  await el.evaluate((e) => e.search('return label'));
  await w.search.waitFor();
  assert.equal(await w.search.inputValue(), 'return label');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  // From a closed panel: open() brings back where the buyer was.
  await w.close.click();
  await el.evaluate((e) => e.open());
  await w.search.waitFor();
  assert.equal(await w.search.inputValue(), 'return label');
});

for (const [name, fault] of [
  ['404', (route) => route.fulfill({ status: 404, body: 'Not found', headers: { 'access-control-allow-origin': '*' } })],
  ['a CORS refusal', (route) => route.fulfill({ status: 200, body: '{}', headers: { 'access-control-allow-origin': 'https://other.example' } })],
  ['a bundle that is not one', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"version": 9}', headers: { 'access-control-allow-origin': '*' } })],
]) {
  test(`an FAQ ${name}: the buyer reads a message with a retry, the merchant a warning and an event`, async () => {
    const page = await openPage(ctx.browser);
    page.warnings = [];
    page.on('console', (msg) => { if (msg.type() === 'warning') page.warnings.push(msg.text()); });
    let fail = true;
    // Cross-origin for the CORS case: the bundle is asked for on another port of this machine.
    await page.route('**/faq-under-test.json', (route) => (fail ? fault(route) : route.fulfill({
      status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, path: 'dist/demo/faq.json',
    })));
    await page.goto(`${ctx.server.origin}/test/plain.html`);
    await page.evaluate((origin) => {
      window.selfhelpErrors = [];
      document.addEventListener('selfhelp:error', (e) => window.selfhelpErrors.push(e.detail));
      const el = document.createElement('selfhelp-widget');
      el.id = 'probe';
      el.setAttribute('lang', 'en');
      el.setAttribute('faq-src', `${origin.replace('127.0.0.1', 'localhost')}/faq-under-test.json`);
      document.body.append(el);
    }, ctx.server.origin);
    const w = widget(page, '#probe');
    await w.launcher.click();
    await problem(w).waitFor();
    assert.match(await problem(w).textContent(), /could not be loaded/);
    const events = await errors(page);
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].area, 'faq');
    assert.ok(page.warnings.some((l) => l.startsWith('selfhelp: the FAQ bundle ')), JSON.stringify(page.warnings));
    // The other paths still work, and the retry brings the FAQ once the server is back.
    await w.trackInput.waitFor();
    fail = false;
    await problem(w).getByRole('button', { name: 'Try again' }).click();
    await searchWorks(w);
    await assertNoAxeViolations(page, `after an FAQ ${name}`);
  });
}

test('a hanging FAQ request ends in a message after its deadline, and tracking works meanwhile', async () => {
  const { page, w } = await probe(GOOD, {
    init: () => {
      // Every request for the bundle hangs: a fetch that never settles.
      const real = window.fetch;
      window.fetch = (input, init) => (String(input.url ?? input).includes('/demo/faq.json')
        ? new Promise((_, reject) => (init?.signal ?? input.signal)?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
        : real(input, init));
    },
  });
  await trackWorks(w);
  await eventually(async () => (await problem(w).count()) > 0, 15000, 'the FAQ deadline');
  const events = await errors(page);
  assert.ok(events.some((e) => e.area === 'faq' && e.kind === 'timeout'), JSON.stringify(events));
});

test('429: "Try again" waits out Retry-After with a visible countdown, then retries', async () => {
  const page = await openPage(ctx.browser);
  let n = 0;
  await page.route('**/demo/tracking/*.json*', (route) => {
    n += 1;
    return n === 1
      ? route.fulfill({ status: 429, headers: { 'retry-after': '3' }, body: '' })
      : route.fulfill({ status: 200, contentType: 'application/json', path: 'dist/demo/tracking/RR747540648SE.json' });
  });
  await page.goto(`${ctx.server.origin}/`);
  const w = widget(page);
  await w.launcher.click();
  await w.trackInput.fill('RR747540648SE');
  await w.trackInput.press('Enter');
  const retry = problem(w).getByRole('button', { name: 'Try again' });
  await retry.waitFor();
  assert.equal(await retry.isDisabled(), true);
  assert.match(await retry.textContent(), /Try again in [23] s/);
  await eventually(() => retry.isEnabled(), 5000, 'the countdown to end');
  assert.equal(n, 1, 'nothing retried by itself');
  await retry.click();
  await eventually(async () => (await w.root.locator('.sh-parcel-headline').first().textContent().catch(() => '')).includes('delivered'), 5000, 'the retry');
  assert.equal(n, 2);
});

test('GS1 brackets are understood, a fake S10 country is explained and never sent, the sender is shown', async () => {
  const { page, w } = await probe(GOOD);
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/demo/tracking/')) asked.push(new URL(r.url()).pathname); });
  await w.trackInput.fill('RB123456785XX');
  await w.trackInput.press('Enter');
  await w.root.getByText('should be a country code').waitFor();
  await w.search.fill('RB123456785XX');
  await page.waitForTimeout(200);
  assert.equal(await w.root.getByText(/Track this parcel/i).count(), 0, 'not offered as tracking');
  await w.trackInput.fill('(00)370724760120000898');
  await w.trackInput.press('Enter');
  await w.root.locator('.sh-parcel-sender').waitFor();
  assert.equal(await w.root.locator('.sh-parcel-sender').textContent(), 'From Vinterljus Design AB');
  assert.deepEqual(asked, ['/demo/tracking/370724760120000898.json']);
});

test('a widget that cannot load tells the buyer in their language, and the merchant', async () => {
  const page = await openPage(ctx.browser);
  await page.route('**/selfhelp_bg.wasm', (route) => route.abort());
  await page.goto(`${ctx.server.origin}/test/plain.html`);
  await page.evaluate(() => {
    window.selfhelpErrors = [];
    document.addEventListener('selfhelp:error', (e) => window.selfhelpErrors.push(e.detail));
    document.querySelector('selfhelp-widget').setAttribute('lang', 'sv');
  });
  const w = widget(page);
  await w.launcher.click();
  const notice = w.root.locator('.sh-unavailable');
  await notice.waitFor();
  assert.match(await notice.textContent(), /Hjälpen kunde inte öppnas/);
  assert.equal(await notice.getAttribute('role'), 'alert');
  assert.ok((await errors(page)).some((e) => e.area === 'widget' && e.kind === 'load-failed'));
  await assertNoAxeViolations(page, 'with the widget unavailable');
  page.errors.length = 0; // the failed load is logged as an error on purpose
});

test('a WebAssembly download that never answers ends at its deadline in the same message, and a later click loads it', async () => {
  const page = await openPage(ctx.browser);
  // The loader's 30 s deadline, a hundred times shorter for the test.
  await page.addInitScript(() => {
    const timeout = AbortSignal.timeout.bind(AbortSignal);
    AbortSignal.timeout = (ms) => timeout(ms / 100);
  });
  let hung = 0;
  await page.route('**/selfhelp_bg.wasm', (route) => (hung++ === 0 ? undefined : route.continue()));
  await page.goto(`${ctx.server.origin}/test/plain.html`);
  const w = widget(page);
  await w.launcher.click();
  const notice = w.root.locator('.sh-unavailable');
  await notice.waitFor({ timeout: 10000 });
  assert.match(await notice.textContent(), /Help could not be opened right now/);
  // The buyer tries again: the widget loads and opens.
  await w.launcher.click(); // closes the frame
  await w.launcher.click();
  await w.dialog.waitFor();
  assert.equal(hung, 2);
  page.errors.length = 0; // the failed load is logged as an error on purpose
});
