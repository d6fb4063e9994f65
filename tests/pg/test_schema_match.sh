#!/bin/bash
# The PostgreSQL migrations (lib/migrations/postgresql/: the baseline 0016, then one per SQLite
# migration), applied in order, make the schema `shequ init` makes on SQLite: table by table the same columns in order, each NOT NULL or not, of the
# corresponding type (text COLLATE "C", bigint, double precision, bytea); the same indexes (on the
# same table, unique or not, partial or not) and triggers by name. Then the translated triggers run:
# rules refuse with SQLite's message, BEFORE triggers that pass let the row through, and the
# running totals come out as on SQLite for the same statements. Needs SHEQU_TEST_PG (with_server.sh).
source "$(dirname "$0")/../e2e/lib.sh"
: "${SHEQU_TEST_PG:?run through tests/pg/with_server.sh}"
MIGRATIONS=("$SOURCE_DIR"/lib/migrations/postgresql/[0-9][0-9][0-9][0-9]_*.sql)
SCHEMA=schema_match_$$
export PGOPTIONS="-c search_path=$SCHEMA -c client_min_messages=warning"
pg() { psql "$SHEQU_TEST_PG" -X -q -v ON_ERROR_STOP=1 -At -F '|' "$@"; }
cleanup() { psql "$SHEQU_TEST_PG" -X -q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

run --db data.sqlite init
expect_rc 0
load() {  # each migration in order, the version it reaches recorded as shequ records it
  local f
  pg -c "CREATE SCHEMA $SCHEMA" || return
  for f in "${MIGRATIONS[@]}"; do
    pg -1 -f "$f" -c "UPDATE schema_version SET version = $((10#$(basename "$f" | cut -c1-4)))" || return
  done
}
load >"$WORK/load.log" 2>&1
RC=$? ERR=$(cat "$WORK/load.log")
expect_rc 0

same() {  # same WHAT: the SQLite listing in sqlite.WHAT and the PostgreSQL one in pg.WHAT agree
  check
  diff -u "$WORK/sqlite.$1" "$WORK/pg.$1" >"$WORK/diff.$1" ||
    fail "$1 differ between SQLite (-) and the PostgreSQL baseline (+):
$(cat "$WORK/diff.$1")"
  [ -s "$WORK/sqlite.$1" ] || fail "no $1 listed on SQLite"
}
# Columns: table|position|name|NOT NULL|type. A primary key's columns are NOT NULL on both.
sql data.sqlite "SELECT t.name, c.cid + 1, c.name, CASE WHEN c.\"notnull\" OR c.pk > 0 THEN 'NOT NULL' ELSE 'null' END,
  CASE upper(c.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'REAL' THEN 'double precision' WHEN 'TEXT' THEN 'text C'
                     WHEN 'BLOB' THEN 'bytea' ELSE 'unknown ' || c.type END
  FROM sqlite_schema t, pragma_table_info(t.name) c
  WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY 1, 2" | tr '\t' '|' >"$WORK/sqlite.columns"
pg -c "SELECT table_name, ordinal_position, column_name, CASE is_nullable WHEN 'NO' THEN 'NOT NULL' ELSE 'null' END,
  data_type || CASE WHEN data_type = 'text' THEN ' ' || coalesce(collation_name, 'default') ELSE '' END
  FROM information_schema.columns WHERE table_schema = '$SCHEMA' AND table_name NOT IN ('schema_version', 'shequ_changes')
  ORDER BY table_name COLLATE \"C\", ordinal_position" >"$WORK/pg.columns"
same columns
# Indexes: name|table|unique|partial (SQLite's automatic indexes and PostgreSQL's constraint indexes aside).
sql data.sqlite "SELECT i.name, t.name, CASE WHEN i.\"unique\" THEN 'unique' ELSE '-' END,
  CASE WHEN i.partial THEN 'partial' ELSE '-' END FROM sqlite_schema t, pragma_index_list(t.name) i
  WHERE t.type = 'table' AND i.origin = 'c' ORDER BY 1" | tr '\t' '|' >"$WORK/sqlite.indexes"
pg -c "SELECT c.relname, t.relname, CASE WHEN x.indisunique THEN 'unique' ELSE '-' END,
  CASE WHEN x.indpred IS NOT NULL THEN 'partial' ELSE '-' END
  FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = '$SCHEMA' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid
                                              AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u'))
  ORDER BY c.relname::text COLLATE \"C\"" >"$WORK/pg.indexes"
same indexes
# Triggers: name|table.
sql data.sqlite "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger' ORDER BY 1" | tr '\t' '|' >"$WORK/sqlite.triggers"
pg -c "SELECT g.tgname, t.relname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = '$SCHEMA' AND NOT g.tgisinternal
  ORDER BY g.tgname::text COLLATE \"C\"" >"$WORK/pg.triggers"
same triggers
# Undo data on a server keys a row by its id where its table has one (storage/row_capture.cpp):
# every table with a column id has exactly that column as its primary key.
check; keyed_otherwise=$(pg -c "SELECT t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'id' AND NOT a.attisdropped
  WHERE n.nspname = '$SCHEMA' AND t.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_index i
    WHERE i.indrelid = t.oid AND i.indisprimary AND i.indnatts = 1 AND i.indkey[0] = a.attnum)")
[ -z "$keyed_otherwise" ] || fail "tables with a column id that is not their whole primary key: $keyed_otherwise"
[ "$(pg -c "SELECT count(*) FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = '$SCHEMA' AND t.relkind = 'r' AND a.attname = 'id'")" -gt 30 ] || fail "the id check saw too few tables"
# The version SQLite keeps in PRAGMA user_version, PostgreSQL in schema_version.
check; [ "$(pg -c 'SELECT version FROM schema_version')" = "$(sql data.sqlite 'PRAGMA user_version')" ] ||
  fail "schema_version differs from SQLite's user_version"

# The same statements on both engines (SQL both accept, ids given): the registry, residents, a
# volunteer's hours through pending → verified → void, a second volunteer's hours in another month.
cat >"$WORK/rows.sql" <<'SQL'
INSERT INTO grid (id, code, name) VALUES (1, '01', 'g1'), (2, '02', 'g2');
INSERT INTO building (id, number, grid_id, units) VALUES (1, '1', 1, 2), (2, '2', 2, 2);
INSERT INTO household (id, address, building_id, unit, room) VALUES (1, '1-1-101', 1, 1, '101'), (2, '2-1-101', 2, 1, '101');
INSERT INTO person (id, name, birth_date, household_id, residency) VALUES
  (1, 'a', '1950-03-01', 1, 'registered'), (2, 'b', '1950-07-01', 1, 'floating'), (3, 'c', NULL, 2, 'registered'),
  (4, 'd', '1988-01-01', 2, 'floating');
UPDATE person SET moved_out = '2026-01-01' WHERE id = 4;
UPDATE household SET building_id = 2 WHERE id = 1;
UPDATE building SET grid_id = 1 WHERE id = 2;
INSERT INTO volunteer (id, person_id, number, joined) VALUES (1, 1, 'V1', '2026-01-01'), (2, 2, 'V2', '2026-01-01');
INSERT INTO service_hours (id, volunteer_id, date, minutes, activity, recorder, logged_at) VALUES
  (1, 1, '2026-11-02', 60, 'x', 't', '2026-11-02'), (2, 1, '2026-11-03', 30, 'x', 't', '2026-11-03'),
  (3, 2, '2026-10-05', 45, 'x', 't', '2026-10-05');
UPDATE service_hours SET status = 'verified', decided_at = '2026-11-04' WHERE id IN (1, 3);
UPDATE service_hours SET status = 'void', voided_at = '2026-11-05' WHERE id = 1;
UPDATE service_hours SET date = '2026-09-05' WHERE id = 2;
SQL
sql data.sqlite ".read $WORK/rows.sql"
pg -f "$WORK/rows.sql" >"$WORK/rows.log" 2>&1 || { check; fail "the statements fail on PostgreSQL: $(cat "$WORK/rows.log")"; }
for t in hours_totals volunteer_hours_totals project_hours_totals grid_resident_totals; do
  sql data.sqlite "SELECT * FROM $t ORDER BY 1, 2, 3, 4" | tr '\t' '|' >"$WORK/sqlite.$t"
  pg -c "SELECT * FROM $t ORDER BY 1, 2, 3, 4" >"$WORK/pg.$t"
  same "$t"
done

refuses() {  # refuses MESSAGE SQL: PostgreSQL refuses the statement with SQLite's message, SQLSTATE P0001
  check
  local got
  got=$(psql "$SHEQU_TEST_PG" -X -q -v VERBOSITY=verbose -c "$2" 2>&1)
  [[ "$got" == *"ERROR:  P0001: $1"* ]] || fail "not refused with \"$1\": $2 → $got"
}
refuses 'service hours are never deleted; reject or void the entry' "DELETE FROM service_hours WHERE id = 2"
refuses 'a verified, rejected or voided service entry cannot be changed' "UPDATE service_hours SET minutes = 90 WHERE id = 3"
refuses 'a reversal must mirror the entry it reverses (same volunteer, opposite amount)' \
  "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, operator) VALUES (1, 'x', 'reversal', 1, 0, 't')"
pg -c "INSERT INTO audit (at, operator, command, action) VALUES ('2026-11-29', 't', 'c', 'change')"
refuses 'audit rows are append-only' "UPDATE audit SET summary = 's'"
refuses 'audit rows are append-only' "DELETE FROM audit"
# A BEFORE trigger that does not refuse lets the row through (its function returns the row).
check
[ "$(pg -c "UPDATE service_hours SET note = 'n' WHERE id = 2 RETURNING note")" = n ] || fail "an allowed update was swallowed"
check
[ "$(pg -c "INSERT INTO audit_scrub DEFAULT VALUES; UPDATE audit SET summary = 's' RETURNING summary; DELETE FROM audit_scrub")" = s ] ||
  fail "the open forget door did not let the audit summary change"
finish
