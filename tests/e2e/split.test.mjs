// The release build comes in parts (issue #11): a buyer who only searches never downloads the
// contact screen's, the chat's or the tracking's code (split_*.wasm / chunk_*.wasm, fetched by
// __wasm_split.js). The contact screen's comes when the buyer points at or opens it; the chat's
// when the buyer reaches the contact screen, so Start chat is instant; the tracking's with the
// first lookup (or focus in the field), or on opening for a buyer with recent numbers, which it
// draws. When a download fails, the buyer
// reads so in plain words, with a button that tries again, and everything else keeps working.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launchBrowser, startServer, startStandin, openPage, widget, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

const DIST = resolve(fileURLToPath(import.meta.url), '../../../dist');
const isChunk = (url) => /\/(split|chunk)_[^/]*\.wasm$/.test(new URL(url).pathname);

let browser;
let server;
let standin;

before(async () => {
  standin = await startStandin();
  server = await startServer({ chatUrl: standin.url });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  standin?.stop();
});

/** The chat page, opened, with every lazy-loaded file the browser asked for in `page.chunks`. */
async function openChatPage() {
  const page = await openPage(browser);
  page.chunks = [];
  page.on('request', (request) => {
    if (isChunk(request.url())) page.chunks.push(new URL(request.url()).pathname);
  });
  await page.goto(`${server.origin}/test/chat.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  return { page, w };
}

async function searchAndSayNo(w) {
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
}

test('the release build has lazy-loaded contact, chat and tracking files', () => {
  const parts = readdirSync(DIST).filter((f) => /^split_.*\.wasm$/.test(f)).sort();
  assert.deepEqual(parts, ['split_chat.wasm', 'split_contact.wasm', 'split_tracking.wasm'], 'dist/ holds all three');
});

test('searching and reading downloads no chat code; the contact screen fetches it, and the chat works', async () => {
  await fetch(`${standin.url}/__standin/reset`, { method: 'POST' });
  const { page, w } = await openChatPage();
  await searchAndSayNo(w);
  await w.root.locator('.sh-article-title').first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(page.chunks, [], 'no contact, chat or tracking code for a buyer who searches and reads');

  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  await eventually(async () => page.chunks.includes('/split_contact.wasm'), 5000, 'the contact screen\'s code fetched');
  await eventually(async () => page.chunks.includes('/split_chat.wasm'), 5000, 'the chat code fetched on the contact screen');
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await eventually(async () => (await w.root.locator('.sh-conn').textContent()) === 'Connected', 8000, 'the chat connects');
  await w.root.locator('#sh-chat-input').fill('Where is my parcel?');
  await w.root.locator('#sh-chat-input').press('Enter');
  await eventually(async () => (await w.root.locator('.sh-msg .sh-msg-text').allTextContents()).includes('Where is my parcel?'), 5000, 'the message in the list');
  assert.deepEqual(page.errors, []);
});

test('when the chat code cannot download, the buyer reads why, can try again, and the rest still works', async () => {
  await fetch(`${standin.url}/__standin/reset`, { method: 'POST' });
  const { page, w } = await openChatPage();
  const warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
  let blocked = true;
  await page.route('**/split_chat.wasm', (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await searchAndSayNo(w);
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  await w.root.getByRole('button', { name: 'Start chat' }).click();

  const problem = w.root.getByRole('alert').filter({ hasText: 'The chat could not be loaded' });
  await problem.waitFor();
  assert.match(await problem.textContent(), /Check your connection and try again/);
  // The merchant is told which file, and what to check.
  await eventually(() => warnings.some((t) => t.startsWith("selfhelp: the widget's file split_chat.wasm could not be loaded")), 3000, 'the console warning');
  await assertNoAxeViolations(page, 'chat code failed to load');

  // The rest of the widget still works: back to search and tracking, search.
  await w.root.getByRole('button', { name: 'Back to search and tracking' }).click();
  await w.search.fill('return label');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();
  await w.trackInput.waitFor();

  // The chat is still there to return to; it tries again, and says so again while offline.
  await w.root.getByRole('button', { name: 'Back to your chat' }).click();
  await problem.waitFor();
  // Try again loads it once the network is back, and the chat starts with the trail.
  blocked = false;
  await w.root.getByRole('button', { name: 'Try again' }).click();
  await eventually(async () => (await w.root.locator('.sh-conn').textContent()) === 'Connected', 8000, 'the chat connects after Try again');
  await eventually(async () => (await w.root.locator('.sh-msg .sh-msg-text').allTextContents()).some((t) => /hentekode/i.test(t)), 5000, 'the trail still arrives as the first message');
  // Failed fetches log a console error in Chromium; nothing else may.
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
});

test('when the contact screen\'s code cannot download, the buyer reads why and Try again opens it', async () => {
  await fetch(`${standin.url}/__standin/reset`, { method: 'POST' });
  const { page, w } = await openChatPage();
  const warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
  let blocked = true;
  await page.route(isChunk, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await searchAndSayNo(w);
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();

  // The screen's title and the way back are there at once; the problem says what to do.
  await w.root.locator('#sh-contact-title').waitFor();
  const problem = w.root.getByRole('alert').filter({ hasText: 'The ways to reach us could not be loaded' });
  await problem.waitFor();
  assert.match(await problem.textContent(), /Check your connection and try again/);
  await eventually(() => warnings.some((t) => t.startsWith("selfhelp: the widget's file split_contact.wasm could not be loaded")), 3000, 'the console warning');
  await assertNoAxeViolations(page, 'contact code failed to load');

  blocked = false;
  await w.root.getByRole('button', { name: 'Try again' }).click();
  await w.root.getByRole('button', { name: 'Start chat' }).waitFor();
  await w.root.getByText('What we will share').waitFor();
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
});

test('the tracking code comes with the first lookup; when it cannot download, Try again works', async () => {
  const { page, w } = await openChatPage();
  const warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
  let blocked = true;
  await page.route(isChunk, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await w.trackInput.fill('RR747540648SE');
  await w.trackInput.press('Enter');
  await w.root.getByText('We could not reach tracking. Check your connection and try again.').waitFor();
  assert.equal(await w.trackInput.inputValue(), 'RR747540648SE', 'the number stays in the field');
  await eventually(() => warnings.some((t) => t.startsWith("selfhelp: the widget's file split_tracking.wasm could not be loaded")), 3000, 'the console warning');
  // Search still works meanwhile.
  await w.search.fill('return label');
  await w.root.locator('#sh-results').getByRole('option').first().waitFor();

  blocked = false;
  await w.root.getByRole('button', { name: 'Try again' }).click();
  await eventually(async () => (await w.root.locator('.sh-parcel-headline').first().textContent()) === 'Your parcel has been delivered', 8000, 'the parcel after Try again');
  assert.ok(page.chunks.includes('/split_tracking.wasm'));
  assert.ok(!page.chunks.includes('/split_chat.wasm'), 'tracking a parcel downloads no chat code');
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
});

test('a buyer who tracked before finds the recent numbers on the next visit, drawn by the tracking code; without it the field still works', async () => {
  const { page, w } = await openChatPage();
  await w.trackInput.fill('RR747540648SE');
  await w.trackInput.press('Enter');
  await w.root.locator('.sh-parcel-headline').first().waitFor();

  // The next visit: the chips come with the tracking code, fetched on open for this buyer only.
  page.chunks = [];
  await page.reload();
  await w.launcher.click();
  await w.dialog.waitFor();
  const chip = w.root.locator('.sh-chip', { hasText: 'RR747540648SE' });
  await chip.waitFor();
  assert.ok(page.chunks.includes('/split_tracking.wasm'));
  assert.deepEqual(page.chunks.filter((c) => c.startsWith('/split_')), ['/split_tracking.wasm'], 'no chat or contact code');
  await chip.click();
  await eventually(async () => (await w.root.locator('.sh-parcel-headline').first().textContent()) === 'Your parcel has been delivered', 5000, 'the re-check');

  // A visit on which the tracking code cannot download: no chips, a warning naming the file, a
  // lookup says so with Try again; once the file comes, even a lookup that finds nothing brings
  // the chips back.
  const warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
  let blocked = true;
  await page.route(isChunk, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await page.reload();
  await w.launcher.click();
  await w.dialog.waitFor();
  const warned = (t) => t.startsWith("selfhelp: the widget's file split_tracking.wasm could not be loaded");
  await eventually(() => warnings.filter(warned).length === 1, 3000, 'one console warning');
  assert.equal(await w.root.locator('.sh-chip').count(), 0);
  await w.trackInput.fill('370724760120099120'); // valid, unknown to the demo
  await w.trackInput.press('Enter');
  await w.root.getByText('We could not reach tracking. Check your connection and try again.').waitFor();
  blocked = false;
  await w.root.getByRole('button', { name: 'Try again' }).click();
  await w.root.locator('.sh-notice--problem').filter({ hasNotText: 'could not reach' }).waitFor();
  await w.root.locator('.sh-chip', { hasText: 'RR747540648SE' }).waitFor();
  await assertNoAxeViolations(page, 'recent numbers after the tracking code came late');
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
});

test('a lazy file whose server never answers ends at its deadline with Try again, not "Opening the chat…" for ever', async () => {
  await fetch(`${standin.url}/__standin/reset`, { method: 'POST' });
  const page = await openPage(browser);
  // The lazy files' deadline (30 s, scripts/split.sh), thirty times shorter for the test.
  await page.addInitScript(() => {
    const timeout = AbortSignal.timeout.bind(AbortSignal);
    AbortSignal.timeout = (ms) => timeout(ms / 30);
  });
  // The chat's code is never answered (the contact screen's warm-up, then Start chat's own
  // request) until the server is back.
  let hung = 0;
  let back = false;
  await page.route('**/split_chat.wasm', (route) => (back ? route.continue() : void hung++));
  await page.goto(`${server.origin}/test/chat.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  await searchAndSayNo(w);
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  const problem = w.root.getByRole('alert').filter({ hasText: 'The chat could not be loaded' });
  await problem.waitFor({ timeout: 10000 });
  assert.ok(hung >= 1);
  back = true;
  await w.root.getByRole('button', { name: 'Try again' }).click();
  await eventually(async () => (await w.root.locator('.sh-conn').textContent()) === 'Connected', 8000, 'the chat connects after Try again');
  assert.deepEqual(page.errors.filter((e) => !/abort|signal timed out|TimeoutError|Failed to fetch|net::/i.test(e)), []);
});
