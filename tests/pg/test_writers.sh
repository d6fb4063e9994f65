#!/bin/bash
# Many writers on one server (issues 20 and 21): 20 operators in 10 communities (2 a community,
# each its own database login: a coordinator and a grid-worker of grid 01) write at once for
# SHEQU_WRITERS_SECONDS (default 60): the coordinator opens mediation cases, logs and verifies
# volunteer hours, redeems points and adds persons, the grid-worker adds persons to its grid,
# each a real `shequ` command, picked at random; the server's row security holds on every write.
# Exit 75 (busy) is retried and counted; a redemption over the balance must be refused (exit 1,
# "less than the cost"); anything else non-zero is a failure. Afterwards, per community: every
# command that reported success is in the data and nothing else is (rows = successes), case
# numbers are gap-free, no balance went below zero and the balance is its ledger's sum, and
# `shequ check` passes. Last, a community whose writer lock a psql session holds blocks its own
# writers (exit 75 after database.busy_timeout_ms, nothing written) but no other community's.
# Needs SHEQU_TEST_PG (with_server.sh).
source "$(dirname "$0")/../e2e/lib.sh"
: "${SHEQU_TEST_PG:?run through tests/pg/with_server.sh}"
SECONDS_TO_RUN=${SHEQU_WRITERS_SECONDS:-60}
# A short busy timeout (SHEQU_WRITERS_TIMEOUT_MS) makes the two writers of a community give up
# on each other now and then: every exit 75 must then have written nothing.
TIMEOUT_MS=${SHEQU_WRITERS_TIMEOUT_MS:-250}
P=wr$$
own_database "$P"
URL=$SHEQU_TEST_PG
N=10
CODES=()
for ((k = 1; k <= N; k++)); do CODES+=("${P}_$k"); done
# q CODE QUERY: the query's result in that community's schema.
q() { pg -c "SET search_path TO $1" -c "$2"; }
cleanup() {
  [ -n "${LOCKER:-}" ] && kill "$LOCKER" 2>/dev/null && wait "$LOCKER" 2>/dev/null
  drop_own_database
  rm -rf "$WORK"
}
trap cleanup EXIT
export SHEQU_DB=$URL

# Each community: a grid, a building, a household, an applicant who is volunteer V1 with 100
# points, a project to log hours on and a reward of 30 points (a verified hour earns 20, so
# the balance keeps running low and redemptions compete for it).
setup() {
  local c=$1
  "$SHEQU" --lang en -q init --community "$c" --name "写入社区$c" &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q grid add --code 01 --name 第一网格 >/dev/null &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q building add --number 1 --grid 01 --units 2 --floors 6 >/dev/null &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q household add --address 1-1-101 >/dev/null &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q person add --name 申请人 --household 1-1-101 >/dev/null &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q volunteer add --person 申请人 --joined 2024-01-01 >/dev/null &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q project add --name 清洁家园 --post-type dedication >/dev/null &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q reward add --name 洗衣液 --cost 30 --stock 100000 >/dev/null &&
    SHEQU_COMMUNITY=$c "$SHEQU" -q points bonus V1 100 --reason 起始积分 >/dev/null &&
    "$SHEQU" -q operator add "${c}_co" --role coordinator --community "$c" &&
    "$SHEQU" -q operator add "${c}_gw" --role grid-worker --community "$c" --grid 01
}
# The login of writer W of community CODE: 1 its coordinator, 2 its grid-worker.
login_of() { [ "$2" = 1 ] && echo "${1}_co" || echo "${1}_gw"; }
for c in "${CODES[@]}"; do
  setup "$c" || { echo "setup of community $c failed" >&2; exit 1; }
done
declare -A BASE_PERSONS
for c in "${CODES[@]}"; do BASE_PERSONS[$c]=$(q "$c" "SELECT count(*) FROM person"); done
mkdir -p logs

