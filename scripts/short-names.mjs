// Short names for the calls between the main WebAssembly module and its glue (issue #11).
//
// wasm-bindgen names each JS function the module imports `__wbg_<name>_<16 hex digits>` and
// writes every name twice: in the module's import section and as a key of the glue's import
// object. Hex digits do not compress, and the two files are compressed apart, so 175 such names
// cost a buyer some 3 KB brotli for nothing. The same goes for the exported closure trampolines
// (`_ZN12wasm_bindgen…17h<hash>E`), which the glue calls as `wasm.<name>` (from JS functions of
// the same name, which terser shortens). This renames both to
// `a`, `b`, … `$z` in the module and the glue together, and fails the build if the glue does not
// hold each name exactly where it expects it (wasm-bindgen changed shape): a renamed call the
// glue does not answer would break the widget at instantiation.
//
//   node scripts/short-names.mjs <selfhelp_bg.wasm> <selfhelp.js>   (wasm-bindgen's output)
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, jsPath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
const fail = (why) => {
  console.error(`short-names.mjs: ${why}`);
  process.exit(1);
};

// The glue's import module: the one key under which the import object is handed over.
const MODULE = './selfhelp_bg.js';
const SHORT_MODULE = 'w';

// LEB128, the module's integer encoding.
const readU32 = (buf, at) => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte < 0x80) return [value >>> 0, at];
  }
};
const u32 = (value) => {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
};
const readName = (buf, at) => {
  const [len, start] = readU32(buf, at);
  return [buf.toString('utf8', start, start + len), start + len];
};
const name = (text) => {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
};
// An import's or export's description after its kind byte: its length in bytes.
const limitsEnd = (buf, at) => {
  const flags = buf[at];
  let [, next] = readU32(buf, at + 1);
  if (flags & 1) [, next] = readU32(buf, next);
  return next;
};
const importDescEnd = (buf, kind, at) => {
  switch (kind) {
    case 0: return readU32(buf, at)[1]; // function: type index
    case 1: return limitsEnd(buf, at + 1); // table: element type, limits
    case 2: return limitsEnd(buf, at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return readU32(buf, at + 1)[1]; // tag: attribute, type index
    default: return fail(`import kind ${kind} unknown`);
  }
};

// Identifiers that are not JS keywords and that wasm-bindgen's glue does not use as property
// names of `wasm` or of the import object: one or two letters, then `$` and letters.
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (n) => (n < LETTERS.length ? LETTERS[n] : `$${LETTERS[n % LETTERS.length]}${Math.floor(n / LETTERS.length)}`);

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not WebAssembly`);
const sections = [];
for (let at = 8; at < wasm.length;) {
  const id = wasm[at];
  const [size, body] = readU32(wasm, at + 1);
  sections.push({ id, body: wasm.subarray(body, body + size) });
  at = body + size;
}

const renamed = new Map(); // old name → short name, for the glue
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
      const short = shortName(next++);
      renamed.set(field, short);
      parts.push(name(SHORT_MODULE), name(short));
    } else {
      parts.push(name(module), name(field));
    }
    parts.push(buf.subarray(at, end));
    at = end;
  }
  importSection.body = Buffer.concat(parts);
}
const imports = new Map(renamed);

// Exports: only the mangled closure trampolines. The rest are the widget's API (`mount`, `warm`,
// `widget_*`), wasm-bindgen's runtime and what wasm-split's link module looks up by name.
const exports = new Map();
{
  const buf = exportSection.body;
  let [count, at] = readU32(buf, 0);
  const parts = [u32(count)];
  for (; count > 0; count--) {
    let field;
    [field, at] = readName(buf, at);
    const end = readU32(buf, at + 1)[1];
    if (field.startsWith('_ZN')) {
      const short = shortName(next++);
      exports.set(field, short);
      parts.push(name(short));
    } else {
      parts.push(name(field));
    }
    parts.push(buf.subarray(at, end));
    at = end;
  }
  exportSection.body = Buffer.concat(parts);
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

const out = [wasm.subarray(0, 8)];
for (const { id, body } of sections) out.push(Buffer.from([id]), u32(body.length), body);
writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(jsPath, js);
console.log(`short-names.mjs: ${imports.size} imports and ${exports.size} exports renamed`);
