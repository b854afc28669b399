// The little of the WebAssembly binary format the build and the benchmarks read and write
// (scripts/glue.mjs, bench/code-size.mjs): sections, LEB128 numbers, names, and where an import
// ends. A malformed module throws an Error naming what was wrong (the build stops on it).

const malformed = (why) => {
  throw new Error(`malformed WebAssembly: ${why}`);
};

/** The unsigned LEB128 number at `at` in `buf`, and where it ends. */
export function readU32(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= buf.length || shift > 28) malformed('the module ends inside a number, or a number is too long');
    const byte = buf[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte < 0x80) return [value >>> 0, at];
  }
}

/** `value` as unsigned LEB128. */
export function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

/** The name (length, then UTF-8) at `at` in `buf`, and where it ends. */
export function readName(buf, at) {
  const [len, start] = readU32(buf, at);
  if (start + len > buf.length) malformed('a name runs past the end of its section');
  return [buf.toString('utf8', start, start + len), start + len];
}

/** `text` as a name. */
export function name(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
}

/** The module's sections in order, each `{ id, body }` (body a view of `wasm`). */
export function readSections(wasm) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) malformed('no WebAssembly header');
  const found = [];
  for (let at = 8; at < wasm.length;) {
    const id = wasm[at];
    const [size, body] = readU32(wasm, at + 1);
    if (body + size > wasm.length) malformed(`section ${id} runs past the end of the module`);
    found.push({ id, body: wasm.subarray(body, body + size) });
    at = body + size;
  }
  return found;
}

/** `found` (as `readSections` gives them) written back as a module, after `header`'s 8 bytes. */
export function writeModule(header, found) {
  return Buffer.concat([header.subarray(0, 8), ...found.flatMap(({ id, body }) => [Buffer.from([id]), u32(body.length), body])]);
}

const limitsEnd = (buf, at) => {
  const flags = buf[at];
  let [, next] = readU32(buf, at + 1);
  if (flags & 1) [, next] = readU32(buf, next);
  return next;
};

/** Where an import's description of `kind` ends, given where it starts (after the kind byte). */
export function importDescEnd(buf, kind, at) {
  switch (kind) {
    case 0: return readU32(buf, at)[1]; // function: type index
    case 1: return limitsEnd(buf, at + 1); // table: element type, limits
    case 2: return limitsEnd(buf, at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return readU32(buf, at + 1)[1]; // tag: attribute, type index
    default: return malformed(`import kind ${kind} unknown`);
  }
}
