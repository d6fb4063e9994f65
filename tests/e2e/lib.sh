# Shared helpers for end-to-end tests: run the built shequ on temporary files and check
# exit codes, output and that the data file is unchanged after a refusal.
# Each test_*.sh sources this file, calls `run …` / `expect_* …`, and ends with `finish`.
set -u
: "${SHEQU:?set SHEQU to the built binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
export LANG=C LC_ALL=C TZ=UTC
export SHEQU_TODAY=${SHEQU_TODAY:-2026-11-29}
export SHEQU_OPERATOR=tester
export SHEQU_SAMPLE_DIR="$SOURCE_DIR/sample-data"
unset SHEQU_DB SHEQU_CONFIG XDG_CONFIG_HOME NO_COLOR
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export HOME="$WORK"
FAILS=0
CHECKS=0
OUT=""
ERR=""
RC=0

# run ARGS…: runs `shequ --lang en ARGS…`; sets OUT, ERR, RC.
run() {
  "$SHEQU" --lang en "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out")
  ERR=$(cat "$WORK/.err")
}
# run_zh ARGS…: like run, with Chinese messages.
run_zh() {
  "$SHEQU" "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out")
  ERR=$(cat "$WORK/.err")
}
# stdin_run FILE ARGS…: like run with FILE on standard input.
stdin_run() {
  local input=$1
  shift
  "$SHEQU" --lang en "$@" <"$input" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out")
  ERR=$(cat "$WORK/.err")
}

fail() {
  FAILS=$((FAILS + 1))
  echo "FAIL [${BASH_LINENO[1]}]: $*" >&2
  echo "  rc=$RC" >&2
  echo "  stdout: ${OUT:0:1500}" >&2
  echo "  stderr: ${ERR:0:1500}" >&2
}
check() { CHECKS=$((CHECKS + 1)); }

expect_rc() { check; [ "$RC" = "$1" ] || fail "expected exit $1, got $RC"; }
expect_out() { check; [[ "$OUT" == *"$1"* ]] || fail "stdout lacks: $1"; }
expect_no_out() { check; [[ "$OUT" != *"$1"* ]] || fail "stdout must not contain: $1"; }
expect_err() { check; [[ "$ERR" == *"$1"* ]] || fail "stderr lacks: $1"; }
expect_no_err() { check; [[ "$ERR" != *"$1"* ]] || fail "stderr must not contain: $1"; }
expect_out_eq() { check; [ "$OUT" = "$1" ] || fail "stdout differs; expected: $1"; }
expect_lines() { check; local n; n=$(printf '%s\n' "$OUT" | grep -c .); [ "$n" = "$1" ] || fail "expected $1 non-empty lines, got $n"; }

# digest FILE: a logical fingerprint of a data file (schema and rows).
digest() { sqlite3 "$1" .dump 2>&1 | sha256sum | cut -d' ' -f1; }
# remember FILE / expect_unchanged FILE: the data file must be the same as remembered.
remember() { SNAP=$(digest "$1"); }
expect_unchanged() { check; [ "$(digest "$1")" = "$SNAP" ] || fail "data file $1 changed"; }
# sql FILE QUERY: the query's result from the data file; sql_checked also checks foreign keys
# (as shequ does; the sqlite3 shell does not by default). digest_records FILE: digest without
# the audit log.
sql() { sqlite3 -batch -noheader "$1" "$2"; }
sql_checked() { sqlite3 -batch -noheader -cmd "PRAGMA foreign_keys = ON" "$1" "$2"; }
digest_records() { sqlite3 "$1" .dump | grep -v '^INSERT INTO audit' | sha256sum | cut -d' ' -f1; }
# digest_without FILE TABLE…: digest of the records without the named tables.
digest_without() {
  local file=$1 t
  shift
  for t in $(sql "$file" "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"); do
    [[ " $* " == *" $t "* ]] || sqlite3 "$file" ".dump $t"
  done | sha256sum | cut -d' ' -f1
}
# … | numbers: sql's lines with each decimal field written as the shortest number (4.0 → 4,
# 3.75 stays): the sqlite3 shell prints a REAL 4 as 4.0, psql a double precision 4 as 4.
numbers() { awk -F'|' -v OFS='|' '{ for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9]+\.[0-9]+$/) $i = sprintf("%.15g", $i); print }'; }

