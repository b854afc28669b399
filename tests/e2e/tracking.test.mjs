// Parcel tracking end to end on the demo shop: every PostNord status as the buyer reads it,
// input validation before any request, every failure a proxy can produce (intercepted), delivery
// feedback, recent numbers, events, keyboard-only use and axe.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  useServerAndBrowser, openPage, widget, focused, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

const ctx = useServerAndBrowser();

const fixture = (name) => readFile(new URL(`../../public/demo/tracking/${name}`, import.meta.url), 'utf8');

/** The demo page with the panel open, and a counter of tracking requests. */
async function openTracker(options = {}) {
  const page = await openPage(ctx.browser, undefined, options);
  page.trackingRequests = [];
  page.on('request', (r) => {
    if (r.url().includes('/demo/tracking/')) page.trackingRequests.push(new URL(r.url()).pathname);
  });
  await page.goto(`${ctx.server.origin}/`);
  const w = widget(page);
  if (options.lang) await page.evaluate((l) => document.getElementById('help').setLang(l), options.lang);
  await w.launcher.click();
  await w.dialog.waitFor();
  return { page, w };
}

async function track(w, id) {
  await w.trackInput.fill(id);
  await w.trackInput.press('Enter');
}

const headline = (w) => w.root.locator('.sh-parcel-headline').first();
const problem = (w) => w.root.locator('.sh-notice--problem');

const HEADLINES = {
  '370724760120010217': 'The shop has booked your delivery',
  '370724760120010385': 'PostNord has been told about your parcel',
  '370735419000044175': 'Your parcel is on its way',
  '370724760120000898': 'Your parcel is ready to collect',
  '370724760120011443': 'Your parcel is waiting in a parcel locker',
  CP371540625DE: 'Your parcel is delayed',
  '370735419000045233': 'Your parcel may be delayed',
  RR747540648SE: 'Your parcel has been delivered',
  '370735419000046186': 'We could not deliver your parcel',
  RB123456785GB: 'The delivery was refused',
  '370724760120012501': 'Your parcel is going back to the sender',
  CX806123945US: 'Your parcel has been stopped',
  '70724760120000880': 'Your parcels are travelling separately',
  '370735419000047022': 'The latest on your parcel',
  '370724760120013669': 'The latest on your parcel',
  '370731102400001575': 'Your parcel is ready to collect',
  '370724760120014727': 'Your parcel has been delivered',
};

test('every demo parcel shows its status in plain words, its history and what to do next', async () => {
  const { page, w } = await openTracker();
  for (const [id, words] of Object.entries(HEADLINES)) {
    await track(w, id);
    await eventually(async () => (await w.root.locator('.sh-parcel-id').first().textContent().catch(() => '')) === id, 5000, id);
    assert.equal(await headline(w).textContent(), words, id);
    assert.ok(await w.root.locator('.sh-steps li').count() >= 1, `${id} has next steps`);
    assert.ok(await w.root.locator('.sh-timeline li').count() >= 1, `${id} has a history`);
  }
  assert.deepEqual(page.errors, []);
});

test('ready for pickup: where, until when, opening hours, a map, and what to bring', async () => {
  const { page, w } = await openTracker();
  await track(w, '370724760120000898');
  await headline(w).waitFor();
  const parcel = w.root.locator('.sh-parcel');
  assert.match(await parcel.textContent(), /Collect before\s*Wednesday 26 November 2025/);
  assert.doesNotMatch(await parcel.textContent(), /Expected delivery/, 'no estimate once it has arrived');
  assert.equal(await parcel.locator('.sh-pickup-name').textContent(), 'ICA Supermarket Söder');
  assert.match(await parcel.locator('.sh-pickup-address').textContent(), /Götgatan 58\s*11826 Stockholm/);
  assert.match(await parcel.locator('.sh-today').textContent(), /^(Open today \d\d:\d\d–\d\d:\d\d|Closed today)$/);
  await parcel.getByText('Opening hours').click();
  assert.equal(await parcel.locator('.sh-hours tr').count(), 7);
  assert.match(await parcel.locator('.sh-hours tr').first().textContent(), /Monday\s*07:00–22:00/);
  const map = parcel.getByRole('link', { name: /Show on map/ });
  assert.match(await map.getAttribute('href'), /^https:\/\/www\.openstreetmap\.org\/\?mlat=59\.31356&mlon=18\.07301/);
  assert.equal(await map.getAttribute('target'), '_blank');
  assert.match(await map.getAttribute('rel'), /noopener/);
  assert.match(await parcel.locator('.sh-steps').textContent(), /Bring a valid photo ID/);
  assert.match(await parcel.locator('.sh-steps').textContent(), /7 days/);

  const events = parcel.locator('.sh-timeline li');
  assert.equal(await events.count(), 3, 'three newest shown');
  const showAll = parcel.getByRole('button', { name: /Show all \(\d+\)/ });
  const total = Number((await showAll.textContent()).match(/\d+/)[0]);
  await showAll.click();
  assert.equal(await events.count(), total);
  assert.match(await events.first().textContent(), /18 Nov, 11:30/, 'newest first');
  await assertNoAxeViolations(page, 'ready for pickup, hours open');
});

