#!/usr/bin/env bash
# The release build, as merchants get it: `trunk build --release` with the standard library
# compiled for the widget (scripts/release-env.sh says how and why). Arguments go to Trunk,
# e.g. `--dist DIR`. Needs what scripts/setup.sh installs (Trunk, wasm-bindgen, rust-src).
set -euo pipefail
cd "$(dirname "$0")/.."
# Trunk builds offline (Trunk.toml): the widget's crates first, and std's, which the build
# compiles with it (quick when they are already here). std's manifest uses options stable
# cargo accepts only with RUSTC_BOOTSTRAP.
cargo fetch --quiet
SYSROOT=$(rustc --print sysroot)
RUSTC_BOOTSTRAP=1 cargo fetch --quiet --target wasm32-unknown-unknown \
  --manifest-path "$SYSROOT/lib/rustlib/src/rust/library/Cargo.toml"
source scripts/release-env.sh
exec trunk build --release "$@"
