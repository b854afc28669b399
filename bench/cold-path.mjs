// Where a cold click's time goes, on the phone profile of bench/phone.mjs (4× CPU slowdown,
// 1.6 Mbit/s, 150 ms RTT, brotli, cold cache): each file's request and arrival, and the steps in
// the page after the click, in ms from the click. The page's own functions are wrapped by an init
// script to mark when they are called (fetch, WebAssembly.instantiateStreaming, Response.text)
// and when the panel's search field and first result appear. It explains bench/phone.mjs's
// cold figure; it is not a second one (the wrappers cost a little).
//
// `--idle` measures preload="idle" instead: the attribute set as the parser creates the element,
// the click once the loader's idle fetch, compilation and warm-up are done (as bench/phone.mjs's
// preload case).
//
// `--profile` also samples the main thread (CDP's profiler) from the click to the first result
// and prints where its time went, by function and by crate. Give it a build whose WebAssembly
// keeps its function names, e.g. a copy of dist/ with selfhelp_bg.wasm replaced by
// `sh scripts/wasm-opt.sh main target/wasm-split/release/bg/selfhelp_bg.wasm OUT -g`.
//
//   node bench/cold-path.mjs [--runs 3] [--dist dist] [--idle] [--profile]
import { launchBrowser, startServer, widget } from '../tests/e2e/harness.mjs';
import { afterIdlePreload, phonePage, setPreloadIdle } from './phone-profile.mjs';
import { crateOf, demangle } from './rust-names.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 3));
const DIST = arg('dist', 'dist');
const PROFILE = process.argv.includes('--profile');
const IDLE = process.argv.includes('--idle');

const crateOfFrame = (name) => crateOf(name) ?? (/^\(.*\)$/.test(name) ? name : 'JavaScript and the browser');

// Self time per function of a CDP profile, in ms.
const selfTimes = (profile) => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const name = demangle(node.callFrame.functionName || `(anonymous ${node.callFrame.url.split('/').pop()})`);
    ms.set(name, (ms.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return ms;
};
const printTop = (title, ms, n) => {
  console.log(`\n| ${title} | ms |\n|---|---:|`);
  for (const [name, t] of [...ms].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`| ${name.slice(0, 120).replace(/\|/g, '\\|')} | ${t.toFixed(1)} |`);
};

// In the page, before the loader runs.
const watch = () => {
  const mark = (name) => performance.mark(name);
  const file = (input) => String(input?.url ?? input).split('/').pop();
  const stream = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...args) => {
    mark('WebAssembly: instantiating');
    return stream.apply(WebAssembly, args).then((result) => (mark('WebAssembly: instantiated'), result));
  };
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const name = file(input);
    mark(`fetch() ${name}`);
    return fetch.call(this, input, init).then((response) => (mark(`headers ${name}`), response));
  };
  const text = Response.prototype.text;
  Response.prototype.text = function () {
    const name = file(this.url);
    return text.call(this).then((body) => (mark(`body read ${name}`), body));
  };
  addEventListener('click', (event) => {
    window.clickAt = event.timeStamp;
    const root = () => document.querySelector('selfhelp-widget')?.shadowRoot;
    new MutationObserver((_, observer) => {
      if (!root()?.querySelector('#sh-q')) return;
      mark('panel drawn');
      observer.disconnect();
    }).observe(document.querySelector('selfhelp-widget').shadowRoot, { subtree: true, childList: true });
    // As bench/phone.mjs: the query goes into the first focused search field at once.
    const frame = () => {
      const field = root()?.activeElement;
      if (field?.type === 'search' && !window.typed) {
        window.typed = true;
        field.value = 'parcel';
        field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: 'parcel' }));
      }
      if (root()?.querySelector('#sh-results [role=option]')) window.resultAt = performance.now();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, { capture: true, once: true });
};

// The idle fetch helps only when its files may be cached (as bench/phone.mjs serves them).
const server = await startServer({ root: DIST, ...(IDLE ? { cacheControl: 'public, max-age=3600' } : {}) });
const browser = await launchBrowser();
try {
  for (let run = 1; run <= RUNS; run++) {
    const { context, page } = await phonePage(browser);
    await page.addInitScript(watch);
    if (IDLE) await page.addInitScript(setPreloadIdle);
    await page.goto(`${server.origin}/`, { waitUntil: 'networkidle' });
    if (IDLE) await afterIdlePreload(page);
    const cdp = PROFILE && await context.newCDPSession(page);
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await widget(page).launcher.click();
    await page.waitForFunction(() => window.resultAt, null, { timeout: 60000 });
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const ms = selfTimes(profile);
      const crates = new Map();
      for (const [name, t] of ms) crates.set(crateOfFrame(name), (crates.get(crateOfFrame(name)) ?? 0) + t);
      printTop('main thread from the click to the first result, by crate (self time)', crates, 15);
      printTop('by function (self time)', ms, 30);
    }
    const { files, marks, result } = await page.evaluate(() => {
      const at = (t) => Math.round(t - window.clickAt);
      return {
        result: at(window.resultAt),
        files: performance.getEntriesByType('resource').filter((e) => e.startTime >= window.clickAt - 50)
          .map((e) => ({ file: e.name.split('/').pop(), asked: at(e.startTime), arrived: at(e.responseEnd), bytes: e.encodedBodySize })),
        marks: performance.getEntriesByType('mark').map((m) => ({ step: m.name, at: at(m.startTime) })),
      };
    });
    console.log(`\nRun ${run}: first result ${result} ms after the click\n`);
    console.log('| file | asked, ms | arrived, ms | bytes on the wire |\n|---|---:|---:|---:|');
    for (const f of files) console.log(`| ${f.file} | ${f.asked} | ${f.arrived} | ${f.bytes} |`);
    console.log('\n| step in the page | ms |\n|---|---:|');
    for (const m of marks) console.log(`| ${m.step} | ${m.at} |`);
    console.log(`| first result | ${result} |`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
