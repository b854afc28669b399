// selfhelp loader: the only file a shop page loads up front.
//
// It defines <selfhelp-widget>, draws the launcher inside the element's shadow root and does
// nothing else until the buyer shows interest (hover, focus, touch or click on the launcher; idle
// time for an inline panel). Only then it imports the WebAssembly widget, found next to this file,
// so the page and the widget can live on different origins (a CDN). No cookies, no storage, no
// backend request, no inline script or style: a strict Content-Security-Policy allows it.
//
// The launcher labels must equal the Rust i18n's Key::LauncherLabel (a native test checks).

const LABELS = { nb: 'Hjelp', sv: 'Hjälp', da: 'Hjælp', fi: 'Ohje', en: 'Help' };
// Shown when the widget itself cannot load (network, a blocked file): never a dead button.
const UNAVAILABLE = {
  nb: 'Hjelpen kunne ikke åpnes nå. Prøv igjen om litt.',
  sv: 'Hjälpen kunde inte öppnas just nu. Försök igen om en stund.',
  da: 'Hjælpen kunne ikke åbnes lige nu. Prøv igen om lidt.',
  fi: 'Ohjetta ei voitu avata juuri nyt. Yritä hetken päästä uudelleen.',
  en: 'Help could not be opened right now. Please try again in a moment.',
};
const HERE = import.meta.url;

// Theme defaults live here, on the wrapper every widget part sits in; merchants override the
// --selfhelp-* properties on the element. `all: initial` cuts off whatever the page's CSS
// would otherwise pass down by inheritance.
const CSS = `
:host{all:initial!important;display:contents!important}
:host([mode=inline]){display:block!important}
.sh-root{all:initial;display:block;box-sizing:border-box;
--_brand:var(--selfhelp-brand,#005d92);--_on-brand:var(--selfhelp-on-brand,#fff);
--_bg:var(--selfhelp-bg,#fff);--_text:var(--selfhelp-text,#1d2329);--_muted:var(--selfhelp-muted,#4f5a65);
--_border:var(--selfhelp-border,#6b7681);--_soft:var(--selfhelp-soft,#eef3f7);--_soft-strong:var(--selfhelp-soft-strong,#c9d6e0);
--_link:var(--selfhelp-link,#005d92);--_problem:var(--selfhelp-problem,#b3261e);--_ok:var(--selfhelp-ok,#2e7d32);
--_radius:var(--selfhelp-radius,12px);--_z:var(--selfhelp-z-index,2147483000);
--_font:var(--selfhelp-font,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif);
font:16px/1.5 var(--_font);color:var(--_text)}
@media (prefers-color-scheme:dark){.sh-root{
--_brand:var(--selfhelp-dark-brand,#6cc7f0);--_on-brand:var(--selfhelp-dark-on-brand,#0b1b26);
--_bg:var(--selfhelp-dark-bg,#171b20);--_text:var(--selfhelp-dark-text,#e9edf1);
--_muted:var(--selfhelp-dark-muted,#b3bec9);--_border:var(--selfhelp-dark-border,#8a96a3);
--_soft:var(--selfhelp-dark-soft,#232a31);--_soft-strong:var(--selfhelp-dark-soft-strong,#3a454f);
--_link:var(--selfhelp-dark-link,#8fd3f4);--_problem:var(--selfhelp-dark-problem,#ff8a80);--_ok:var(--selfhelp-dark-ok,#81c784)}}
.sh-root *,.sh-root *::before,.sh-root *::after{box-sizing:inherit}
.sh-launcher{position:fixed;right:20px;bottom:20px;z-index:var(--_z);display:inline-flex;
align-items:center;gap:8px;min-height:48px;margin:0;padding:0 20px 0 16px;border:0;border-radius:999px;
background:var(--_brand);color:var(--_on-brand);font:600 16px/1 var(--_font);cursor:pointer;
box-shadow:0 4px 16px rgba(0,0,0,.25)}
.sh-launcher:hover{filter:brightness(1.1)}
.sh-launcher:focus-visible{outline:3px solid var(--_brand);outline-offset:3px}
.sh-unavailable{position:fixed;right:20px;bottom:84px;z-index:var(--_z);max-width:280px;margin:0;
padding:12px 14px;border-radius:var(--_radius,12px);background:var(--_bg);color:var(--_text);
border:1px solid var(--_border);font:14px/1.4 var(--_font)}
.sh-launcher svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}
.sh-launcher[aria-busy=true] svg{animation:sh-spin 1s linear infinite}
@keyframes sh-spin{to{transform:rotate(360deg)}}
@media (max-width:479.98px){.sh-launcher[aria-expanded=true]{display:none}}
@media (prefers-reduced-motion:reduce){.sh-root *{animation:none!important;transition:none!important}}
@media (forced-colors:active){.sh-launcher{border:2px solid ButtonText}}
`;