# writer CODE W: until the time is up, runs a random write in community CODE, logging each
# attempt as "OP RC" to logs/CODE.W.log (stderr of each attempt to logs/CODE.W.err, a busy one
# retried at once). Hours go in slots of their own (3 an afternoon or a morning a day, from
# 2024-01-01), so no two entries overlap and none passes the daily maximum.
writer() {
  local c=$1 w=$2 end=$((SECONDS + SECONDS_TO_RUN)) i=0 h=0 op rc n day hour args pick
  local log=logs/$c.$w.log err=logs/$c.$w.err db=${URL%%user=*}user=$(login_of "$1" "$2")
  while [ $SECONDS -lt $end ]; do
    i=$((i + 1))
    pick=$((RANDOM % 5))
    [ "$w" = 2 ] && pick=4  # a grid-worker adds the residents of its grid
    case $pick in
      0) op=case args=(case open --title "写入$w-$i" --type other --grid 01 --party applicant:申请人) ;;
      1)
        op=hours day=$((h / 3)) hour=$(((w == 1 ? 8 : 14) + h % 3)) h=$((h + 1))
        args=(volunteer log-hours V1 --date "$(date -d "2024-01-01 + $day days" +%F)"
              --start "$(printf %02d:00 $hour)" --end "$(printf %02d:00 $((hour + 1)))" --activity 清扫 --project 清洁家园)
        ;;
      2) op=verify args=(-c volunteer.notice_days=0 -c points.per_hour=20 volunteer verify --pending) ;;
      3) op=redeem args=(points redeem V1 洗衣液 --quantity 1) ;;
      4) op=person args=(person add --name "写入$w-$i" --household 1-1-101) ;;
    esac
    while :; do
      : >"$err.last"
      SHEQU_DB=$db SHEQU_COMMUNITY=$c "$SHEQU" --lang en -c database.busy_timeout_ms="$TIMEOUT_MS" "${args[@]}" >/dev/null 2>"$err.last"
      rc=$?
      # A refusal the workload expects is told apart from any other exit 1 by its message; a
      # verification says how many entries it verified ("verified: 0 entries": none pending).
      [ $op = redeem ] && [ $rc = 1 ] && grep -q "less than the cost" "$err.last" && rc=refused
      if [ $op = verify ] && [ $rc = 0 ]; then
        n=$(sed -n 's/^verified: \([0-9]*\) entries.*/\1/p' "$err.last")
        case $n in
          0) rc=none ;;
          [1-9]*) echo "$n" >>"logs/$c.$w.verified" ;;
          *) rc="said: $(head -c 100 "$err.last")" ;;
        esac
      fi
      echo "$op $rc" >>"$log"
      [ $rc != 0 ] && { echo "[$op $rc]" ; cat "$err.last"; } >>"$err"
      [ $rc = 75 ] && [ $SECONDS -lt $end ] && continue
      break
    done
  done
  rm -f "$err.last"
}
started=$SECONDS
for c in "${CODES[@]}"; do
  writer "$c" 1 &
  writer "$c" 2 &
done
wait
elapsed=$((SECONDS - started))

# count CODE OP RC: how many attempts of OP by the community's two writers ended with RC.
count() { cat "logs/$1.1.log" "logs/$1.2.log" | grep -c "^$2 $3\$"; }
total=0 busy=0 refused=0
printf '%-14s %6s %6s %6s %6s %6s %8s %6s\n' community cases hours verify redeem person refused busy
for c in "${CODES[@]}"; do
  check
  others=$(cat "logs/$c.1.log" "logs/$c.2.log" | grep -vE " (0|75|refused|none)$" | sort | uniq -c | tr '\n' ' ')
  [ -z "$others" ] || fail "$c: exits other than 0, 75 or an expected refusal: $others $(head -c 600 "logs/$c.1.err" "logs/$c.2.err")"
  n_case=$(count "$c" case 0) n_hours=$(count "$c" hours 0) n_verify=$(count "$c" verify 0)
  n_redeem=$(count "$c" redeem 0) n_person=$(count "$c" person 0) n_refused=$(count "$c" redeem refused)
  n_busy=$(cat "logs/$c.1.log" "logs/$c.2.log" | grep -c " 75$")
  all=$(cat "logs/$c.1.log" "logs/$c.2.log" | wc -l)
  total=$((total + all)) busy=$((busy + n_busy)) refused=$((refused + n_refused))
  printf '%-14s %6d %6d %6d %6d %6d %8d %6d\n' "$c" "$n_case" "$n_hours" "$n_verify" "$n_redeem" "$n_person" "$n_refused" "$n_busy"
  # Every community got writes of each kind (a writer that never ran would pass the rest).
  check; [ "$n_case" -gt 0 ] && [ "$n_hours" -gt 0 ] && [ "$n_redeem" -gt 0 ] && [ "$n_person" -gt 0 ] ||
    fail "$c: a kind of write never succeeded in ${SECONDS_TO_RUN}s"

  # No write lost, none doubled.
  got=$(q "$c" "SELECT count(*) FROM mediation_case")
  check; [ "$got" = "$n_case" ] || fail "$c: $got cases for $n_case successful case open"
  got=$(q "$c" "SELECT string_agg(seq::text, ' ' ORDER BY seq) FROM mediation_case")
  check; [ "$got" = "$(seq -s ' ' 1 "$n_case")" ] || fail "$c: case numbers not gap-free 1..$n_case: $got"
  check; [ "$(q "$c" "SELECT count(DISTINCT number) = count(*) FROM mediation_case")" = t ] || fail "$c: duplicate case numbers"
  got=$(q "$c" "SELECT count(*) FROM service_hours")
  check; [ "$got" = "$n_hours" ] || fail "$c: $got service hours for $n_hours successful log-hours"
  got=$(q "$c" "SELECT count(*) FROM redemption")
  check; [ "$got" = "$n_redeem" ] || fail "$c: $got redemptions for $n_redeem successful redeem"
  got=$(q "$c" "SELECT count(*) FROM person")
  check; [ "$got" = $((BASE_PERSONS[$c] + n_person)) ] || fail "$c: $got persons, expected ${BASE_PERSONS[$c]} + $n_person"
  # Every entry a verification reported is verified and earned its points once; one that
  # verified nothing wrote nothing (no audit row).
  n_verified=$(cat "logs/$c".*.verified 2>/dev/null | awk '{ n += $1 } END { print n + 0 }')
  got=$(q "$c" "SELECT count(*) FROM service_hours WHERE status = 'verified'")
  check; [ "$got" = "$n_verified" ] || fail "$c: $got verified entries; the verifications reported $n_verified"
  got=$(q "$c" "SELECT count(*) FROM points_ledger WHERE kind = 'earn'")
  check; [ "$got" = "$n_verified" ] || fail "$c: $got earned-points entries for $n_verified verified entries"
  got=$(q "$c" "SELECT count(*) FROM audit WHERE command LIKE '%volunteer verify%'")
  check; [ "$got" = "$n_verify" ] || fail "$c: $got audited verifications for $n_verify that verified something"
  # The balance never went below zero and is the ledger's sum.
  check; [ "$(q "$c" "SELECT count(*) FROM points_ledger WHERE balance_after < 0")" = 0 ] || fail "$c: a balance went below zero"
  got=$(q "$c" "SELECT points_balance >= 0 AND abs(points_balance - (SELECT sum(amount) FROM points_ledger)) < 0.005 FROM volunteer")
  check; [ "$got" = t ] || fail "$c: the balance is not its ledger's sum"
  got=$(q "$c" "SELECT count(*) FROM points_ledger WHERE kind = 'redeem'")
  check; [ "$got" = "$n_redeem" ] || fail "$c: $got redeem entries in the ledger for $n_redeem redemptions"
  # Each write names its operator's login in the audit log.
  got=$(q "$c" "SELECT count(*) FROM audit WHERE operator = '${c}_gw'")
  check; [ "$got" = "$(grep -c "^person 0$" "logs/$c.2.log")" ] || fail "$c: $got audit rows by the grid-worker"
  SHEQU_COMMUNITY=$c run check
  expect_rc 0
