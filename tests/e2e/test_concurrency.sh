#!/usr/bin/env bash
# Concurrent writers and readers on one data file: several processes add persons, open cases
# (in two years), add needs and import persons while others list and show. Every command either
# succeeds or exits 75 (busy, after the busy timeout); no write is lost (rows = successes);
# case numbers stay unique and gap-free per year; the file passes `shequ check` afterwards.
# CONC_ROUNDS (default 12) scales the number of commands per worker; CONC_TIMEOUT_MS (default
# 20000) is their busy timeout (a short one makes some exit 75).
. "$(dirname "$0")/lib.sh"
ROUNDS=${CONC_ROUNDS:-12}
TIMEOUT_MS=${CONC_TIMEOUT_MS:-20000}
make_registry || { echo "setup failed"; exit 1; }
run person add --name 申请人 --household 3-2-501
expect_rc 0
base_persons=$(sql shequ.sqlite "SELECT count(*) FROM person")
run volunteer add --person 申请人 --joined 2026-01-01
expect_rc 0
run project add --name 清洁家园 --post-type dedication
expect_rc 0
run reward add --name 洗衣液 --cost 30 --stock 1000
expect_rc 0
run points bonus V1 100 --reason 起始积分
expect_rc 0
base_audit=$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action <> 'reveal'")
mkdir -p logs

# worker NAME CMD…: runs the command ROUNDS times ({i} replaced by the round number, {n} by it
# in 4 digits), logging
# "NAME rc" per run; stderr of a failure kept in logs/NAME.err.
worker() {
  local name=$1
  shift
  local i args
  for ((i = 1; i <= ROUNDS; i++)); do
    args=("${@//\{i\}/$i}")
    args=("${args[@]//\{n\}/$(printf %04d "$i")}")
    "$SHEQU" --lang en -c database.busy_timeout_ms="$TIMEOUT_MS" "${args[@]}" >/dev/null 2>>"logs/$name.err"
    echo "$name $?" >>"logs/$name.log"
  done
}
for w in 1 2; do
  python3 - "$w" "$ROUNDS" >"import$w.csv" <<'PY'
import sys
w, n = sys.argv[1], int(sys.argv[2])
print("name,gender,phone,household")
for i in range(50 * n):
    print(f"导入{w}-{i:04d},F,15{w}{i:08d},3-2-502")
PY
done
# Each import worker takes its own slice of 50 rows per round.
for w in 1 2; do
  for ((i = 1; i <= ROUNDS; i++)); do
    { head -1 "import$w.csv"; sed -n "$((2 + (i - 1) * 50)),$((1 + i * 50))p" "import$w.csv"; } >"import$w-$i.csv"
  done
done

worker add1 person add --name "并发甲{i}" --household 3-2-501 &
worker add2 person add --name "并发乙{i}" --household 3-2-502 --phone "1381234{n}" &
worker case2025 case open --title "并发{i}" --type other --grid 01 --party applicant:申请人 --opened 2025-05-01 &
worker case2026a case open --title "并发A{i}" --type other --grid 03 --party applicant:申请人 --opened 2026-06-01 &
worker case2026b case open --title "并发B{i}" --type other --grid 03 --party "respondent:name:物业公司" --opened 2026-07-01 &
worker need need add --title "需求{i}" --category elderly-care --grid 03 &
worker import1 import persons "import1-{i}.csv" &
worker import2 import persons "import2-{i}.csv" &
worker hours volunteer log-hours V1 --date "2026-10-{i}" --start 09:00 --end 10:00 --activity 清扫 --project 清洁家园 &
worker verify volunteer verify --pending &
worker redeem points redeem V1 洗衣液 --quantity 1 &
worker reader1 person list --format csv &
worker reader2 case list --format json &
worker reader3 need list --format tsv &
worker reader4 grid list &
worker reader5 audit --format jsonl &
worker reader6 points balance V1 &
worker reader7 volunteer hours V1 &
wait
cp -r logs "${CONC_KEEP_LOGS:-/dev/null}" 2>/dev/null

