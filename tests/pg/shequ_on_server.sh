#!/usr/bin/env bash
# Runs the built shequ ($SHEQU_BINARY) on the test server ($SHEQU_TEST_PG) in place of a data
# file: each data file a test names (--db FILE, $SHEQU_DB, else ./shequ.sqlite) becomes a
# community of its own, its code derived from the file's absolute path. The end-to-end tests run
# through it when tests/e2e/lib.sh is told the engine is PostgreSQL.
args=()
db=${SHEQU_DB:-shequ.sqlite}
while [ $# -gt 0 ]; do
  case $1 in
    --db) db=$2; shift 2; continue ;;
    --db=*) db=${1#--db=}; shift; continue ;;
  esac
  args+=("$1")
  shift
done
case $db in
  postgres://* | postgresql://*) exec "$SHEQU_BINARY" --db "$db" "${args[@]}" ;;
esac
code=t_$(realpath -m -- "$db" | md5sum | cut -c1-16)
SHEQU_COMMUNITY=$code exec "$SHEQU_BINARY" --db "$SHEQU_TEST_PG" "${args[@]}"
