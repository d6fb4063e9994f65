#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests that run on a server:
#   cluster.sh start DIR   initdb in DIR as an unprivileged user, then start it listening on a
#                          Unix socket in DIR only (no TCP); superuser "shequ", trust auth
#   cluster.sh stop DIR    stop it and remove DIR
#   cluster.sh url DIR     the URL shequ connects with
# The tests' cluster runs without fsync (nothing in it outlives the run); SHEQU_PG_FSYNC=on keeps
# PostgreSQL's default, as the benchmarks' server does (bench/bench.py).
# Where no cluster can start (PostgreSQL not installed, initdb failing), `start` says so loudly,
# leaves DIR/unavailable with the reason, and exits 0: tests/pg/with_server.sh then skips (77).
set -uo pipefail
cmd=$1 dir=$2
url() { echo "postgresql:///postgres?host=$dir&user=shequ"; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_owner() {  # initdb and the server refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
case $cmd in
  start)
    [ -d "$dir" ] && "$0" stop "$dir"
    mkdir -p "$dir" && chmod 700 "$dir"
    unavailable() {
      echo "$1" >"$dir/unavailable"
      echo "*** NO POSTGRESQL: $1 — the tests on a server will be SKIPPED ***" >&2
      exit 0
    }
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || unavailable "initdb not found (apt-get install postgresql)"
    [ "$(id -u)" = 0 ] && chown nobody "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U shequ --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      unavailable "initdb failed: $(tail -3 "$dir/initdb.log" | tr '\n' ' ')"
    fsync=off
    [ "${SHEQU_PG_FSYNC:-}" = on ] && fsync=on
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-k $dir -c listen_addresses='' -c fsync=$fsync -c max_connections=200" start >/dev/null ||
      unavailable "the server did not start: $(tail -3 "$dir/log" | tr '\n' ' ')"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') started for the tests: $(url)"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ] && [ -n "$bin" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
    fi
    rm -rf "$dir"
    ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url DIR" >&2; exit 64 ;;
esac
