#!/bin/bash
# Operators on the test server (issue 21 items 1 and 3): every role tries, through shequ and as a
# raw psql session, to read and change what it should not — phones and ID numbers, confidential
# case text, another community, another grid, the audit log's rows — and the server refuses it
# (shequ: 77 naming what the role may do, or the rows are simply not there); what the role may do
# works and the audit log names its database role. --as is refused on a server; a superuser is no
# operator; a removed operator can do nothing. Needs SHEQU_TEST_PG (with_server.sh).
source "$(dirname "$0")/../e2e/lib.sh"
: "${SHEQU_TEST_PG:?run through tests/pg/with_server.sh}"
C=op_$$
own_database "$C"
URL=$SHEQU_TEST_PG
A=${C}_a B=${C}_b
COORD=${C}_coord GW=${C}_gw MED=${C}_med ST=${C}_st AUD=${C}_aud
cleanup() {
  drop_own_database
  rm -rf "$WORK"
}
trap cleanup EXIT

as_role() { echo "${URL%%user=*}user=$1"; }  # the test server's URL, connecting as role $1
# as ROLE ARGS…: shequ in community A as ROLE; psql_as ROLE SQL: a raw session as ROLE (its output, or ERROR).
as() {
  local role=$1
  shift
  run --db "$(as_role "$role")" --community "$A" "$@"
}
psql_as() { psql "$(as_role "$1")" -X -q -At -c "$2" 2>&1 | head -3; }
denied() {  # denied ROLE SQL: the server refuses the statement
  check
  local out
  out=$(psql_as "$1" "$2")
  [[ "$out" == *"permission denied"* ]] || fail "$1 may run: $2 → $out"
}
owner() { run --db "$URL" --community "$A" "$@"; }

run --db a.sqlite init --sample
expect_rc 0
for code in $A $B; do
  run --db a.sqlite migrate --to "$URL" --community "$code" --name "社区$code"
  expect_rc 0
done

# --- on a data file the owner is the one operator -----------------------------------------
run --db a.sqlite operator list --format csv
expect_rc 0
expect_out "$SHEQU_OPERATOR,coordinator"
remember a.sqlite
run --db a.sqlite operator add someone --role auditor --community x
expect_rc 64
expect_err "operators are a server's"
expect_unchanged a.sqlite

# undo_newest_migrations SCHEMA: the community as shequ left it before its two newest
# migrations: 0019's person trigger functions as 0017 and the baseline defined them (counting
# while held_totals holds a row), 0018's tables and trigger not there yet, version 17 (0018 adds
# tables, so the grants below are put to the test). On a community before any operator:
# migrated again, it gets no group roles (operator add makes them).
check; [ "$(basename "$(ls "$SOURCE_DIR"/lib/migrations/postgresql/[0-9]*.sql | tail -1)")" = 0019_grid_totals_held.sql ] ||
  fail "undo_newest_migrations undoes migrations 0019 and 0018: make it undo the newest migrations"