# rc_count NAME RC: how many runs of worker NAME exited RC.
rc_count() { grep -c "^$1 $2\$" "logs/$1.log"; }
total=0
busy=0
for log in logs/*.log; do
  name=$(basename "$log" .log)
  total=$((total + $(wc -l <"$log")))
  busy=$((busy + $(rc_count "$name" 75)))
  check
  allowed=" (0|75)$"
  case $name in redeem | verify) allowed=" (0|1|75)$" ;; esac  # a balance too low; nothing pending
  if grep -vqE "$allowed" "$log"; then
    fail "$name: exits other than 0 or 75: $(grep -vE "$allowed" "$log" | sort | uniq -c | tr '\n' ' ') $(head -c 400 "logs/$name.err")"
  fi
  check
  [ "$(wc -l <"$log")" = "$ROUNDS" ] || fail "$name: ran $(wc -l <"$log") times, not $ROUNDS"
done

# No write lost, none doubled.
ok_persons=$(( $(rc_count add1 0) + $(rc_count add2 0) + 50 * ($(rc_count import1 0) + $(rc_count import2 0)) ))
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM person")" = $((base_persons + ok_persons)) ] ||
  fail "persons: $(sql shequ.sqlite "SELECT count(*) FROM person") rows, expected $((base_persons + ok_persons))"
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM need")" = "$(rc_count need 0)" ] || fail "needs lost or doubled"
ok_2025=$(rc_count case2025 0)
ok_2026=$(( $(rc_count case2026a 0) + $(rc_count case2026b 0) ))
for year in 2025 2026; do
  want=$ok_2025
  [ $year = 2026 ] && want=$ok_2026
  got=$(sql shequ.sqlite "SELECT seq FROM mediation_case WHERE year = $year ORDER BY seq" | paste -sd' ')
  check; [ "$got" = "$(seq -s ' ' 1 "$want")" ] || fail "case numbers of $year not gap-free 1..$want: $got"
done
check; [ "$(sql shequ.sqlite "SELECT CASE WHEN count(DISTINCT number) = count(*) THEN 1 ELSE 0 END FROM mediation_case")" = 1 ] || fail "duplicate case numbers"
# Hours and points: every logged entry is there, the balance never went below zero and is the
# ledger's sum: 100 bonus + earned − 30 per redemption.
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM service_hours")" = "$(rc_count hours 0)" ] || fail "service hours lost or doubled"
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM redemption")" = "$(rc_count redeem 0)" ] || fail "redemptions lost or doubled"
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM points_ledger WHERE balance_after < 0")" = 0 ] || fail "a balance went negative"
check; [ "$(sql shequ.sqlite "SELECT CASE WHEN points_balance >= 0 AND abs(points_balance - (SELECT sum(amount) FROM points_ledger)) < 0.005 THEN 1 ELSE 0 END FROM volunteer")" = 1 ] ||
  fail "balance does not match the ledger"
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM points_ledger WHERE kind = 'earn'")" = "$(sql shequ.sqlite "SELECT count(*) FROM service_hours WHERE status = 'verified'")" ] ||
  fail "verified hours without earned points"
# Every successful write is one audit row.
writes=$(( ok_persons - 50 * ($(rc_count import1 0) + $(rc_count import2 0)) + $(rc_count import1 0) + $(rc_count import2 0) + ok_2025 + ok_2026 + $(rc_count need 0) + $(rc_count hours 0) + $(rc_count redeem 0) ))
verify_writes=$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE command LIKE '%volunteer verify%' AND action <> 'reveal'")
writes=$((writes + verify_writes))
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action <> 'reveal'")" = $((base_audit + writes)) ] ||
  fail "audit rows: $(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action <> 'reveal'") for $writes writes + $base_audit of the setup"
run check
expect_rc 0

# A writer that holds the lock longer than the busy timeout: 75 with a hint, nothing written;
# readers do not wait. The lock is the file's (BEGIN IMMEDIATE from Python) on SQLite, the
# community's advisory writer lock on a server; it is held until the file `release` exists.
remember shequ.sqlite
if [ "$ENGINE" = sqlite ]; then
  python3 -c "
import os, sqlite3, time
db = sqlite3.connect('shequ.sqlite', isolation_level=None)
db.execute('BEGIN IMMEDIATE'); open('locked', 'w').close()
for _ in range(400):
    if os.path.exists('release'): break
    time.sleep(0.05)
db.execute('ROLLBACK')" &
else
  {
    echo "BEGIN;"
    echo "SELECT pg_advisory_xact_lock(hashtext('$(community_of shequ.sqlite)'));"
    echo '\! touch locked'
    for _ in $(seq 400); do
      [ -e release ] && break
      sleep 0.05
    done
    echo "ROLLBACK;"
  } | pg >/dev/null &
fi
locker=$!
for _ in $(seq 400); do [ -e locked ] && break; sleep 0.05; done
check; [ -e locked ] || fail "the locker never took the lock"
run -c database.busy_timeout_ms=300 person add --name 等不及 --household 3-2-501
expect_rc 75
expect_err "try again"
run -c database.busy_timeout_ms=300 case open --title 等不及 --type other --grid 01 --party applicant:申请人
expect_rc 75
run -c database.busy_timeout_ms=300 grid list
expect_rc 0
run -c database.busy_timeout_ms=300 --format csv person list
expect_rc 0
expect_out 申请人
touch release
wait "$locker"
expect_unchanged shequ.sqlite
echo "concurrency: $total commands from 18 processes, $busy busy (75), none lost"
finish
