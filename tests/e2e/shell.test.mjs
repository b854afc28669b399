// The widget shell on the demo shop page: opening and closing by mouse and keyboard, the dialog's
// focus rules, small screens, dark mode, languages, and accessibility (axe) closed and open.
import assert from 'node:assert/strict';
import {
  useServerAndBrowser, openPage, widget, focused, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

const ctx = useServerAndBrowser();

const TITLES = {
  nb: 'Hva kan vi hjelpe deg med?',
  sv: 'Vad kan vi hjälpa dig med?',
  da: 'Hvad kan vi hjælpe dig med?',
  fi: 'Miten voimme auttaa?',
  en: 'How can we help?',
};
const LAUNCHER = { nb: 'Hjelp', sv: 'Hjälp', da: 'Hjælp', fi: 'Ohje', en: 'Help' };

test('opens with a click, focus moves into the dialog, the close button closes it', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/`);
  const w = widget(page);
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');
  assert.equal(await w.dialog.count(), 0, 'no dialog before the buyer asks');

  await w.launcher.click();
  await w.dialog.waitFor();
  assert.equal(await w.dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await w.title.textContent(), TITLES.en);
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');
  await eventually(async () => (await focused(page))?.id === 'sh-q', 3000, 'focus in the search field');

  await page.getByRole('button', { name: 'Close help' }).click();
  await w.dialog.waitFor({ state: 'hidden' });
  assert.equal((await focused(page)).part, 'launcher', 'focus returns to the launcher');
  assert.deepEqual(page.errors, []);
});

test('keyboard only: Tab to the launcher, Enter opens, Tab stays inside, Escape closes', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/`);
  const w = widget(page);
  for (let i = 0; i < 40 && (await focused(page))?.part !== 'launcher'; i++) await page.keyboard.press('Tab');
  assert.equal((await focused(page))?.part, 'launcher', 'the launcher is reachable by Tab');

  await page.keyboard.press('Enter');
  await w.dialog.waitFor();
  await eventually(async () => (await focused(page))?.id === 'sh-q', 3000, 'focus in the search field');
  // Wait for the FAQ's popular questions, so the set of controls is settled while we Tab.
  await w.root.locator('.sh-popular').waitFor();

  // Twice round the dialog's controls, forwards and backwards: focus never leaves it.
  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(await w.panel.evaluate((panel) => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return panel.contains(el);
    }), `Tab ${i + 1} left the dialog (on ${JSON.stringify(f)})`);
    seen.add(`${f.tag}#${f.id}.${f.part}`);
  }
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await w.panel.evaluate((panel) => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return panel.contains(el);
    }), `Shift+Tab ${i + 1} left the dialog`);
  }
  assert.ok(seen.size >= 5, `Tab visits every control (${[...seen].join(', ')})`);

  assert.equal((await focused(page)).id, 'sh-q', 'as many Shift+Tabs as Tabs come back to the start');
  await page.keyboard.type('parcel');
  await page.keyboard.press('Escape');
  await w.dialog.waitFor({ state: 'hidden' });
  assert.equal((await focused(page)).part, 'launcher', 'Escape returns focus to the launcher');
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');

  await page.keyboard.press('Enter');
  await w.dialog.waitFor();
  assert.equal(await w.search.inputValue(), 'parcel', 'what was typed survives closing');
  assert.deepEqual(page.errors, []);
});

test('nothing is stored and no backend is asked before the buyer opens the widget', async () => {
  const page = await openPage(ctx.browser);
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'networkidle' });
  assert.deepEqual(requests.sort(), ['/', '/demo/shop.css', '/demo/shop.js', '/selfhelp-widget.js'].sort(),
    'only the page and the small loader load up front');

  const w = widget(page);
  await w.launcher.hover();
  await eventually(() => requests.includes('/selfhelp_bg.wasm'), 5000, 'the widget to load on hover');
  await page.waitForLoadState('networkidle');
  const backend = requests.filter((p) => p.startsWith('/demo/faq') || p.startsWith('/demo/tracking'));
  assert.deepEqual(backend, [], 'hovering asks no backend');

  const storage = await page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(storage, { cookie: '', local: 0, session: 0, databases: 0 });
});

