// The slow phone of issue #11, defined once for bench/phone.mjs and bench/cold-path.mjs:
// Chromium with CDP's 4× CPU slowdown and a throttled network (1.6 Mbit/s down, 750 kbit/s up,
// 150 ms RTT).
export const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
export const CPU_SLOWDOWN = 4;

/** A fresh context and page on the slow phone. */
export async function phonePage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { context, page };
}

// The preload="idle" case, for bench/phone.mjs and bench/cold-path.mjs alike.

/** In the page, before the loader runs: preload="idle" on the demo page's widget as the parser creates it. */
export const setPreloadIdle = () => new MutationObserver((_, observer) => {
  const el = document.querySelector('selfhelp-widget');
  if (el) {
    el.setAttribute('preload', 'idle');
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });

/** Waits until the loader's idle work is done: its fetches, the compilation and warm-up, the hidden mount. */
export async function afterIdlePreload(page) {
  // The loader's own idle fetches, finished (a resource timing entry is made at the end).
  await page.waitForFunction(() => ['selfhelp.js', 'selfhelp_bg.wasm']
    .every((f) => performance.getEntriesByName(new URL(f, location.href).href).length > 0), null, { timeout: 60000 });
  // A build that mounts the panel at idle (hidden) has done so before the click; an older one
  // never does, so this waits a few seconds at most.
  await page.waitForFunction(() => document.querySelector('selfhelp-widget')?.shadowRoot?.querySelector('.sh-panel'), null, { timeout: 5000 }).catch(() => {});
  // Then the click comes once the page is idle again.
  await page.waitForTimeout(500);
  await page.evaluate(() => new Promise((done) => requestIdleCallback(() => requestIdleCallback(done))));
}
