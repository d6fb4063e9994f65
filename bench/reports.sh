#!/usr/bin/env bash
# Report timings on a district-sized data file (run by hand, never from ctest): 1,400 grids,
# 1,000,000 persons, 50,000 volunteers, 5,000,000 service-hour entries over three years,
# 500,000 points-ledger entries, 100,000 cases and 100,000 needs, written directly with SQL
# (set-up, not what is measured). Each report runs RUNS times; the median wall time is printed as
# a markdown table row beside the SPEC §7 target (< 200 ms).
# Usage: bench/reports.sh [path/to/shequ] [runs] [data file to keep]
set -eu
SHEQU=$(realpath "${1:-build/shequ}")
RUNS=${2:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
db=${3:-$WORK/district.sqlite}
export SHEQU_TODAY=2026-11-29 SHEQU_OPERATOR=bench LANG=C
if [ ! -f "$db" ]; then
  "$SHEQU" --db "$db" -q init
  sqlite3 "$db" <<'SQL'
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1400)
INSERT INTO grid (id, code, name) SELECT i, printf('%04d', i), '网格' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 14000)
INSERT INTO building (id, number, grid_id) SELECT i, 'B' || i, (i - 1) / 10 + 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 437500)
INSERT INTO household (id, address, building_id, unit, room)
SELECT i, 'H' || i, ((i - 1) / 32) % 14000 + 1, 1, i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO person (id, name, birth_date, household_id, residency)
SELECT i, '居民' || i, date('1940-01-01', '+' || ((i * 7919) % 29000) || ' days'), (i - 1) % 437500 + 1,
       CASE WHEN i % 5 = 0 THEN 'floating' ELSE 'registered' END FROM n;
INSERT INTO project (id, name, post_type) VALUES (1, '清洁家园', 'dedication'), (2, '助老', 'friendship'), (3, '调解', 'mutual-aid');
INSERT INTO team (id, name) VALUES (1, '帮帮龙'), (2, '金牌调解');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO volunteer (id, person_id, number, joined) SELECT i, i * 20, 'V' || i, '2023-01-01' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000)
INSERT INTO service_hours (volunteer_id, date, minutes, activity, project_id, team_id, recorder, logged_at, status)
SELECT (i * 31) % 50000 + 1, date('2024-01-01', '+' || (i % 1064) || ' days'), 30 + (i % 4) * 30, '服务',
       i % 3 + 1, CASE WHEN i % 2 THEN 1 END, 'bench', '2026-01-01T00:00:00',
       CASE WHEN i % 50 = 0 THEN 'pending' ELSE 'verified' END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000)
INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, operator)
SELECT i % 50000 + 1, date('2024-01-01', '+' || (i % 1064) || ' days') || 'T10:00:00',
       CASE WHEN i % 10 = 0 THEN 'redeem' ELSE 'earn' END, CASE WHEN i % 10 = 0 THEN -2 ELSE 1 END, 0, 'bench' FROM n;
UPDATE volunteer SET points_balance = 8;
-- Cases and needs as a working district has them: those of the last six weeks still in hand
-- (k = days since 2024-01-01; today is day 1063), older ones settled, followed up and closed,
-- failed and referred, or declined; a few stragglers left overdue or unvisited for `report due`.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000),
c AS (SELECT i, i % 1060 AS k, CASE WHEN i % 40 = 0 THEN 'street' WHEN i % 8 = 0 THEN 'community' ELSE 'grid' END AS level,
             CASE WHEN i % 1060 >= 1020 THEN CASE WHEN i % 3 = 0 OR i % 1060 > 1053 THEN CASE WHEN i % 2 THEN 'open' ELSE 'mediating' END
                                                  ELSE 'agreed' END
                  WHEN i % 1000 = 2 THEN 'open' WHEN i % 500 = 1 THEN 'agreed' WHEN i % 25 = 0 THEN 'failed'
                  ELSE 'closed' END AS status FROM n)
