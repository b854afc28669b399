// The byte budget of the opened widget for a buyer who searches: the loader, the JS glue (and the
// split build's link module), the main WebAssembly (not the lazy-loaded parts), and the demo
// page's FAQ bundle(s) and words file in the language whose buyer downloads most (one
// language's bundles when faq-src has `{lang}`; English has no words file), brotli-compressed
// at quality 11 as the demo server and a CDN serve them. Fails when the total passes the number
// kept in bench/size-budget.json. Bytes are deterministic (same build, same compressor): no
// browser, no timing. Raise the budget only on purpose, in the commit that pays for it, and say
// so in BENCHMARKS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, LANGS, brotliBytes as brotli, ownFiles, weight } from '../../scripts/buyer-files.mjs';

const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
const budget = JSON.parse(readFileSync(resolve(REPO, 'bench/size-budget.json'), 'utf8'));

// The split build's link module loads with the glue (a static import); the lazy-loaded parts
// (split_*.wasm, chunk_*.wasm) do not, so they are not a searching buyer's bytes.
const linkModule = () => (existsSync(resolve(DIST, '__wasm_split.js')) ? ['__wasm_split.js'] : []);

// The budget counts the language whose buyer downloads most of their own files (bundles and
// words), so it holds for a buyer in any language.
const heaviest = () => LANGS.map(ownFiles).sort((a, b) => weight(b) - weight(a))[0];

test('the opened widget for a searching buyer stays within its brotli byte budget', () => {
  const files = ['selfhelp-widget.js', 'selfhelp.js', ...linkModule(), 'selfhelp_bg.wasm', ...heaviest()];
  const sizes = files.map((file) => [file, brotli(file)]);
  const total = sizes.reduce((a, [, n]) => a + n, 0);
  const lines = sizes.map(([file, n]) => `  ${file}: ${n} B`).join('\n');
  console.log(`opened widget (search), brotli q11:\n${lines}\n  total ${total} B, budget ${budget.searchOpenedBrotliBytes} B`);
  assert.ok(
    total <= budget.searchOpenedBrotliBytes,
    `the opened widget is ${total} B brotli, over the budget of ${budget.searchOpenedBrotliBytes} B in bench/size-budget.json:\n${lines}`,
  );
});
