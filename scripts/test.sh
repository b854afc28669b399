#!/usr/bin/env bash
# Runs every test: format, lints, native unit tests, component tests in headless Chromium
# (wasm-bindgen-test), then the release build end to end in Chromium with axe-core (Playwright).
# Installs what it needs first (scripts/setup.sh), skipping what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
printf '== set-up: %d s\n' "$SECONDS"

# Each step says how long it took, so a slow or stuck CI run shows where its time went.
step() {
  local name=$1 start=$SECONDS
  shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  "$@"
  printf '== %s: %d s (%d s in all)\n' "$name" $((SECONDS - start)) "$SECONDS"
}

step "format" cargo fmt --all --check
step "lints (native)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "lints (wasm)" cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
step "native unit tests" cargo test --workspace --quiet
step "component tests in Chromium" cargo test --target wasm32-unknown-unknown --test browser
step "release build" scripts/build.sh
step "chat stand-in" cargo build --quiet -p chat-standin
step "merchant's server" cargo build --quiet -p selfhelp-server
step "merchant's server on PostgreSQL" server/scripts/pg-test.sh --quiet
# Each test has a deadline of its own (tests/e2e/harness.mjs); a whole file, 15 minutes.
step "end-to-end tests in Chromium" node --test --test-concurrency=1 --test-timeout=900000 --test-reporter=spec tests/e2e/
