#!/bin/bash
# A migration's version is the number in its file name: the build's check (the same script
# CMakeLists.txt includes) accepts 0001, 0002, … and stops on a gap, a duplicate or a bad name.
source "$(dirname "$0")/lib.sh"

numbers() {  # numbers DIR NAME…: a folder of empty migrations; the check's exit code in RC
  local dir=$1
  shift
  mkdir -p "$dir"
  for n in "$@"; do : >"$dir/$n"; done
  OUT=$(cmake -DMIGRATIONS_DIR="$WORK/$dir" -P "$SOURCE_DIR/cmake/check_migrations.cmake" 2>&1)
  RC=$?
}
numbers good 0001_a.sql 0002_b.sql 0003_c.sql
expect_rc 0
numbers gap 0001_a.sql 0002_b.sql 0004_d.sql
check; [ "$RC" != 0 ] && [[ "$OUT" == *"0004_d.sql: expected number 3"* ]] || fail "a gap passes: $OUT"
numbers dup 0001_a.sql 0002_b.sql 0002_c.sql
check; [ "$RC" != 0 ] && [[ "$OUT" == *"0002_c.sql: expected number 3"* ]] || fail "a duplicate passes: $OUT"
numbers name 0001_a.sql 2_b.sql
check; [ "$RC" != 0 ] && [[ "$OUT" == *"NNNN_what_it_does.sql"* ]] || fail "a bad name passes: $OUT"
mapfile -t shipped < <(cd "$SOURCE_DIR/lib/migrations/sqlite" && ls)
check; [ ${#shipped[@]} -gt 10 ] || fail "the shipped migrations were not found"
numbers tree "${shipped[@]}"
expect_rc 0
# PostgreSQL's folder: a baseline at SQLite's number B, then the same numbers as SQLite's from B on.
lockstep() {  # lockstep SQLITE_DIR PG_DIR PG_NAME…: the check on both folders; exit code in RC
  local pg=$2
  shift 2
  mkdir -p "$pg"
  for n in "$@"; do : >"$pg/$n"; done
  OUT=$(cmake -DMIGRATIONS_DIR="$WORK/good" -DPG_MIGRATIONS_DIR="$WORK/$pg" -P "$SOURCE_DIR/cmake/check_migrations.cmake" 2>&1)
  RC=$?
}
lockstep good pg_good 0002_baseline.sql 0003_c.sql
expect_rc 0
lockstep good pg_behind 0002_baseline.sql
check; [ "$RC" != 0 ] && [[ "$OUT" == *"0003_c.sql: there is no PostgreSQL migration 3"* ]] || fail "SQLite ahead passes: $OUT"
lockstep good pg_ahead 0002_baseline.sql 0003_c.sql 0004_d.sql
check; [ "$RC" != 0 ] && [[ "$OUT" == *"0004_d.sql: there is no SQLite migration 0004"* ]] || fail "PostgreSQL ahead passes: $OUT"
lockstep good pg_gap 0001_baseline.sql 0003_c.sql
check; [ "$RC" != 0 ] && [[ "$OUT" == *"0003_c.sql: expected number 2"* ]] || fail "a PostgreSQL gap passes: $OUT"
lockstep good pg_nobase 0002_b.sql 0003_c.sql
check; [ "$RC" != 0 ] && [[ "$OUT" == *"the first PostgreSQL migration must be"* ]] || fail "no baseline passes: $OUT"
OUT=$(cmake -DMIGRATIONS_DIR="$SOURCE_DIR/lib/migrations/sqlite" -DPG_MIGRATIONS_DIR="$SOURCE_DIR/lib/migrations/postgresql" \
        -P "$SOURCE_DIR/cmake/check_migrations.cmake" 2>&1)
RC=$?
expect_rc 0
finish
