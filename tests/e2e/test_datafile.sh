#!/usr/bin/env bash
# The data file: only init creates it; missing, foreign, newer and damaged files are refused.
# (On a server each file the test names is a community: tests/e2e/lib.sh.)
. "$(dirname "$0")/lib.sh"

run grid list
expect_rc 66
if [ "$ENGINE" = sqlite ]; then
  expect_err "shequ.sqlite not found"
  expect_err "shequ init"
  check; [ ! -e shequ.sqlite ] || fail "a missing data file must not be created"
else
  expect_err "community $(community_of shequ.sqlite) is not on the server"
  expect_err "init --community"
  check; [ -z "$(pg -c "SELECT nspname FROM pg_namespace WHERE nspname = '$(community_of shequ.sqlite)'
    UNION ALL SELECT code FROM shequ.community WHERE code = '$(community_of shequ.sqlite)'")" ] ||
    fail "a missing community must not be created"
fi

run --db other.sqlite init
expect_rc 0
# The file's mode, application_id and journal mode are the file's own.
if [ "$ENGINE" = sqlite ]; then
  check; [ "$(stat -c %a other.sqlite)" = 600 ] || fail "data file mode is not 0600"
  check; [ "$(sql other.sqlite 'PRAGMA application_id')" = 1397248341 ] || fail "application_id not set"
  check; [ "$(sql other.sqlite 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
fi
run --db other.sqlite init
expect_rc 1
expect_err "already exists"

# A foreign SQLite file is refused and left untouched (a file made by the sqlite3 shell:
# file-only, as are the text files after it); on a server, a registered community whose schema
# shequ did not make.
if [ "$ENGINE" = postgresql ]; then
  foreign=$(community_of foreign.sqlite)
  pg -c "CREATE SCHEMA $foreign; CREATE TABLE $foreign.t (x int); INSERT INTO $foreign.t VALUES (1);
         INSERT INTO shequ.community VALUES ('$foreign', 'f', '2026-01-01T00:00:00Z')"
  remember foreign.sqlite
  run --db foreign.sqlite grid list
  expect_rc 65
  expect_err "holds no shequ data"
  expect_no_err "schema_version does not exist"
  expect_no_err "42P01"
  expect_unchanged foreign.sqlite
fi
if [ "$ENGINE" = sqlite ]; then
sqlite3 foreign.sqlite "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
remember foreign.sqlite
run --db foreign.sqlite grid list
expect_rc 65
expect_err "not a shequ data file"
expect_unchanged foreign.sqlite
check; [ "$(sql foreign.sqlite 'PRAGMA journal_mode')" = delete ] || fail "foreign file was switched to WAL"
fi

# A newer schema is refused untouched (its version: the file's user_version, the community's
# schema_version row).
copy_data other.sqlite newer.sqlite
if [ "$ENGINE" = sqlite ]; then
  sqlite3 newer.sqlite "PRAGMA user_version = 999"
else
  sql newer.sqlite "UPDATE schema_version SET version = 999"
fi
remember newer.sqlite
run --db newer.sqlite grid list
expect_rc 65
expect_err "newer than this shequ"
expect_unchanged newer.sqlite

# Not a database at all: 65 "not a shequ data file", never advice to restore a backup over it.
if [ "$ENGINE" = sqlite ]; then
printf 'hello, this is not sqlite at all, just some text padding it out to a page........\n' > text.sqlite
remember text.sqlite
run --db text.sqlite grid list
expect_rc 65
expect_err "not a shequ data file"
check; [[ "$ERR" != *backup* ]] || fail "advises restoring a backup over a file that is no data file"
expect_unchanged text.sqlite
cp /etc/passwd passwd
printf '[database]\npath = "passwd"\n' > passwd.toml
run --config passwd.toml person add --name 某人
expect_rc 65
expect_err "not a shequ data file"
check; [[ "$ERR" != *backup* ]] || fail "advises restoring a backup over /etc/passwd"
check; cmp -s passwd /etc/passwd || fail "the text file was changed"
check; [ ! -e passwd-wal ] || fail "a WAL was created beside the text file"
fi

# Data file discovery: --db, then $SHEQU_DB, then database.path relative to the config file.
# (database.path names a file: on a server the test's wrapper, tests/pg/shequ_on_server.sh, gives
# --db, and the file is not made.)
mkdir -p cfg && printf '[database]\npath = "data/x.sqlite"\n' > cfg/shequ.toml && mkdir -p cfg/data
run --config cfg/shequ.toml init
expect_rc 0
if [ "$ENGINE" = sqlite ]; then
  check; [ -f cfg/data/x.sqlite ] || fail "database.path is not relative to the config file"
fi
SHEQU_DB=other.sqlite run --config cfg/shequ.toml grid add --code 01 --name a
expect_rc 0
check; [ "$(sql other.sqlite 'select count(*) from grid')" = 1 ] || fail "\$SHEQU_DB did not beat database.path"

# A busy file: another process holds the write lock past the busy timeout → 75. (The lock: the
# file's, held by the sqlite3 shell; the community's writer lock on a server.)
if [ "$ENGINE" = sqlite ]; then
  ( printf 'BEGIN IMMEDIATE;\nINSERT INTO grid(code,name) VALUES ("88","held");\n'; sleep 2; printf 'COMMIT;\n' ) | sqlite3 other.sqlite &
else
  ( printf "BEGIN;\nSELECT pg_advisory_xact_lock(hashtext('%s'));\n" "$(community_of other.sqlite)"; sleep 2; printf 'COMMIT;\n' ) | pg >/dev/null &
fi
sleep 0.5
run --db other.sqlite -c database.busy_timeout_ms=200 grid add --code 05 --name busy
expect_rc 75
expect_err "try again"
wait

# check on a healthy file; backup makes a file that opens and passes check. (backup copies a
# file; on a server it refuses, pointing to pg_dump.)
run --db other.sqlite check
expect_rc 0
run --db other.sqlite backup copy.sqlite
if [ "$ENGINE" = sqlite ]; then
  expect_rc 0
  check; [ "$(stat -c %a copy.sqlite)" = 600 ] || fail "backup mode is not 0600"
  run --db copy.sqlite check
  expect_rc 0
  run --db other.sqlite backup copy.sqlite
  expect_rc 1
else
  expect_rc 64
  expect_err "pg_dump -n"
fi

# A damaged file: check says so with exit 74. (A broken reference is written with the foreign
# keys off: a PRAGMA in a file, the replica role on a server.)
copy_data other.sqlite broken.sqlite
if [ "$ENGINE" = sqlite ]; then
  sqlite3 broken.sqlite "PRAGMA foreign_keys=OFF; INSERT INTO building(number, grid_id) VALUES ('9', 999);"
else
  sql broken.sqlite "SET session_replication_role = replica; INSERT INTO building(number, grid_id) VALUES ('9', 999)"
fi
run --db broken.sqlite check
expect_rc 74
expect_err "foreign key: building row"
expect_err "refers to a missing grid row"
if [ "$ENGINE" = sqlite ]; then expect_err "shequ backup"; else expect_err "pg_dump"; fi

finish
