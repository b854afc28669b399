#!/usr/bin/env bash
# Builds the release widget and prints the size report (see BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
trunk build --release
node scripts/size-report.mjs
