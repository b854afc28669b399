#!/usr/bin/env bash
# The release build, as merchants get it: `trunk build --release` with the standard library
# compiled for the widget (scripts/release-env.sh says how and why). Arguments go to Trunk,
# e.g. `--dist DIR`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-env.sh
exec trunk build --release "$@"
