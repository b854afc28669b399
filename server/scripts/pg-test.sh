#!/usr/bin/env bash
# Runs `cargo test -p selfhelp-server` against a throw-away PostgreSQL: installs Debian's
# `postgresql` if it is missing, starts a cluster in a temporary folder on a free loopback port
# as the `postgres` user, sets SELFHELP_TEST_POSTGRES_URL, runs the tests, and always stops and
# removes the cluster. Extra arguments go to `cargo test` (e.g. `-- store::postgres`).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "pg-test: PostgreSQL is not installed; run as root or: apt-get install -y postgresql" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# The cluster must not run as root: as root, run it as `postgres`; otherwise as ourselves.
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
  user=postgres
else
  as_pg() { "$@"; }
  user=$(id -un)
fi

dir=$(mktemp -d /tmp/selfhelp-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

stop() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_pg "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" selfhelp_test

export SELFHELP_TEST_POSTGRES_URL="postgres://$user@127.0.0.1:$port/selfhelp_test"
echo "pg-test: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
cargo test -p selfhelp-server "$@"