# function_as_defined NAME FILE: the CREATE FUNCTION statement of NAME in migration FILE, as a replacement.
function_as_defined() {
  sed -n "/^CREATE \(OR REPLACE \)\?FUNCTION $1()/,/^END \$\$;/p" "$SOURCE_DIR/lib/migrations/postgresql/$2" |
    sed '1s/^CREATE \(OR REPLACE \)\?FUNCTION/CREATE OR REPLACE FUNCTION/'
}
undo_newest_migrations() {
  { echo "SET search_path = $1;"
    function_as_defined person_grid_totals_insert 0017_server_writes.sql
    function_as_defined person_grid_totals_update 0016_baseline.sql
    echo "DROP TRIGGER points_ledger_totals ON points_ledger; DROP FUNCTION points_ledger_totals();
      DROP TABLE held_totals, volunteer_points_totals; UPDATE schema_version SET version = 17;"; } | pg -f -
}
# held SCHEMA: how many of the person triggers' functions stand aside while the totals are held.
held() { pg -c "SELECT count(*) FROM pg_proc WHERE pronamespace = '$1'::regnamespace
  AND proname IN ('person_grid_totals_insert', 'person_grid_totals_update') AND prosrc LIKE '%held_totals%'"; }
undo_newest_migrations "$B"
run --db "$URL" --community "$B" grid list
expect_rc 0
check; [ "$(pg -c "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'shequ\_${B}\_%'")" = 0 ] &&
  [ "$(pg -c "SELECT version FROM $B.schema_version")" -gt 17 ] && [ "$(held "$B")" = 2 ] ||
  fail "a community without operators got group roles when migrated, or was not migrated"

# --- making the operators ------------------------------------------------------------------
run --db "$URL" operator add "$COORD" --role coordinator --community "$A"
expect_rc 0
run --db "$URL" operator add "$GW" --role grid-worker --community "$A" --grid 03,05
expect_rc 0
run --db "$URL" operator add "$MED" --role mediator --community "$A" --person V10
expect_rc 0
run --db "$URL" operator add "$ST" --role street
expect_rc 0
run --db "$URL" operator add "$AUD" --role auditor --community "$A"
expect_rc 0
run --db "$URL" operator list --format csv
expect_rc 0
for r in "$COORD,coordinator,$A" "$GW,grid-worker,$A,\"03,05\"" "$MED,mediator,$A,,R" "$ST,street" "$AUD,auditor,$A"; do expect_out "$r"; done
run --db "$URL" operator add "$GW" --role auditor --community "$A"
expect_rc 1
run --db "$URL" operator add "$(pg -c 'SELECT session_user')x" --role grid-worker --community "$A"
expect_rc 64
expect_err "--grid"
run --db "$URL" operator add "$(pg -c 'SELECT session_user')" --role auditor --community "$A"  # the test's own role: a superuser
expect_rc 1
expect_err "superuser"
run --db "$URL" operator add "${C}_new" --role nobody --community "$A"
expect_rc 64
expect_err "grid-worker"

# --- a newer shequ's migrations: the group roles get the new tables in the same transaction ----
# grants SCHEMA: every privilege the community's group roles and the street's hold there (tables,
# columns, sequences, functions), its row security and policies, one a line.
grants() {
  local roles="(r.rolname LIKE 'shequ\\_${1}\\_%' OR r.rolname = 'shequ_street')" here="'$1'::regnamespace"
  pg -c "SELECT r.rolname || ' ' || c.relname || ' ' || p || ' ' || has_table_privilege(r.oid, c.oid, p)
      FROM pg_roles r, pg_class c, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p
      WHERE $roles AND c.relnamespace = $here AND c.relkind = 'r'
    UNION ALL SELECT r.rolname || ' ' || c.relname || '.' || a.attname || ' ' || p || ' ' || has_column_privilege(r.oid, c.oid, a.attnum, p)
      FROM pg_roles r, pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped,
      unnest(ARRAY['SELECT', 'INSERT', 'UPDATE']) p WHERE $roles AND c.relnamespace = $here AND c.relkind = 'r'
    UNION ALL SELECT r.rolname || ' ' || c.relname || ' USAGE ' || has_sequence_privilege(r.oid, c.oid, 'USAGE')
      FROM pg_roles r, pg_class c WHERE $roles AND c.relnamespace = $here AND c.relkind = 'S'
    UNION ALL SELECT r.rolname || ' ' || f.proname || '() EXECUTE ' || has_function_privilege(r.oid, f.oid, 'EXECUTE')
      FROM pg_roles r, pg_proc f WHERE $roles AND f.pronamespace = $here
    UNION ALL SELECT 'rls ' || relname || ' ' || relrowsecurity FROM pg_class WHERE relnamespace = $here AND relkind = 'r'
    UNION ALL SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || array_to_string(roles, ',') || ' '
      || coalesce(qual, '-') || ' ' || coalesce(with_check, '-') FROM pg_policies WHERE schemaname = '$1'
    ORDER BY 1"
}
grants "$A" >"$WORK/grants.made"
check; grep -q "^shequ_${A}_auditor volunteer_points_totals SELECT true$" "$WORK/grants.made" &&
  grep -q "^shequ_${A}_grid_worker held_totals INSERT true$" "$WORK/grants.made" && [ "$(wc -l <"$WORK/grants.made")" -gt 5000 ] ||
  fail "the grants to compare: $(wc -l <"$WORK/grants.made") lines"
# A as shequ left it before its newest migration, its operators made then. The owner's next
# command migrates it; no `operator set` follows.
VERSION=$(pg -c "SELECT version FROM $A.schema_version")
undo_newest_migrations "$A"
check; [ "$(pg -c "SELECT count(*) FROM pg_class WHERE relnamespace = '$A'::regnamespace AND relname IN ('held_totals', 'volunteer_points_totals')")" = 0 ] &&
  [ "$(held "$A")" = 0 ] || fail "0018's tables or 0019's person triggers are still there"
owner grid list
expect_rc 0
check; [ "$(pg -c "SELECT version FROM $A.schema_version")" = "$VERSION" ] || fail "A was not migrated to $VERSION"
grants "$A" >"$WORK/grants.migrated"
check; diff "$WORK/grants.made" "$WORK/grants.migrated" >"$WORK/grants.diff" ||
  fail "after the migration the group roles' grants differ from operator add's: $(head -20 "$WORK/grants.diff")"
# The restricted roles at once: the auditor reads the new totals, the grid-worker writes.
as "$AUD" points balance --format csv
expect_rc 0
expect_out "V"
as "$GW" grid list --format csv
expect_rc 0
run --db "$URL" operator set "$GW" --grid 03,05  # what `operator set` gives
expect_rc 0
grants "$A" >"$WORK/grants.set"
check; diff "$WORK/grants.set" "$WORK/grants.migrated" >"$WORK/grants.diff" ||
  fail "operator set grants other than the migration did: $(head -20 "$WORK/grants.diff")"
# --- the owner's view, to hold each role's against -----------------------------------------
owner person list --grid 03 --format csv
IN_03=$(($(grep -c . <<<"$OUT") - 1))
owner person list --grid 05 --format csv
IN_GRIDS=$((IN_03 + $(grep -c . <<<"$OUT") - 1))
ALL_PERSONS=$(pg -c "SELECT count(*) FROM $A.person")
PHONE=$(pg -c "SELECT phone FROM $A.person WHERE phone IS NOT NULL ORDER BY id LIMIT 1")
IDNO=$(pg -c "SELECT id_number FROM $A.person WHERE id_number IS NOT NULL ORDER BY id LIMIT 1")
OUTSIDE=$(pg -c "SELECT 'R' || p.id FROM $A.person p JOIN $A.household h ON h.id = p.household_id JOIN $A.building b ON b.id = h.building_id JOIN $A.grid g ON g.id = b.grid_id WHERE g.code = '01' ORDER BY p.id LIMIT 1")
MY_CASES=$(pg -c "SELECT count(DISTINCT case_id) FROM $A.case_mediator m JOIN $A.volunteer v ON v.person_id = m.person_id WHERE v.id = 10 AND m.to_date IS NULL")
MY_CASE=$(pg -c "SELECT c.number FROM $A.mediation_case c JOIN $A.case_mediator m ON m.case_id = c.id JOIN $A.volunteer v ON v.person_id = m.person_id WHERE v.id = 10 AND m.to_date IS NULL AND c.status IN ('open', 'mediating') ORDER BY c.id LIMIT 1")
OTHER_CASE=$(pg -c "SELECT c.number FROM $A.mediation_case c WHERE NOT EXISTS (SELECT 1 FROM $A.case_mediator m JOIN $A.volunteer v ON v.person_id = m.person_id WHERE m.case_id = c.id AND v.id = 10) AND c.status IN ('open', 'mediating') ORDER BY c.id LIMIT 1")
check; [ "$IN_GRIDS" -gt 100 ] && [ -n "$PHONE" ] && [ -n "$IDNO" ] && [ -n "$OUTSIDE" ] && [ "$MY_CASES" -gt 0 ] && [ -n "$MY_CASE" ] && [ -n "$OTHER_CASE" ] ||
  fail "the sample's persons, phones and cases to test with: $IN_GRIDS $PHONE $OUTSIDE $MY_CASES $MY_CASE $OTHER_CASE"

# --- coordinator: everything in A, with --reveal; nothing of B ------------------------------
as "$COORD" --reveal person list --format csv
expect_rc 0
expect_out "$PHONE"
as "$COORD" grid add --code 90 --name 协调员网格
expect_rc 0
run --db "$(as_role "$COORD")" --community "$B" grid list
expect_rc 77
expect_err "operator list"
denied "$COORD" "SELECT count(*) FROM $B.person"
as "$COORD" --as 别人 grid list
expect_rc 64
expect_err "database role"
owner audit --limit 5 --format csv
expect_out ",$COORD,change,grid,"
expect_out ",$COORD,reveal,person,"

# --- grid-worker: the registry and needs of grids 03 and 05, masked --------------------------
as "$GW" grid list --format csv
expect_rc 0
check; [ "$(tr -d '\r' <<<"$OUT" | cut -d, -f2 | tail -n +2 | sort | paste -sd' ')" = "03 05" ] || fail "grid-worker grids: $OUT"
as "$GW" person list --format csv --limit 100000
expect_rc 0
check; [ "$(($(grep -c . <<<"$OUT") - 1))" = "$IN_GRIDS" ] || fail "grid-worker persons: $(($(grep -c . <<<"$OUT") - 1)), not $IN_GRIDS"
expect_no_out "$PHONE"
# Its grids' residents as the owner lists them without --reveal: the phone masked (the server's
# masked copy: the same mask), the age; row for row, and nobody else.
rows() { tr -d '\r' <<<"$OUT" | tail -n +2; }  # the CSV's rows, without its header
GW_ROWS=$(rows | sort)
owner_rows() {  # owner_rows ARGS…: the owner's rows of `ARGS --grid 03` and `ARGS --grid 05`, sorted
  local g all=
  for g in 03 05; do
    owner "$@" --grid $g --format csv --limit 100000
    all+=$(rows)$'\n'
  done
  grep . <<<"$all" | sort
}
check; [ "$GW_ROWS" = "$(owner_rows person list)" ] ||
  fail "the grid-worker's residents differ from the owner's without --reveal: $(diff <(owner_rows person list) <(echo "$GW_ROWS") | head -6)"
as "$GW" person list --fields phone,age --format csv --limit 100000
check; [ "$(rows | grep -cE '^1[3-9][0-9][*]{4}[0-9]{4},[0-9]+$')" -gt 100 ] || fail "the grid-worker sees no masked phones and ages: $(rows | head -3)"
# Its elderly, by the age of the masked copy.
as "$GW" person list --age-min 60 --format csv --limit 100000
expect_rc 0
GW_ROWS=$(rows | sort)
check; [ "$GW_ROWS" = "$(owner_rows person list --age-min 60)" ] && [ "$(grep -c . <<<"$GW_ROWS")" -gt 10 ] &&
  [ "$(grep -c . <<<"$GW_ROWS")" -lt "$IN_GRIDS" ] || fail "the grid-worker's residents of 60 and over: $(grep -c . <<<"$GW_ROWS")"
as "$GW" household list --format csv --limit 100000
expect_rc 0
GW_ROWS=$(rows | sort)
check; [ "$GW_ROWS" = "$(owner_rows household list)" ] && grep -qE ',0[0-9]{2,3}-[*]{4}[0-9]{4},' <<<"$GW_ROWS" ||
  fail "the grid-worker's households differ from the owner's without --reveal: $(diff <(owner_rows household list) <(echo "$GW_ROWS") | head -6)"
# One resident shown: phone, ID number and birth date masked as shequ masks them, the age; none whole.
read -r IN_ID IN_PHONE IN_IDNO IN_BORN IN_AGE <<<"$(pg -F ' ' -c "SET search_path = $A; SET shequ.today = '$SHEQU_TODAY'" -c "SELECT 'R' || p.id, p.phone, p.id_number, p.birth_date, shequ_age(p.birth_date)
  FROM $A.person p JOIN $A.household h ON h.id = p.household_id JOIN $A.building b ON b.id = h.building_id JOIN $A.grid g ON g.id = b.grid_id
  WHERE g.code = '03' AND p.phone IS NOT NULL AND p.id_number IS NOT NULL ORDER BY p.id LIMIT 1")"
as "$GW" person show "$IN_ID" --format json
expect_rc 0
expect_out "\"${IN_PHONE:0:3}****${IN_PHONE:7}\""
expect_out "\"${IN_IDNO:0:6}************\""
expect_out "\"${IN_BORN:0:4}-**-**\""
expect_out "\"age\": $IN_AGE,"
expect_no_out "$IN_PHONE"
expect_no_out "$IN_IDNO"
expect_no_out "$IN_BORN"
GW_SHOW=$OUT
owner person show "$IN_ID" --format json --fields phone,id_number,birth_date,age
check; [ -n "$IN_AGE" ] && [ "$(tr -d ' \n' <<<"$OUT")" = "$(as "$GW" person show "$IN_ID" --format json --fields phone,id_number,birth_date,age; tr -d ' \n' <<<"$OUT")" ] ||
  fail "the grid-worker's masked resident differs from the owner's without --reveal: $GW_SHOW"
as "$GW" export persons
expect_rc 0
expect_no_out "$PHONE"
expect_no_out "$IDNO"
expect_no_out "$IN_PHONE"
expect_out "${IN_PHONE:0:3}****${IN_PHONE:7}"
as "$GW" person show "$OUTSIDE"
expect_rc 66
as "$GW" --reveal person list
expect_rc 77
expect_err "grid-worker"
as "$GW" need add --title 楼道灯坏了 --category facilities --grid 03
expect_rc 0
as "$GW" need add --title 别的网格 --category facilities --grid 01
expect_rc 65
ADDR_03=$(pg -c "SELECT h.address FROM $A.household h JOIN $A.building b ON b.id = h.building_id JOIN $A.grid g ON g.id = b.grid_id WHERE g.code = '03' ORDER BY h.id LIMIT 1")
ADDR_01=$(pg -c "SELECT h.address FROM $A.household h JOIN $A.building b ON b.id = h.building_id JOIN $A.grid g ON g.id = b.grid_id WHERE g.code = '01' ORDER BY h.id LIMIT 1")
as "$GW" person add --name 新居民 --household "$ADDR_03"
expect_rc 0
IN_GRIDS=$((IN_GRIDS + 1)) IN_03=$((IN_03 + 1))
# A phone is a natural key shequ matches residents by: one the role may not read, it may not give.
as "$GW" person add --name 有电话的居民 --household "$ADDR_03" --phone 13912345678
expect_rc 77
as "$GW" person add --name 别处居民 --household "$ADDR_01"
expect_rc 65
check; [ "$(pg -c "SELECT count(*) FROM $A.person WHERE name = '别处居民'")" = 0 ] || fail "the grid-worker added a resident outside their grids"
for cmd in "volunteer list" "case list" "audit" "points balance"; do
  as "$GW" $cmd
  expect_rc 77
  expect_err "grid-worker"
done
denied "$GW" "SELECT phone FROM $A.person LIMIT 1"
denied "$GW" "SELECT id_number FROM $A.person LIMIT 1"
denied "$GW" "SELECT birth_date FROM $A.person LIMIT 1"
denied "$GW" "SELECT phone FROM $A.household LIMIT 1"
# The masked copies, as psql reads them: the rows the grid-worker sees, no more, and never more
# of a number than the mask: 3 + 4 digits of a mobile, the area and 4 of a landline, the area of an
# ID number (6 characters), the year of a birth date.
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_person() m FULL JOIN $A.person p ON p.id = m.id WHERE m.id IS NULL OR p.id IS NULL")" = 0 ] &&
  [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_person()")" = "$IN_GRIDS" ] || fail "psql: the masked copies are not the rows of the grid-worker's grids"
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_household() m FULL JOIN $A.household h ON h.id = m.id WHERE m.id IS NULL OR h.id IS NULL")" = 0 ] &&
  [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_household()")" -gt 10 ] || fail "psql: the masked households are not those of the grid-worker's grids"
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_person() WHERE ${OUTSIDE#R} IN (id)")" = 0 ] || fail "psql: the masked copy of a resident of grid 01"
MOBILE_OR_LANDLINE="'^(1[3-9][0-9]|0[0-9]{2,3}-)[*]{4}[0-9]{4}(-[0-9]{1,6})?\$'"
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_person() WHERE phone !~ $MOBILE_OR_LANDLINE
  OR id_number !~ '^[0-9]{6}[*]{12}\$' OR birth_date !~ '^[0-9]{4}-[*][*]-[*][*]\$'")" = 0 ] &&
  [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_household() WHERE phone !~ $MOBILE_OR_LANDLINE")" = 0 ] &&
  [ "$(psql_as "$GW" "SELECT count(phone) > 100 AND count(id_number) > 100 AND count(birth_date) > 100 AND count(age) > 100 FROM $A.shequ_masked_person()")" = t ] ||
  fail "psql: a masked copy shows more than the mask: $(psql_as "$GW" "SELECT phone, id_number, birth_date FROM $A.shequ_masked_person() LIMIT 3")"
