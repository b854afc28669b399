// The built-in chat against the local Chatwoot stand-in (tools/chat-standin): reached only
// after self-help failed, the trail arrives as the first message, the agent answers over the
// WebSocket, and nothing is lost when the connection drops, a response is lost, or the page
// reloads mid-conversation.
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

const standinApi = (path, method = 'POST') => fetch(`${chatUrl}/__standin/${path}`, { method }).then((r) => (method === 'GET' ? r.json() : r.text()));

async function openChatPage(context) {
  const page = context ? await context.newPage() : await openPage(browser);
  page.errors ??= [];
  await page.goto(`${server.origin}/test/chat.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  return { page, w };
}

async function failSelfHelpAndStartChat(page, w) {
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  assert.equal(await w.root.getByRole('button', { name: 'Contact customer service' }).count(), 0);
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  await w.root.getByRole('button', { name: 'Start chat' }).click();
  await w.root.locator('#sh-chat-title').waitFor();
}

const bubbles = (w) => w.root.locator('.sh-msg .sh-msg-text').allTextContents();

test('after a "No", the chat starts with the trail and the agent answers', async () => {
  await standinApi('reset');
  const { page, w } = await openChatPage();
  await failSelfHelpAndStartChat(page, w);
  await eventually(async () => (await w.root.locator('.sh-conn').textContent()) === 'Connected', 5000, 'connected');
  await eventually(async () => (await bubbles(w)).some((t) => /Hvor finner jeg hentekoden\? — did not help/.test(t)), 5000, 'the trail as first message');
  await eventually(async () => (await w.root.locator('.sh-msg:not(.sh-msg--mine)').count()) >= 1, 8000, 'an agent reply');
  assert.match((await bubbles(w)).join('\n'), /Sanna/);
  await assertNoAxeViolations(page, 'chat');
});

test('a message written while offline is sent once, when the connection returns', async () => {
  await standinApi('reset');
  const { page, w } = await openChatPage();
  await failSelfHelpAndStartChat(page, w);
  await eventually(async () => (await w.root.locator('.sh-conn').textContent()) === 'Connected', 5000, 'connected');
  await standinApi('offline?ms=2500');
  await eventually(async () => /Reconnecting|offline/.test(await w.root.locator('.sh-conn').textContent()), 5000, 'the drop is shown');
  const input = w.root.locator('#sh-chat-input');
  await input.fill('My parcel says delivered but it is not here');
  await input.press('Enter');
  assert.equal(await input.inputValue(), '', 'the message left the field');
  await w.root.locator('.sh-msg--pending').first().waitFor();
  await eventually(async () => (await w.root.locator('.sh-conn').textContent()) === 'Connected', 15000, 'reconnected');
  await eventually(async () => (await w.root.locator('.sh-msg--pending').count()) === 0, 20000, 'sent after the connection returned');
  const stored = await standinApi('messages', 'GET');
  const copies = (Array.isArray(stored) ? stored : stored.messages || []).filter((m) => m.content === 'My parcel says delivered but it is not here');
  assert.equal(copies.length, 1, 'delivered exactly once');
});

test('a lost response does not send the message twice', async () => {
  await standinApi('reset');
  const { page, w } = await openChatPage();
  await failSelfHelpAndStartChat(page, w);
  await eventually(async () => (await w.root.locator('.sh-conn').textContent()) === 'Connected', 5000, 'connected');
  await eventually(async () => (await w.root.locator('.sh-msg--pending').count()) === 0, 5000, 'trail sent');
  await standinApi('drop-next-response');
  const input = w.root.locator('#sh-chat-input');
  await input.fill('Can I collect it tomorrow?');
  await input.press('Enter');
  await eventually(async () => (await w.root.locator('.sh-msg--pending').count()) === 0, 20000, 'confirmed');
  const stored = await standinApi('messages', 'GET');
  const copies = (Array.isArray(stored) ? stored : stored.messages || []).filter((m) => m.content === 'Can I collect it tomorrow?');
  assert.equal(copies.length, 1);
});

test('a reload mid-conversation restores the history in order, and the draft', async () => {
  await standinApi('reset');
  const context = await browser.newContext();
  const { page, w } = await openChatPage(context);
  await failSelfHelpAndStartChat(page, w);
  await eventually(async () => (await w.root.locator('.sh-msg:not(.sh-msg--mine)').count()) >= 1, 8000, 'agent reply');
  const input = w.root.locator('#sh-chat-input');
  await input.fill('Second question');
  await input.press('Enter');
  await eventually(async () => (await w.root.locator('.sh-msg--pending').count()) === 0, 8000, 'sent');
  await input.fill('half-written thought');
  const before = await bubbles(w);

  await page.reload();
  const again = widget(page);
  await again.launcher.click();
  await again.root.locator('#sh-chat-title').waitFor();
  await eventually(async () => (await bubbles(again)).length >= before.length, 8000, 'history back');
  assert.deepEqual((await bubbles(again)).slice(0, before.length), before, 'same messages, same order');
  assert.equal(await again.root.locator('#sh-chat-input').inputValue(), 'half-written thought');
  await context.close();
});

test('back for more help after a reload: the new trail reaches the same conversation, once', async () => {
  await standinApi('reset');
  const context = await browser.newContext();
  const { page, w } = await openChatPage(context);
  await failSelfHelpAndStartChat(page, w);
  await eventually(async () => (await w.root.locator('.sh-msg:not(.sh-msg--mine)').count()) >= 1, 8000, 'agent reply');
  const trails = async (title) => {
    const stored = await standinApi('messages', 'GET');
    return (Array.isArray(stored) ? stored : stored.messages || []).filter((m) => (m.content || '').includes(title));
  };

  // Another page view: the chat resumes; the buyer goes back, reads another article, and it
  // does not help either.
  await page.reload();
  const again = widget(page);
  await again.launcher.click();
  await again.root.locator('#sh-chat-title').waitFor();
  await again.root.getByRole('button', { name: 'Back to search and tracking' }).click();
  await again.search.fill('pakkeboks');
  const option = again.root.locator('#sh-results').getByRole('option').first();
  const title = (await option.locator('.sh-option-title').textContent()).trim();
  await option.click();
  await again.root.getByRole('button', { name: 'No', exact: true }).click();
  await again.root.getByRole('button', { name: 'Contact customer service' }).click();
  await again.root.getByRole('button', { name: 'Start chat' }).click();
  await again.root.locator('#sh-chat-title').waitFor();
  await eventually(async () => (await bubbles(again)).some((t) => t.includes(`${title} — did not help`)), 8000, 'the new trail in the chat');
  await eventually(async () => (await trails(`${title} — did not help`)).length === 1, 8000, 'the new trail reached the agent');
  const all = await standinApi('messages', 'GET');
  assert.equal(new Set(all.map((m) => m.conversation_id)).size, 1, 'the same conversation');
  // The buyer's messages (Chatwoot's message_type 0, incoming): agent replies may still come.
  const fromBuyer = async () => (await standinApi('messages', 'GET')).filter((m) => m.message_type === 0).length;

  // A third page view that repeats the same steps: the same trail is not sent again.
  const before = await fromBuyer();
  await page.reload();
  const third = widget(page);
  await third.launcher.click();
  await third.root.locator('#sh-chat-title').waitFor();
  await third.root.getByRole('button', { name: 'Back to search and tracking' }).click();
  await third.search.fill('pakkeboks');
  await third.root.locator('#sh-results').getByRole('option').first().click();
  await third.root.getByRole('button', { name: 'No', exact: true }).click();
  await third.root.getByRole('button', { name: 'Contact customer service' }).click();
  await third.root.getByRole('button', { name: 'Start chat' }).click();
  await third.root.locator('#sh-chat-title').waitFor();
  await page.waitForTimeout(1500);
  assert.equal(await fromBuyer(), before, 'the same trail is not sent twice');
  assert.equal((await trails(`${title} — did not help`)).length, 1, 'the trail once');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('out of hours, a message form takes name, e-mail and message, sent once with the trail (an inbox that e-mails replies)', async () => {
  await standinApi('reset');
  const page = await openPage(browser);
  await page.goto(`${server.origin}/test/chat-closed-email.html`);
  const w = widget(page);
  await w.launcher.click();
  await w.search.fill('hentekode');
  await w.root.locator('#sh-results').getByRole('option').first().click();
  await w.root.getByRole('button', { name: 'No', exact: true }).click();
  await w.root.getByRole('button', { name: 'Contact customer service' }).click();
  assert.match(await w.root.locator('.sh-hours-now').textContent(), /^Closed now/);
  assert.equal(await w.root.getByRole('button', { name: 'Start chat' }).count(), 0, 'no chat while closed');
  await w.root.getByLabel('Name').fill('Anna Lind');
  await w.root.getByLabel('E-mail address').fill('anna.lind@example');
  await w.root.getByLabel('Your message').fill('Please call me back about my parcel.');
  await w.root.getByRole('button', { name: 'Send message' }).click();
  await w.root.getByText('Enter an e-mail address, like name@example.com.').waitFor();
  assert.equal(await w.root.getByLabel('Your message').inputValue(), 'Please call me back about my parcel.', 'nothing typed is lost');
  await w.root.getByLabel('E-mail address').fill('anna.lind@example.com');
  await w.root.getByRole('button', { name: 'Send message' }).click();
  await w.root.getByText('We have your message and will answer by e-mail.', { exact: false }).waitFor();
  await assertNoAxeViolations(page, 'out-of-hours form sent');
  const stored = await standinApi('messages', 'GET');
  const mine = (Array.isArray(stored) ? stored : stored.messages || []).filter((m) => /Please call me back about my parcel\./.test(m.content));
  assert.equal(mine.length, 1);
  assert.match(mine[0].content, /Hvor finner jeg hentekoden\? — did not help/);
});

test('keyboard only: from a failed search to a sent chat message', async () => {
  await standinApi('reset');
  const { page, w } = await openChatPage();
  const press = (key, times = 1) => Array.from({ length: times }).reduce((p) => p.then(() => page.keyboard.press(key)), Promise.resolve());
  await page.keyboard.type('kundeservice', { delay: 10 });
  const contact = w.root.getByRole('button', { name: 'Contact customer service' });
  await contact.waitFor();
  // Tab forwards until the contact button has focus, then Enter.
  for (let i = 0; i < 40 && !(await contact.evaluate((b) => b.getRootNode().activeElement === b)); i++) await press('Tab');
  await press('Enter');
  const start = w.root.getByRole('button', { name: 'Start chat' });
  await start.waitFor();
  for (let i = 0; i < 40 && !(await start.evaluate((b) => b.getRootNode().activeElement === b)); i++) await press('Tab');
  await press('Enter');
  await eventually(async () => (await page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.id;
  })) === 'sh-chat-input', 5000, 'focus in the message field');
  await page.keyboard.type('Hello from the keyboard');
  await press('Enter');
  await eventually(async () => (await bubbles(w)).includes('Hello from the keyboard'), 8000, 'sent');
  await eventually(async () => (await w.root.locator('.sh-msg--pending').count()) === 0, 8000, 'confirmed');
  await assertNoAxeViolations(page, 'chat by keyboard');
});
