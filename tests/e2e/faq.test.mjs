// Self-help search end to end: the FAQ loads on first open only, a typo in each language still
// finds its article, the combobox works by keyboard, articles render safely, Back keeps the
// query and scroll position, the verdict is kept and told to the page, and axe is clean.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  useServerAndBrowser, openPage, widget, focused, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

const bundle = JSON.parse(readFileSync(new URL('../../public/demo/faq.json', import.meta.url), 'utf8'));
const ctx = useServerAndBrowser();

const title = (id, lang) => bundle.articles.find((a) => a.id === id && a.lang === lang).title;

async function openHelp(lang, options = {}) {
  const page = await openPage(ctx.browser, undefined, options);
  page.faqRequests = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/demo/faq.json')) page.faqRequests += 1;
  });
  await page.goto(`${ctx.server.origin}${options.path || '/'}`);
  const w = widget(page);
  if (lang) await page.evaluate((l) => document.querySelector('selfhelp-widget').setLang(l), lang);
  await w.launcher.click();
  await w.dialog.waitFor();
  return { page, w };
}

const options = (w) => w.root.locator('#sh-results').getByRole('option');
const optionTitles = (w) => w.root.locator('.sh-option-title').allTextContents();

async function typeQuery(page, w, text) {
  await w.search.fill('');
  await w.search.pressSequentially(text, { delay: 15 });
}

test('the FAQ is fetched on first open, never before, once per page', async () => {
  const page = await openPage(ctx.browser);
  let requests = 0;
  page.on('request', (r) => {
    if (/\/demo\/faq(-[a-z]+)?\.json$/.test(r.url())) requests += 1; // the demo reads faq-{lang}.json
  });
  await page.goto(`${ctx.server.origin}/`, { waitUntil: 'networkidle' });
  const w = widget(page);
  await w.launcher.hover();
  await page.waitForLoadState('networkidle');
  assert.equal(requests, 0, 'not on hover');
  await w.launcher.click();
  await w.root.locator('.sh-popular').waitFor();
  await page.keyboard.press('Escape');
  await w.launcher.click();
  await w.root.locator('.sh-popular').waitFor();
  assert.equal(requests, 1);
});

const TYPOS = [
  ['nb', 'hentekde', 'pickup-code'],
  ['sv', 'paketbx', 'parcel-locker'],
  ['da', 'pakkebks', 'parcel-locker'],
  ['fi', 'pakettiautomatti', 'parcel-locker'],
  ['en', 'custms fees', 'customs-pay-fees'],
];
for (const [lang, query, id] of TYPOS) {
  test(`in ${lang}, "${query}" finds "${title(id, lang)}" in the top 3, as the buyer types`, async () => {
    const { page, w } = await openHelp(lang);
    await typeQuery(page, w, query);
    await eventually(async () => (await optionTitles(w)).slice(0, 3).includes(title(id, lang)), 4000, title(id, lang));
    const status = await w.root.locator('.sh-vh[role=status]').textContent();
    assert.match(status, /\d/, `the count is announced (${status})`);
    assert.deepEqual(page.errors, []);
  });
}

