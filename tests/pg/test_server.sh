#!/bin/bash
# A community on the server, as a coordinator meets it: `init --community` makes one (never over
# another, never over a schema that is not shequ's), a command names it by database.community or
# $SHEQU_COMMUNITY (a missing or malformed one is refused, naming what there is), writes are
# audited and undone, `check` passes, file-only commands say what to do instead, and no password
# reaches a message or the audit log. Needs SHEQU_TEST_PG (with_server.sh).
source "$(dirname "$0")/../e2e/lib.sh"
: "${SHEQU_TEST_PG:?run through tests/pg/with_server.sh}"
C=srv_$$
URL=$SHEQU_TEST_PG
cleanup() {
  pg -c "DROP SCHEMA IF EXISTS $C CASCADE; DROP SCHEMA IF EXISTS ${C}_x CASCADE; DROP SCHEMA IF EXISTS ${C}_other CASCADE; DROP SCHEMA IF EXISTS ${C}_aside CASCADE" \
    -c "DELETE FROM shequ.community WHERE code LIKE '${C}%'" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

run --db "$URL" init --community $C --name 宁康园社区
expect_rc 0
expect_err "created community $C"
check; [ "$(pg -c "SELECT name FROM shequ.community WHERE code = '$C'")" = 宁康园社区 ] || fail "community not registered"
run --db "$URL" init --community $C --name 又一个
expect_rc 1
expect_err "community $C already exists"
# A schema of that name that shequ did not make is left alone.
pg -c "CREATE SCHEMA ${C}_other"
run --db "$URL" init --community ${C}_other --name 别人的
expect_rc 1
expect_err "not a shequ community"
check; [ -z "$(pg -c "SELECT 1 FROM shequ.community WHERE code = '${C}_other'")" ] || fail "foreign schema registered"
# A file holds one community.
run --db data.sqlite init --community x --name y
expect_rc 64
check; [ ! -e data.sqlite ] || fail "a data file was made"

# Which community: none, a malformed code, one not on the server.
run --db "$URL" grid list
expect_rc 78
expect_err "which community"
run --db "$URL" -c database.community=Bad-Code grid list
expect_rc 78
expect_err "lower-case letters"
run --db "$URL" -c database.community=${C}_x grid list
expect_rc 66
expect_err "community ${C}_x is not on the server"
expect_err "$C"
# Registered, but its schema is gone (moved aside while a dump is restored): said so, no SQL.
run --db "$URL" init --community ${C}_x --name 搬走的
expect_rc 0
pg -c "ALTER SCHEMA ${C}_x RENAME TO ${C}_aside"
run --db "$URL" -c database.community=${C}_x grid list
expect_rc 74
expect_err "community ${C}_x is registered"
expect_err "its schema ${C}_x is missing"
expect_no_err "schema_version"
pg -c "SET client_min_messages = warning" -c "DROP SCHEMA ${C}_aside CASCADE" -c "DELETE FROM shequ.community WHERE code = '${C}_x'"

# Work in it: writes, reads, the audit log, undo, check.
export SHEQU_DB=$URL SHEQU_COMMUNITY=$C
run grid add --code 01 --name 第一网格
expect_rc 0
run building add --number 1 --grid 01 --units 2 --floors 6
run household add --address 1-1-101 --phone 13812345678
expect_rc 0
expect_out H1
run household add --address 1-1-102
expect_out H2
run person add --name 张桂兰 --household 1-1-101 --phone 13912345678 --note "电话 13912345678"
expect_rc 0
run person list --format csv
expect_out "139****5678"
expect_no_out "13912345678"
run person search 5678
expect_rc 0
run person search 1391234
expect_no_out 张桂兰
run grid set G1 --name 一网格
run undo
expect_rc 0
run grid list --format csv
expect_out 第一网格
run check
expect_rc 0
check; [ "$(pg -c "SELECT count(*) FROM $C.audit_row")" -gt 0 ] || fail "no undo data captured"
# The capture trigger gone from a table is damage: nothing writes until it is back.
pg -c "DROP TRIGGER shequ_capture ON $C.grid"
run grid add --code 02 --name 第二网格
expect_rc 74
expect_err "shequ_capture"
pg -c "CREATE TRIGGER shequ_capture AFTER INSERT OR UPDATE OR DELETE ON $C.grid FOR EACH ROW EXECUTE FUNCTION $C.shequ_capture()"

# A row the schema refuses behind shequ's own checks (a CHECK the server's administrator
# added) is that row's problem, in shequ's words: the import stops there (the server has ended
# its transaction) and says the rows after it went unchecked; with --skip-bad each row is a step
# of its own, so the rows around it are written.
pg -c "ALTER TABLE $C.grid ADD CONSTRAINT only_good CHECK (name <> '坏网格')"
printf 'code,name\n11,好网格\n12,坏网格\n13,又一个网格\n14,坏网格\n' >grids.csv
run import grids grids.csv
expect_rc 65
expect_err "grids.csv:3:"
expect_err "1 bad rows up to line 3, where the server refused the row; nothing was imported"
expect_err "were not checked"
expect_no_err "transaction"
check; [ -z "$(pg -c "SELECT 1 FROM $C.grid WHERE code IN ('11', '13')")" ] || fail "a refused import wrote rows"
run import grids grids.csv --skip-bad --rejects rejects.csv
expect_rc 0
check; [ "$(pg -c "SELECT string_agg(code, ',' ORDER BY code) FROM $C.grid WHERE code IN ('11', '12', '13', '14')")" = 11,13 ] ||
  fail "--skip-bad did not write the good rows around the refused ones"
check; [ "$(grep -c 坏网格 rejects.csv)" = 2 ] || fail "the refused rows are not in the rejects file"
pg -c "ALTER TABLE $C.grid DROP CONSTRAINT only_good"

# File-only commands say what to do on a server.
run backup copy.sqlite
expect_rc 64
expect_err "pg_dump -n"

# A password in the URL is never shown nor kept.
run --db "postgresql://shequ:s3cret@/postgres?host=/nonexistent-dir" grid list
expect_rc 74
expect_no_err s3cret
check; [ -z "$(pg -c "SELECT id FROM $C.audit WHERE command LIKE '%s3cret%'")" ] || fail "password in the audit log"
finish
