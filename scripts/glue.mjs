// What wasm-bindgen writes between the main WebAssembly module and its glue that a buyer need
// not download (issue #11). One trim, failing the build if wasm-bindgen's output changed shape,
// since a module and a glue that disagree break the widget at instantiation.
//
// Short names. wasm-bindgen names each JS function the module imports
// `__wbg_<name>_<16 hex digits>` and writes every name twice: in the module's import section
// and as a key of the glue's import object. Hex digits do not compress, and the two files are
// compressed apart, so the 175 such names there were cost a buyer some 4.5 KB brotli for
// nothing. The same goes for the exported closure trampolines (`_ZN12wasm_bindgen…17h<hash>E`,
// or in Rust's v0 mangling `_RINvNv…wasm_bindgen…`, as this build's are), which the glue calls
// as `wasm.<name>` (from JS functions of the same name, which terser shortens). This renames
// both to `a` … `Z`, then `$a1`, `$b1`, …, in the module and the glue together.
//
// (wasm-streams' stream classes, which this script used to take out of the module and the glue,
// are not built at all now: patches/wasm-streams says why.)
//
//   node scripts/glue.mjs <selfhelp_bg.wasm> <selfhelp.js>   (wasm-bindgen's output, before wasm-opt)
import { readFileSync, writeFileSync } from 'node:fs';
import { importDescEnd, name, readName, readSections, readU32, u32, writeModule } from './wasm.mjs';

const [wasmPath, jsPath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
const fail = (why) => {
  console.error(`glue.mjs: ${why}`);
  process.exit(1);
};

// The glue's import module: the one key under which the import object is handed over.
const MODULE = './selfhelp_bg.js';
const SHORT_MODULE = 'w';

// Identifiers that are not JS keywords: one letter, then `$`, a letter and a number. The
// exports' must not be one the module keeps (checked below).
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (n) => (n < LETTERS.length ? LETTERS[n] : `$${LETTERS[n % LETTERS.length]}${Math.floor(n / LETTERS.length)}`);

const sections = readSections(wasm);

const imports = new Map(); // old name → short name, for the glue
let next = 0;

const importSection = sections.find((s) => s.id === 2);
const exportSection = sections.find((s) => s.id === 7);
if (!importSection || !exportSection) fail(`${wasmPath} has no import or export section`);

{
  const buf = importSection.body;
  let [count, at] = readU32(buf, 0);
  const parts = [u32(count)];
  for (; count > 0; count--) {
    let module, field;
    [module, at] = readName(buf, at);
    [field, at] = readName(buf, at);
    const kind = buf[at];
    const end = importDescEnd(buf, kind, at + 1);
    if (module === MODULE) {
      // A field imported twice (another signature) keeps one name: the glue has one key.
      const short = imports.get(field) ?? shortName(next++);
      imports.set(field, short);
      parts.push(name(SHORT_MODULE), name(short));
    } else {
      parts.push(name(module), name(field));
    }
    parts.push(buf.subarray(at, end));
    at = end;
  }
  importSection.body = Buffer.concat(parts);
}

// Exports: the mangled closure trampolines are renamed. The rest are the widget's API (`mount`,
// `warm`, `widget_*`), wasm-bindgen's runtime and what wasm-split's link module looks up by name.
const exports = new Map();
const keptExports = [];
{
  const buf = exportSection.body;
  let [count, at] = readU32(buf, 0);
  const parts = [];
  for (; count > 0; count--) {
    let field;
    [field, at] = readName(buf, at);
    const end = readU32(buf, at + 1)[1];
    const desc = buf.subarray(at, end);
    at = end;
    if (field.startsWith('_ZN') || field.startsWith('_R')) {
      const short = shortName(next++);
      exports.set(field, short);
      parts.push(name(short), desc);
    } else {
      keptExports.push(field);
      parts.push(name(field), desc);
    }
  }
  exportSection.body = Buffer.concat([u32(parts.length / 2), ...parts]); // a name and a kind each
  const keptNames = new Set(keptExports);
  for (const short of exports.values()) {
    if (keptNames.has(short)) fail(`the short name ${short} is already an export of the module`);
  }
}

// The glue: each import is one key of the import object (`__wbg_…: function(`), handed over
// under MODULE; each trampoline is called as `wasm.<name>(`.
const count = (text, needle) => text.split(needle).length - 1;
// How often `text` holds `needle` as a whole name, not as the start of a longer one.
const whole = (text, needle) => count(text.replace(new RegExp(`${needle.replaceAll('$', '\\$').replaceAll('.', '\\.')}(?=[\\w$])`, 'g'), ''), needle);

for (const [old, short] of imports) {
  const key = `${old}: function(`;
  if (whole(js, old) !== 1 || count(js, key) !== 1) fail(`the glue holds import ${old} ${whole(js, old)} times, not once as a key`);
  js = js.replace(key, `${short}: function(`);
}
const moduleKey = `"${MODULE}": import0`;
if (count(js, moduleKey) !== 1) fail(`the glue no longer hands its imports over as ${moduleKey}`);
js = js.replace(moduleKey, `${SHORT_MODULE}: import0`);
for (const [old, short] of exports) {
  const call = `wasm.${old}(`;
  if (count(js, call) < 1 || whole(js, `wasm.${old}`) !== count(js, call)) fail(`the glue uses export ${old} other than as wasm.${old}(`);
  js = js.replaceAll(call, `wasm.${short}(`);
}

writeFileSync(wasmPath, writeModule(wasm, sections));
writeFileSync(jsPath, js);
console.log(`glue.mjs: ${imports.size} imports and ${exports.size} exports renamed`);
