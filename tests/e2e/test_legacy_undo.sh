#!/usr/bin/env bash
# A data file made by shequ 0.1.0 (schema 14, undo data as SQLite changesets; see
# data/make-release-file.sh) opens, migrates its undo data to audit rows, and undoes its last
# four changes — a move, a tag, a phone, a verified service entry with its points — one by one.
. "$(dirname "$0")/lib.sh"
gzip -dc "$(dirname "$0")/data/release-0.1-schema14.sqlite.gz" > old.sqlite
db=(--db old.sqlite)
check; [ "$(sql old.sqlite "PRAGMA user_version")" = 14 ] || fail "the fixture is not a schema-14 file"
check; [ "$(sql old.sqlite "select count(*) from audit where changeset is not null")" = 14 ] || fail "fixture without changesets"

run "${db[@]}" audit
expect_rc 0
check; [ "$(sql old.sqlite "PRAGMA user_version")" -gt 14 ] || fail "the file was not migrated"
check; [ "$(sql old.sqlite "select count(*) from audit where changeset is not null")" = 0 ] || fail "changesets left unconverted"
check; [ "$(sql old.sqlite "select count(distinct audit_id) from audit_row")" = 14 ] || fail "not every change kept its undo data"
# The move of R2: its residence row was closed and a new one opened, and the person updated.
check; [ "$(sql old.sqlite "select count(*) from audit_row where audit_id = 14")" -ge 3 ] || fail "the move's rows are missing"

run "${db[@]}" undo
expect_rc 0
check; [ "$(sql old.sqlite "select h.address from person p join household h on h.id = p.household_id where p.id = 2")" = 1-1-102 ] \
  || fail "undoing the move did not put R2 back in 1-1-102"
check; [ "$(sql old.sqlite "select count(*) from residence where person_id = 2 and to_date is null")" = 1 ] || fail "R2's residence history"
run "${db[@]}" undo
expect_rc 0
check; [ "$(sql old.sqlite "select coalesce(tags, 'none') from household where address = '1-1-101'")" = none ] || fail "tags not undone"
run "${db[@]}" undo
expect_rc 0
check; [ "$(sql old.sqlite "select coalesce(phone, 'none') from person where id = 2")" = none ] || fail "phone not undone"
run "${db[@]}" undo
expect_rc 0
check; [ "$(sql old.sqlite "select status from service_hours where id = 1")" = pending ] || fail "verification not undone"
check; [ "$(sql old.sqlite "select count(*) from points_ledger where kind = 'reversal'")" = 1 ] || fail "points not reversed"
check; [ "$(sql old.sqlite "select points_balance = 0 from volunteer where id = 1")" = 1 ] \
  || fail "the volunteer's balance did not come back to 0"
run "${db[@]}" check
expect_rc 0
finish