done

# A redemption over the balance is refused and changes nothing.
c=${CODES[0]}
balance=$(q "$c" "SELECT points_balance FROM volunteer")
SHEQU_COMMUNITY=$c run points redeem V1 洗衣液 --quantity 99999
expect_rc 1
expect_err "less than the cost"
check; [ "$(q "$c" "SELECT points_balance FROM volunteer")" = "$balance" ] || fail "a refused redemption changed the balance"

# One community's writer lock held by another session (the key begin_write takes,
# lib/storage/postgres_engine.cpp): its writers wait database.busy_timeout_ms and exit 75 with
# nothing written; the other communities write at once; readers are not held up.
locked=${CODES[0]} other=${CODES[1]}
cat >lock.sql <<EOF
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('$locked'));
\! touch $WORK/locked
SELECT pg_sleep(10);
ROLLBACK;
EOF
pg -f lock.sql >/dev/null &
LOCKER=$!
for ((t = 0; t < 200; t++)); do [ -e locked ] && break; sleep 0.05; done
check; [ -e locked ] || fail "the psql session did not take the lock"
ms() { date +%s%3N; }
persons_locked=$(q "$locked" "SELECT count(*) FROM person")
t0=$(ms)
SHEQU_COMMUNITY=$other run -c database.busy_timeout_ms=3000 person add --name 隔壁社区 --household 1-1-101
t_other=$(($(ms) - t0))
expect_rc 0
check; [ "$t_other" -lt 3000 ] || fail "a write to $other took ${t_other} ms while $locked was locked"
t0=$(ms)
SHEQU_COMMUNITY=$locked run -c database.busy_timeout_ms=1500 person add --name 等不及 --household 1-1-101
t_locked=$(($(ms) - t0))
expect_rc 75
expect_err "busy"
check; [ "$t_locked" -ge 1500 ] || fail "the write to the locked $locked gave up after ${t_locked} ms, before its busy timeout"
SHEQU_COMMUNITY=$locked run -c database.busy_timeout_ms=1500 case open --title 等不及 --type other --grid 01 --party applicant:申请人
expect_rc 75
SHEQU_COMMUNITY=$locked run -c database.busy_timeout_ms=1500 person list --format csv
expect_rc 0
check; [ "$(q "$locked" "SELECT count(*) FROM person")" = "$persons_locked" ] || fail "a busy write changed $locked"
check; [ -e locked ] && kill -0 "$LOCKER" 2>/dev/null || fail "the lock ended before the checks"
wait "$LOCKER"
LOCKER=
SHEQU_COMMUNITY=$locked run person add --name 等到了 --household 1-1-101
expect_rc 0

echo "writers: $total commands from 20 operators (a coordinator and a grid-worker a community) in $N communities over ${elapsed}s; $busy busy (75, retried), $refused redemptions refused (balance too low)"
echo "while $locked was locked: a write to $other took ${t_other} ms; one to $locked exited 75 after ${t_locked} ms"
finish
