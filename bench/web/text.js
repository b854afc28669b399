// An article's body as plain text for the JavaScript engines the benchmarks compare (ours reads
// the blocks itself): every string in the blocks, links left out.
export function text(blocks) {
  const out = [];
  const walk = (node) => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(blocks);
  return out.join(' ').replace(/https?:\S+|mailto:\S+/g, '');
}