INSERT INTO mediation_case (number, year, seq, title, type, grid_id, level, status, opened_on, deadline, agreed_on, settled_level,
                            failed_on, referral, closed_on, followup, followup_on)
SELECT 'K' || i, 2024 + i % 3, NULL, '纠纷', CASE i % 4 WHEN 0 THEN 'neighbour' WHEN 1 THEN 'property-management'
       WHEN 2 THEN 'marriage-family' ELSE 'damages' END, i % 1400 + 1, level, status,
       date('2024-01-01', '+' || k || ' days'), date('2024-01-31', '+' || k || ' days'),
       CASE WHEN status IN ('agreed', 'closed') THEN date('2024-01-11', '+' || k || ' days') END,
       CASE WHEN status IN ('agreed', 'closed') THEN level END,
       CASE WHEN status = 'failed' THEN date('2024-01-21', '+' || k || ' days') END,
       CASE WHEN status = 'failed' THEN CASE i % 3 WHEN 0 THEN 'court' WHEN 1 THEN 'arbitration' ELSE 'administrative' END END,
       CASE WHEN status = 'closed' THEN date('2024-02-10', '+' || k || ' days') END,
       CASE WHEN status = 'closed' THEN CASE WHEN i % 20 = 3 THEN 'broken' ELSE 'holding' END END,
       CASE WHEN status = 'closed' THEN date('2024-02-10', '+' || k || ' days') END FROM c;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000),
c AS (SELECT i, i % 1060 AS k,
             CASE WHEN i % 1060 >= 1020 THEN CASE i % 7 WHEN 0 THEN 'new' WHEN 1 THEN 'accepted' WHEN 2 THEN 'in-progress'
                                             ELSE CASE WHEN i % 1060 <= 1049 THEN 'resolved' ELSE 'in-progress' END END
                  WHEN i % 500 = 0 THEN 'in-progress' WHEN i % 7 = 0 THEN 'declined' ELSE 'resolved' END AS status FROM n)
INSERT INTO need (title, category, grid_id, raised_on, due_on, status, closed_on, satisfaction)
SELECT '诉求', CASE i % 12 WHEN 0 THEN 'elderly-care' WHEN 1 THEN 'children' WHEN 2 THEN 'health' WHEN 3 THEN 'environment'
       WHEN 4 THEN 'property' WHEN 5 THEN 'facilities' WHEN 6 THEN 'parking' WHEN 7 THEN 'safety' WHEN 8 THEN 'culture'
       WHEN 9 THEN 'employment' WHEN 10 THEN 'assistance' ELSE 'convenience' END, i % 1400 + 1,
       date('2024-01-01', '+' || k || ' days'), date('2024-01-31', '+' || k || ' days'), status,
       CASE WHEN status IN ('resolved', 'declined') THEN date('2024-01-15', '+' || k || ' days') END,
       CASE WHEN status = 'resolved' THEN i % 5 + 1 END FROM c;
COMMIT;
ANALYZE;
SQL
fi
now_ms() { date +%s%N | cut -b1-13; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| command | median | target |  |"
echo "| --- | --- | --- | --- |"
# Every report, then the daily reads bench/bench.py also times.
for args in "report needs" "report needs --period 2026" "report hours" "report hours --period 2026 --by month" \
            "report hours --by volunteer" "report points" "report stars" "report stars --period 2026" "report cases" \
            "report cases --period 2026 --compare" "report grid" "report grid --grid 0003" "report barometer" \
            "report summary" "report summary --compare" "report due" \
            "role coverage" "case due" "party tree" "need list --status new"; do
  : >"$WORK/ms"
  for _ in $(seq 1 "$RUNS"); do
    t0=$(now_ms)
    "$SHEQU" --db "$db" $args --format csv >/dev/null
    t1=$(now_ms)
    echo $((t1 - t0)) >>"$WORK/ms"
  done
  ms=$(median <"$WORK/ms")
  printf '| %s | %s ms | < 200 ms | %s |\n' "$args" "$ms" "$([ "$ms" -lt 200 ] && echo ok || echo MISSED)"
done