# The engine the test runs on: SQLite files, or (SHEQU_TEST_ENGINE=postgresql with SHEQU_TEST_PG,
# ctest's e2e_pg_* tests) the test server, where each data file the test names is a community of its own
# (tests/pg/shequ_on_server.sh) and sql/digest read that community's schema.
ENGINE=sqlite
SERVER_ENV=()  # what `env -i` must keep for $SHEQU to reach the server (nothing on SQLite)
if [ "${SHEQU_TEST_ENGINE:-}" = postgresql ]; then
  : "${SHEQU_TEST_PG:?SHEQU_TEST_ENGINE=postgresql needs the server: run through tests/pg/with_server.sh}"
  ENGINE=postgresql
  export SHEQU_BINARY=$SHEQU SHEQU_TEST_PG
  SERVER_ENV=(SHEQU_BINARY="$SHEQU" SHEQU_TEST_PG="$SHEQU_TEST_PG")
  SHEQU=$SOURCE_DIR/tests/pg/shequ_on_server.sh
  community_of() { echo "t_$(realpath -m -- "$1" | md5sum | cut -c1-16)"; }
  sql() {
    psql "$SHEQU_TEST_PG" -X -q -At -F'|' -v ON_ERROR_STOP=1 -c "SET search_path TO $(community_of "$1")" -c "$2"
  }
  sql_checked() { sql "$@"; }
  # sweep FILE PATTERN…: reads every column of every table in the community's schema (taken
  # from the catalog, so a table added later is swept too) as text, and prints "table.column:
  # PATTERN" for each POSIX pattern found there: what SQL can read, not dead rows (server.md).
  sweep() {
    local schema patterns
    schema=$(community_of "$1")
    shift
    patterns=$(printf '%s\n' "$@")
    psql "$SHEQU_TEST_PG" -X -q -At -v ON_ERROR_STOP=1 -v schema="$schema" -v patterns="$patterns" <<'SQL'
SELECT format('SELECT DISTINCT %L || '': '' || p FROM %I.%I, unnest(string_to_array(%L, E''\n'')) p WHERE %I::text ~ p',
              c.relname || '.' || a.attname, n.nspname, c.relname, :'patterns', a.attname)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :'schema' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum
\gexec
SQL
  }
  digest_records() {
    pg_dump -d "$SHEQU_TEST_PG" -n "$(community_of "$1")" --exclude-table-data='*.audit*' 2>&1 |
      grep -v -e '^--' -e '^\\' -e "setval('[a-z0-9_]*\.audit" | sort | sha256sum | cut -d' ' -f1
  }
  digest_without() {
    local schema t skip=() sequences
    schema=$(community_of "$1")
    shift
    for t; do skip+=(--exclude-table-data="$schema.$t"); done
    sequences=$(IFS='|'; echo "$*")
    pg_dump -d "$SHEQU_TEST_PG" -n "$schema" "${skip[@]}" 2>&1 |
      grep -v -E -e '^--' -e '^\\' -e "setval\('$schema\.($sequences)_id_seq'" | sort | sha256sum | cut -d' ' -f1
  }
  # Without comments and the dump's random \restrict key, its lines sorted: a row that undo puts
  # back comes back elsewhere in the table, so in another place in the dump.
  digest() {
    pg_dump -d "$SHEQU_TEST_PG" -n "$(community_of "$1")" 2>&1 | grep -v -e '^--' -e '^\\' | sort | sha256sum | cut -d' ' -f1
  }
fi
# The operator the audit log and the records name: $SHEQU_OPERATOR on a file; on a server the
# database role the test connects as (the server knows who connected).
ME=$SHEQU_OPERATOR
if [ "$ENGINE" = postgresql ]; then ME=$(psql "$SHEQU_TEST_PG" -X -At -c "SELECT session_user"); fi
# dump FILE: the data file's schema and rows as SQL text (sqlite3 .dump; pg_dump of the community's
# schema on PostgreSQL). copy_data FILE NEW: NEW becomes a copy of FILE's data (a new file; on
# PostgreSQL a new community, its schema FILE's renamed), for a test to break or change the copy.
if [ "$ENGINE" = sqlite ]; then
  dump() { sqlite3 "$1" .dump; }
  copy_data() { rm -f "$2" "$2-wal" "$2-shm" && sqlite3 "$1" ".backup '$2'"; }