test('a split shipment shows each parcel; a delivered one asks for feedback', async () => {
  const { w } = await openTracker();
  await track(w, '70724760120000880');
  await headline(w).waitFor();
  assert.equal(await w.root.locator('.sh-items li').count(), 3);
  await track(w, 'RR747540648SE');
  await eventually(async () => (await headline(w).textContent()) === HEADLINES.RR747540648SE, 5000, 'delivered');
  assert.match(await w.root.locator('.sh-parcel').textContent(), /Delivered\s*Friday 14 November 2025, 15:22/);
  assert.equal(await w.root.getByRole('group', { name: 'Your rating' }).count(), 1);
});

test('numbers that cannot be right are explained in the buyer\'s language and never sent', async () => {
  const { page, w } = await openTracker({ lang: 'sv' });
  const cases = [
    ['RB123456786US', 'Numret stämmer inte. Kontrollera att du har skrivit rätt.'],
    ['12345', 'Numret är för kort: kollinummer har minst 10 tecken.'],
    ['RR74754064$SE', '”$” kan inte ingå i ett kollinummer. Använd bara bokstäver och siffror.'],
    ['', 'Ange ett kollinummer.'],
  ];
  for (const [typed, message] of cases) {
    await track(w, typed);
    await eventually(async () => (await w.root.locator('#sh-t-error').textContent()) === message, 3000, message);
    assert.equal(await w.trackInput.inputValue(), typed, 'the field keeps what was typed');
    assert.equal(await w.trackInput.getAttribute('aria-invalid'), 'true');
  }
  assert.deepEqual(page.trackingRequests, [], 'no invalid number reached the network');
  // Typed with spaces and lower case, it is normalised and found.
  await track(w, 'rr 7475 4064 8se');
  await eventually(async () => (await headline(w).textContent().catch(() => '')) === 'Ditt paket är levererat', 5000, 'sv headline');
  assert.equal(await w.trackInput.getAttribute('aria-invalid'), null);
  assert.deepEqual(page.trackingRequests, ['/demo/tracking/RR747540648SE.json']);
});

test('a pasted number is tracked at once', async () => {
  const { w } = await openTracker();
  await w.trackInput.focus();
  await w.trackInput.evaluate((input) => {
    input.value = '370735419000044175';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new ClipboardEvent('paste', { bubbles: true }));
  });
  await eventually(async () => (await headline(w).textContent().catch(() => '')) === HEADLINES['370735419000044175'], 5000, 'pasted');
});

/** Answers tracking requests with `respond(n)` for the n-th request (1-based). */
async function intercept(page, respond) {
  let n = 0;
  await page.route('**/demo/tracking/*.json*', async (route) => {
    n += 1;
    const answer = await respond(n, route);
    if (answer) await route.fulfill(answer);
  });
  return () => n;
}

test('500 then success: retried once, automatically', async () => {
  const { page, w } = await openTracker();
  const body = await fixture('370735419000044175.json');
  const count = await intercept(page, (n) => (n === 1 ? { status: 500, body: '' } : { status: 200, body, contentType: 'application/json' }));
  await track(w, '370735419000044175');
  await eventually(async () => (await headline(w).textContent().catch(() => '')) === HEADLINES['370735419000044175'], 8000, 'after retry');
  assert.equal(count(), 2);
});

