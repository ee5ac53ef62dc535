#!/usr/bin/env bash
# Run CMD… against a throwaway PostgreSQL cluster: initdb in a temporary folder, started on 127.0.0.1 on a
# free port (never as root: as the `postgres` system user when run by root), DATABASE_URL exported for CMD,
# and the cluster stopped and removed afterwards, whatever CMD does.
#   scripts/with_postgres.sh .venv/bin/python -m pytest -q tests/test_followup_*.py
# Needs Debian's `postgresql` package (apt-get install postgresql). PG_BIN overrides the binaries' folder.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "Bruk: $0 KOMMANDO [ARGUMENT …]" >&2
  exit 2
fi

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "Finn ikkje PostgreSQL (initdb). Installer Debian-pakken: apt-get install postgresql" >&2
  exit 1
fi

as_owner() {  # run a PostgreSQL tool as the cluster's (non-root) owner
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

WORK="$(mktemp -d /tmp/with_postgres.XXXXXX)"
chmod 755 "$WORK"
[ "$(id -u)" -eq 0 ] && chown postgres: "$WORK"
DATA="$WORK/data"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cleanup() {
  as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

as_owner "$PG_BIN/initdb" -D "$DATA" -U postgres -A trust --no-instructions -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORK/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off" start >/dev/null \
  || { cat "$WORK/postgres.log" >&2; exit 1; }
as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres followup

export DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/followup"
echo "PostgreSQL på 127.0.0.1:$PORT (mellombels): DATABASE_URL=$DATABASE_URL" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
