// Escalation only when self-help has not solved it: contact stays hidden until the buyer says an
// article did not help (or asks for a person, or a parcel is in trouble); the trail is shown and
// can be trimmed before it is handed to the chat already on the page.
import assert from 'node:assert/strict';
import {
  useServerAndBrowser, openPage, widget, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

const ctx = useServerAndBrowser();

/** The demo page, panel open, with recording stand-ins for vendor chat globals. */
async function openHelp(globals = []) {
  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.server.origin}/test/handoff.html`);
  await page.evaluate((names) => {
    window.calls = [];
    const record = (name) => (...args) => window.calls.push([name, ...args]);
    if (names.includes('zE')) window.zE = record('zE');
    if (names.includes('Intercom')) window.Intercom = record('Intercom');
    if (names.includes('fcWidget')) window.fcWidget = { open: record('fcWidget.open'), user: { setProperties: record('fcWidget.user.setProperties') } };
    if (names.includes('$chatwoot')) window.$chatwoot = { setCustomAttributes: record('$chatwoot.setCustomAttributes'), toggle: record('$chatwoot.toggle') };
  }, globals);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  return { page, w };
}

const contactButton = (w) => w.root.getByRole('button', { name: 'Contact customer service' });

async function readAndSayNo(page, w, query) {
  await w.search.fill(query);
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.locator('.sh-article-title').waitFor();
  assert.equal(await contactButton(w).count(), 0, 'no contact before the verdict');
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
}

test('contact is hidden until an article did not help, then offered with the trail', async () => {
  const { page, w } = await openHelp(['Intercom']);
  await w.root.locator('.sh-popular').waitFor();
  assert.equal(await contactButton(w).count(), 0, 'hidden at first');
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  assert.equal(await contactButton(w).count(), 0, 'still hidden while self-help is being tried');

  await readAndSayNo(page, w, 'hentekode');
  await contactButton(w).click();
  await w.root.locator('#sh-contact-title').waitFor();
  const items = await w.root.locator('.sh-trail-list li > span').allTextContents();
  assert.equal(items.length, 2);
  assert.match(items[0], /^Searched: “hentekode” \(\d+ results\)$/);
  assert.equal(items[1], 'Read: Hvor finner jeg hentekoden? (did not help)');
  assert.match(await w.root.locator('.sh-hours-now').textContent(), /^(Open now, until \d\d:\d\d|Closed now\. Opens .+\.)/);
  await assertNoAxeViolations(page, 'contact screen');

  // The buyer removes the search before sharing.
  await w.root.getByRole('button', { name: /^Remove: Searched/ }).click();
  assert.equal(await w.root.locator('.sh-trail-list li').count(), 1);
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await w.root.getByText('The chat has opened with what you tried.').waitFor();
  const calls = await page.evaluate(() => window.calls);
  assert.equal(calls.length, 1);
  assert.equal(calls[0][0], 'Intercom');
  assert.equal(calls[0][1], 'showNewMessage');
  assert.match(calls[0][2], /Read: Hvor finner jeg hentekoden\? — did not help/);
  assert.doesNotMatch(calls[0][2], /Searched/, 'what the buyer removed is not shared');
});

test('selfhelp:escalate carries the trail; a page that handles it takes the conversation', async () => {
  const { page, w } = await openHelp(['Intercom']);
  await page.evaluate(() => {
    document.addEventListener('selfhelp:escalate', (e) => {
      window.escalated = e.detail;
      e.preventDefault();
    });
  });
  await w.trackInput.fill('CP371540625DE');
  await w.trackInput.press('Enter');
  await w.root.locator('.sh-parcel-headline').waitFor();
  await contactButton(w).click(); // a delayed parcel is reason enough
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await w.root.getByText('The chat has opened with what you tried.').waitFor();
  const detail = await page.evaluate(() => window.escalated);
  assert.match(detail.summary, /Tracked: CP371540625DE — DELAYED/);
  assert.equal(detail.attributes.selfhelp_tracking, 'CP371540625DE:DELAYED');
  assert.equal(detail.trail.market, 'se');
  assert.deepEqual(await page.evaluate(() => window.calls), [], 'the page handled it: no vendor call');
});

for (const [global, expected] of [
  ['zE', [['zE', 'messenger:set', 'conversationTags', ['selfhelp']], ['zE', 'messenger', 'open']]],
  ['fcWidget', [['fcWidget.user.setProperties'], ['fcWidget.open']]],
  ['$chatwoot', [['$chatwoot.setCustomAttributes'], ['$chatwoot.toggle', 'open']]],
]) {
  test(`hand-off opens ${global} with the trail`, async () => {
    const { page, w } = await openHelp([global]);
    await w.search.fill('kundeservice');
    await contactButton(w).waitFor(); // asking for a person: answers first, contact after them
    assert.ok(await w.root.locator('#sh-results').getByRole('option').count() > 0, 'answers are still shown');
    await contactButton(w).click();
    await w.root.getByRole('button', { name: 'Start chat' }).click();
    await w.root.getByText('The chat has opened with what you tried.').waitFor();
    const calls = await page.evaluate(() => window.calls);
    assert.deepEqual(calls.map((c) => c.slice(0, expected[calls.indexOf(c)].length)), expected);
    if (global !== 'zE') assert.match(JSON.stringify(calls[0]), /selfhelp_searches/);
  });
}

test('with no chat on the page the buyer is told so, not left waiting', async () => {
  const { page, w } = await openHelp([]);
  await readAndSayNo(page, w, 'return');
  await contactButton(w).click();
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await w.root.getByText('Chat is not available here right now', { exact: false }).waitFor();
});

test('leaving the page sends the visit outcome as anonymous counts', async () => {
  const { page, w } = await openHelp([]);
  await page.evaluate(() => {
    window.outcomes = [];
    document.addEventListener('selfhelp:outcome', (e) => window.outcomes.push(e.detail.outcome));
  });
  await w.trackInput.fill('370724760120000898');
  await w.trackInput.press('Enter');
  await w.root.locator('.sh-parcel-headline').waitFor();
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'Yes', exact: true }).click();
  assert.deepEqual(await page.evaluate(() => window.outcomes), ['solved-by-tracking', 'solved-by-article']);
  await page.goto('about:blank');
  const received = async () => (await (await fetch(`${ctx.server.origin}/demo/analytics`)).json()).filter((b) => b.includes('"articles":1') && b.includes('"lookups":1'));
  const beacons = await eventually(async () => { const b = await received(); return b.length === 1 && b; }, 5000, 'the beacon');
  const record = JSON.parse(beacons[0]);
  assert.deepEqual(record, { v: 1, outcome: 'solved-by-article', lang: 'en', market: 'se', context: 'order-confirmation', searches: 1, articles: 1, lookups: 1, emptySearches: 0 });
  assert.doesNotMatch(beacons[0], /hentekode|370724760120000898/, 'no query text, no tracking number');
});

test('the beacon names the articles answered "No" by id and counts the searches that found nothing', async () => {
  const { page, w } = await openHelp([]);
  await w.search.fill('qzxv wwkj');
  await page.waitForTimeout(1500); // the search settles: it counts as one that found nothing
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
  await page.goto('about:blank');
  const received = async () => (await (await fetch(`${ctx.server.origin}/demo/analytics`)).json()).filter((b) => b.includes('notHelpful'));
  const beacons = await eventually(async () => { const b = await received(); return b.length === 1 && b; }, 5000, 'the beacon');
  const record = JSON.parse(beacons[0]);
  assert.equal(record.emptySearches, 1);
  assert.equal(record.notHelpful.length, 1);
  assert.match(record.notHelpful[0], /^[a-z0-9-]+$/);
  assert.doesNotMatch(beacons[0], /hentekode|qzxv/, 'no query text');
});
