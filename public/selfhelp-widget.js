// selfhelp loader: the only file a shop page loads up front.
//
// It defines <selfhelp-widget>, draws the launcher inside the element's shadow root and does
// nothing else until the buyer shows interest (hover, focus, touch or click on the launcher; idle
// time for an inline panel, or with preload="idle"). Only then it imports the WebAssembly widget,
// found next to this file, so the page and the widget can live on different origins (a CDN). A
// click before the WebAssembly is there draws a frame of the panel at once (#showFrame): the
// buyer can type in its search field, and what they typed is handed to the panel (#handOver). No
// cookies, no storage, no backend request, no inline script or style: a strict
// Content-Security-Policy allows it.

// Per language: the Rust i18n's Key::LauncherLabel, PanelTitle, CloseLabel, LanguageLabel,
// SearchLabel, SearchPlaceholder, FaqLoading and the language's endonym, the same words (a native
// test checks), then the loader's own message for a widget that cannot load (network, a blocked
// file): never a dead panel.
const TEXT = {
  nb: ['Hjelp', 'Hva kan vi hjelpe deg med?', 'Lukk hjelpen', 'Språk', 'Søk i hjelpen', 'For eksempel: hvor er pakken min?', 'Laster inn hjelpeartikler …', 'Norsk (bokmål)', 'Hjelpen kunne ikke åpnes nå. Prøv igjen om litt.'],
  sv: ['Hjälp', 'Vad kan vi hjälpa dig med?', 'Stäng hjälpen', 'Språk', 'Sök i hjälpen', 'Till exempel: var är mitt paket?', 'Laddar hjälpartiklar …', 'Svenska', 'Hjälpen kunde inte öppnas just nu. Försök igen om en stund.'],
  da: ['Hjælp', 'Hvad kan vi hjælpe dig med?', 'Luk hjælpen', 'Sprog', 'Søg i hjælpen', 'For eksempel: hvor er min pakke?', 'Indlæser hjælpeartikler …', 'Dansk', 'Hjælpen kunne ikke åbnes lige nu. Prøv igen om lidt.'],
  fi: ['Ohje', 'Miten voimme auttaa?', 'Sulje ohje', 'Kieli', 'Hae ohjeista', 'Esimerkiksi: missä pakettini on?', 'Ladataan ohjeartikkeleita…', 'Suomi', 'Ohjetta ei voitu avata juuri nyt. Yritä hetken päästä uudelleen.'],
  en: ['Help', 'How can we help?', 'Close help', 'Language', 'Search the help', 'For example: where is my parcel?', 'Loading help articles…', 'English', 'Help could not be opened right now. Please try again in a moment.'],
};
const HERE = import.meta.url;