check; [ "$(psql_as "$GW" "CREATE TEMP TABLE grid (id bigint, code text); CREATE TEMP TABLE household (id bigint, building_id bigint);
  SELECT count(*) FROM $A.shequ_masked_person()")" = "$IN_GRIDS" ] || fail "a temp table steered the masked copies"
# The server's masks are shequ's: every phone of the community, as the owner lists it without --reveal.
owner person list --fields id,phone --format csv --limit 100000
check; [ "$(rows)" = "$(pg -c "SELECT 'R' || id || ',' || coalesce($A.shequ_mask_phone(phone), '') FROM $A.person
  WHERE moved_out IS NULL AND forgotten_at IS NULL ORDER BY id")" ] || fail "the server masks a person's phone otherwise than shequ"
owner household list --fields id,phone --format csv --limit 100000
check; [ "$(rows | sort)" = "$(pg -c "SELECT 'H' || id || ',' || coalesce($A.shequ_mask_phone(phone), '') FROM $A.household
  WHERE moved_out IS NULL" | sort)" ] && grep -q -- '-[*]' <<<"$OUT" || fail "the server masks a household's phone otherwise than shequ"
denied "$GW" "SELECT * FROM $A.audit_row LIMIT 1"
denied "$GW" "SELECT * FROM $A.case_entry LIMIT 1"
denied "$GW" "SELECT * FROM shequ.operator"
denied "$GW" "SELECT count(*) FROM $B.grid"
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.person")" = "$IN_GRIDS" ] || fail "psql: the grid-worker sees persons outside their grids"
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.grid")" = 2 ] || fail "psql: the grid-worker sees other grids"
check; [ "$(psql_as "$GW" "UPDATE $A.person SET name = 'x' WHERE id = ${OUTSIDE#R}")" = "" ] &&
  [ "$(pg -c "SELECT name FROM $A.person WHERE id = ${OUTSIDE#R}")" != x ] || fail "psql: the grid-worker changed a person outside their grids"
# A policy cannot be steered: a function of the operator's own (in pg_temp) is not the registry's.
check; [ "$(psql_as "$GW" "CREATE TEMP TABLE operator (name text, grids text); SELECT count(*) FROM $A.grid")" = 2 ] || fail "a temp table steered the policy"

# --- mediator: the cases they mediate, with their text --------------------------------------
as "$MED" case list --format csv --limit 100000
expect_rc 0
check; [ "$(($(grep -c . <<<"$OUT") - 1))" = "$MY_CASES" ] || fail "mediator cases: $(($(grep -c . <<<"$OUT") - 1)), not $MY_CASES"
as "$MED" case note "$MY_CASE" "电话沟通了双方"
expect_rc 0
as "$MED" --reveal case show "$MY_CASE"
expect_rc 0
expect_out "电话沟通了双方"
as "$MED" case show "$OTHER_CASE"
expect_rc 66
as "$MED" case note "$OTHER_CASE" "越权"
expect_rc 66
check; [ "$(psql_as "$MED" "SELECT count(*) FROM $A.mediation_case")" = "$MY_CASES" ] || fail "psql: the mediator sees other cases"
check; [ "$(psql_as "$MED" "SELECT count(*) FROM $A.case_entry e JOIN $A.mediation_case c ON c.id = e.case_id WHERE c.number = '$OTHER_CASE'")" = 0 ] ||
  fail "psql: the mediator reads another case's timeline"
denied "$MED" "SELECT phone FROM $A.person LIMIT 1"
denied "$MED" "SELECT * FROM $A.shequ_masked_person()"
denied "$MED" "SELECT * FROM $A.audit LIMIT 1"
denied "$MED" "INSERT INTO $A.grid (code, name) VALUES ('98', 'x')"

# --- street: every community's figures; the steps of cases escalated to the street ----------
owner case escalate "$OTHER_CASE" --to street --reason 需街道协调
expect_rc 0
run --db "$(as_role "$ST")" street report cases --communities "$A,$B" --period 2026 --format csv
expect_rc 0
STREET=$(tr -d '\r' <<<"$OUT")
run --db "$URL" street report cases --communities "$A,$B" --period 2026 --format csv
check; [ "$STREET" = "$(tr -d '\r' <<<"$OUT")" ] || fail "the street role's figures differ from the owner's"
# A community that joins the server after the street's operator: the street reads it too.
run --db a.sqlite migrate --to "$URL" --community "${C}_c" --name 新社区
expect_rc 0
run --db "$(as_role "$ST")" street report summary --communities "${C}_c" --format csv
expect_rc 0
expect_out "${C}_c,新社区,14,"
run --db "$(as_role "$ST")" street cases --communities "$A,$B" --format csv
expect_out ",$OTHER_CASE,"
as "$ST" case session "$OTHER_CASE" --method one-to-one --outcome 街道调解
expect_rc 0
# The text of a case at the street, with --reveal (audited); never that of a case below it.
as "$ST" case show "$OTHER_CASE"
expect_rc 0
expect_no_out "需街道协调"
as "$ST" --reveal case show "$OTHER_CASE"
expect_rc 0
expect_out "需街道协调"
expect_out "街道调解"
as "$ST" --reveal case show "$MY_CASE"
expect_rc 0
expect_no_out "电话沟通了双方"
check; [ "$(psql_as "$ST" "SELECT count(*) FROM $A.shequ_street_entries() x JOIN $A.case_entry e ON e.id = x.id JOIN $A.mediation_case c ON c.id = e.case_id WHERE c.level <> 'street'")" = 0 ] ||
  fail "psql: the street reads the text of a case below the street"
check; [ "$(psql_as "$ST" "SELECT count(*) FROM $A.shequ_street_entries()")" -ge 2 ] || fail "psql: the street cannot read its cases' text"
denied "$GW" "SELECT * FROM $A.shequ_street_entries()"
owner audit --limit 3 --format csv
expect_out ",$ST,reveal,case,"
as "$ST" case session "$MY_CASE" --method one-to-one --outcome 越权
expect_rc 77
expect_err "street"
denied "$ST" "SELECT text FROM $A.case_entry LIMIT 1"
denied "$ST" "SELECT summary FROM $A.mediation_case LIMIT 1"
denied "$ST" "SELECT phone FROM $B.person LIMIT 1"
denied "$ST" "SELECT * FROM $A.shequ_masked_person()"
denied "$ST" "SELECT * FROM $A.audit LIMIT 1"
denied "$ST" "INSERT INTO $B.grid (code, name) VALUES ('98', 'x')"
check; [ "$(psql_as "$ST" "UPDATE $A.mediation_case SET title = 'x' WHERE number = '$MY_CASE'")" = "" ] &&
  [ "$(pg -c "SELECT title FROM $A.mediation_case WHERE number = '$MY_CASE'")" != x ] || fail "psql: the street changed a case not at the street"

# --- auditor: read-only, the audit log, no numbers ------------------------------------------
as "$AUD" audit --limit 100 --format csv
expect_rc 0
expect_out ",$GW,change,need,"
expect_out ",$MED,change,case,"
expect_out ",$ST,change,case,"
as "$AUD" report summary --period 2026 --format csv
expect_rc 0
as "$AUD" grid add --code 91 --name 审计网格
expect_rc 77
expect_err "auditor"
as "$AUD" --reveal person list
expect_rc 77
as "$AUD" undo
expect_rc 77
denied "$AUD" "SELECT * FROM $A.audit_row LIMIT 1"
denied "$AUD" "SELECT id_number FROM $A.person LIMIT 1"
denied "$AUD" "SELECT * FROM $A.shequ_masked_household()"
denied "$AUD" "UPDATE $A.grid SET name = 'x'"
denied "$AUD" "DELETE FROM $A.audit"

# --- a role taken away ----------------------------------------------------------------------
run --db "$URL" operator set "$GW" --grid 03
expect_rc 0
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.person")" = "$IN_03" ] || fail "after set --grid 03: not grid 03's persons"
check; [ "$(psql_as "$GW" "SELECT count(*) FROM $A.shequ_masked_person()")" = "$IN_03" ] || fail "after set --grid 03: not grid 03's masked copies"
run --db "$URL" operator remove "$GW"
expect_rc 0
as "$GW" grid list
expect_rc 77
run --db "$URL" operator list --format csv
expect_no_out "$GW,"
owner check
expect_rc 0
finish
