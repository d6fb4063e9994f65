#!/bin/bash
# A community's data file moves onto the server and back without losing anything (issue 20
# item 2): `migrate --to URL` copies the sample file into a new community in one transaction and
# checks it, `migrate --from URL --to FILE` copies it into a new file; every export, the audit
# log and the reports read the same on all three, every row of the two files is the same, undo
# still undoes a change made before the move, and new ids continue after the copied ones. A
# copy that fails its check leaves nothing behind; nothing is ever overwritten.
# Needs SHEQU_TEST_PG (with_server.sh).
source "$(dirname "$0")/../e2e/lib.sh"
: "${SHEQU_TEST_PG:?run through tests/pg/with_server.sh}"
C=mig_$$
URL=$SHEQU_TEST_PG
cleanup() {
  for s in $C ${C}_bad ${C}_new; do pg -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1; done
  pg -c "DELETE FROM shequ.community WHERE code LIKE '${C}%'" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

run --db a.sqlite init --sample
expect_rc 0
# Changes with undo data (the sample's import keeps a summary only): the last one is undone later.
run --db a.sqlite grid add --code 90 --name 迁移网格
expect_rc 0
run --db a.sqlite building add --number 901 --grid 90 --units 2 --floors 6
expect_rc 0

kinds=$("$SHEQU" --lang en import --help | sed -n "s/^ *KIND [A-Z ]*\(.*\)/\1/p" | head -1 | tr -d ",")
check; [ "$(wc -w <<<"$kinds")" -ge 24 ] || fail "expected every kind, got: $kinds"
# audit_of FILE ARGS…: the whole audit log as listed (before anything else reads with --reveal,
# which is itself logged).
audit_of() {
  local file=$1
  shift
  "$SHEQU" "$@" --format tsv audit --limit 100000 >"$file" 2>&1 || fail "$file: audit"
}
# snapshot DIR ARGS…: what a reader sees of one community: every export and reports.
snapshot() {
  local dir=$1 kind
  shift
  mkdir -p "$dir"
  for kind in $kinds; do
    "$SHEQU" "$@" --reveal export "$kind" >"$dir/$kind.csv" 2>"$dir/$kind.err" || fail "$dir: export $kind"
  done
  "$SHEQU" "$@" --format tsv report summary --period 2026 >"$dir/summary.tsv" 2>&1 || fail "$dir: report summary"
  "$SHEQU" "$@" --format tsv points balance >"$dir/points.tsv" 2>&1 || fail "$dir: points balance"
}
# same DIR1 DIR2: every file of the two snapshots is byte for byte the same.
same() {
  local f
  for f in "$1"/*; do
    check
    cmp -s "$f" "$2/${f##*/}" || { fail "$2/${f##*/} differs from $f:"; diff "$f" "$2/${f##*/}" | head -6 >&2; }
  done
}
# --- onto the server ---
run --db a.sqlite migrate --to "$URL" --community $C --name 宁康园社区
expect_rc 0
expect_err "into community $C"
expect_err "no problems"
expect_no_out "password"
check; [ "$(pg -c "SELECT name FROM shequ.community WHERE code = '$C'")" = 宁康园社区 ] || fail "community not registered"
rows_a=$(sql a.sqlite "SELECT count(*) FROM person")
check; [ "$(pg -c "SELECT count(*) FROM $C.person")" = "$rows_a" ] || fail "persons: server has a different count"
check; [ "$(pg -c "SELECT count(*) FROM $C.audit_row")" = "$(sql a.sqlite "SELECT count(*) FROM audit_row")" ] ||
  fail "the undo data did not all arrive"
audit_of audit_a.tsv --db a.sqlite
audit_of audit_s.tsv --db "$URL" -c database.community=$C
check; [ "$(wc -l <audit_a.tsv)" -gt 2 ] || fail "the audit log is not listed"
check; cmp -s audit_a.tsv audit_s.tsv || fail "the audit log on the server reads otherwise: $(diff audit_a.tsv audit_s.tsv | head -5)"
run --db "$URL" -c database.community=$C check
expect_rc 0

# --- and back into a new file, before anything else is read (a --reveal is logged) ---
run migrate --from "$URL" --community $C --to b.sqlite
expect_rc 0
expect_err "b.sqlite"
check; [ "$(stat -c %a b.sqlite)" = 600 ] || fail "the new file is not 0600"
run --db b.sqlite check --full
expect_rc 0
# Every row of every table, the audit log with its undo data and the running totals included
# (in any order: a table without a key has no order to keep).
rows() { sqlite3 "$1" ".dump --data-only" | sort | sha256sum | cut -d' ' -f1; }
check; [ "$(rows a.sqlite)" = "$(rows b.sqlite)" ] || fail "the file that came back holds other rows"
check; [ "$(sql b.sqlite "PRAGMA user_version")" = "$(sql a.sqlite "PRAGMA user_version")" ] || fail "schema version"
audit_of audit_b.tsv --db b.sqlite
check; cmp -s audit_a.tsv audit_b.tsv || fail "the audit log that came back reads otherwise: $(diff audit_a.tsv audit_b.tsv | head -5)"

# Every export and the reports read the same on all three.
snapshot a --db a.sqlite
check; [ "$(wc -l <a/persons.csv)" -gt 1000 ] || fail "the sample's persons were not exported"
snapshot s --db "$URL" -c database.community=$C
snapshot b --db b.sqlite
same a s
same a b

# Undo on the server undoes the change made on the file before the move, as it does on the file.
# (The audit logs part here: each records its own command lines.)
for where in "--db a.sqlite" "--db $URL -c database.community=$C" "--db b.sqlite"; do
  run $where undo
  expect_rc 0
  run $where building show 901
  expect_rc 66
  # A new record's id continues after the copied ones, the same id on every engine.
  run $where -q grid add --code 91 --name 新网格
  expect_rc 0
done
id_a=$(sql a.sqlite "SELECT id FROM grid WHERE code = '91'")
check; [ -n "$id_a" ] && [ "$(pg -c "SELECT id FROM $C.grid WHERE code = '91'")" = "$id_a" ] ||
  fail "a new grid on the server got another id than on the file ($id_a)"
check; [ "$(sql b.sqlite "SELECT id FROM grid WHERE code = '91'")" = "$id_a" ] || fail "new id in the file that came back"
snapshot a2 --db a.sqlite
snapshot s2 --db "$URL" -c database.community=$C
snapshot b2 --db b.sqlite
same a2 s2
same a2 b2

# --- never over anything ---
remember b.sqlite
run migrate --from "$URL" --community $C --to b.sqlite
expect_rc 1
expect_unchanged b.sqlite
before=$(pg -c "SELECT count(*) FROM $C.grid")
run --db a.sqlite migrate --to "$URL" --community $C --name 又一个
expect_rc 1
expect_err "already exists"
check; [ "$(pg -c "SELECT count(*) FROM $C.grid")" = "$before" ] || fail "an existing community was written"
run migrate --from "$URL" --community ${C}_new --to c.sqlite
expect_rc 66
check; [ ! -e c.sqlite ] || fail "a file was made for a community not on the server"
# A code that cannot name a community is refused naming the option it came from.
run migrate --from "$URL" --community Heping --to c.sqlite
expect_rc 78
expect_err "--community = \"Heping\""
expect_no_err "database.community ="
check; [ ! -e c.sqlite ] || fail "a file was made for a bad community code"
run --db a.sqlite migrate --to c.sqlite --community $C
expect_rc 64
expect_err "name a server"
run --db "$URL" -c database.community=$C migrate --to "$URL" --community ${C}_new
expect_rc 64
run migrate --from b.sqlite --to c.sqlite --community $C
expect_rc 64
run migrate --from "$URL" --community $C --to "$URL"
expect_rc 64
check; [ ! -e c.sqlite ] || fail "a refused migrate made a file"

# --- a copy with problems lands nowhere ---
cp a.sqlite bad.sqlite
sqlite3 bad.sqlite "UPDATE volunteer_hours_totals SET verified_minutes = verified_minutes + 60 WHERE (period, volunteer_id) = (SELECT period, volunteer_id FROM volunteer_hours_totals LIMIT 1)"
run --db bad.sqlite check
expect_rc 74
run --db bad.sqlite migrate --to "$URL" --community ${C}_bad --name 坏副本
expect_rc 74
expect_err "nothing was kept"
check; [ -z "$(pg -c "SELECT 1 FROM shequ.community WHERE code = '${C}_bad'")" ] || fail "the bad copy was registered"
check; [ -z "$(pg -c "SELECT 1 FROM pg_namespace WHERE nspname = '${C}_bad'")" ] || fail "the bad copy's schema stayed"
# …nor into a file: a community with a problem on the server leaves no file behind.
pg -c "UPDATE $C.volunteer_hours_totals SET verified_minutes = verified_minutes + 60 WHERE (period, volunteer_id) = (SELECT period, volunteer_id FROM $C.volunteer_hours_totals LIMIT 1)"
run migrate --from "$URL" --community $C --to d.sqlite
expect_rc 74
expect_err "nothing was kept"
check; [ ! -e d.sqlite ] && [ ! -e d.sqlite-wal ] || fail "a copy with problems left a file"
finish
