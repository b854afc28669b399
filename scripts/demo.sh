#!/usr/bin/env bash
# Builds the widget (release, as merchants get it) and serves the demo shop at
# http://127.0.0.1:8080/, with the local chat stand-in (a stand-in for a Chatwoot inbox, not a
# real backend) at http://127.0.0.1:8090. Installs what it needs first (scripts/setup.sh),
# skipping what is there. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
trunk build --release
cargo build --quiet --release -p chat-standin
target/release/chat_standin --port "${CHAT_PORT:-8090}" &
standin=$!
trap 'kill $standin 2>/dev/null' EXIT
node scripts/serve.mjs --port "${PORT:-8080}"
