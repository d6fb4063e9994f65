#!/usr/bin/env bash
# The masking rule on the sample (`init --sample`): every phone, ID number and birth date in
# the data file, read from it with sqlite3 (psql on a server), is a marker. No listing, show,
# export, report or audit output in any format shows one without --reveal; no part of a phone
# finds a person; with --reveal they are shown and an audit row is written. test_privacy.sh does the same on a
# small file with every command; this one runs the commands whose output holds many persons.
. "$(dirname "$0")/lib.sh"
run init --sample
[ "$RC" = 0 ] || { echo "init --sample failed: $ERR"; exit 1; }

# Markers from the data: full phones (persons, households, partners), full ID numbers, and the
# birth dates (as written, and as the 8 digits of an ID number) that no other date column
# holds, so that a meeting on someone's birthday is not taken for a leak.
sql shequ.sqlite "SELECT phone FROM person WHERE phone IS NOT NULL UNION SELECT phone FROM household
  WHERE phone IS NOT NULL UNION SELECT phone FROM partner WHERE phone IS NOT NULL
  UNION SELECT id_number FROM person WHERE id_number IS NOT NULL" >markers.txt
# (The other dates: those of a copy of the data without them, dumped: sqlite3 .dump of a file,
# pg_dump of a community's schema; tests/e2e/lib.sh.)
copy_data shequ.sqlite other.sqlite || { echo "could not copy the data"; exit 1; }
# (The undo data holds copies of the person rows as they were: it goes too, as the rows do.)
sql other.sqlite "UPDATE person SET birth_date = NULL, id_number = NULL; DROP TABLE audit_row"
dump other.sqlite | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}' | sort -u >other_dates.txt
sql shequ.sqlite "SELECT DISTINCT birth_date FROM person WHERE birth_date IS NOT NULL" | sort -u >births.txt
{ comm -23 births.txt other_dates.txt; tr -d - <births.txt | sort -u | comm -23 - other_dates.txt; } >birth_markers.txt
cat birth_markers.txt >>markers.txt
n_phones=$(sql shequ.sqlite "SELECT count(DISTINCT phone) FROM person WHERE phone IS NOT NULL")
n_births=$(wc -l <births.txt)
check; [ "$n_phones" -gt 1000 ] && [ "$(grep -c . birth_markers.txt)" -gt "$n_births" ] || fail "too few markers: $n_phones phones, $(wc -l <birth_markers.txt) birth markers of $n_births"

# leaks FILE: the first markers FILE shows.
leaks() { grep -aoF -f markers.txt "$1" | sort -u | head -5 | tr '\n' ' '; }

commands=(
  "person list" "person list --all" "person list --age-min 80" "person show R1" "person show R2"
  "household list" "household show 1-1-101" "partner list" "role list" "volunteer list" "volunteer show V1"
  "party tree" "case list" "need list" "programme deliveries" "audit --limit 1000"
  "report summary" "report grid" "report due" "report cases" "report barometer"
)
for k in persons households partners volunteers roles memberships deliveries cases; do commands+=("export $k"); done
runs=0
for cmd in "${commands[@]}"; do
  for fmt in table csv tsv json jsonl md html; do
    case "$cmd" in export*) [ "$fmt" = csv ] || continue ;; esac
    # shellcheck disable=SC2086
    "$SHEQU" --lang en $cmd --format "$fmt" >out.txt 2>&1
    rc=$?
    runs=$((runs + 1))
    check
    if [ "$rc" != 0 ]; then fail "$cmd --format $fmt: exit $rc: $(head -c 300 out.txt)"; continue; fi
    found=$(leaks out.txt)
    check; [ -z "$found" ] || fail "$cmd --format $fmt shows without --reveal: $found"
  done
done
# -o files are the same output.
run person list -o persons.json
expect_rc 0
check; [ -z "$(leaks persons.json)" ] || fail "-o persons.json shows $(leaks persons.json)"

# Part of a phone finds no one; the whole number does (30 persons spread over the file).
while IFS='|' read -r ref phone id_number; do
  for part in "${phone:0:7}" "${phone:3:4}" "${phone:2:6}" "${phone:4:7}"; do
    run person search "$part" --format csv --fields id,phone
    check; [ "$(printf '%s\n' "$OUT" | grep -c '^R')" = 0 ] || fail "person search $part (part of $ref's phone) finds: ${OUT:0:200}"
  done
  run person search "$phone" --format csv --fields id
  expect_out "$ref"
  run person search "${id_number:0:14}" --format csv --fields id
  check; [ "$(printf '%s\n' "$OUT" | grep -c '^R')" = 0 ] || fail "person search ${id_number:0:14} (part of $ref's ID number) finds: ${OUT:0:200}"
done < <(sql shequ.sqlite "SELECT 'R' || id, phone, id_number FROM person WHERE phone IS NOT NULL
  AND id_number IS NOT NULL AND forgotten_at IS NULL AND id % 250 = 1 LIMIT 30")

# With --reveal the markers are there, and each reveal is an audit row.
before=$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal'")
"$SHEQU" --lang en --reveal person show R1 --format json >revealed.txt 2>&1
"$SHEQU" --lang en --reveal export persons >>revealed.txt 2>&1
for col in phone id_number birth_date; do
  v=$(sql shequ.sqlite "SELECT $col FROM person WHERE id = 1")
  check; grep -qF "\"$v\"" revealed.txt || fail "--reveal person show R1 lacks its $col"
done
check; [ "$(grep -cF -f markers.txt revealed.txt)" -gt 1000 ] || fail "--reveal export persons lacks the numbers"
after=$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal'")
check; [ "$after" = $((before + 2)) ] || fail "two reveals wrote $((after - before)) audit rows"

echo "privacy on the sample: $runs outputs checked for $(wc -l <markers.txt) markers"
finish
