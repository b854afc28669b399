// Where the main WebAssembly module's bytes go (issue #11): code bytes per crate and the largest
// functions, and the data section. The shipped module has no names, so this optimises
// wasm-bindgen's output again as scripts/split.sh does, keeping the names (`wasm-opt -g`): the
// same code to within a few hundred bytes. Run after `scripts/build.sh`; it reads
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
import { importDescEnd, readName, readSections, readU32 } from '../scripts/wasm.mjs';
import { crateOf, demangle } from './rust-names.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const TOP = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
const input = resolve(args[0] ?? resolve(REPO, 'target/wasm-split/release/bg/selfhelp_bg.wasm'));
const named = resolve(REPO, 'target/code-size.wasm');

// As scripts/split.sh optimises the main module, plus -g.
execFileSync('sh', [resolve(REPO, 'scripts/wasm-opt.sh'), 'main', input, named, '-g'], { stdio: 'inherit' });
const wasm = readFileSync(named);

let importedFunctions = 0;
let dataBytes = 0;
const bodies = []; // code bytes of each defined function, in index order
const names = new Map(); // function index → name
for (const { id, body } of readSections(wasm)) {
  if (id === 2) {
    let [count, at] = readU32(body, 0);
    for (; count > 0; count--) {
      [, at] = readName(body, at);
      [, at] = readName(body, at);
      const kind = body[at];
      if (kind === 0) importedFunctions++;
      at = importDescEnd(body, kind, at + 1);
    }
  } else if (id === 10) {
    let [count, at] = readU32(body, 0);
    for (; count > 0; count--) {
      const [len, start] = readU32(body, at);
      bodies.push(start - at + len);
      at = start + len;
    }
  } else if (id === 11) {
    dataBytes = body.length;
  } else if (id === 0) {
    let [section, at] = readName(body, 0);
    while (section === 'name' && at < body.length) {
      const sub = body[at];
      const [len, start] = readU32(body, at + 1);
      if (sub === 1) {
        let [count, q] = readU32(body, start);
        for (; count > 0; count--) {
          let index, name;
          [index, q] = readU32(body, q);
          [name, q] = readName(body, q);
          names.set(index, name);
        }
      }
      at = start + len;
    }
  }
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
