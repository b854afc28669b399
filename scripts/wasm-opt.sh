#!/bin/sh
# wasm-opt as the release build runs it (scripts/split.sh), in one place so bench/code-size.mjs
# and a profiling build (bench/cold-path.mjs) measure the same code:
#   scripts/wasm-opt.sh main|part IN OUT [more wasm-opt options, e.g. -g]
# `main` is the main module, `part` a lazy-loaded file (split_*.wasm, chunk_*.wasm), which imports
# the main module's memory already in use, so --zero-filled-memory is for the main module only.
#
# After -Oz, twice over: --flatten --rereloop (the control flow rebuilt by Binaryen's relooper)
# and -Oz again, with functions of one caller inlined only when small (-ocimfs=50; by default
# any size is): smaller, and no slower (how much, and what was tried: BENCHMARKS.md, "wasm-opt's
# options"). Then Binaryen's whole-program flow analysis (--gufa) and -Oz once more. Last, the
# producers and target_features sections go: no browser reads them.
set -eu
kind=$1 in=$2 out=$3
shift 3
case "$kind" in
  main) memory="--low-memory-unused --zero-filled-memory" ;;
  part) memory="--low-memory-unused" ;;
  *) echo "wasm-opt.sh: main or part, not $kind" >&2; exit 2 ;;
esac
BIN="$(dirname "$0")/../node_modules/.bin"
# shellcheck disable=SC2086
exec "$BIN/wasm-opt" -Oz $memory -ocimfs=50 \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  --enable-multivalue --enable-sign-ext --enable-mutable-globals \
  --flatten --rereloop -Oz --flatten --rereloop -Oz --gufa -Oz \
  --strip-producers --strip-target-features "$@" "$in" -o "$out"
