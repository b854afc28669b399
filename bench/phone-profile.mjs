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
