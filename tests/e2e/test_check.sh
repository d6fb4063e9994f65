#!/usr/bin/env bash
# `shequ check` detects and explains damage with exit 74 and a hint pointing to backup:
# a truncated file, an empty or overwritten one, broken pages, (with --full) an index that no
# longer matches its table, a broken foreign key, a broken domain invariant, a points ledger that does not add up. Other commands refuse a damaged file the same way and write nothing.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }
python3 -c "
print('name,household,note')
for i in range(3000): print(f'居民{i},3-2-501,备注{i}')" >many.csv
run import persons many.csv
expect_rc 0
run volunteer add --person R1 --joined 2026-01-01
expect_rc 0
run points bonus V1 10 --reason 起始积分
expect_rc 0
# The good copy to break: `shequ backup` of the file; on a server backup refuses (the
# administrator's pg_dump copies a community) and the test copies the community's schema.
run backup good.sqlite
if [ "$ENGINE" = sqlite ]; then
  expect_rc 0
else
  expect_rc 64
  expect_err "pg_dump -n"
  check; copy_data shequ.sqlite good.sqlite || fail "could not copy the community"
fi
run --db good.sqlite check
expect_rc 0
expect_err "ok"

# damaged NAME: a copy of the good backup to break.
damaged() {
  if [ "$ENGINE" = sqlite ]; then cp good.sqlite "$1"; rm -f "$1-wal" "$1-shm"; else copy_data good.sqlite "$1"; fi
}

# Damage to the file's bytes (truncated, emptied, overwritten pages, an index page rewritten
# behind SQLite's back) is file-only: on a server the server keeps its own pages (pg_amcheck).
if [ "$ENGINE" = sqlite ]; then
size=$(stat -c %s good.sqlite)

# Truncated at the end (half the pages gone): named as truncated, with sizes.
damaged half.sqlite
truncate -s $((size / 2)) half.sqlite
remember half.sqlite
run --db half.sqlite check
expect_rc 74
expect_err "half.sqlite is damaged: the file is truncated: $((size / 2)) bytes"
expect_err "shequ backup"
run --db half.sqlite person add --name 新人 --household 3-2-501
expect_rc 74
expect_err "damaged"
expect_unchanged half.sqlite

# Cut inside the header, and emptied to 0 bytes.
damaged head.sqlite
truncate -s 60 head.sqlite
run --db head.sqlite check
expect_rc 74
expect_err "cut short: 60 bytes"
expect_err "backup"
damaged empty.sqlite
: >empty.sqlite
run --db empty.sqlite grid list
expect_rc 74
expect_err "empty (0 bytes)"
expect_err "backup"

# Overwritten: the header's first page garbled, and a text file.
damaged garbled.sqlite
printf 'this is no longer a database, something overwrote the first bytes.....................' |
  dd of=garbled.sqlite conv=notrunc status=none
run --db garbled.sqlite check
expect_rc 74
expect_err "is damaged"
expect_err "backup"
check; [[ "$ERR" != *"in: PRAGMA"* ]] || fail "raw SQLite text in the message"

# Pages in the middle overwritten (the schema readable, the data not).
damaged pages.sqlite
page=$(sql good.sqlite "PRAGMA page_size")
dd if=/dev/urandom of=pages.sqlite bs="$page" seek=8 count=20 conv=notrunc status=none
run --db pages.sqlite check
expect_rc 74
expect_err "backup"
check; [[ "$ERR" == *integrity* || "$ERR" == *damaged* ]] || fail "page damage not explained"
run --db pages.sqlite check --full
expect_rc 74
check; [[ "$ERR" == *integrity* || "$ERR" == *damaged* ]] || fail "page damage not explained by --full"

# An index that no longer matches its table (one key in a leaf page of person_name rewritten,
# the page itself well-formed): the default quick check reads every page and passes it; --full
# compares each index with its table and names the row.
damaged index.sqlite
sql index.sqlite "PRAGMA journal_mode = DELETE" >/dev/null
python3 - index.sqlite <<'PY' || fail "could not damage the index"
import sqlite3, sys
path = sys.argv[1]
db = sqlite3.connect(path)
page = db.execute("SELECT pageno FROM dbstat WHERE name = 'person_name' AND pagetype = 'leaf' LIMIT 1").fetchone()[0]
size = db.execute("PRAGMA page_size").fetchone()[0]
db.close()
data = bytearray(open(path, "rb").read())
at = data.find("居民".encode(), (page - 1) * size, page * size) + len("居民".encode())
data[at] = ord("9") if data[at] != ord("9") else ord("8")  # the first digit of one name, in the index only
open(path, "wb").write(data)
PY
run --db index.sqlite check
expect_rc 0
expect_err "ok"
run --db index.sqlite check --full
expect_rc 74
expect_err "integrity: row"
expect_err "missing from index person_name"
expect_err "shequ backup"
fi  # the file-only damage

# A broken foreign key and a broken invariant: each named, then the backup hint. (Writing a
# broken reference takes turning the foreign keys off: a PRAGMA in a file, the replica role,
# which also skips the triggers, on a server.)
damaged fk.sqlite
if [ "$ENGINE" = sqlite ]; then
  sql fk.sqlite "PRAGMA foreign_keys = OFF; UPDATE person SET household_id = 999 WHERE id = 5" >/dev/null
else
  sql fk.sqlite "SET session_replication_role = replica; UPDATE person SET household_id = 999 WHERE id = 5" >/dev/null
fi
run --db fk.sqlite check
expect_rc 74
expect_err "foreign key: person row 5 refers to a missing household row"
expect_err "problems found"
if [ "$ENGINE" = sqlite ]; then expect_err "shequ backup"; else expect_err "pg_dump"; fi
damaged inv.sqlite
sql inv.sqlite "UPDATE household SET address = '9-9-999' WHERE address = '3-2-502'" >/dev/null
run --db inv.sqlite check
expect_rc 74
expect_err "household address matches its building"

# A points ledger that does not add up.
damaged ledger.sqlite
sql ledger.sqlite "UPDATE volunteer SET points_balance = 99 WHERE id = 1" >/dev/null
run --db ledger.sqlite check
expect_rc 74
expect_err "points balance equals its totals: volunteer V1 balance 99"
if [ "$ENGINE" = sqlite ]; then expect_err "shequ backup"; else expect_err "pg_dump"; fi
# Running points totals that no longer add up to the ledger (the balance moved with them).
damaged totals.sqlite
sql totals.sqlite "UPDATE volunteer_points_totals SET cents = cents + 100 WHERE volunteer_id = 1 AND kind = 'bonus';
                   UPDATE volunteer SET points_balance = points_balance + 1 WHERE id = 1" >/dev/null
run --db totals.sqlite check
expect_rc 74
expect_err "points totals match the ledger: volunteer_points_totals V1 bonus differs from the ledger"
expect_no_err "points balance equals its totals"

# The backup is the way back: it passes check.
run --db good.sqlite check
expect_rc 0
run --db good.sqlite check --full
expect_rc 0
expect_err "ok"
finish
