#!/usr/bin/env bash
# Builds the release widget and prints the size report per path, as served with brotli (see
# BENCHMARKS.md). The chat path needs the chat stand-in (built here in debug, as the tests do).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
scripts/build.sh
cargo build --quiet -p chat-standin
node scripts/size-report.mjs "$@"
