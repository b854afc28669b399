// Runs in Chromium (bench/memory.mjs drives it, one fresh page per engine and corpus): loads the
// FAQ's text, then builds one engine's index over it and reports what it holds. The driver reads
// the JS heap around the build (after a forced collection); ours also reports its WebAssembly
// memory, which only grows, so it shows the peak of parsing and building.
import init, { load, heap_steps } from '/bench-pkg/search_bench.js';
import { Document as FlexDocument, Charset } from '/npm/flexsearch/dist/flexsearch.bundle.module.min.mjs';
import { text } from './text.js';

const params = new URLSearchParams(location.search);
const wasm = await init();
// As bytes, as the widget reads a response (src/net.rs); FlexSearch gets the same text.
const bytes = new Uint8Array(await (await fetch(params.get('corpus'))).arrayBuffer());
const json = new TextDecoder().decode(bytes);
window.kept = [];
window.fetched = true;

// Called by the driver once it has read the heap with the text alone.
window.build = (engine) => {
  if (engine === 'selfhelp') {
    const before = wasm.memory.buffer.byteLength;
    const count = load(bytes);
    return { count, wasmBefore: before, wasmAfter: wasm.memory.buffer.byteLength, heap: JSON.parse(heap_steps()) };
  }
  // FlexSearch as bench/speed.mjs configures it; it keeps only its index (no document store),
  // so the parsed documents are dropped once added.
  let docs = JSON.parse(json).articles.map((a, i) => ({
    key: i, title: a.title, keywords: (a.keywords || []).join(' '), body: text(a.blocks || a.body),
  }));
  const flex = new FlexDocument({ document: { id: 'key', index: ['title', 'keywords', 'body'] }, tokenize: 'forward', encoder: Charset.LatinExtra });
  for (const d of docs) flex.add(d);
  const count = docs.length;
  docs = null;
  window.kept.push(flex);
  return { count };
};