test('500 twice: tracking unavailable, with a way to try again', async () => {
  const { page, w } = await openTracker();
  const count = await intercept(page, () => ({ status: 500, body: '' }));
  await track(w, '370735419000044175');
  await problem(w).waitFor();
  assert.match(await problem(w).textContent(), /Tracking is unavailable right now/);
  assert.equal(count(), 2, 'one automatic retry, no more');
  await problem(w).getByRole('button', { name: 'Try again' }).click();
  await eventually(() => count() === 4, 5000, 'the buyer retried');
});

test('429 honours Retry-After and says so; no automatic retry', async () => {
  const { page, w } = await openTracker();
  const count = await intercept(page, () => ({ status: 429, headers: { 'retry-after': '30' }, body: '' }));
  await track(w, '370735419000044175');
  await problem(w).waitFor();
  assert.match(await problem(w).textContent(), /Too many lookups right now\. Try again in 30 seconds\./);
  await page.waitForTimeout(1200);
  assert.equal(count(), 1);
});

test('403 means tracking is unavailable, not a wrong number', async () => {
  const { page, w } = await openTracker();
  await intercept(page, () => ({ status: 403, body: 'Forbidden' }));
  await track(w, '370735419000044175');
  await problem(w).waitFor();
  const text = await problem(w).textContent();
  assert.match(text, /Tracking is unavailable right now/);
  assert.doesNotMatch(text, /could not find/);
});

for (const [name, make, expected] of [
  ['malformed JSON', async () => ({ status: 200, body: '{"TrackingInformationResponse": {"shipments": [' }), /answer we could not read/],
  ['huge JSON', async () => ({ status: 200, body: `{"x":"${'a'.repeat(3 * 1024 * 1024)}"}` }), /answer we could not read/],
  ['empty shipments', async () => ({ status: 200, body: await fixture('empty-shipments.json') }), /could not find a parcel[\s\S]*handed over to PostNord/],
  ['a fault response', async () => ({ status: 200, body: await fixture('fault-invalid-identifier.json') }), /could not find a parcel/],
]) {
  test(`${name}: a clear message, never a crash`, async () => {
    const { page, w } = await openTracker();
    await intercept(page, make);
    await track(w, '370735419000044175');
    await eventually(async () => expected.test(await w.root.locator('.sh-track-result').textContent()), 5000, name);
    assert.deepEqual(page.errors, []);
  });
}

test('a timeout after 10 s says so', async () => {
  const { page, w } = await openTracker();
  await page.clock.install();
  await intercept(page, () => null); // never answers
  await track(w, '370735419000044175');
  await w.root.locator('.sh-loading').waitFor();
  await page.clock.fastForward(10_500);
  await problem(w).waitFor();
  assert.match(await problem(w).textContent(), /taking too long/);
});

test('a new number cancels the lookup in flight', async () => {
  const { page, w } = await openTracker();
  const aborted = [];
  page.on('requestfailed', (r) => aborted.push(new URL(r.url()).pathname));
  const body = await fixture('RR747540648SE.json');
  await intercept(page, (n) => (n === 1 ? null : { status: 200, body }));
  await track(w, '370735419000044175');
  await w.root.locator('.sh-loading').waitFor();
  await track(w, 'RR747540648SE');
  await eventually(async () => (await headline(w).textContent().catch(() => '')) === HEADLINES.RR747540648SE, 5000, 'second');
  await eventually(() => aborted.includes('/demo/tracking/370735419000044175.json'), 3000, 'first request aborted');
});

test('delivery feedback: a failed send keeps the text, then it is sent exactly once', async () => {
  const { page, w } = await openTracker();
  const posts = [];
  await page.route('**/demo/feedback', async (route) => {
    posts.push(route.request().postDataJSON());
    await route.fulfill({ status: posts.length === 1 ? 500 : 204, body: '' });
  });
  await track(w, 'RR747540648SE');
  await headline(w).waitFor();
  const form = w.root.locator('.sh-feedback');
  await form.getByRole('button', { name: 'Send feedback' }).click();
  assert.equal(await form.getByRole('alert').first().textContent(), 'Choose a rating from 1 to 5.');
  await form.getByRole('radio', { name: '4 of 5' }).check();
  await form.getByLabel('Comment (optional)').fill('Left by the door, all good');
  await form.getByRole('button', { name: 'Send feedback' }).click();
  await eventually(async () => /could not be sent/.test(await form.textContent()), 5000, 'failure shown');
  assert.equal(await form.getByLabel('Comment (optional)').inputValue(), 'Left by the door, all good');
  await form.getByRole('button', { name: 'Send feedback' }).click();
  await w.root.getByText('Customer service reads every piece of feedback.', { exact: false }).waitFor();
  assert.equal(posts.length, 2);
  assert.deepEqual(posts[1], { shipmentId: 'RR747540648SE', rating: 4, comment: 'Left by the door, all good', lang: 'en', market: 'se' });
});