else
  dump() { pg_dump -d "$SHEQU_TEST_PG" -n "$(community_of "$1")"; }
  copy_data() {
    local from to
    from=$(community_of "$1") to=$(community_of "$2")
    pg -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $to CASCADE" -c "DELETE FROM shequ.community WHERE code = '$to'" >/dev/null &&
      pg_dump -d "$SHEQU_TEST_PG" -n "$from" | sed "s/\b$from\b/$to/g" | pg >/dev/null &&
      pg -c "INSERT INTO shequ.community SELECT '$to', name, created_at FROM shequ.community WHERE code = '$from'" >/dev/null
  }
fi
# pg ARGS…: psql on the test server ($SHEQU_TEST_PG), unaligned, stopping at the first error
# (tests/pg/*.sh).
pg() { psql "$SHEQU_TEST_PG" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
# own_database PREFIX: the test works in a database PREFIX_db of its own on the test server
# ($SHEQU_TEST_PG names it from then on; $SERVER_PG the server's first database): a street's
# operators reach every community of their database, and other tests' come and go in theirs.
# drop_own_database drops it and every role named PREFIX_… or shequ_PREFIX_… (logins, groups).
own_database() {
  OWN_PREFIX=$1 SERVER_PG=$SHEQU_TEST_PG
  psql "$SERVER_PG" -X -q -c "CREATE DATABASE ${OWN_PREFIX}_db" || exit 1
  SHEQU_TEST_PG=${SHEQU_TEST_PG/\/\/\/postgres\?/\/\/\/${OWN_PREFIX}_db?}
}
drop_own_database() {
  local r
  psql "$SERVER_PG" -X -q -c "DROP DATABASE IF EXISTS ${OWN_PREFIX}_db" >/dev/null 2>&1
  for r in $(psql "$SERVER_PG" -X -At -c "SELECT rolname FROM pg_roles WHERE rolname LIKE '${OWN_PREFIX}\_%' OR rolname LIKE 'shequ\_${OWN_PREFIX}\_%'"); do
    psql "$SERVER_PG" -X -q -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
  done
}
# sqlite_only WHY: ends a test that is about the data file itself (exit 77: ctest shows it skipped).
sqlite_only() {
  [ "$ENGINE" = sqlite ] && return
  echo "*** SKIPPED on PostgreSQL: $* ***" >&2
  exit 77
}

# golden NAME: compares OUT with tests/e2e/golden/NAME (UPDATE_GOLDEN=1 rewrites it).
golden() {
  check
  local file="$SOURCE_DIR/tests/e2e/golden/$1"
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then printf '%s\n' "$OUT" >"$file"; return; fi
  if ! diff <(printf '%s\n' "$OUT") "$file" >"$WORK/.diff"; then
    fail "output differs from golden $1:"; cat "$WORK/.diff" >&2
  fi
}

finish() {
  echo "$CHECKS checks, $FAILS failed"
  [ "$FAILS" = 0 ]
}

# A small registry to start from: grids 01 and 03, buildings 1 and 3, a few households.
make_registry() {
  "$SHEQU" --db "${1:-shequ.sqlite}" init -q &&
    "$SHEQU" --db "${1:-shequ.sqlite}" -q grid add --code 01 --name 第一网格 >/dev/null &&
    "$SHEQU" --db "${1:-shequ.sqlite}" -q grid add --code 03 --name 第三网格 >/dev/null &&
    "$SHEQU" --db "${1:-shequ.sqlite}" -q building add --number 1 --grid 01 --units 2 --floors 6 >/dev/null &&
    "$SHEQU" --db "${1:-shequ.sqlite}" -q building add --number 3 --grid 03 --units 3 --floors 7 >/dev/null &&
    "$SHEQU" --db "${1:-shequ.sqlite}" -q household add --address 1-1-101 >/dev/null &&
    "$SHEQU" --db "${1:-shequ.sqlite}" -q household add --address 3-2-501 --phone 13812345678 >/dev/null &&
    "$SHEQU" --db "${1:-shequ.sqlite}" -q household add --address 3-2-502 >/dev/null
}
