// What a buyer downloads of dist/ in their own language, apart from the widget's files: the
// demo page's FAQ bundles (faq-src, `{lang}` as their language) and their words file (English
// is built in). One place for the size budget (tests/e2e/size-budget.test.mjs) and the size
// report (scripts/size-report.mjs). Reads the release build in dist/.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

export const DIST = resolve(fileURLToPath(import.meta.url), '../../dist');
export const LANGS = ['nb', 'sv', 'da', 'fi', 'en'];

/** `file` under dist/, brotli-compressed at quality 11 as the demo server and a CDN serve it. */
export const brotliBytes = (file) =>
  brotliCompressSync(readFileSync(resolve(DIST, file)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const page = () => readFileSync(resolve(DIST, 'index.html'), 'utf8');

/** The demo page's language (`<html lang>`). */
export const pageLang = () => /<html lang="([a-z]+)"/.exec(page())?.[1] ?? 'en';

/** The FAQ bundles the demo page fetches first for a buyer in `lang`. */
export function faqFiles(lang) {
  const src = /faq-src="([^"]*)"/.exec(page())?.[1];
  if (!src) throw new Error('dist/index.html has no faq-src');
  return src.split(/\s+/).filter(Boolean).map((url) => url.replaceAll('{lang}', lang));
}

/** A buyer's own files in `lang`: the bundles, and the words file unless English. */
export const ownFiles = (lang) => [...faqFiles(lang), ...(lang === 'en' ? [] : [`texts/${lang}.json`])];

/** The brotli bytes of `files` together. */
export const weight = (files) => files.reduce((total, file) => total + brotliBytes(file), 0);