// Theme defaults live here, on the wrapper every widget part sits in (those only the panel uses
// are in style/widget.css, on .sh-app); merchants override the --selfhelp-* properties on the
// element. `all: initial` cuts off whatever the page's CSS
// would otherwise pass down by inheritance.
const CSS = `
:host{all:initial!important;display:contents!important}
:host([mode=inline]){display:block!important}
.sh-root{all:initial;display:block;box-sizing:border-box;
--_brand:var(--selfhelp-brand,#005d92);--_on-brand:var(--selfhelp-on-brand,#fff);
--_bg:var(--selfhelp-bg,#fff);--_text:var(--selfhelp-text,#1d2329);--_muted:var(--selfhelp-muted,#4f5a65);
--_border:var(--selfhelp-border,#6b7681);--_radius:var(--selfhelp-radius,12px);--_z:var(--selfhelp-z-index,2147483000);
--_font:var(--selfhelp-font,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif);
font:16px/1.5 var(--_font);color:var(--_text)}
@media (prefers-color-scheme:dark){.sh-root{
--_brand:var(--selfhelp-dark-brand,#6cc7f0);--_on-brand:var(--selfhelp-dark-on-brand,#0b1b26);
--_bg:var(--selfhelp-dark-bg,#171b20);--_text:var(--selfhelp-dark-text,#e9edf1);
--_muted:var(--selfhelp-dark-muted,#b3bec9);--_border:var(--selfhelp-dark-border,#8a96a3)}}
.sh-root *,.sh-root *::before,.sh-root *::after{box-sizing:inherit}
.sh-launcher{position:fixed;right:20px;bottom:20px;z-index:var(--_z);display:inline-flex;
align-items:center;gap:8px;min-height:48px;margin:0;padding:0 20px 0 16px;border:0;border-radius:999px;
background:var(--_brand);color:var(--_on-brand);font:600 16px/1 var(--_font);cursor:pointer;
box-shadow:0 4px 16px rgba(0,0,0,.25)}
.sh-launcher:hover{filter:brightness(1.1)}
.sh-launcher:focus-visible{outline:3px solid var(--_brand);outline-offset:3px}
.sh-root>.sh-unavailable{position:fixed;right:20px;bottom:84px;z-index:var(--_z);max-width:280px;margin:0;
padding:12px 14px;border-radius:var(--_radius);background:var(--_bg);color:var(--_text);
border:1px solid var(--_border);font:14px/1.4 var(--_font)}
.sh-launcher svg,.sh-frame svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}
.sh-frame{position:fixed;right:20px;bottom:84px;z-index:var(--_z);display:flex;flex-direction:column;width:384px;
height:min(660px,calc(100vh - 104px));overflow:hidden;background:var(--_bg);color:var(--_text);
border-radius:var(--_radius);box-shadow:0 12px 48px rgba(0,0,0,.28)}
.sh-frame[hidden]{display:none}
.sh-fhead{display:flex;align-items:center;gap:8px;padding:12px 10px 12px 20px;background:var(--_brand);color:var(--_on-brand)}
.sh-frame h2{flex:1;margin:0;font-size:18px;font-weight:700;line-height:1.3}
.sh-frame button{display:inline-grid;place-items:center;width:44px;height:44px;padding:0;border:0;border-radius:8px;
background:transparent;color:inherit;cursor:pointer}
.sh-frame svg{stroke-width:2.4}
.sh-frame select{max-width:150px;min-height:40px;padding:4px 8px;border:1px solid currentColor;border-radius:8px;
background:transparent;color:inherit;font:inherit;font-size:16px}
.sh-frame option{color:#1d2329;background:#fff}
.sh-fbody{display:grid;gap:6px;padding:18px 20px 22px}
.sh-frame label{font-weight:600}
.sh-frame input{min-height:48px;margin:0;padding:10px 12px;border:1px solid var(--_border);border-radius:8px;
background:var(--_bg);color:var(--_text);font:inherit;font-size:16px}
.sh-frame input::placeholder{color:var(--_muted);opacity:1}
.sh-frame p{margin:0;color:var(--_muted);font-size:14px}
.sh-frame :focus-visible{outline:3px solid var(--_brand);outline-offset:2px}
.sh-fhead :focus-visible{outline-color:var(--_on-brand)}
.sh-frame input:focus-visible{outline-offset:0}
.sh-launcher[aria-busy=true] svg{animation:sh-spin 1s linear infinite}
@keyframes sh-spin{to{transform:rotate(1turn)}}
@media (max-width:479.98px){.sh-launcher[aria-expanded=true]{display:none}
.sh-frame{inset:0;width:100%;height:100%;border-radius:0}}
@media (prefers-reduced-motion:reduce){.sh-root *{animation:none!important;transition:none!important}}
@media (forced-colors:active){.sh-launcher{border:2px solid ButtonText}.sh-frame{border:2px solid CanvasText}}
`;

let sheet;
function baseSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// How long the widget's own files may take to arrive: far longer than a slow phone needs.
const DEADLINE_MS = 30000;
const deadline = () => AbortSignal.timeout?.(DEADLINE_MS);
const WASM = new URL('selfhelp_bg.wasm', HERE);

// The panel's words for nb, sv, da and fi are a file each beside the WebAssembly (English is
// built in): fetched once per page and language, beside the WebAssembly, so a buyer downloads
// their own language only (src/i18n/files.rs). Not a string when it cannot be had (false for
// English); a failure is forgotten, so a later try fetches again.
const texts = {};
const noop = () => {};
const loadTexts = (lang) =>
  lang != 'en' &&
    (texts[lang] ??= fetch(new URL(`texts/${lang}.json`, HERE), { signal: deadline() })
      .then((r) => r.ok && r.text())
      .catch(noop)
      .then((words) => words || void delete texts[lang]));

