// Rust's symbol names made readable, for the benchmarks that say where time or bytes go
// (bench/cold-path.mjs --profile, bench/code-size.mjs). The release chain keeps names mangled
// (`wasm-bindgen --no-demangle`, scripts/split.sh), so these read both of rustc's manglings.

const LEGACY_ESCAPES = [
  [/\$LT\$/g, '<'], [/\$GT\$/g, '>'], [/\$u20\$/g, ' '], [/\$RF\$/g, '&'], [/\$C\$/g, ','],
  [/\$u7b\$/g, '{'], [/\$u7d\$/g, '}'], [/\$u5b\$/g, '['], [/\$u5d\$/g, ']'], [/\$BP\$/g, '*'],
  [/\$u27\$/g, "'"], [/\.\./g, '::'],
];

/**
 * `_ZN8selfhelp2ui5panel5Panel17h…E` → `selfhelp::ui::panel::Panel`; a v0 name (`_R…`) → its
 * identifiers joined by `::` (enough to read; generic arguments are lost); anything else as it is.
 */
export function demangle(name) {
  if (name.startsWith('_ZN')) {
    const parts = [];
    for (let at = 3; /\d/.test(name[at] ?? '');) {
      const len = parseInt(name.slice(at), 10);
      at += String(len).length;
      parts.push(name.slice(at, at + len));
      at += len;
    }
    if (/^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
    const text = LEGACY_ESCAPES.reduce((text, [from, to]) => text.replace(from, to), parts.join('::'));
    return text.replace(/(^|::)_([<{])/g, '$1$2'); // no identifier starts with `<` or `{`: rustc adds `_`
  }
  if (name.startsWith('_R')) {
    // Identifiers are <decimal length><text>; a crate's comes after `Cs<hash>_`.
    const idents = [];
    for (let at = 2; at < name.length;) {
      const digits = name.slice(at).match(/^\d+/);
      if (!digits) {
        at = skipDisambiguator(name, name[at] === 'C' ? at + 1 : at);
        continue;
      }
      const len = Number(digits[0]);
      const start = at + digits[0].length;
      idents.push(name.slice(start, start + len));
      at = start + len;
    }
    return idents.filter((ident) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(ident)).join('::') || name;
  }
  return name;
}

// Past the tag at `at`: past a disambiguator `s<base 62>_` or a back reference `B<base 62>_`
// whole, else one character.
function skipDisambiguator(name, at) {
  const tail = name.slice(at).match(/^[sB][0-9A-Za-z]{0,12}_/);
  return at + (tail ? tail[0].length : 1);
}

/**
 * The crate a demangled function belongs to: the path's first segment, or for
 * `<Type as crate::Trait>::method` the type's crate, or the trait's when the type is generic.
 * Null for a name that is no Rust path (a shim, a JS function).
 */
export function crateOf(name) {
  const own = name.match(/^<*(?:&(?:mut )?)?([a-z_][a-z0-9_]*)::/);
  if (own) return own[1];
  const trait = name.match(/ as ([a-z_][a-z0-9_]*)::/);
  return trait ? trait[1] : null;
}
