// Embedding in shops we do not control: hostile page CSS, two widgets on one page, a strict
// Content-Security-Policy, the widget's files on another origin, and where the language comes from.
import assert from 'node:assert/strict';
import {
  useServerAndBrowser, startServer, openPage, widget, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

const ctx = useServerAndBrowser();

/** What a buyer would notice of the widget: sizes, fonts, colours of its main pieces. */
async function appearance(page) {
  const w = widget(page);
  const launcher = await w.launcher.boundingBox();
  const launcherStyle = await w.launcher.evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.fontSize, s.fontFamily, s.color, s.backgroundColor, s.textTransform, s.letterSpacing].join(' | ');
  });
  await w.launcher.click();
  await w.dialog.waitFor();
  const panel = await w.panel.boundingBox();
  const parts = {};
  for (const [name, locator] of Object.entries({ title: w.title, search: w.search, track: w.trackInput })) {
    parts[name] = await locator.evaluate((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return [s.fontSize, s.lineHeight, s.color, s.backgroundColor, s.textTransform, s.margin, s.padding, s.borderTopStyle, Math.round(r.width), Math.round(r.height)].join(' | ');
    });
  }
  return { launcher: [launcher.width, launcher.height, launcherStyle], panel: [panel.width, panel.height], parts };
}

/** The page's own button, as the page's CSS styles it. */
function pageButton(page) {
  return page.locator('.page-button').evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.fontSize, s.color, s.backgroundColor, s.padding, s.fontFamily].join(' | ');
  });
}

test('a hostile page theme changes nothing in the widget, and the widget changes nothing on the page', async () => {
  const plain = await openPage(ctx.browser, `${ctx.server.origin}/test/plain.html`);
  const hostile = await openPage(ctx.browser, `${ctx.server.origin}/test/hostile.html`);
  const buttonBefore = await pageButton(hostile);
  const sheetsBefore = await hostile.evaluate(() => document.styleSheets.length);

  const expected = await appearance(plain);
  const actual = await appearance(hostile);
  assert.deepEqual(actual, expected);

  assert.equal(await pageButton(hostile), buttonBefore, 'the page keeps its own look');
  assert.equal(await hostile.evaluate(() => document.styleSheets.length), sheetsBefore, 'no stylesheet added to the page');
  assert.equal(await hostile.evaluate(() => document.adoptedStyleSheets.length), 0);
  assert.deepEqual(hostile.errors, []);
});

test('two widgets on one page work independently', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/test/two.html`);
  const inline = widget(page, '#inline');
  const floating = widget(page, '#floating');

  await inline.title.waitFor();
  assert.equal(await inline.title.textContent(), 'Miten voimme auttaa?');
  assert.equal(await inline.root.getByRole('dialog').count(), 0, 'an inline panel is not a dialog');
  assert.equal((await floating.launcher.textContent()).trim(), 'Hjälp');

  await inline.search.fill('paketti');
  await floating.launcher.click();
  await floating.dialog.waitFor();
  assert.equal(await floating.title.textContent(), 'Vad kan vi hjälpa dig med?');
  assert.equal(await floating.search.inputValue(), '', 'typing in one does not fill the other');

  await floating.language.selectOption('da');
  await eventually(async () => (await floating.title.textContent()) === 'Hvad kan vi hjælpe dig med?', 3000, 'Danish');
  assert.equal(await inline.title.textContent(), 'Miten voimme auttaa?', 'the other keeps its language');

  await page.keyboard.press('Escape');
  await floating.dialog.waitFor({ state: 'hidden' });
  assert.equal(await inline.search.inputValue(), 'paketti');
  assert.ok(await inline.panel.isVisible(), 'closing one leaves the other');
  await assertNoAxeViolations(page, 'two widgets');
  assert.deepEqual(page.errors, []);
});

test('works under a strict Content-Security-Policy (no unsafe-inline, no unsafe-eval)', async () => {
  const page = await openPage(ctx.browser);
  const response = await page.goto(`${ctx.server.origin}/test/csp.html`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  await w.search.fill('where is my parcel');
  await w.language.selectOption('sv');
  await eventually(async () => (await w.title.textContent()) === 'Vad kan vi hjälpa dig med?', 3000, 'Swedish');
  const brand = await w.launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(brand, 'rgb(122, 31, 92)', 'brand-color applied through CSSOM, not an inline style');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(page.errors, []);
});

test("the widget's files can live on another origin (a CDN)", async () => {
  const cdn = await startServer();
  const shop = await startServer({ widgetBase: cdn.origin });
  try {
    const page = await openPage(ctx.browser);
    const fromCdn = [];
    page.on('requestfinished', (r) => {
      if (r.url().startsWith(cdn.origin)) fromCdn.push(new URL(r.url()).pathname);
    });
    await page.goto(`${shop.origin}/test/cross-origin.html`);
    const w = widget(page);
    await w.launcher.click();
    await w.dialog.waitFor();
    assert.equal(await w.title.textContent(), 'Hva kan vi hjelpe deg med?');
    // The FAQ bundle may live on the other origin too.
    await w.search.fill('hentekode');
    await w.root.locator('#sh-results').getByRole('option').first().waitFor();
    // __wasm_split.js is the split build's link module (it fetches the chat's code when needed);
    // texts/nb.json the page language's words (English is built in).
    assert.deepEqual(fromCdn.sort(), ['/__wasm_split.js', '/demo/faq.json', '/selfhelp-widget.js', '/selfhelp.js', '/selfhelp_bg.wasm', '/texts/nb.json'].sort());
    assert.deepEqual(page.errors, []);
  } finally {
    await cdn.close();
    await shop.close();
  }
});

const sources = [
  ['the element\'s lang attribute', '/test/two.html', {}, '#inline', 'Ohje'],
  ['the page\'s <html lang>', '/test/page-lang-da.html', { locale: 'fi-FI' }, 'selfhelp-widget', 'Hjælp'],
  ['<html lang="no"> as bokmål', '/test/page-lang-no.html', {}, 'selfhelp-widget', 'Hjelp'],
  ['navigator.languages', '/test/bare.html', { locale: 'sv-SE' }, 'selfhelp-widget', 'Hjälp'],
  ['English when nothing matches', '/test/bare.html', { locale: 'de-DE' }, 'selfhelp-widget', 'Help'],
];
for (const [source, path, options, host, label] of sources) {
  test(`language from ${source}`, async () => {
    const page = await openPage(ctx.browser, `${ctx.server.origin}${path}`, options);
    const w = widget(page, host);
    if (host === '#inline') {
      await w.title.waitFor();
      assert.equal(await w.title.textContent(), 'Miten voimme auttaa?');
    } else {
      assert.equal((await w.launcher.textContent()).trim(), label);
      await w.launcher.click();
      await w.dialog.waitFor();
      assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');
      assert.equal(await w.panel.getAttribute('lang'), { Hjælp: 'da', Hjelp: 'nb', Hjälp: 'sv', Help: 'en' }[label]);
    }
  });
}

test('changing the lang attribute switches the language without a reload', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/test/plain.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  await page.evaluate(() => document.querySelector('selfhelp-widget').setAttribute('lang', 'nb-NO'));
  await eventually(async () => (await w.title.textContent()) === 'Hva kan vi hjelpe deg med?', 3000, 'bokmål');
  assert.equal((await w.launcher.textContent()).trim(), 'Hjelp');
});