// One import per page, shared by every widget on it; a failed load may be retried.
let loading;
// A widget on the page has mounted to be used (an inline panel, its FAQ loaded at its first
// focus, or one opened; not the hidden mount at idle): its FAQ is loaded, loading or about to
// be, and the WebAssembly keeps it.
let mounted = false;
// preload="idle": the main WebAssembly, compiled while the page was idle (undefined if that failed).
let compiled;
function loadWidget(lang) {
  loadTexts(lang);
  if (!loading) {
    // A module import cannot be aborted; at the deadline the click stops waiting for it all the same.
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(reject, DEADLINE_MS, new Error('selfhelp.js timed out'));
    });
    // The WebAssembly downloads beside the glue and the link module it imports, not after them:
    // on a slow phone that is two round trips less before the largest file starts (unless
    // preload="idle" compiled it already).
    const fetched = compiled ? undefined : fetch(WASM, { signal: deadline() });
    fetched?.catch(noop); // a failed import reports instead; init() still sees a failed fetch
    // The link module (which the glue imports) is asked for at once too, not once the glue has
    // been read: one round trip less.
    const glue = ['selfhelp.js', '__wasm_split.js'].map((file) => import(new URL(file, HERE).href));
    loading = Promise.race([Promise.all([...glue, compiled]), late])
      .then(async ([module, , precompiled]) => {
        await module.default({ module_or_path: precompiled ?? fetched ?? fetch(WASM, { signal: deadline() }) });
        return module;
      })
      .catch((error) => {
        loading = undefined;
        throw error;
      })
      .finally(() => clearTimeout(timer));
  }
  return loading;
}

// preload="idle": once the page has loaded and is idle, fetch the widget's own main files at low
// priority so the HTTP cache holds them and a later click need not wait for the network. Never a
// backend (the FAQ may be the merchant's server), nothing stored; not when the buyer asked to
// save data or the connection is 2G. A promise, once per page, of true when the WebAssembly is
// compiled and warmed up (else undefined).
let preloaded;
const whenIdle = (f) => (window.requestIdleCallback || setTimeout)(f);

function preloadWhenIdle(lang) {
  return preloaded ??= new Promise((done) => {
    const idle = () => whenIdle(() => done(preloadNow(lang)));
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  });
}

function preloadNow(lang) {
  const connection = navigator.connection;
  if (loading || connection?.saveData || /2g/.test(connection?.effectiveType)) return;
  // The main module and what it imports at once (the split build's link module); the chat's
  // and tracking's files wait for a buyer who uses them.
  // A deadline like every request's: a server that never answers does not hold it forever.
  const get = (file) => fetch(new URL(file, HERE), { priority: 'low', signal: deadline() });
  const scripts = ['selfhelp.js', '__wasm_split.js'].map((file) => get(file).then((r) => r.arrayBuffer()));
  // The WebAssembly is compiled as it arrives (off the main thread); on failure (a wrong MIME
  // type, the deadline) the click fetches it again.
  compiled = WebAssembly.compileStreaming(get(WASM)).catch(noop);
  // Chromium compiles each function on its first call, on the main thread: instantiate now and
  // run the search once over a tiny built-in FAQ (no DOM, network or storage), so the click
  // does not pay for compiling it.
  return Promise.all([...scripts, compiled])
    .then(([, , module]) => module && loadWidget(lang).then((widget) => (widget.warm(), true)))
    .catch(noop);
}

// The first tag we speak: callers pass the element's lang, the page's <html lang>, then the
// browser's languages. Null when none is ours.
function pickLang(...tags) {
  for (const tag of tags) {
    const primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'no' || primary === 'nn') return 'nb';
    if (Object.hasOwn(TEXT, primary)) return primary;
  }
  return null;
}

// A new element with `attributes`, appended to `parent`.
function make(parent, tag, attributes = {}, ns) {
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent?.append(el);
  return el;
}

// A stroked 24×24 icon, hidden from assistive technology.
function icon(parent, d) {
  const ns = 'http://www.w3.org/2000/svg';
  make(make(parent, 'svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' }, ns), 'path', { d }, ns);
}

class SelfhelpWidget extends HTMLElement {
  static observedAttributes = ['lang', 'brand-color'];

  #root;
  #wrapper;
  #warned = new Set();
  #notice;
  #launcher;
  #widget;
  #mounting;
  // The buyer (or the page's script) asked for the panel: a mount still under way (an idle one)
  // then mounts it to be opened.
  #asked = false;
  #lang = 'en';
  // The frame drawn before the WebAssembly is there, and its title, close button, language menu,
  // search label, search field and loading line.
  #frame;
  #parts;