test('the page pays only for the loader until interaction, and it stays under 5 KB compressed', async () => {
  const page = await openPage(ctx.browser);
  const sizes = {};
  page.on('response', async (r) => {
    sizes[new URL(r.url()).pathname] = (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'networkidle' });
  const { brotliCompressSync, gzipSync } = await import('node:zlib');
  const { readFile } = await import('node:fs/promises');
  const loader = await readFile(new URL('../../dist/selfhelp-widget.js', import.meta.url));
  assert.equal(sizes['/selfhelp-widget.js'], loader.length);
  assert.ok(gzipSync(loader, { level: 9 }).length <= 5 * 1024, 'loader gzip ≤ 5 KB');
  assert.ok(brotliCompressSync(loader).length <= 5 * 1024, 'loader brotli ≤ 5 KB');
  assert.equal(sizes['/selfhelp_bg.wasm'], undefined, 'no WebAssembly before interaction');
});

test('at 320 px the panel fills the screen and nothing overflows; fields are 16 px', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/`, { viewport: { width: 320, height: 640 } });
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  const box = await w.panel.boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 320, 640]);
  const overflow = await w.panel.evaluate((p) => [...p.querySelectorAll('*')].some((el) => {
    const r = el.getBoundingClientRect();
    return r.right > 320.5 || r.left < -0.5;
  }));
  assert.equal(overflow, false, 'no control sticks out of a 320 px screen');
  for (const field of [w.search, w.trackInput, w.language]) {
    const size = await field.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 16, `font-size ${size}px would make iOS zoom`);
  }
  await assertNoAxeViolations(page, 'at 320 px, open');
});

test('dark mode follows the system setting', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/`, { colorScheme: 'dark' });
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  const dark = await w.panel.evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await w.panel.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(dark, 'rgb(23, 27, 32)');
  assert.equal(light, 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await assertNoAxeViolations(page, 'dark mode, open');
});

test('reduced motion and forced colours are honoured', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/`, { reducedMotion: 'reduce', forcedColors: 'active' });
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  const border = await w.panel.evaluate((el) => getComputedStyle(el).borderTopStyle);
  assert.equal(border, 'solid', 'the panel keeps a visible edge in forced colours');
  const animation = await w.launcher.evaluate((el) => getComputedStyle(el.querySelector('svg')).animationName);
  assert.equal(animation, 'none');
});

for (const lang of Object.keys(TITLES)) {
  test(`in ${lang}: every string is in ${lang}, zero axe violations closed and open`, async () => {
    const page = await openPage(ctx.browser, `${ctx.server.origin}/`);
    const w = widget(page);
    await page.evaluate((l) => document.getElementById('help').setLang(l), lang);
    assert.equal((await w.launcher.textContent()).trim(), LAUNCHER[lang]);
    await assertNoAxeViolations(page, `${lang}, closed`);
    await w.launcher.click();
    await w.dialog.waitFor();
    assert.equal(await w.title.textContent(), TITLES[lang]);
    assert.equal(await w.panel.getAttribute('lang'), lang);
    await assertNoAxeViolations(page, `${lang}, open`);
    assert.deepEqual(page.errors, []);
  });
}

test('the language menu switches at runtime, the launcher follows, the page hears of it', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/`);
  const w = widget(page);
  await page.evaluate(() => {
    window.heard = [];
    for (const n of ['selfhelp:open', 'selfhelp:lang', 'selfhelp:close']) {
      document.addEventListener(n, (e) => window.heard.push(`${e.type} ${e.detail.lang}`));
    }
  });
  await w.launcher.click();
  await w.dialog.waitFor();
  await w.language.selectOption('fi');
  await eventually(async () => (await w.title.textContent()) === TITLES.fi, 3000, 'Finnish title');
  assert.equal((await w.launcher.textContent()).trim(), LAUNCHER.fi);
  assert.equal(await page.getByRole('button', { name: 'Sulje ohje' }).count(), 1);
  await page.keyboard.press('Escape');
  await w.dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(await page.evaluate(() => window.heard), [
    'selfhelp:open en', 'selfhelp:lang fi', 'selfhelp:close fi',
  ]);
});

test('the JS API: open, search, track, close', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.origin}/`);
  const w = widget(page);
  await page.evaluate(() => document.getElementById('help').search('return label'));
  await w.dialog.waitFor();
  assert.equal(await w.search.inputValue(), 'return label');
  await page.evaluate(() => document.getElementById('help').close());
  await w.dialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Track my parcel' }).click();
  await w.dialog.waitFor();
  assert.equal(await w.trackInput.inputValue(), '370724760120000898');
  assert.equal(await w.search.inputValue(), 'return label', 'what the buyer typed is kept');
});
