// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core (no browser
// download), the project's own static server, axe-core, and helpers that read what a buyer sees.
import * as nodeTest from 'node:test';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
// Where cargo builds to: `target/` unless CARGO_TARGET_DIR says otherwise (relative to the repository).
export const TARGET = `${resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target')}/`;

// Deadlines for the tests themselves. A test that hangs (a page promise that never settles, a
// server that never closes) fails by name after these, and the files after it still run,
// instead of holding CI until its own limit with nothing said. The slowest test takes ~16 s.
const TEST_MS = 120_000;
const HOOK_MS = 60_000;

/** `node:test`'s `test`, with a deadline unless one is given. */
export function test(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  return nodeTest.test(name, { timeout: TEST_MS, ...options }, fn);
}
/** `node:test`'s hooks, with a deadline. Called inside a test, they belong to that test. */
export const before = (fn, options) => nodeTest.before(fn, { timeout: HOOK_MS, ...options });
export const after = (fn, options) => nodeTest.after(fn, { timeout: HOOK_MS, ...options });

/**
 * Starts the Chatwoot stand-in (`target/debug/chat_standin`, built by the test command) on a
 * free loopback port, with a scripted agent answering after `agentDelayMs`: `{ url, stop }`.
 */
export async function startStandin(agentDelayMs = 150) {
  const child = spawn(`${TARGET}debug/chat_standin`, ['--port', '0', '--agent-delay-ms', String(agentDelayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('error', reject);
  });
  return { url: firstLine.match(/http:\/\/[\d.]+:\d+/)[0], stop: () => child.kill() };
}

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export { startServer };

/** One server and one browser for a test file: `ctx.server.origin`, `ctx.browser`. */
export function useServerAndBrowser() {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/** A fresh context and page; page errors fail the test that reads `page.errors`. */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.errors.push(msg.text());
  });
  if (url) await page.goto(url);
  return page;
}

/** Zero axe-core violations, named in the failure message when there are some. */
export async function assertNoAxeViolations(page, label) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe violations ${label}`);
}

/** The element that has focus, looking through shadow roots: `{ tag, id, part, name }`. */
export function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      part: el.getAttribute('part'),
      name: el.getAttribute('aria-label') || el.textContent.trim(),
    };
  });
}

/** Polls `probe` until it returns a truthy value or `ms` pass. */
export async function eventually(probe, ms = 5000, what = 'condition') {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Locators for one widget, by what a buyer perceives (roles and names pierce shadow DOM). */
export function widget(page, host = 'selfhelp-widget') {
  const root = page.locator(host);
  return {
    root,
    launcher: root.locator('.sh-launcher'),
    // The WebAssembly's dialog, not the loader's frame drawn before it (.sh-frame): a test that
    // goes on by keyboard must wait for the panel that stays.
    dialog: root.getByRole('dialog').and(root.locator('.sh-panel')),
    panel: root.locator('.sh-panel'),
    title: root.locator('.sh-title'),
    search: root.locator('#sh-q'),
    trackInput: root.locator('#sh-t'),
    language: root.locator('.sh-select'),
    close: root.locator('.sh-close'),
  };
}
