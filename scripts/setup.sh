#!/usr/bin/env bash
# Installs everything the demo and the tests need, idempotently: each step checks first and skips
# what is already there. Nothing here downloads a binary at run time: Trunk and wasm-bindgen-cli are
# built from crates.io, wasm-opt comes from npm's binaryen 132 (Debian's binaryen 108 miscompiles
# our output), Chromium from Debian. Sourced by demo.sh and test.sh; safe to run on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# The release build compiles std for the widget (scripts/build.sh): std's source, from the same
# place as the target.
if ! rustup component list --installed | grep -q '^rust-src'; then
  log "adding the rust-src component"
  rustup component add rust-src
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing Trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly. Not --locked: one of its
# locked dependencies is no longer served.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG_VERSION" ]; then
  log "installing wasm-bindgen-cli $WBG_VERSION (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "=$WBG_VERSION" --force
fi
# Trunk.toml pins the same version; fail early and clearly if someone bumped one and not the other.
if ! grep -q "wasm_bindgen = \"$WBG_VERSION\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_bindgen does not match Cargo.lock's wasm-bindgen $WBG_VERSION" >&2
  exit 1
fi

# wasm-split-cli cuts the release build into lazy-loaded files (scripts/split.sh, issue #11). It
# has no --version, so cargo's install list is the check. 0.2.4 is the first that knows
# wasm-bindgen 0.2.128+'s descriptors.
WASM_SPLIT_VERSION=0.2.4
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (about 3 minutes on 2 cores)"
  cargo install wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --locked --features build-binary --force
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (playwright-core, axe-core, binaryen)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
