#!/usr/bin/env bash
# Builds the widget (release, as merchants get it) and serves the demo shop at
# http://127.0.0.1:8080/, with the path a merchant deploys behind it:
#   - the merchant's server (server/, http://127.0.0.1:8091): the tracking proxy in front of a
#     PostNord stand-in that serves the recorded demo answers, and the self-service report;
#   - the local chat stand-in (a stand-in for a Chatwoot inbox, not a real backend) at :8090.
# Installs what it needs first (scripts/setup.sh), skipping what is there. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
PORT="${PORT:-8080}"
SERVER_PORT="${SERVER_PORT:-8091}"
scripts/build.sh
cargo build --quiet --release -p chat-standin -p selfhelp-server
# The demo page as built points at local fixtures (the end-to-end tests intercept those); the
# demo itself goes through the merchant's server, as a shop would.
sed -i "s|tracking-url=\"demo/tracking/{id}.json?locale={locale}\"|tracking-url=\"http://127.0.0.1:$SERVER_PORT/track?id={id}\&locale={locale}\"|; s|analytics-url=\"demo/analytics\"|analytics-url=\"http://127.0.0.1:$SERVER_PORT/collect\"|" dist/index.html
target/release/chat_standin --port "${CHAT_PORT:-8090}" &
standin=$!
UPSTREAM=fixtures:dist/demo/tracking LISTEN="127.0.0.1:$SERVER_PORT" \
  ALLOWED_ORIGINS="http://127.0.0.1:$PORT http://localhost:$PORT" UPSTREAM_TIMEOUT_MS=12000 \
  DATABASE_URL=sqlite:target/demo-selfhelp.db REPORT_TOKEN=demo target/release/selfhelp-server &
server=$!
trap 'kill $standin $server 2>/dev/null' EXIT
echo "self-service report: http://127.0.0.1:$SERVER_PORT/report?lang=sv&token=demo"
node scripts/serve.mjs --port "$PORT"