let sheet;
function baseSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// One import per page, shared by every widget on it; a failed load may be retried.
let loading;
function loadWidget() {
  loading ??= import(new URL('selfhelp.js', HERE).href)
    .then(async (module) => {
      await module.default({ module_or_path: new URL('selfhelp_bg.wasm', HERE) });
      return module;
    })
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

// The first tag we speak: callers pass the element's lang, the page's <html lang>, then the
// browser's languages. Null when none is ours.
function pickLang(...tags) {
  for (const tag of tags) {
    const primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'no' || primary === 'nn') return 'nb';
    if (Object.hasOwn(LABELS, primary)) return primary;
  }
  return null;
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
  #lang = 'en';

  connectedCallback() {
    if (this.#root) return;
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [baseSheet()];
    this.#wrapper = document.createElement('div');
    this.#wrapper.className = 'sh-root';
    this.#root.append(this.#wrapper);
    this.#applyBrand();
    const asked = this.getAttribute('lang');
    if (asked && !pickLang(asked)) this.#warn('lang', asked, 'not one of nb, sv, da, fi, en', "the page's language");
    this.#setLabelLang(
      pickLang(asked, document.documentElement.lang, ...(navigator.languages || [])) ?? 'en',
    );

    if (this.getAttribute('mode') === 'inline') {
      // An inline panel is visible from the start: draw it as soon as the page is idle.
      (window.requestIdleCallback || setTimeout)(() => this.#mount().catch(report));
      return;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sh-launcher';
    button.setAttribute('part', 'launcher');
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    const ns = 'http://www.w3.org/2000/svg';
    const icon = document.createElementNS(ns, 'svg');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M21 12a8.5 8.5 0 0 1-12.6 7.4L3 21l1.6-5.2A8.5 8.5 0 1 1 21 12zM9.6 9.5a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.4M12 16.6v.1');
    icon.append(path);
    const label = document.createElement('span');
    button.append(icon, label);
    this.#launcher = button;
    this.#setLabelLang(this.#lang);
    // Interest is enough to start loading; the click itself opens the panel.
    const warm = () => this.#mount().catch(report);
    button.addEventListener('pointerenter', warm, { once: true });
    button.addEventListener('focus', warm, { once: true });
    button.addEventListener('touchstart', warm, { once: true, passive: true });
    button.addEventListener('click', () => this.#call((w) => w.toggle()));
    this.#wrapper.append(button);
    // Rust announces language changes made in the panel's menu; keep the launcher in step.
    this.addEventListener('selfhelp:lang', (event) => this.#setLabelLang(event.detail.lang));
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#root || before === after) return;
    if (name === 'lang') this.setLang(after);
    else this.#applyBrand();
  }

  /** Opens the panel (loading the widget first if needed). */
  open() { return this.#call((w) => w.open()); }
  /** Closes the panel. */
  close() { return this.#widget ? Promise.resolve(this.#widget.close()) : Promise.resolve(); }
  /** Opens the panel with `text` searched. */
  search(text) { return this.#call((w) => w.search(String(text ?? ''))); }
  /** Opens the panel with `id` in the tracking field. */
  track(id) { return this.#call((w) => w.track(String(id ?? ''))); }
  /** Switches the language (nb, sv, da, fi, en; no/nn mean nb) without a reload. */
  setLang(code) {
    const lang = pickLang(code);
    if (!lang) return Promise.resolve(false);
    this.#setLabelLang(lang);
    return this.#widget ? Promise.resolve(this.#widget.setLang(lang)) : Promise.resolve(true);
  }

  #setLabelLang(lang) {
    this.#lang = lang;
    this.#wrapper.lang = lang;
    if (this.#launcher) this.#launcher.lastChild.textContent = LABELS[lang];
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

  // The buyer asked for help and the widget could not load: say so in their language, politely.
  #unavailable() {
    if (!this.#notice) {
      this.#notice = document.createElement('p');
      this.#notice.className = 'sh-unavailable';
      this.#notice.setAttribute('role', 'alert');
      this.#wrapper.append(this.#notice);
    }
    this.#notice.textContent = UNAVAILABLE[this.#lang];
    this.#emitError('widget', 'load-failed', new URL('selfhelp_bg.wasm', HERE).href);
  }

  #mount() {
    this.#mounting ??= loadWidget()
      .then((module) => {
        this.#widget = module.mount(this, this.#root, this.#launcher, this.#lang);
        return this.#widget;
      })
      .catch((error) => {
        this.#mounting = undefined;
        throw error;
      });
    return this.#mounting;
  }

  #call(action) {
    this.#launcher?.setAttribute('aria-busy', 'true');
    return this.#mount()
      .then((widget) => {
        this.#notice?.remove();
        this.#notice = undefined;
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
