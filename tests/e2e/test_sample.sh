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
# Three years before the opening, as text (SQLite's date(d, '-3 years') is not PostgreSQL's).
check; [ "$(sql s.sqlite "SELECT count(*) FROM mediation_case
  WHERE dispute_since <= CAST(CAST(substr(opened_on, 1, 4) AS integer) - 3 AS text) || substr(opened_on, 5)")" -ge 2 ] \
  || fail "the 3-year and 5-year feuds"
check; [ "$(sql s.sqlite "SELECT count(*) FROM mediation_case WHERE failed_on IS NOT NULL AND referral IS NOT NULL")" -ge 3 ] \
  || fail "failed and referred cases"
check; [ "$(sql s.sqlite "SELECT count(DISTINCT category) FROM need WHERE meeting_id IS NOT NULL")" = 12 ] \
  || fail "needs in all 12 categories from meetings"
check; [ "$(sql s.sqlite "SELECT count(*) FROM programme_site")" = 3 ] || fail "one centre, two stations"
check; [ "$(sql s.sqlite "SELECT count(DISTINCT date) FROM delivery")" -ge 365 ] || fail "a year of deliveries"
check; [ "$(sql s.sqlite "SELECT max(length(services) - length(replace(services, ',', '')) + 1) FROM event
                          WHERE kind = 'convenience-festival'")" -ge 20 ] || fail "a festival with 20+ services"

check; [ "$(sql s.sqlite "SELECT count(*) FROM volunteer")" -ge 520 ] || fail "520+ volunteers"
check; [ "$(sql s.sqlite "SELECT count(*) FROM team WHERE name IN ('金牌调解志愿服务队', '帮帮龙志愿服务队')")" = 2 ] \
  || fail "the gold-medal mediation team and 帮帮龙"
check; [ "$(sql s.sqlite "SELECT count(*) FROM team")" = 10 ] || fail "10 teams"
check; [ "$(sql s.sqlite "SELECT count(*) || '/' || count(DISTINCT post_type) FROM project")" = 10/4 ] || fail "10 projects, 4 post types"
h=$(sql s.sqlite "SELECT CAST(sum(minutes) / 60 AS INTEGER) FROM service_hours")
check; [ "$h" -ge 24000 ] && [ "$h" -le 25500 ] || fail "about 24,500 hours over the year, got $h"

# The seed's headline figures in `report summary` for the sample year (issue 14 item 8).
run --db s.sqlite --format json report summary
expect_rc 0
python3 - "$WORK/.out" <<'PY' || fail "the sample's headline figures"
import json, sys
d = json.load(open(sys.argv[1]))
f = {r["figure"]: r["value"] for r in d["sections"][0]["rows"]}
assert f["partners"] == 26, f
assert f["hours"] >= 20000, f
assert f["volunteers"] >= 520 and f["teams"] == 10, f
assert f["disputes_settled"] >= 200, f
assert f["events"] > 0 and f["event_participants"] > 0, f
PY
check; [ "$(sql s.sqlite "SELECT count(*) FROM mediation_case c WHERE NOT EXISTS (SELECT 1 FROM case_mediator m
  WHERE m.case_id = c.id AND m.role = 'lead' AND m.to_date IS NULL)")" = 0 ] || fail "every case has its current lead mediator"
check; [ "$(sql s.sqlite "SELECT count(*) FROM case_mediator m JOIN case_party p ON p.case_id = m.case_id
  JOIN person x ON x.id = m.person_id WHERE p.person_id = m.person_id OR p.household_id = x.household_id
  OR p.person_id IN (SELECT id FROM person WHERE household_id = x.household_id)")" = 0 ] || fail "a mediator is a party"
# One score a line, joined here (group_concat is SQLite's, string_agg PostgreSQL's).
check; [ "$(sql s.sqlite "SELECT DISTINCT score FROM evaluation ORDER BY score" | paste -sd '')" = 12345 ] \
  || fail "evaluation scores spread over 1–5"
poor=$(sql s.sqlite "SELECT count(*) FROM (SELECT subject_kind, subject_id FROM evaluation GROUP BY subject_kind, subject_id
  HAVING sum(score * count) * 1.0 / sum(count) < 3.5) AS rated")
check; [ "$poor" -ge 3 ] && [ "$poor" -le 30 ] || fail "a few poorly rated items, got $poor"

# Complete 1+1+N teams and every building covered.
run --db s.sqlite role coverage --format csv
expect_rc 0
expect_out "14,0,"
expect_out ",100"

# Idempotent: importing the sample again changes nothing.
remember s.sqlite
for kind in partners party-orgs memberships roles volunteers teams team-members projects rewards cases meetings \
    needs deliveries events evaluations hours awards; do
  run --db s.sqlite import "$kind" "$SOURCE_DIR/sample-data/$kind.csv"
  expect_rc 0
done
expect_unchanged s.sqlite

# Imported hours wait for verification; verifying them earns points, which can be redeemed.
run --db s.sqlite volunteer verify --pending --until 2026-11-15
expect_rc 0
expect_err "verified:"
v=$(sql s.sqlite "SELECT number FROM volunteer v WHERE (SELECT sum(amount) FROM points_ledger l WHERE l.volunteer_id = v.id) >= 30 ORDER BY id LIMIT 1")
run --db s.sqlite points redeem "$v" 洗衣液
expect_rc 0
check; [ "$(sql s.sqlite "SELECT count(*) FROM points_ledger WHERE amount < 0")" = 1 ] || fail "one redemption"

# The checked-in files are what the generator writes.
if command -v python3 >/dev/null; then
  python3 "$SOURCE_DIR/bench/gen_sample.py" --out gen >/dev/null
  for f in gen/*.csv; do
    check; cmp -s "$f" "$SOURCE_DIR/sample-data/$(basename "$f")" || fail "sample-data/$(basename "$f") is not what bench/gen_sample.py writes"
  done
fi
finish