test('keyboard only: arrows move through results, Enter opens, Back keeps query and scroll', async () => {
  const { page, w } = await openHelp('en');
  await eventually(async () => (await focused(page))?.id === 'sh-q', 3000, 'focus in search');
  await page.keyboard.type('parcel', { delay: 15 });
  await eventually(async () => (await options(w).count()) >= 3, 4000, 'results');
  assert.equal(await w.search.getAttribute('aria-expanded'), 'true');
  assert.equal(await w.search.getAttribute('aria-controls'), 'sh-results');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const activeId = await w.search.getAttribute('aria-activedescendant');
  assert.equal(activeId, 'sh-opt-1');
  const second = w.root.locator(`#${activeId}`);
  assert.equal(await second.getAttribute('aria-selected'), 'true');
  assert.equal(await options(w).first().getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  assert.equal(await w.search.getAttribute('aria-activedescendant'), 'sh-opt-0');
  await page.keyboard.press('ArrowDown');
  const chosen = await second.locator('.sh-option-title').textContent();

  // Scroll the results a little, then open the second result.
  await w.root.locator('.sh-body').evaluate((b) => { b.scrollTop = 60; });
  const scrolled = await w.root.locator('.sh-body').evaluate((b) => b.scrollTop);
  await page.keyboard.press('Enter');
  await w.root.locator('.sh-article-title').waitFor();
  assert.equal(await w.root.locator('.sh-article-title').textContent(), chosen);
  await eventually(async () => (await focused(page))?.id === 'sh-article-title', 2000, 'focus moves to the article');
  await assertNoAxeViolations(page, 'article open');

  await w.root.getByRole('button', { name: 'Back' }).click();
  await w.search.waitFor();
  assert.equal(await w.search.inputValue(), 'parcel', 'the query is kept');
  await eventually(async () => (await w.root.locator('.sh-body').evaluate((b) => b.scrollTop)) === scrolled, 2000, 'scroll restored');
  await eventually(async () => (await focused(page))?.id === 'sh-q', 2000, 'focus back in the search field');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  assert.equal(await w.search.getAttribute('aria-activedescendant'), null, 'first Escape leaves the list');
  assert.ok(await w.dialog.isVisible());
  await page.keyboard.press('Escape');
  await w.dialog.waitFor({ state: 'hidden' });
});

test('"Did this answer your question?" is kept for the visit and told to the page', async () => {
  const { page, w } = await openHelp('sv');
  await page.evaluate(() => {
    window.verdicts = [];
    document.addEventListener('selfhelp:verdict', (e) => window.verdicts.push(e.detail));
  });
  await typeQuery(page, w, 'paketbox');
  await options(w).first().click();
  const article = await w.root.locator('.sh-article-title').textContent();
  await w.root.getByRole('button', { name: 'Nej' }).click();
  await w.root.getByText('Tråkigt att det inte hjälpte', { exact: false }).waitFor();
  const detail = (await page.evaluate(() => window.verdicts))[0];
  assert.equal(detail.helpful, 'no');
  assert.equal(title(detail.id, 'sv'), article);
  await w.root.getByRole('button', { name: 'Tillbaka' }).click();
  await options(w).first().click();
  await w.root.getByText('Tråkigt att det inte hjälpte', { exact: false }).waitFor();
  assert.equal(await w.root.getByRole('button', { name: 'Ja' }).count(), 0, 'not asked twice');
});

test('an empty field shows popular questions for the page; nothing found says what to try', async () => {
  const { page, w } = await openHelp('en');
  await w.root.locator('.sh-popular').waitFor();
  const popular = await w.root.locator('.sh-popular-list button').allTextContents();
  assert.ok(popular.includes(title('where-is-my-parcel', 'en')), popular.join(' | '));
  assert.ok(popular.length >= 3 && popular.length <= 5);
  await typeQuery(page, w, 'qwxzv blorf');
  await w.root.getByText('No articles match your search.').first().waitFor();
  assert.match(await w.root.locator('.sh-notice').first().textContent(), /tracking number/);
  await assertNoAxeViolations(page, 'no results');
});

test('a tracking number typed in the search is offered as tracking', async () => {
  const { page, w } = await openHelp('en');
  await typeQuery(page, w, '370724760120000898');
  const option = w.root.getByRole('option', { name: /Track this parcel: 370724760120000898/ });
  await option.waitFor();
  await page.keyboard.press('Enter');
  await eventually(async () => (await w.root.locator('.sh-parcel-headline').textContent().catch(() => '')) === 'Your parcel is ready to collect', 5000, 'tracked');
  assert.equal(await w.trackInput.inputValue(), '370724760120000898');
});

test('an English question on a Finnish page finds the English article, labelled as such', async () => {
  const { page, w } = await openHelp('fi');
  await typeQuery(page, w, 'where is my parcel');
  await eventually(async () => (await optionTitles(w))[0] === title('where-is-my-parcel', 'en'), 4000, 'English article');
  assert.equal(await options(w).first().locator('.sh-option-lang').textContent(), 'Englanniksi');
  await assertNoAxeViolations(page, 'results with a language label');
});

/** Serves a bundle of one article (in every language, found by "parcel") and opens it. */
async function openOnlyArticle(title, blocks) {
  const page = await openPage(ctx.browser);
  const bundle = {
    version: 1,
    articles: ['nb', 'sv', 'da', 'fi', 'en'].map((lang) => ({ id: 'only', lang, title, keywords: ['parcel'], category: 'tracking', blocks })),
  };
  await page.route('**/demo/faq*.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(bundle) }));
  await page.goto(`${ctx.server.origin}/`);
  const w = widget(page);
  await w.launcher.click();
  await typeQuery(page, w, 'parcel');
  await options(w).first().click();
  const body = w.root.locator('.sh-article-body');
  await body.waitFor();
  return { page, w, body };
}

test('articles render as text: raw HTML is shown, only safe links, external ones in a new tab', async () => {
  const { page, w, body } = await openOnlyArticle('Parcel <img src=x onerror=alert(1)>', [
    { P: [{ T: '<script>window.pwned = 1</script>' }] },
    { P: [{ A: ['javascript:window.pwned=2', [{ T: 'bad link' }]] }, { T: ' and ' }, { A: ['https://www.postnord.se/', [{ T: 'PostNord' }]] }, { T: ' and ' }, { A: ['mailto:help@example.com', [{ T: 'mail' }]] }] },
  ]);
  assert.match(await body.textContent(), /<script>window\.pwned = 1<\/script>/);
  assert.equal(await w.root.locator('.sh-article-title').textContent(), 'Parcel <img src=x onerror=alert(1)>');
  assert.equal(await w.root.locator('.sh-article img, .sh-article script').count(), 0);
  assert.equal(await body.locator('a').count(), 2, 'the javascript: link is text');
  const external = body.getByRole('link', { name: 'PostNord' });
  assert.equal(await external.getAttribute('target'), '_blank');
  assert.match(await external.getAttribute('rel'), /noopener/);
  assert.equal(await body.getByRole('link', { name: 'mail' }).getAttribute('target'), null);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
});

test('every kind of block and run renders as its element, nested as written', async () => {
  const { page, body } = await openOnlyArticle('Parcel kinds', [
    { H: [{ T: 'Before you go' }] },
    { P: [{ T: 'Bring ' }, { B: [{ I: [{ T: 'your ID' }] }] }, 'Br', { T: 'and the code ' }, { C: '1234' }, { T: '.' }] },
    { Ul: [[{ P: [{ T: 'one' }] }], [{ Quote: [{ Pre: 'line 1\nline 2' }] }]] },
    { Ol: [[{ P: [{ A: ['https://www.postnord.se/', [{ T: 'PostNord' }]] }] }]] },
  ]);
  const shape = await body.evaluate((node) => {
    // Elements and text only: the framework's comment markers are not what a buyer sees.
    const walk = (el) => [...el.childNodes].map((n) => (n.nodeType === 3 ? n.textContent : n.nodeType === 1 ? `<${n.localName}>${walk(n).join('')}</${n.localName}>` : ''));
    return walk(node).join('');
  });
  assert.equal(
    shape,
    '<h4>Before you go</h4><p>Bring <strong><em>your ID</em></strong><br></br>and the code <code>1234</code>.</p>' +
      '<ul><li><p>one</p></li><li><blockquote><pre>line 1\nline 2</pre></blockquote></li></ul>' +
      '<ol><li><p><a>PostNord</a></p></li></ol>',
  );
  assert.equal(await body.getByRole('link', { name: 'PostNord' }).getAttribute('href'), 'https://www.postnord.se/');
  await assertNoAxeViolations(page, 'article with every kind of block');
});

test('next steps after tracking link to the matching article', async () => {
  const { page, w } = await openHelp('da');
  await w.trackInput.fill('370724760120000898');
  await w.trackInput.press('Enter');
  const readMore = w.root.getByRole('button', { name: /^Læs mere: / }).first();
  await readMore.waitFor();
  const name = await readMore.getAttribute('aria-label');
  await readMore.click();
  await w.root.locator('.sh-article-title').waitFor();
  assert.equal(`Læs mere: ${await w.root.locator('.sh-article-title').textContent()}`, name);
  await assertNoAxeViolations(page, 'article from tracking');
});

test("the shop's own bundle replaces our article of the same id and adds its own", async () => {
  const { page, w } = await openHelp('en');
  await typeQuery(page, w, 'return');
  const titles = () => optionTitles(w);
  await eventually(async () => (await titles()).includes('How do I return something to Nordvik Hem?'), 4000, 'shop return policy');
  assert.ok(!(await titles()).includes(title('return-parcel', 'en')), 'the generic article is replaced');
  await typeQuery(page, w, 'when will my order arrive');
  await eventually(async () => (await titles()).includes('When will my Nordvik Hem order arrive?'), 4000, 'shop article added');
});
