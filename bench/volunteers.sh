#!/usr/bin/env bash
# Benchmarks for issue 4 (run by hand, never from ctest):
#  1. `shequ volunteer log-hours` wall time against a bare `sqlite3 FILE "INSERT …"` process on the
#     same data file, median of N runs each, interleaved in the same run;
#  2. verifying 100,000 pending service entries in one `shequ volunteer verify --pending`.
# Usage: bench/volunteers.sh [path/to/shequ] [runs]
set -eu
SHEQU=${1:-build/shequ}
SHEQU=$(realpath "$SHEQU")
RUNS=${2:-21}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export SHEQU_TODAY=2026-11-29 SHEQU_OPERATOR=bench LANG=C
db=bench.sqlite
"$SHEQU" --db $db -q init
# 1,000 volunteers and one project, written directly (this is set-up, not what is measured).
sqlite3 $db <<'SQL'
PRAGMA foreign_keys = ON;
INSERT INTO project (name, post_type, coefficient) VALUES ('清洁家园', 'dedication', 1.5);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO person (name, phone) SELECT '志愿者' || i, '139' || printf('%08d', i) FROM n;
INSERT INTO volunteer (person_id, number, joined) SELECT id, 'NKY2024' || printf('%04d', id), '2024-01-01' FROM person;
SQL

now_ms() { date +%s%N | cut -b1-13; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > shequ.ms
: > sqlite.ms
for i in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  "$SHEQU" --db $db -q volunteer log-hours V$i --date 2026-11-20 --start 09:00 --end 11:30 \
    --activity 楼道清扫 --project 清洁家园 >/dev/null
  t1=$(now_ms)
  sqlite3 $db "INSERT INTO service_hours (volunteer_id, date, minutes, activity, recorder, logged_at) VALUES ($i, '2026-11-21', 150, '楼道清扫', 'bench', '2026-11-29T00:00:00')"
  t2=$(now_ms)
  echo $((t1 - t0)) >> shequ.ms
  echo $((t2 - t1)) >> sqlite.ms
done
a=$(median < shequ.ms)
b=$(median < sqlite.ms)
echo "log-hours: median ${a} ms; bare sqlite3 INSERT: median ${b} ms; ratio $(awk "BEGIN {printf \"%.2f\", $a / $b}") ($RUNS runs each)"

# 100,000 pending entries: 100 per volunteer over 100 days, 60 minutes each.
sqlite3 $db <<'SQL'
WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < 99)
INSERT INTO service_hours (volunteer_id, date, minutes, activity, project_id, recorder, logged_at)
SELECT v.id, date('2026-08-01', '+' || d.k || ' days'), 60, '巡查', 1, 'bench', '2026-11-01T08:00:00'
FROM volunteer v CROSS JOIN d;
SQL
pending=$(sqlite3 $db "SELECT count(*) FROM service_hours WHERE status = 'pending'")
t0=$(now_ms)
"$SHEQU" --db $db --lang en volunteer verify --pending --project 清洁家园 --until 2026-11-29
t1=$(now_ms)
echo "verify: $pending pending entries in $((t1 - t0)) ms"
"$SHEQU" --db $db --lang en check
