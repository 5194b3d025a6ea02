#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for the test suites that run against both
# SQLite and PostgreSQL (the queue and the API). Sourced by scripts/test.sh:
#
#   source scripts/postgres.sh
#
# It installs Debian's `postgresql` when missing (as root), starts a fresh cluster in a
# temporary directory (initdb + pg_ctl, as the `postgres` user when run as root), listening
# on 127.0.0.1 only, on a free port, and exports TENSORDOJO_TEST_DATABASE_URL (its admin
# database: each test creates and drops its own database there). The server stops by
# itself once the shell that sourced this script exits. Where PostgreSQL cannot be had,
# it warns and exports nothing: the PostgreSQL cases then skip, except under CI, where
# they fail.

_tdj_pg_start() {
  local bin
  bin=$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)
  if [ -z "$bin" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)
  fi
  if [ -z "$bin" ]; then
    echo "warning: PostgreSQL is not installed (apt-get install postgresql as root): its test cases skip" >&2
    return 0
  fi

  local dir port run=()
  dir=$(mktemp -d /tmp/tensordojo-pg.XXXXXX)  # /tmp: the postgres user can reach it
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    run=(runuser -u postgres --)
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

  ${run[@]+"${run[@]}"} "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2; echo "warning: initdb failed: PostgreSQL test cases skip" >&2; return 0; }
  # fsync off: a test cluster is thrown away, and the suites run faster without it.
  ${run[@]+"${run[@]}"} "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=300" \
    start >/dev/null || {
    cat "$dir/server.log" >&2; echo "warning: PostgreSQL did not start: its test cases skip" >&2; return 0; }

  # Stop it when the shell that sourced this exits, whatever way it exits.
  local parent=$$
  (
    trap '' HUP INT TERM
    while kill -0 "$parent" 2>/dev/null; do sleep 2; done
    ${run[@]+"${run[@]}"} "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
  ) </dev/null >/dev/null 2>&1 &
  disown $! 2>/dev/null || true

  export TENSORDOJO_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
}

if [ -n "${TENSORDOJO_TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL for the tests: TENSORDOJO_TEST_DATABASE_URL as given" >&2
else
  _tdj_pg_start
fi
unset -f _tdj_pg_start
