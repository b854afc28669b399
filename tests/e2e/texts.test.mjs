// The panel's words (issue #11): English is built into the WebAssembly, nb, sv, da and fi are
// texts/<code>.json beside it, and a buyer downloads their own language's file only, beside the
// WebAssembly. A file that is slow, missing or from another release never blanks the panel: it
// speaks English, keeps what the buyer typed, switches when the words arrive, and the merchant
// gets one console warning naming the file.
import assert from 'node:assert/strict';
import {
  launchBrowser, startServer, openPage, widget, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

let browser;
let server;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const TITLE = { en: 'How can we help?', nb: 'Hva kan vi hjelpe deg med?', fi: 'Miten voimme auttaa?' };

/** A page whose requests for words files are listed in `page.texts`, and whose warnings in `page.warnings`. */
async function watchedPage() {
  const page = await openPage(browser);
  page.texts = [];
  page.warnings = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/texts/')) page.texts.push(path);
  });
  page.on('console', (msg) => { if (msg.type() === 'warning') page.warnings.push(msg.text()); });
  return page;
}

const panelTitle = (w) => w.panel.locator('.sh-title').textContent();

test('a Norwegian page downloads the Norwegian words only, and the panel speaks them', async () => {
  const page = await watchedPage();
  await page.goto(`${server.origin}/test/page-lang-no.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  assert.equal(await panelTitle(w), TITLE.nb);
  assert.equal(await w.panel.getAttribute('lang'), 'nb');
  assert.equal(await w.search.getAttribute('placeholder'), 'For eksempel: hvor er pakken min?');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(page.texts, ['/texts/nb.json']);
  assert.deepEqual(page.warnings, []);
  assert.deepEqual(page.errors, []);
});

test('an English page downloads no words file; choosing Suomi fetches the Finnish one', async () => {
  const page = await watchedPage();
  await page.goto(`${server.origin}/`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  assert.equal(await panelTitle(w), TITLE.en);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(page.texts, [], 'English is built in');
  await w.language.selectOption('fi');
  await eventually(async () => (await panelTitle(w)) === TITLE.fi, 5000, 'the Finnish title');
  assert.equal(await w.panel.getAttribute('lang'), 'fi');
  assert.deepEqual(page.texts, ['/texts/fi.json']);
  await assertNoAxeViolations(page, 'in Finnish from its file');
  assert.deepEqual(page.errors, []);
});

test('a words file that cannot be had: English, one warning naming it, and the next choice tries again', async () => {
  const page = await watchedPage();
  let blocked = true;
  await page.route('**/texts/fi.json', (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(`${server.origin}/`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  await w.search.fill('return label');
  await w.language.selectOption('fi');
  await eventually(() => page.warnings.length > 0, 5000, 'the console warning');
  assert.deepEqual(page.warnings, [
    "selfhelp: the widget's file texts/fi.json could not be loaded: offline, or not served next to selfhelp.js; the panel speaks English until it can be had",
  ]);
  // The panel speaks English, says so in its lang attribute, and keeps working and what was typed.
  assert.equal(await panelTitle(w), TITLE.en);
  assert.equal(await w.panel.getAttribute('lang'), 'en');
  assert.equal(await w.search.inputValue(), 'return label');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  await assertNoAxeViolations(page, 'Finnish chosen, its words missing');

  blocked = false;
  await w.language.selectOption('en');
  await w.language.selectOption('fi');
  await eventually(async () => (await panelTitle(w)) === TITLE.fi, 5000, 'the Finnish title once the file is there');
  assert.equal(await w.search.inputValue(), 'return label');
  assert.equal(page.warnings.length, 1, 'no second warning');
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
});

test('words that arrive late: the panel opens in English, keeps what is typed, and switches when they come', async () => {
  const page = await watchedPage();
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route('**/texts/nb.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${server.origin}/test/page-lang-no.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  // The WebAssembly did not wait for the words beyond its moment.
  assert.equal(await panelTitle(w), TITLE.en);
  await w.search.fill('hentekode');
  release();
  await eventually(async () => (await panelTitle(w)) === TITLE.nb, 5000, 'the Norwegian title when the words arrive');
  assert.equal(await w.panel.getAttribute('lang'), 'nb');
  assert.equal(await w.search.inputValue(), 'hentekode');
  assert.deepEqual(page.texts, ['/texts/nb.json'], 'one request, not a second');
  assert.deepEqual(page.warnings, []);
  assert.deepEqual(page.errors, []);
});

test('a words file whose server never answers ends at its deadline: English, usable, and one warning naming it', async () => {
  const page = await watchedPage();
  // The loader's deadline (30 s), thirty times shorter for the test.
  await page.addInitScript(() => {
    const timeout = AbortSignal.timeout.bind(AbortSignal);
    AbortSignal.timeout = (ms) => timeout(ms / 30);
  });
  await page.route('**/texts/nb.json', () => {}); // never answered
  await page.goto(`${server.origin}/test/page-lang-no.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  assert.equal(await panelTitle(w), TITLE.en);
  await w.search.fill('hentekode');
  await eventually(async () => page.warnings.length > 0, 8000, 'the merchant is told');
  assert.equal(page.warnings.length, 1, page.warnings.join('\n'));
  assert.match(page.warnings[0], /texts\/nb\.json could not be loaded/);
  assert.equal(await panelTitle(w), TITLE.en);
  assert.equal(await w.panel.getAttribute('lang'), 'en');
  assert.equal(await w.search.inputValue(), 'hentekode');
  assert.deepEqual(page.errors.filter((e) => !/abort|signal timed out|TimeoutError|Failed to fetch|net::/i.test(e)), []);
});

test('a words file from another release is refused whole: English, and the warning says why', async () => {
  const page = await watchedPage();
  await page.route('**/texts/nb.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify(['0badc0de', 'Hjelp', 'Hva kan vi hjelpe deg med?']),
  }));
  await page.goto(`${server.origin}/test/page-lang-no.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  await eventually(() => page.warnings.length > 0, 5000, 'the console warning');
  assert.match(page.warnings[0], /^selfhelp: the widget's file texts\/nb\.json is from another release: serve one release's files together;/);
  assert.equal(page.warnings.length, 1);
  assert.equal(await panelTitle(w), TITLE.en);
  assert.equal(await w.panel.getAttribute('lang'), 'en');
  assert.deepEqual(page.errors, []);
});
