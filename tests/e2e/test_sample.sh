#!/bin/bash
# The bundled sample community: it loads through the normal import path with nothing rejected,
# has the seed's shape, is generated (bench/gen_sample.py is deterministic and checked in), and
# importing it again changes nothing.
source "$(dirname "$0")/lib.sh"

run --db s.sqlite init --sample
expect_rc 0
check; [[ "$ERR" != *rejected* && "$ERR" != *error* ]] || fail "sample rows rejected"
run --db s.sqlite check
expect_rc 0

# The seed's figures.
check; [ "$(sql s.sqlite "SELECT count(*) FROM grid")" = 14 ] || fail "14 grids"
check; [ "$(sql s.sqlite "SELECT count(*) FROM household")" = 4375 ] || fail "4,375 households"
n=$(sql s.sqlite "SELECT count(*) FROM person")
check; [ "$n" -ge 8600 ] && [ "$n" -le 8900 ] || fail "about 8,725 residents, got $n"
check; [ "$(sql s.sqlite "SELECT count(*) FROM person WHERE residency = 'floating'")" -ge 1000 ] || fail "floating residents"
check; [ "$(sql s.sqlite "SELECT count(*) FROM partner")" = 26 ] || fail "26 partners"
check; [ "$(sql s.sqlite "SELECT count(*) FROM party_org WHERE level = 'branch'")" = 14 ] || fail "14 branches"
check; [ "$(sql s.sqlite "SELECT count(*) FROM party_membership WHERE left_on IS NULL")" = 471 ] || fail "471 members"
check; [ "$(sql s.sqlite "SELECT count(DISTINCT kind) FROM party_membership")" = 3 ] || fail "three kinds of member"
check; [ "$(sql s.sqlite "SELECT count(*) FROM mediation_case")" -ge 200 ] || fail "200+ cases"
check; [ "$(sql s.sqlite "SELECT count(*) FROM mediation_case WHERE dispute_since <= date(opened_on, '-3 years')")" -ge 2 ] \
  || fail "the 3-year and 5-year feuds"
check; [ "$(sql s.sqlite "SELECT count(*) FROM mediation_case WHERE failed_on IS NOT NULL AND referral IS NOT NULL")" -ge 3 ] \
  || fail "failed and referred cases"
check; [ "$(sql s.sqlite "SELECT count(DISTINCT category) FROM need WHERE meeting_id IS NOT NULL")" = 12 ] \
  || fail "needs in all 12 categories from meetings"
check; [ "$(sql s.sqlite "SELECT count(*) FROM programme_site")" = 3 ] || fail "one centre, two stations"
check; [ "$(sql s.sqlite "SELECT count(DISTINCT date) FROM delivery")" -ge 365 ] || fail "a year of deliveries"
check; [ "$(sql s.sqlite "SELECT max(length(services) - length(replace(services, ',', '')) + 1) FROM event
                          WHERE kind = 'convenience-festival'")" -ge 20 ] || fail "a festival with 20+ services"

# Complete 1+1+N teams and every building covered.
run --db s.sqlite role coverage --format csv
expect_rc 0
expect_out "14,0,"
expect_out ",100"

# Idempotent: importing the sample again changes nothing.
remember s.sqlite
for kind in partners party-orgs memberships roles cases meetings needs deliveries events evaluations; do
  run --db s.sqlite import "$kind" "$SOURCE_DIR/sample-data/$kind.csv"
  expect_rc 0
done
expect_unchanged s.sqlite

# The checked-in files are what the generator writes.
if command -v python3 >/dev/null; then
  python3 "$SOURCE_DIR/bench/gen_sample.py" --out gen >/dev/null
  for f in gen/*.csv; do
    check; cmp -s "$f" "$SOURCE_DIR/sample-data/$(basename "$f")" || fail "sample-data/$(basename "$f") is not what bench/gen_sample.py writes"
  done
fi
finish
