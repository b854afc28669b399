// The merchant's self-service report in Chromium: the real server binary on a free loopback
// port with a temporary SQLite file and a token, seeded through /collect as the widget's beacon
// would, read in Swedish; zero axe violations; a wrong or missing token shows nothing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TARGET, launchBrowser, openPage, assertNoAxeViolations, eventually, test, before, after } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = process.env.SELFHELP_SERVER_BIN || `${TARGET}debug/selfhelp-server`;
const TOKEN = 'e2e-report-token-7f3a';
const ctx = {};

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

before(async () => {
  if (!existsSync(BIN)) {
    const built = spawnSync('cargo', ['build', '--quiet', '-p', 'selfhelp-server'], { cwd: ROOT, stdio: 'inherit' });
    assert.equal(built.status, 0, 'cargo build -p selfhelp-server');
  }
  ctx.dir = mkdtempSync(join(tmpdir(), 'selfhelp-report-'));
  const port = await freePort();
  ctx.origin = `http://127.0.0.1:${port}`;
  ctx.server = spawn(BIN, [], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      LISTEN: `127.0.0.1:${port}`,
      UPSTREAM: 'fixtures:public/demo/tracking',
      DATABASE_URL: `sqlite:${join(ctx.dir, 'report.db')}`,
      REPORT_TOKEN: TOKEN,
      REPORT_UTC_OFFSET: '+01:00',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await eventually(async () => {
    try {
      return (await fetch(`${ctx.origin}/readyz`)).ok;
    } catch {
      return false;
    }
  }, 15000, 'the server to be ready');
  const beacon = (record) => fetch(`${ctx.origin}/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ v: 1, lang: 'sv', market: 'se', context: 'order-confirmation', searches: 2, articles: 1, lookups: 0, ...record }),
  });
  const seeds = [
    { outcome: 'solved-by-article' },
    { outcome: 'solved-by-article' },
    { outcome: 'solved-by-tracking', lookups: 1 },
    { outcome: 'escalated', notHelpful: ['return-parcel', 'customs-pay-fees'], emptySearches: 1 },
    { outcome: 'escalated', notHelpful: ['return-parcel'], emptySearches: 2, lang: 'fi', market: 'fi' },
    { outcome: 'left', lang: 'nb', market: 'no' },
  ];
  for (const record of seeds) assert.equal((await beacon(record)).status, 204);
  assert.equal((await beacon({ outcome: 'left', query: 'min adress' })).status, 400);
  ctx.browser = await launchBrowser();
});

after(async () => {
  await ctx.browser?.close();
  if (ctx.server && ctx.server.exitCode === null) {
    const exited = new Promise((done) => ctx.server.once('exit', done));
    ctx.server.kill('SIGTERM');
    await exited;
  }
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
});

test('the report in Swedish: headings, figures in tables, charts as SVG, no axe violations', async () => {
  const page = await openPage(ctx.browser, `${ctx.origin}/report?lang=sv&token=${TOKEN}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  assert.match(await page.title(), /^Självservicerapport/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Självservicerapport');
  const h2 = await page.getByRole('heading', { level: 2 }).allTextContents();
  assert.deepEqual(h2, [
    'Sammanfattning', 'Per dag', 'Per vecka, marknad och språk', 'När köpare ber om en person',
    'Artiklar som oftast fick svaret ”Nej”', 'Sökningar utan träffar',
  ]);
  // 3 of 6 visits solved (2 by an article, 1 by tracking).
  assert.equal(await page.locator('#rate').textContent(), '50\u00a0%');
  const summary = page.getByRole('table', { name: 'Sammanfattning' });
  assert.deepEqual(await summary.locator('tbody td').allTextContents(), ['6', '2', '1', '2', '1', '50\u00a0%']);
  const perMarket = page.getByRole('table', { name: 'Per marknad' });
  assert.deepEqual(await perMarket.getByRole('row', { name: /Sverige/ }).locator('td').allTextContents(),
    ['4', '2', '1', '1', '0', '75\u00a0%']);
  const articles = page.getByRole('table', { name: 'Artiklar som oftast fick svaret ”Nej”' });
  assert.deepEqual(await articles.locator('tbody tr').allTextContents(), ['return-parcel2', 'customs-pay-fees1']);
  assert.equal(await page.locator('#empty-searches').textContent(), '3');
  // Two escalations in the heatmap's table, at one weekday and hour.
  const heat = await page.getByRole('table', { name: /Eskaleringar per veckodag/ }).locator('tbody td').allTextContents();
  assert.equal(heat.map(Number).reduce((a, b) => a + b, 0), 2);
  assert.equal(await page.locator('svg[role="img"]').count(), 2);
  assert.equal(await page.locator('script').count(), 0);
  assert.deepEqual(page.errors, []);
  await assertNoAxeViolations(page, 'on the Swedish report');
  // The language links keep the token that came in the URL.
  await page.getByRole('link', { name: 'Suomi' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Itsepalveluraportti');
  await page.context().close();
});

test('a wrong or missing token: 401 and nothing shown', async () => {
  for (const url of [`${ctx.origin}/report?lang=sv`, `${ctx.origin}/report?lang=sv&token=wrong-${TOKEN}`]) {
    const page = await openPage(ctx.browser);
    const response = await page.goto(url);
    assert.equal(response.status(), 401);
    assert.match(response.headers()['content-security-policy'], /default-src 'none'/);
    assert.equal(await page.locator('h1, table, svg').count(), 0);
    assert.doesNotMatch(await page.locator('body').innerText(), /Självservice|%/);
    await page.context().close();
  }
});