test('recent numbers: only after success, one tap to re-check, clearable; events mask the number', async () => {
  const { page, w } = await openTracker();
  await page.evaluate(() => {
    window.tracked = [];
    document.addEventListener('selfhelp:track', (e) => window.tracked.push(e.detail));
  });
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await track(w, '370724760120099120'); // valid but unknown
  await problem(w).waitFor();
  assert.equal(await w.root.locator('.sh-chip').count(), 0, 'an unknown number is not remembered');
  await track(w, 'RR747540648SE');
  await headline(w).waitFor();
  await track(w, '370724760120000898');
  await eventually(async () => (await w.root.locator('.sh-chip').count()) === 2, 3000, 'two chips');
  assert.deepEqual(await w.root.locator('.sh-chip').allTextContents(), ['370724760120000898', 'RR747540648SE']);
  await w.root.locator('.sh-chip', { hasText: 'RR747540648SE' }).click();
  await eventually(async () => (await headline(w).textContent()) === HEADLINES.RR747540648SE, 5000, 're-check');
  const tracked = await page.evaluate(() => window.tracked);
  assert.deepEqual(tracked[0], { id: '37**************20', result: 'not-found' });
  assert.deepEqual(tracked[1], { id: 'RR*********SE', result: 'found', status: 'DELIVERED' });
  await w.root.getByRole('button', { name: 'Clear recently tracked numbers' }).click();
  assert.equal(await w.root.locator('.sh-chip').count(), 0);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
});

test('keyboard only: open, type, Enter, read the result; zero axe violations with an error too', async () => {
  const { page, w } = await openTracker();
  for (let i = 0; i < 6 && (await focused(page))?.id !== 'sh-t'; i++) await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'sh-t');
  await page.keyboard.type('370724760120011443');
  await page.keyboard.press('Enter');
  await eventually(async () => (await headline(w).textContent().catch(() => '')) === HEADLINES['370724760120011443'], 5000, 'locker');
  assert.match(await w.root.locator('.sh-steps').textContent(), /No ID card is needed/);
  await assertNoAxeViolations(page, 'locker result');
  await w.trackInput.fill('RB123456786US');
  await page.keyboard.press('Enter');
  await w.root.locator('#sh-t-error').getByText('does not add up').waitFor();
  await assertNoAxeViolations(page, 'invalid number');
});

const READY = {
  nb: 'Pakken din er klar til henting',
  sv: 'Ditt paket kan hämtas',
  da: 'Din pakke er klar til afhentning',
  fi: 'Pakettisi on noudettavissa',
  en: 'Your parcel is ready to collect',
};
for (const [lang, words] of Object.entries(READY)) {
  test(`in ${lang}: the demo parcels read in ${lang}, with dates in its format`, async () => {
    const { page, w } = await openTracker({ lang });
    await track(w, '370724760120000898');
    await eventually(async () => (await headline(w).textContent().catch(() => '')) === words, 5000, words);
    const date = await w.root.locator('.sh-fact dd').first().textContent();
    const expected = { nb: 'onsdag 26. november 2025', sv: 'onsdag 26 november 2025', da: 'onsdag den 26. november 2025', fi: 'keskiviikko 26.11.2025', en: 'Wednesday 26 November 2025' };
    assert.equal(date, expected[lang]);
    for (const id of Object.keys(HEADLINES)) {
      await track(w, id);
      await eventually(async () => (await w.root.locator('.sh-parcel-id').first().textContent().catch(() => '')) === id, 5000, id);
    }
    assert.deepEqual(page.errors, []);
  });
}
