// Where the main WebAssembly module's bytes go (issue #11): code bytes per crate and the largest
// functions, and the data section. The shipped module has no names, so this optimises
// wasm-bindgen's output again as scripts/split.sh does, keeping the names (`wasm-opt -g`): the
// same code to within a few hundred bytes. Run after `trunk build --release`; it reads
// target/wasm-split/release/bg/selfhelp_bg.wasm unless given another file.
//
// Functions are counted where inlining left them: a function inlined into its only caller
// counts as the caller's (`mount` holds the panel's whole view).
//
//   node bench/code-size.mjs [--top 25] [path/to/selfhelp_bg.wasm]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { crateOf, demangle } from './rust-names.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const TOP = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
const input = resolve(args[0] ?? resolve(REPO, 'target/wasm-split/release/bg/selfhelp_bg.wasm'));
const named = resolve(REPO, 'target/code-size.wasm');

// scripts/split.sh's flags for the main module, plus -g.
const FEATURES = ['bulk-memory', 'nontrapping-float-to-int', 'reference-types', 'multivalue', 'sign-ext', 'mutable-globals']
  .map((f) => `--enable-${f}`);
execFileSync(resolve(REPO, 'node_modules/.bin/wasm-opt'),
  ['-Oz', '-g', '--low-memory-unused', '--zero-filled-memory', ...FEATURES, input, '-o', named], { stdio: 'inherit' });
const wasm = readFileSync(named);

const leb = (at) => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = wasm[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
};
const text = (at) => {
  const [len, start] = leb(at);
  return [wasm.toString('utf8', start, start + len), start + len];
};
const limits = (at) => {
  const flags = wasm[at];
  let [, next] = leb(at + 1);
  if (flags & 1) [, next] = leb(next);
  return next;
};

let importedFunctions = 0;
let dataBytes = 0;
const bodies = []; // code bytes of each defined function, in index order
const names = new Map(); // function index → name
for (let at = 8; at < wasm.length;) {
  const id = wasm[at];
  const [size, start] = leb(at + 1);
  const end = start + size;
  if (id === 2) {
    let [count, p] = leb(start);
    for (; count > 0; count--) {
      [, p] = text(p);
      [, p] = text(p);
      const kind = wasm[p++];
      if (kind === 0) importedFunctions++;
      p = kind === 0 ? leb(p)[1] : kind === 1 ? limits(p + 1) : kind === 2 ? limits(p) : kind === 3 ? p + 2 : leb(p + 1)[1];
    }
  } else if (id === 10) {
    let [count, p] = leb(start);
    for (; count > 0; count--) {
      const [len, body] = leb(p);
      bodies.push(body - p + len);
      p = body + len;
    }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    let [section, p] = text(start);
    while (section === 'name' && p < end) {
      const sub = wasm[p];
      const [len, body] = leb(p + 1);
      if (sub === 1) {
        let [count, q] = leb(body);
        for (; count > 0; count--) {
          let index, name;
          [index, q] = leb(q);
          [name, q] = text(q);
          names.set(index, name);
        }
      }
      p = body + len;
    }
  }
  at = end;
}

const functions = bodies.map((bytes, i) => {
  const name = demangle(names.get(importedFunctions + i) ?? `function ${importedFunctions + i}`);
  return { name, bytes, crate: crateOf(name) ?? '(wasm-bindgen shims and exports)' };
});
const code = bodies.reduce((a, b) => a + b, 0);
const byCrate = new Map();
for (const f of functions) byCrate.set(f.crate, (byCrate.get(f.crate) ?? 0) + f.bytes);
const kb = (bytes) => (bytes / 1000).toFixed(1);
const shipped = readFileSync(resolve(REPO, 'dist/selfhelp_bg.wasm'));
const brotli = brotliCompressSync(shipped, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

console.log(`Main module: ${functions.length} functions, code ${kb(code)} KB, data ${kb(dataBytes)} KB ` +
  `(as shipped, dist/selfhelp_bg.wasm: ${kb(shipped.length)} KB, ${kb(brotli)} KB brotli).\n`);
console.log('| crate | code KB | share |\n|---|---:|---:|');
for (const [crate, bytes] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`| ${crate} | ${kb(bytes)} | ${((100 * bytes) / code).toFixed(1)} % |`);
}
console.log(`\n| largest functions | bytes |\n|---|---:|`);
for (const f of [...functions].sort((a, b) => b.bytes - a.bytes).slice(0, TOP)) {
  console.log(`| ${f.name.slice(0, 110).replace(/\|/g, '\\|')} | ${f.bytes} |`);
}