  connectedCallback() {
    if (this.#root) return;
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [baseSheet()];
    this.#wrapper = make(this.#root, 'div', { class: 'sh-root' });
    this.#applyBrand();
    const asked = this.getAttribute('lang');
    if (asked && !pickLang(asked)) this.#warn('lang', asked, 'not one of nb, sv, da, fi, en', "the page's language");
    this.#setLabelLang(
      pickLang(asked, document.documentElement.lang, ...(navigator.languages || [])) ?? 'en',
    );
    const preload = this.getAttribute('preload');
    if (preload && preload !== 'interest' && preload !== 'idle') this.#warn('preload', preload, 'not one of interest, idle', 'interest');

    if (this.getAttribute('mode') === 'inline') {
      // An inline panel is visible from the start: draw it as soon as the page is idle.
      whenIdle(() => this.#mount().catch(report));
      return;
    }
    // Warmed up, the panel is mounted too, hidden, in the next idle time: its views are built
    // and their code compiled before the click, which then only shows it. The mount reads no
    // storage and fetches no FAQ: that waits for the buyer (src/ui/panel.rs, `first_use`).
    if (preload === 'idle') {
      preloadWhenIdle(this.#lang).then((warmed) => warmed && whenIdle(() => {
        if (!this.#mounting) this.#mount().catch(noop);
      }));
    }
    const button = make(this.#wrapper, 'button', {
      type: 'button', class: 'sh-launcher', part: 'launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
    });
    icon(button, 'M21 12a8.5 8.5 0 0 1-12.6 7.4L3 21l1.6-5.2A8.5 8.5 0 1 1 21 12zM9.6 9.5a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.4M12 16.6v.1');
    make(button, 'span');
    this.#launcher = button;
    this.#setLabelLang(this.#lang);
    // Interest is enough to start loading; the click itself draws the frame and mounts the
    // panel behind it (mounting here could make a click that follows at once wait for it).
    const warm = () => loadWidget(this.#lang).catch(report);
    button.addEventListener('pointerenter', warm, { once: true });
    button.addEventListener('focus', warm, { once: true });
    button.addEventListener('touchstart', warm, { once: true, passive: true });
    button.addEventListener('click', () => (this.#frame?.hidden === false ? this.#closeFrame() : this.#call((w) => w.toggle(), true)));
    // Rust announces language changes made in the panel's menu; keep the launcher in step.
    this.addEventListener('selfhelp:lang', (event) => this.#setLabelLang(event.detail.lang));
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#root || before === after) return;
    if (name === 'lang') this.setLang(after);
    else this.#applyBrand();
  }

  /** Opens the panel (loading the widget first if needed). */
  open() { return this.#call((w) => w.open(), true); }
  /** Closes the panel. */
  async close() {
    if (this.#frame?.hidden === false) this.#closeFrame();
    this.#widget?.close();
  }
  /** Opens the panel with `text` searched. */
  search(text) {
    const query = String(text ?? '');
    return this.#call((w) => w.search(query), true, query);
  }
  /** Opens the panel with `id` in the tracking field. */
  track(id) { return this.#call((w) => w.track(String(id ?? ''))); }
  /** Switches the language (nb, sv, da, fi, en; no/nn mean nb) without a reload. */
  async setLang(code) {
    const lang = pickLang(code);
    if (!lang) return false;
    this.#setLabelLang(lang);
    return this.#widget?.setLang(lang) ?? true;
  }

  #setLabelLang(lang) {
    const text = TEXT[lang];
    this.#lang = lang;
    this.#wrapper.lang = lang;
    if (this.#launcher) this.#launcher.lastChild.textContent = text[0];
    if (this.#parts) {
      const [title, close, menu, label, field, status] = this.#parts;
      title.textContent = text[1];
      close.setAttribute('aria-label', text[2]);
      menu.setAttribute('aria-label', text[3]);
      menu.value = lang;
      label.textContent = text[4];
      field.placeholder = text[5];
      if (this.#notice) this.#notice.textContent = text[8];
      else status.textContent = text[6];
    }
  }

  #applyBrand() {
    const colour = this.getAttribute('brand-color')?.trim();
    // Only a colour reaches the custom property: `url(…)` would make the launcher fetch from
    // anywhere. (`CSS` here is the stylesheet text above; the browser's is globalThis.CSS.)
    if (colour && globalThis.CSS?.supports?.('color', colour)) {
      this.style.setProperty('--selfhelp-brand', colour);
      return;
    }
    this.style.removeProperty('--selfhelp-brand');
    if (colour) this.#warn('brand-color', colour, 'not a CSS colour', 'the default brand colour');
  }

  // A merchant's mistake is told once per element and value, with the same words and event as the
  // WebAssembly's own warnings (src/diagnostics.rs).
  #warn(attribute, value, reason, using) {
    if (this.#warned.has(attribute + value)) return;
    this.#warned.add(attribute + value);
    console.warn(`selfhelp: attribute ${attribute}="${value}" is ignored: ${reason}; using ${using}`);
    this.#emitError('config', 'bad-attribute', attribute);
  }

  #emitError(area, kind, detail) {
    this.dispatchEvent(new CustomEvent('selfhelp:error', { bubbles: true, composed: true, detail: { area, kind, detail } }));
  }

  // The buyer asked for help and the widget could not load: say so in their language, politely,
  // in the frame when it is open (in place of its loading line).
  #unavailable() {
    if (!this.#notice) {
      const status = this.#frame?.hidden === false && this.#parts[5];
      this.#notice = make(status ? status.parentNode : this.#wrapper, 'p', { class: 'sh-unavailable', role: 'alert' });
      if (status) status.textContent = '';
    }
    this.#notice.textContent = TEXT[this.#lang][8];
    this.#emitError('widget', 'load-failed', WASM.href);
  }

  // Draws at once what the panel will look like, in its place and colours: a dialog with the
  // title, the language menu, a close button, the search field (focused, `text` in it when given)
  // and a loading line. The header is the panel's, so the title wraps and the field sits alike.
  #showFrame(text) {
    if (!this.#frame) {
      const frame = make(this.#wrapper, 'div', {
        class: 'sh-frame', part: 'panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'sh-ftitle',
      });
      const head = make(frame, 'div', { class: 'sh-fhead', part: 'header' });
      const title = make(head, 'h2', { id: 'sh-ftitle', part: 'title' });
      const menu = make(make(head, 'label'), 'select', { part: 'language' });
      for (const code in TEXT) make(menu, 'option', { value: code, lang: code }).textContent = TEXT[code][7];
      menu.addEventListener('change', () => this.setLang(menu.value));
      const close = make(head, 'button', { type: 'button', part: 'close' });
      icon(close, 'M6 6l12 12M18 6L6 18');
      const body = make(frame, 'div', { class: 'sh-fbody', part: 'body' });
      const label = make(body, 'label', { for: 'sh-fq' });
      const field = make(body, 'input', {
        id: 'sh-fq', type: 'search', part: 'search-input', autocomplete: 'off', enterkeyhint: 'search',
      });
      const status = make(body, 'p', { role: 'status' });
      close.addEventListener('click', () => this.#closeFrame());
      frame.addEventListener('keydown', (event) => {
        // Focus stays inside: Tab from the field goes round to the menu, Shift+Tab back.
        const [from, to] = event.shiftKey ? [menu, field] : [field, menu];
        if (event.key === 'Escape') this.#closeFrame();
        else if (event.key === 'Tab' && event.target === from) to.focus();
        else return;
        event.preventDefault();
      });
      this.#frame = frame;
      this.#parts = [title, close, menu, label, field, status];
    }
    this.#notice?.remove();
    this.#notice = undefined;
    this.#setLabelLang(this.#lang);
    const field = this.#parts[4];
    if (text !== undefined) field.value = text;
    this.#frame.hidden = false;
    this.#launcher.setAttribute('aria-expanded', 'true');
    field.focus();
  }

  #closeFrame() {
    this.#frame.hidden = true;
    this.#launcher.setAttribute('aria-expanded', 'false');
    this.#launcher.focus();
  }

  // The WebAssembly is mounted: in one synchronous step, so nothing typed is lost, the frame goes
  // and the panel opens with what was typed in its field. When the buyer closed the frame
  // meanwhile, the panel stays closed and keeps the text for the next opening.
  #handOver(widget) {
    if (!this.#frame) return;
    const open = !this.#frame.hidden;
    const text = this.#parts[4].value;
    this.#frame.remove();
    this.#frame = this.#parts = undefined;
    if (!open) {
      if (text) widget.setQuery(text);
      return;
    }
    // Focus must not fall out between the frame and the panel: a key pressed then would be lost.
    // The panel shows within this task's microtasks (Leptos updates the DOM there), so its field
    // is focused as soon as it is there, before the next key press can arrive.
    const root = this.#root;
    const watch = new MutationObserver(() => {
      root.querySelector('#sh-q')?.focus();
      if (root.activeElement?.id === 'sh-q') watch.disconnect();
    });
    watch.observe(root, { attributes: true, childList: true, subtree: true });
    requestAnimationFrame(() => watch.disconnect());
    if (text) widget.search(text);
    else widget.open();
  }

  // The buyer asked for help for the first time: the page language's FAQ downloads now, beside
  // the WebAssembly (or the panel's first drawing), not after it. The panel's own request for the same URL (same mode and
  // credentials as these preloads) is then answered from the browser's preload cache.
  #preloadFaq() {
    // No faq-src, no preload (an empty URL would be the page itself).
    for (const url of this.getAttribute('faq-src')?.match(/\S+/g) ?? []) {
      // A URL the widget would refuse (src/config.rs warns about it) is not fetched here either.
      const href = URL.parse?.(url.replaceAll('{lang}', this.#lang), document.baseURI);
      if (!/^https?:$/.test(href?.protocol)) continue;
      make(document.head, 'link', { rel: 'preload', as: 'fetch', crossorigin: 'anonymous', href: href.href });
    }
  }

  // `started`: the load the click began. A panel asked for (#asked) opens once mounted, so its FAQ
  // request leaves before the panel's first drawing; an inline panel's idle mount and
  // preload="idle"'s hidden one wait for the buyer.
  #mount(started) {
    this.#mounting ??= (started ?? loadWidget(this.#lang))
      .then(async (module) => {
        // The words wait a moment beyond the WebAssembly, no longer: a panel whose file is slow
        // or missing mounts in English, and Rust switches when the file arrives or says why not.
        const lang = this.#lang;
        const words = await Promise.race([loadTexts(lang), new Promise((done) => setTimeout(done, 1000))]);
        this.#widget = module.mount(this, this.#root, this.#launcher, lang, words, loadTexts, this.#asked);
        // If the language changed while the words were awaited (the widget was not there to hear
        // it), the panel follows now; the same language changes nothing (ui::Widget::set_lang).
        this.#widget.setLang(this.#lang);
        // A launcher's panel counts once opened (#call), not when mounted hidden.
        if (!this.#launcher) mounted = true;
        return this.#widget;
      })
      .catch((error) => {
        this.#mounting = undefined;
        throw error;
      });
    return this.#mounting;
  }

  // Runs `action` on the mounted widget. A launcher's panel asked for before the WebAssembly is
  // there (`framed`) opens at once as the frame, which then says what to do.
  #call(action, framed, text) {
    this.#asked = true;
    // Until a widget on the page has mounted to be used (and fetched its FAQ), an opening fetches
    // the FAQ at once, beside the WebAssembly (or beside the showing of a panel mounted at idle):
    // the panel asks for it only once it is there and opened.
    if (framed && this.#launcher && !mounted) this.#preloadFaq();
    // The widget's files download while the frame paints; only the mount waits for the paint.
    const started = this.#mounting ? undefined : loadWidget(this.#lang);
    started?.catch(noop); // reported below, once, by the mount that uses it
    let drawn = Promise.resolve();
    if (framed && !this.#widget && this.#launcher) {
      this.#showFrame(text);
      action = (widget) => this.#handOver(widget);
      // The frame is painted before the mount (long on a slow phone) takes the main thread.
      drawn = new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
    }
    this.#launcher?.setAttribute('aria-busy', 'true');
    return drawn
      .then(() => this.#mount(started))
      .then((widget) => {
        this.#notice?.remove();
        this.#notice = undefined;
        mounted = true;
        return action(widget);
      })
      .catch((error) => {
        report(error);
        this.#unavailable();
      })
      .finally(() => this.#launcher?.removeAttribute('aria-busy'));
  }
}

function report(error) {
  console.error('selfhelp: the widget could not load', error);
}

if (!customElements.get('selfhelp-widget')) customElements.define('selfhelp-widget', SelfhelpWidget);
