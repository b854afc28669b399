// The built-in chat against the truthful Chatwoot stand-in (tools/chat-standin) and a network that
// hangs, cuts and fails: one test per numbered case of issue #9. Each asserts what the buyer sees
// and, where messages are sent, that each is stored exactly once (GET /__standin/messages).
import assert from 'node:assert/strict';
import {
  launchBrowser, startServer, startStandin, openPage, widget, eventually, assertNoAxeViolations, test, before, after
} from './harness.mjs';

let browser;
let server;
let standin;
let chatUrl;

before(async () => {
  standin = await startStandin();
  chatUrl = standin.url;
  server = await startServer({ chatUrl });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  standin?.stop();
});

const control = async (path, body) => {
  const r = await fetch(`${chatUrl}/__standin/${path}`, {
    method: 'POST',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(r.ok, `${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
};
const stored = async () => {
  const r = await fetch(`${chatUrl}/__standin/messages`);
  const body = await r.json();
  return Array.isArray(body) ? body : body.messages || [];
};
const copies = async (content) => (await stored()).filter((m) => m.content === content).length;
const conversationId = async () => (await stored()).at(-1).conversation_id;

async function openChatPage(name = 'chat', context) {
  const page = context ? await context.newPage() : await openPage(browser);
  page.errors ??= [];
  page.warnings = [];
  page.on('console', (msg) => { if (msg.type() === 'warning') page.warnings.push(msg.text()); });
  await page.goto(`${server.origin}/test/${name}.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  return { page, w };
}

async function startChat(w) {
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await w.root.locator('#sh-chat-title').waitFor();
}

const conn = (w) => w.root.locator('.sh-conn').textContent();
const bubbles = (w) => w.root.locator('.sh-msg .sh-msg-text').allTextContents();
const pending = (w) => w.root.locator('.sh-msg--pending').count();
const connected = (w, ms = 8000) => eventually(async () => (await conn(w)) === 'Connected', ms, 'connected');
async function say(w, text) {
  const input = w.root.locator('#sh-chat-input');
  await input.fill(text);
  await input.press('Enter');
}
async function assertShownOnce(w) {
  const texts = await bubbles(w);
  assert.equal(new Set(texts).size, texts.length, `shown twice: ${JSON.stringify(texts)}`);
}

test('1. a request that never answers does not block the chat: resent after its deadline, stored once, shown once', async () => {
  await control('reset');
  const { page, w } = await openChatPage();
  await startChat(w);
  await connected(w);
  await eventually(async () => (await pending(w)) === 0, 8000, 'trail sent');
  await control('hang?count=1&route=messages');
  await say(w, 'Is my parcel lost?');
  await say(w, 'Hello?');
  await assertShownOnce(w);
  await eventually(async () => (await pending(w)) === 0, 25000, 'both sent after the hung request gave up');
  assert.equal(await copies('Is my parcel lost?'), 1);
  assert.equal(await copies('Hello?'), 1);
  await assertShownOnce(w);
  assert.deepEqual(page.errors, []);
});

test('2. a 500 at contact creation is not terminal: the chat starts, the trail arrives once', async () => {
  await control('reset');
  await control('fail?status=500&count=2&route=contacts');
  const { w } = await openChatPage();
  await startChat(w);
  await say(w, 'typed while it starts');
  assert.doesNotMatch(await conn(w), /offline/);
  await connected(w, 15000);
  await eventually(async () => (await pending(w)) === 0, 10000, 'sent');
  assert.equal(await copies('typed while it starts'), 1);
  assert.equal((await stored()).filter((m) => /did not help/.test(m.content || '')).length, 1);
});

test('2. a 500 at conversation creation and a reload: the chat resumes and starts', async () => {
  await control('reset');
  await control('fail?status=500&count=3&route=conversations');
  const context = await browser.newContext();
  const { page, w } = await openChatPage('chat', context);
  await startChat(w);
  await say(w, 'kept over a reload');
  await page.reload();
  const again = widget(page);
  await again.launcher.click();
  await again.root.locator('#sh-chat-title').waitFor();
  await connected(again, 20000);
  await eventually(async () => (await pending(again)) === 0, 10000, 'sent');
  assert.equal(await copies('kept over a reload'), 1);
  await context.close();
});

test('2. an unknown inbox: the merchant is told once, the buyer is offered another way, nothing typed is lost', async () => {
  await control('reset');
  const { page, w } = await openChatPage('chat-unknown-inbox');
  await page.evaluate(() => {
    window.chatErrors = [];
    document.addEventListener('selfhelp:error', (e) => { if (e.detail.area === 'chat') window.chatErrors.push(e.detail); });
  });
  await startChat(w);
  await say(w, 'my question about the parcel');
  await w.root.getByText('The chat cannot start right now.', { exact: false }).waitFor({ timeout: 15000 });
  assert.ok((await bubbles(w)).includes('my question about the parcel'), 'what was typed is still shown');
  await eventually(async () => page.warnings.some((t) => t.startsWith('selfhelp:') && t.includes('chat-inbox')), 5000, 'a console warning');
  await new Promise((r) => setTimeout(r, 4000));
  assert.equal(page.warnings.filter((t) => t.includes('chat-inbox')).length, 1, 'told once');
  assert.deepEqual(await page.evaluate(() => window.chatErrors), [{ area: 'chat', kind: 'not-found', detail: 'chat-inbox' }]);
  await assertNoAxeViolations(page, 'chat cannot start');
  // The message form would go to the same unknown inbox: only the page's own chat is offered.
  assert.equal(await w.root.getByRole('button', { name: 'Leave a message instead' }).count(), 0);
  await w.root.getByRole('button', { name: "Open the shop's own chat" }).click();
  await w.root.getByText('Chat is not available here right now.', { exact: false }).waitFor();
  // The way back to search and tracking is always there.
  await w.root.getByRole('button', { name: 'Back to search and tracking' }).click();
  await w.search.waitFor();
  await w.root.getByRole('button', { name: 'Back to your chat' }).click();
  await w.root.locator('#sh-chat-title').waitFor();
});

test('2. an unreachable start: after three failures the buyer may leave a message, with what they wrote', async () => {
  await control('reset');
  await control('fail?status=502&count=4&route=contacts');
  const { page, w } = await openChatPage();
  await startChat(w);
  await say(w, 'please help with my parcel');
  await w.root.getByRole('button', { name: 'Leave a message instead' }).click({ timeout: 20000 });
  assert.match(await w.root.locator('#sh-off-message').inputValue(), /please help with my parcel/);
  // The chat's field and the form's are both on screen: each has its own name.
  assert.match(await w.root.getByLabel('Your message', { exact: true }).getAttribute('id'), /^sh-chat-input$/);
  assert.equal(await w.root.getByLabel('Your message to customer service').getAttribute('id'), 'sh-off-message');
  await assertNoAxeViolations(page, 'chat cannot start, message form');
  // It kept trying: once the backend answers, the chat starts and the messages go once.
  await connected(w, 30000);
  await eventually(async () => (await pending(w)) === 0, 10000, 'sent');
  assert.equal(await copies('please help with my parcel'), 1);
});

test('3 and 8. presence says "online", the agent\'s first message says who joined, by available_name', async () => {
  await control('reset');
  const { page, w } = await openChatPage();
  await startChat(w);
  await connected(w);
  await eventually(async () => /Sanna has joined the chat\./.test(await w.root.locator('.sh-chat > .sh-hint[aria-live]').textContent()), 10000, 'joined');
  const names = await w.root.locator('.sh-msg:not(.sh-msg--mine) .sh-msg-who').allTextContents();
  assert.ok(names.length > 0 && names.every((n) => n === 'Sanna'), JSON.stringify(names));
  await assertNoAxeViolations(page, 'chat with an agent');
});

test('3. subscribing is not joining: "online" until an agent writes, then who joined', async () => {
  // A stand-in whose agent takes a minute, so the moment between subscribing and her first
  // message can be looked at.
  const slow = await startStandin(60000);
  const slowUrl = slow.url;
  const slowServer = await startServer({ chatUrl: slowUrl });
  try {
    const page = await openPage(browser);
    await page.goto(`${slowServer.origin}/test/chat.html`);
    const w = widget(page);
    await w.launcher.click();
    await startChat(w);
    await connected(w);
    const hint = w.root.locator('.sh-chat > .sh-hint[aria-live]');
    await eventually(async () => /Someone from customer service is online\./.test(await hint.textContent()), 5000, 'online');
    assert.doesNotMatch(await hint.textContent(), /joined/);
    const all = await (await fetch(`${slowUrl}/__standin/messages`)).json();
    const id = (Array.isArray(all) ? all : all.messages).at(-1).conversation_id;
    await fetch(`${slowUrl}/__standin/agent-message?conversation=${id}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'Hei, Sanna her.' }),
    });
    await eventually(async () => /Sanna has joined the chat\./.test(await hint.textContent()), 5000, 'joined');
    await assertNoAxeViolations(page, 'agent online, then joined');
  } finally {
    await slowServer.close();
    slow.stop();
  }
});

test('4 and 5. a reload pages the whole history back, in order, and a resolved conversation stays resolved', async () => {
  await control('reset');
  const context = await browser.newContext();
  const { page, w } = await openChatPage('chat', context);
  await startChat(w);
  await connected(w);
  await eventually(async () => (await w.root.locator('.sh-msg:not(.sh-msg--mine)').count()) >= 1, 8000, 'agent reply');
  const id = await conversationId();
  await control(`seed?conversation=${id}&count=45`);
  await control(`status?conversation=${id}&status=resolved`);
  await w.root.getByText('The conversation is closed.', { exact: false }).waitFor();
  await page.reload();
  const again = widget(page);
  await again.launcher.click();
  await again.root.locator('#sh-chat-title').waitFor();
  const all = (await stored()).filter((m) => !m.private && m.message_type !== 2);
  await eventually(async () => (await bubbles(again)).length === all.length, 15000, `all ${all.length} messages`);
  assert.deepEqual(await bubbles(again), all.map((m) => m.content));
  await again.root.getByText('The conversation is closed.', { exact: false }).waitFor();
  await assertNoAxeViolations(page, 'resolved chat with history');
  await context.close();
});

test('6 and 7. attachments show (image with alt text, file as a link) and an input_select is answered', async () => {
  await control('reset');
  const { page, w } = await openChatPage();
  await startChat(w);
  await connected(w);
  const id = await conversationId();
  await control(`agent-message?conversation=${id}`, {
    attachments: [
      { file_type: 'image', data_url: `${server.origin}/demo/label.png` },
      { file_type: 'file', data_url: `${server.origin}/demo/receipt.pdf` },
    ],
  });
  await w.root.locator('img.sh-msg-image[alt="Image: label.png"]').waitFor();
  assert.equal(await w.root.getByRole('link', { name: 'receipt.pdf' }).count(), 1);
  await control(`agent-message?conversation=${id}`, {
    content: 'What is it about?',
    message_type: 3,
    content_type: 'input_select',
    content_attributes: { items: [{ title: 'A return', value: 'return' }, { title: 'Something else', value: 'other' }] },
  });
  const choice = w.root.getByRole('button', { name: 'A return' });
  await choice.waitFor();
  await assertNoAxeViolations(page, 'chat with attachments and options');
  await choice.click();
  await w.root.locator('.sh-msg-chosen', { hasText: 'A return' }).waitFor();
  assert.equal(await w.root.getByRole('button', { name: 'Something else' }).count(), 0, 'answered once');
  const select = (await stored()).find((m) => m.content_type === 'input_select');
  assert.equal(select.content_attributes.submitted_values[0].value, 'return');
});

test('9. a response cut mid-body: found in the conversation by content, not sent twice', async () => {
  await control('reset');
  const { w } = await openChatPage();
  await startChat(w);
  await connected(w);
  await eventually(async () => (await pending(w)) === 0, 8000, 'trail sent');
  await control('close-sockets');
  await control('pings?on=false');
  await control('cut?count=1&route=messages');
  await say(w, 'Can I change the pickup point?');
  await eventually(async () => (await pending(w)) === 0, 20000, 'confirmed');
  assert.equal(await copies('Can I change the pickup point?'), 1);
  await assertShownOnce(w);
  await control('pings?on=true');
});

test('10. a silent socket (no pings) is replaced; closed sockets reconnect; typing shows', async () => {
  await control('reset');
  const { page, w } = await openChatPage();
  await startChat(w);
  await connected(w);
  await control('pings?on=false');
  // Rails pings every 3 s; the widget gives up on a socket silent for 10 s (a presence answer
  // counts as a sign of life, so allow for one).
  await eventually(async () => /Reconnecting/.test(await conn(w)), 25000, 'the silence is noticed');
  await control('pings?on=true');
  await connected(w, 15000);
  await control('close-sockets');
  await eventually(async () => /Reconnecting/.test(await conn(w)), 5000, 'the close is shown');
  await connected(w, 15000);
  const id = await conversationId();
  await control(`typing?conversation=${id}&on=true`);
  await eventually(async () => /is typing/.test(await w.root.locator('.sh-chat > .sh-hint[aria-live]').textContent()), 5000, 'typing');
  await assertNoAxeViolations(page, 'chat reconnected, agent typing');
});

test('11. out of hours, without chat-email-replies, no e-mail answer is promised', async () => {
  await control('reset');
  const page = await openPage(browser);
  await page.goto(`${server.origin}/test/chat-closed.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  const intro = await w.root.locator('form.sh-feedback > p').first().textContent();
  assert.doesNotMatch(intro, /e-mail/i);
  assert.match(intro, /customer service/);
  await w.root.getByLabel('Name').fill('Anna Lind');
  await w.root.getByLabel('E-mail address').fill('anna.lind@example.com');
  await w.root.getByLabel('Your message').fill('Out of hours question.');
  await w.root.getByRole('button', { name: 'Send message' }).click();
  await w.root.getByText('Your message has reached customer service.').waitFor();
  assert.equal((await stored()).filter((m) => /Out of hours question\./.test(m.content || '')).length, 1);
});

test('12. a search removed from the trail within the settle time never comes back', async () => {
  await control('reset');
  const { w } = await openChatPage();
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  const searched = w.root.locator('.sh-trail-list li', { hasText: 'Searched' });
  await searched.getByRole('button').click();
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(await searched.count(), 0, 'still removed after the settle time');
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await eventually(async () => (await stored()).length > 0, 8000, 'trail sent');
  assert.doesNotMatch((await stored())[0].content, /Searched/);
});

test('10. a bad pubsub token gets silence: "Connecting…" ends, and agent replies arrive by polling', async () => {
  await control('reset');
  const context = await browser.newContext();
  const { page, w } = await openChatPage('chat', context);
  await startChat(w);
  await connected(w);
  await page.evaluate(() => {
    const key = 'selfhelp:chat:test-inbox:session';
    const session = JSON.parse(localStorage.getItem(key));
    session.pubsub_token = 'not-a-token';
    localStorage.setItem(key, JSON.stringify(session));
  });
  await page.reload();
  const again = widget(page);
  await again.launcher.click();
  await again.root.locator('#sh-chat-title').waitFor();
  await eventually(async () => /Live updates are not available/.test(await conn(again)), 15000, 'no endless "Connecting…"');
  await control(`agent-message?conversation=${await conversationId()}`, { content: 'Polled reply from Sanna' });
  await eventually(async () => (await bubbles(again)).includes('Polled reply from Sanna'), 10000, 'the reply by polling');
  await assertNoAxeViolations(page, 'chat polling');
  await context.close();
});

test('7. keyboard only: an input_csat rating is given with Tab and Enter, once', async () => {
  await control('reset');
  const { page, w } = await openChatPage();
  await startChat(w);
  await connected(w);
  await control(`agent-message?conversation=${await conversationId()}`, {
    content: 'Please rate the conversation',
    message_type: 3,
    content_type: 'input_csat',
  });
  const four = w.root.getByRole('button', { name: '4 of 5' });
  await four.waitFor();
  await assertNoAxeViolations(page, 'chat with a rating');
  for (let i = 0; i < 60 && !(await four.evaluate((b) => b.getRootNode().activeElement === b)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await w.root.getByText('Thank you for your rating.').waitFor();
  const csat = (await stored()).find((m) => m.content_type === 'input_csat');
  assert.equal(csat.content_attributes?.csat_survey_response?.rating ?? csat.content_attributes?.submitted_values?.csat_survey_response?.rating, 4);
});

test('#8.7 closing and reopening never traps the buyer in the chat', async () => {
  await control('reset');
  const context = await browser.newContext();
  const { page, w } = await openChatPage('chat', context);
  await startChat(w);
  await connected(w);
  await w.root.getByRole('button', { name: 'Back to search and tracking' }).click();
  await w.search.waitFor();
  await page.locator('selfhelp-widget').locator('.sh-close').click();
  await w.launcher.click();
  await w.search.waitFor();
  assert.equal(await w.root.locator('#sh-chat-title').count(), 0, 'reopens where the buyer was');
  await page.reload();
  const again = widget(page);
  await again.launcher.click();
  await again.root.locator('#sh-chat-title').waitFor();
  await again.root.getByRole('button', { name: 'Back to search and tracking' }).click();
  await page.locator('selfhelp-widget').locator('.sh-close').click();
  await again.launcher.click();
  await again.search.waitFor();
  assert.equal(await again.root.locator('#sh-chat-title').count(), 0, 'not pulled back into the chat');
  await again.root.getByRole('button', { name: 'Back to your chat' }).click();
  await again.root.locator('#sh-chat-title').waitFor();
  await context.close();
});
