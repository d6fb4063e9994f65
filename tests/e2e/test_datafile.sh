#!/usr/bin/env bash
# The data file: only init creates it; missing, foreign, newer and damaged files are refused.
. "$(dirname "$0")/lib.sh"

run grid list
expect_rc 66
expect_err "shequ.sqlite not found"
expect_err "shequ init"
check; [ ! -e shequ.sqlite ] || fail "a missing data file must not be created"

run --db other.sqlite init
expect_rc 0
check; [ "$(stat -c %a other.sqlite)" = 600 ] || fail "data file mode is not 0600"
check; [ "$(sql other.sqlite 'PRAGMA application_id')" = 1397248341 ] || fail "application_id not set"
check; [ "$(sql other.sqlite 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
run --db other.sqlite init
expect_rc 1
expect_err "already exists"

# A foreign SQLite file is refused and left untouched.
sqlite3 foreign.sqlite "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
remember foreign.sqlite
run --db foreign.sqlite grid list
expect_rc 65
expect_err "not a shequ data file"
expect_unchanged foreign.sqlite
check; [ "$(sql foreign.sqlite 'PRAGMA journal_mode')" = delete ] || fail "foreign file was switched to WAL"

# A newer schema is refused untouched.
cp other.sqlite newer.sqlite
sqlite3 newer.sqlite "PRAGMA user_version = 999"
remember newer.sqlite
run --db newer.sqlite grid list
expect_rc 65
expect_err "newer than this shequ"
expect_unchanged newer.sqlite

# Not a database at all: 65 "not a shequ data file", never advice to restore a backup over it.
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

# Data file discovery: --db, then $SHEQU_DB, then database.path relative to the config file.
mkdir -p cfg && printf '[database]\npath = "data/x.sqlite"\n' > cfg/shequ.toml && mkdir -p cfg/data
run --config cfg/shequ.toml init
expect_rc 0
check; [ -f cfg/data/x.sqlite ] || fail "database.path is not relative to the config file"
SHEQU_DB=other.sqlite run --config cfg/shequ.toml grid add --code 01 --name a
expect_rc 0
check; [ "$(sql other.sqlite 'select count(*) from grid')" = 1 ] || fail "\$SHEQU_DB did not beat database.path"

# A busy file: another process holds the write lock past the busy timeout → 75.
( printf 'BEGIN IMMEDIATE;\nINSERT INTO grid(code,name) VALUES ("88","held");\n'; sleep 2; printf 'COMMIT;\n' ) | sqlite3 other.sqlite &
sleep 0.5
run --db other.sqlite -c database.busy_timeout_ms=200 grid add --code 05 --name busy
expect_rc 75
expect_err "try again"
wait

# check on a healthy file; backup makes a file that opens and passes check.
run --db other.sqlite check
expect_rc 0
run --db other.sqlite backup copy.sqlite
expect_rc 0
check; [ "$(stat -c %a copy.sqlite)" = 600 ] || fail "backup mode is not 0600"
run --db copy.sqlite check
expect_rc 0
run --db other.sqlite backup copy.sqlite
expect_rc 1

# A damaged file: check says so with exit 74.
cp other.sqlite broken.sqlite
sqlite3 broken.sqlite "PRAGMA foreign_keys=OFF; INSERT INTO building(number, grid_id) VALUES ('9', 999);"
run --db broken.sqlite check
expect_rc 74
expect_err "foreign key"
expect_err "backup"

finish
