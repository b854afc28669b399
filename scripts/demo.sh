#!/usr/bin/env bash
# Builds the widget (release, as merchants get it) and serves the demo shop at
# http://127.0.0.1:8080/. Installs what it needs first (scripts/setup.sh), skipping what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
trunk build --release
exec node scripts/serve.mjs --port "${PORT:-8080}"
