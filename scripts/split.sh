#!/bin/sh
# Trunk post_build hook (Trunk.toml): the widget's WebAssembly as a main module plus lazy-loaded
# files (issue #11). Trunk cannot do this itself: the split must run on cargo's raw output, before
# wasm-bindgen, which drops the relocations it needs. So this redoes the chain after cargo:
#   1. wasm-split-cli on target/wasm32-unknown-unknown/<profile>/selfhelp.wasm (built with
#      --emit-relocs, .cargo/config.toml, and the `split` feature, index.html): the main module,
#      split_<name>.wasm / chunk_<n>.wasm, and __wasm_split.js, which fetches them on demand;
#   2. wasm-bindgen on the main module (--keep-lld-exports: the chunks use its function table),
#      then short names for its imports and trampolines (scripts/glue.mjs);
#   3. wasm-opt on every .wasm (release; its options: scripts/wasm-opt.sh);
#   4. terser on the JS the browser runs (the glue, the link module, the loader).
# Everything replaces what Trunk staged under the same names.
set -eu
P="${TRUNK_PROFILE:-release}"
S="$TRUNK_STAGING_DIR"
RAW="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$P/selfhelp.wasm"
T="${CARGO_TARGET_DIR:-target}/wasm-split/$P"
BIN="$PWD/node_modules/.bin"
[ -f "$RAW" ] || { echo "split.sh: no $RAW (cargo output)" >&2; exit 1; }
# The shipped build compiles std for the widget (scripts/release-env.sh); a plain
# `trunk build --release` is not what ships, so it stops here.
[ "$P" != release ] || [ -n "${CARGO_UNSTABLE_BUILD_STD:-}" ] || {
  echo "split.sh: build the release with scripts/build.sh, not trunk build --release" >&2; exit 1; }

rm -rf "$T"
mkdir -p "$T/bg"
RAYON_NUM_THREADS=1 wasm-split-cli --target web --out-name selfhelp "$RAW" "$T"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name selfhelp --out-dir "$T/bg" "$T/selfhelp.wasm"
# Without the stream classes nothing uses, and with short names for the calls between module
# and glue, not wasm-bindgen's hashed ones.
node scripts/glue.mjs "$T/bg/selfhelp_bg.wasm" "$T/bg/selfhelp.js"

# Every request has a deadline: wasm-split-cli's fetches of the lazy files have none, so a server
# that never answers would leave "Opening the chat…" for ever. 30 s, as the loader's preload;
# the abort fails the load, and the widget says so with Try again.
N=$(grep -c 'fetch(new URL("\./[^"]*", import\.meta\.url))' "$T/__wasm_split.js" || true)
sed -i 's|fetch(new URL("\(\./[^"]*\)", import\.meta\.url))|fetch(new URL("\1", import.meta.url), { signal: AbortSignal.timeout?.(30000) })|' "$T/__wasm_split.js"
M=$(grep -c 'AbortSignal.timeout' "$T/__wasm_split.js" || true)
[ "$N" -gt 0 ] && [ "$N" = "$M" ] || { echo "split.sh: __wasm_split.js fetches changed shape ($N fetches, $M with a deadline)" >&2; exit 1; }

# What an earlier build staged and this one did not produce must not be served.
rm -f "$S"/split_*.wasm "$S"/chunk_*.wasm
cp "$T/bg/selfhelp.js" "$T/bg/selfhelp_bg.wasm" "$T/__wasm_split.js" "$S/"
for f in "$T"/split_*.wasm "$T"/chunk_*.wasm; do
  [ -e "$f" ] && cp "$f" "$S/"
done

if [ "$P" = release ]; then
  sh scripts/wasm-opt.sh main "$S/selfhelp_bg.wasm" "$S/selfhelp_bg.wasm"
  for f in "$S"/split_*.wasm "$S"/chunk_*.wasm; do
    [ -e "$f" ] || continue
    sh scripts/wasm-opt.sh part "$f" "$f"
  done
fi

# The loader's stylesheet without its line breaks (terser leaves template strings as they are):
# the loader stays under 5 KB compressed (tests/e2e/shell.test.mjs).
node -e 'const fs = require("fs"), f = process.argv[1];
fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/(const CSS = `)([^`]*)`/, (_, a, css) => a + css.replace(/\n/g, "") + "`"));' "$S/selfhelp-widget.js"
# `--module` keeps ES module exports and import.meta; terser emits no eval, so a strict CSP holds.
for f in selfhelp.js __wasm_split.js selfhelp-widget.js; do
  "$BIN/terser" "$S/$f" --module --ecma 2020 --compress passes=2 --mangle -o "$S/$f"
done
