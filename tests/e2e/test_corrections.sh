#!/usr/bin/env bash
# Corrections (issue 14 item 6): every mistake put right from the command line, audited and
# undoable. For each: do it, check show/list, check the figure a report gives (expected values are
# computed here from the rows this test creates), undo, check the state is back; then bad input.
. "$(dirname "$0")/lib.sh"

make_registry || { echo "registry setup failed"; exit 1; }
D=shequ.sqlite
setup() { "$SHEQU" -q "$@" >/dev/null || fail "setup failed: $*"; }
# figure KEY: the current-period value of one `report summary` figure for November 2026.
figure() {
  "$SHEQU" --lang en report summary --period 2026-11 --format csv |
    tr -d '\r' | awk -F, -v k="$1" '$1 == k { print $2; exit }'
}
# The records a correction changes, without the audit log (and its undo data) and the append-only records that undo
# appends to (points ledger, case timeline, need progress: checked where it matters).
state() { digest_without $D audit audit_scrub audit_row points_ledger case_entry need_progress; }
keep() { KEPT=$(state); remember $D; }
# undo_back: `shequ undo` succeeds and the records are as they were before the correction.
undo_back() { run undo; expect_rc 0; check; [ "$(state)" = "$KEPT" ] || fail "undo did not restore the records"; remember $D; }

setup person add --name 张桂兰 --birth-date 1950-03-15 --household 3-2-501
setup person add --name 王建国 --birth-date 1948-06-01 --household 3-2-502
setup person add --name 李调解 --birth-date 1970-01-01 --household 1-1-101

# ---- case set ----
run case open --title 楼上漏水 --type neighbour --grid 03 --party applicant:张桂兰 --party respondent:3-2-502 \
  --since 2026-11-01 --opened 2026-11-10 --summary 卫生间渗水 --mediator 李调解
expect_rc 0
CASE=$OUT
keep
run case set "$CASE" --grid 01 --type property-management --source grid-patrol --mode offline --summary 厨房渗水 --title 楼上渗水 --dispute-start 2026-10-20
expect_rc 0
check; [ "$(sql $D "select title, type, source, (select code from grid where id = grid_id), mode, summary, dispute_since from mediation_case")" = \
  "楼上渗水|property-management|grid-patrol|01|offline|厨房渗水|2026-10-20" ] || fail "case set did not write every field"
run case show "$CASE" --format csv
expect_out "set: --title 楼上漏水→楼上渗水; --type neighbour→property-management; --source application→grid-patrol; --grid 03→01; --mode private→offline; --summary; --dispute-start 2026-11-01→2026-10-20"
expect_no_out 厨房渗水
expect_no_out 卫生间渗水
run case list --grid 01 --format csv --fields number
expect_out "$CASE"
undo_back
check; [ "$(sql $D "select count(*) from case_entry where code = 'undone'")" = 1 ] || fail "undo of case set leaves an 'undone' note"
keep
run case set "$CASE" --type gossip
expect_rc 65
expect_err "--type"
expect_unchanged $D
run case set "$CASE" --grid 99
expect_rc 65
expect_err "99"
expect_unchanged $D
run case set "$CASE" --mode loud
expect_rc 65
expect_err "mode"
expect_unchanged $D
run case set "$CASE" --dispute-start 2026-11-20
expect_rc 65
expect_err "--dispute-start: 2026-11-20 is after the case was opened (2026-11-10)"
expect_unchanged $D
run case set "$CASE" --title ""
expect_rc 65
expect_unchanged $D
run case set "$CASE"
expect_rc 64
expect_unchanged $D
run case set "$CASE" --grid 03
expect_rc 1
expect_err "nothing differs"
expect_unchanged $D
run case set 2026-9999 --grid 01
expect_rc 66
expect_unchanged $D

# ---- case parties ----
keep
run case party add "$CASE" party:org:宁和物业
expect_rc 0
check; [ "$(sql $D "select count(*) from case_party")" = 3 ] || fail "party add"
run case show "$CASE" --format csv
expect_out "party+ party"
expect_no_out 宁和物业
run --reveal case show "$CASE" --format csv
expect_out "org:宁和物业"
undo_back
keep
run case party remove "$CASE" respondent:3-2-502
expect_rc 0
check; [ "$(sql $D "select count(*) from case_party")" = 1 ] || fail "party remove"
undo_back
run case party add "$CASE" respondent:3-2-502
expect_rc 1
expect_err "already a party"
expect_unchanged $D
run case party add "$CASE" party:李调解
expect_rc 1
expect_err "mediates this case"
expect_unchanged $D
run case party remove "$CASE" applicant:王建国
expect_rc 66
expect_unchanged $D
run case party add "$CASE" boss:R1
expect_rc 65
expect_unchanged $D
"$SHEQU" -q case party remove "$CASE" respondent:3-2-502 || fail "setup: remove"
keep
run case party remove "$CASE" applicant:张桂兰
expect_rc 1
expect_err "at least one party"
expect_unchanged $D
run undo
expect_rc 0

# ---- needs: void, reopen, ratings ----
setup meeting add --kind council --date 2026-11-05 --grid 03 --attendees 20
setup meeting add --kind council --date 2026-11-12 --grid 03 --attendees 12
setup need add --title 楼道灯不亮 --category facilities --meeting M1 --raised-on 2026-11-05
setup need add --title 重复登记的楼道灯 --category facilities --meeting M1 --raised-on 2026-11-05
setup need add --title 停车难 --category parking --raised-on 2026-11-06
setup need accept N1
setup need resolve N1 --resolution 已更换灯具 --date 2026-11-08
setup need accept N3
setup need resolve N3 --resolution 已划车位 --date 2026-11-09
raised=$(sql $D "select count(*) from need where raised_on like '2026-11-%'")
resolved=$(sql $D "select count(*) from need where status = 'resolved' and closed_on like '2026-11-%'")
meetings=$(sql $D "select count(*) from meeting where date like '2026-11-%'")
check; [ "$(figure needs_raised)" = "$raised" ] || fail "needs raised before any void: $(figure needs_raised) ≠ $raised"

keep
run void need N2 --reason 重复登记
expect_rc 0
check; [ "$(figure needs_raised)" = $((raised - 1)) ] || fail "a voided need is still counted as raised"
run need show N2 --format csv
expect_out "$ME: 重复登记"
run need list --format csv --fields id,voided
expect_out "N2,"
expect_out "重复登记"
run meeting list --format csv --fields id,needs
expect_out "M1,1"
run report needs --period 2026-11 --format csv
expect_rc 0
undo_back
check; [ "$(figure needs_raised)" = "$raised" ] || fail "undo of a void counts the need again"

keep
run void meeting M2 --reason 议事会未召开
expect_rc 0
check; [ "$(figure meetings)" = $((meetings - 1)) ] || fail "a voided meeting is still counted"
run meeting show M2 --format csv
expect_out "议事会未召开"
undo_back

# Ratings: every one is kept with its date; the figure is the latest.
keep
run need rate N1 2 --date 2026-11-10
expect_rc 0
run need rate N1 5 --date 2026-11-20
expect_rc 0
check; [ "$(sql $D "select count(*) from need_rating where need_id = 1")" = 2 ] || fail "the first rating was not kept"
check; [ "$(sql $D "select satisfaction from need where id = 1")" = 5 ] || fail "the need's rating is the latest"
run need show N1 --format csv
expect_out "2026-11-10,2,$ME"
expect_out "2026-11-20,5,$ME"
run report needs --period 2026-11 --format json
expect_out '"satisfaction"'
run need rate N1 4 --date 2026-11-07
expect_rc 65
expect_err "before the need was resolved"
run undo
expect_rc 0
undo_back

# Reopen: a resolved need is back, its history kept.
keep
run need reopen N1 --reason 灯又坏了 --date 2026-11-21
expect_rc 0
check; [ "$(sql $D "select status || ',' || coalesce(closed_on, '') || ',' || coalesce(resolution, '') from need where id = 1")" = "in-progress,," ] ||
  fail "reopen: the need is in progress again"
run need show N1 --format csv
expect_out "灯又坏了"
expect_out "已更换灯具"
check; [ "$(figure needs_resolved)" = $((resolved - 1)) ] || fail "a reopened need is still counted as resolved"
undo_back
check; [ "$(figure needs_resolved)" = "$resolved" ] || fail "undo of reopen"
run need reopen N2 --reason x
expect_rc 1
expect_unchanged $D
run need reopen N1
check; [ "$RC" = 64 ] || [ "$RC" = 65 ] || fail "reopen without a reason: exit $RC"
expect_unchanged $D

# ---- deliveries ----
setup programme add --name 15分钟养老服务圈 --site centre:宁康园养老服务中心 --site 东区站点
setup programme deliver Q1 --site 东区站点 --service-type meal --count 30 --tier aged-60 --date 2026-11-02
setup programme deliver Q1 --site 东区站点 --service-type meal --count 12 --date 2026-11-03
services=$(sql $D "select sum(count) from delivery where date like '2026-11-%'")
check; [ "$(figure services_delivered)" = "$services" ] || fail "services before the void"
keep
run void delivery D2 --reason 重复录入
expect_rc 0
check; [ "$(figure services_delivered)" = $((services - 12)) ] || fail "a voided delivery is still counted"
run programme deliveries Q1 --format csv
expect_out "重复录入"
run programme deliveries Q1 --totals --month 2026-11 --format csv
expect_out "Total,,,,30,"
run programme show Q1 --format csv
expect_no_out ",42"
undo_back

# ---- attendance ----
setup event add --name 一刻钟便民节 --kind convenience-festival --date 2026-11-08 --place 中心广场 --services haircut,repair
run event attend E1 --service haircut --count 35
expect_rc 0
expect_out_eq 1
run event attend E1 --service repair --count 5
expect_out_eq 2
participants=$(sql $D "select sum(count) from event_participant")
check; [ "$(figure event_participants)" = "$participants" ] || fail "participants before the void"
keep
run void attendance 2 --reason 记错活动
expect_rc 0
check; [ "$(figure event_participants)" = $((participants - 5)) ] || fail "voided attendance still counted"
run --format md event show E1
expect_out "attendance #2"
expect_out "记错活动"
run event list --format csv --fields id,participants
expect_out "E1,35"
undo_back

# ---- evaluations ----
setup evaluate E1 5
setup evaluate E1 5
setup evaluate E1 1 --comment 测试误录
keep
run void evaluation K2 --reason 测试误录
expect_rc 0
run --format csv evaluate --summary
expect_out "E1 一刻钟便民节,event,2,5,"
run report barometer --period 2026-11 --format csv
expect_rc 0
expect_no_out "测试误录"
"$SHEQU" -q evaluate E1 1 --comment 测试误录 || fail "a new score after a voided tally"
check; [ "$(sql $D "select count(*) from evaluation where comment = '测试误录'")" = 2 ] || fail "a voided tally takes no new scores"
run undo
expect_rc 0
undo_back

# ---- awards ----
setup volunteer add --person 李调解 --joined 2025-01-10
run award grant best-volunteer V1 --year 2026 --points 50
expect_rc 0
AWARD=$OUT
keep
run void award "$AWARD" --reason 评选结果更正
expect_rc 0
expect_err "50 bonus points reversed"
check; [ "$(sql $D "select points_balance from volunteer where id = 1" | numbers)" = 0 ] || fail "the award's bonus was not reversed"
run award list --format csv
expect_out "评选结果更正"
undo_back
check; [ "$(sql $D "select points_balance from volunteer where id = 1" | numbers)" = 50 ] || fail "undo gives the bonus back"

# ---- certificates ----
setup volunteer log-hours V1 --date 2026-11-20 --minutes 120 --activity 楼道清扫
setup volunteer verify 1
keep
run volunteer certify V1 --period 2026-11
expect_rc 65
expect_err "--period: 2026-11-01..2026-11-30 ends after the issue date 2026-11-29"
expect_unchanged $D
run volunteer certify V1 --period 2026-11-01..2026-11-29
expect_rc 0
check; [ -z "$ERR" ] || fail "the first certificate warns: $ERR"
CERT=$(sql $D "select number from certificate order by id desc limit 1")
run volunteer certify V1 --period 2026-11-01..2026-11-29
expect_rc 0
expect_err "already has certificate $CERT"
keep
run void certificate "$CERT" --reason 期间有误
expect_rc 0
run volunteer certificates V1 --format csv
expect_out "期间有误"
run --format md volunteer certify --reprint "$CERT"
expect_out "VOIDED"
undo_back

# ---- bad input for every kind ----
keep
for k in need meeting delivery attendance evaluation award certificate; do
  ref=1; case $k in need) ref=N1;; meeting) ref=M1;; delivery) ref=D1;; evaluation) ref=K1;; certificate) ref=$CERT;; esac
  run void $k $ref
  expect_rc 64
  expect_err "--reason"
  run void $k $ref --reason "  "
  expect_rc 64
  expect_unchanged $D
done
for ref in "need N99" "meeting M99" "delivery D99" "attendance 99" "evaluation K99" "award 99" "certificate NOPE-1"; do
  run void $ref --reason x
  expect_rc 66
  expect_unchanged $D
done
run void person R1 --reason x
expect_rc 64
expect_unchanged $D
"$SHEQU" -q void delivery D1 --reason 重复 || fail "setup: void D1"
keep
run void delivery D1 --reason 再次
expect_rc 1
expect_err "D1 was already voided on 2026-11-29 by $ME (重复)"
expect_unchanged $D
run need accept N2
check; [ "$RC" = 1 ] || [ "$RC" = 0 ] || fail "need accept: $RC"
"$SHEQU" -q void need N2 --reason 重复 || fail "setup: void N2"
keep
run need decline N2 --reason x
expect_rc 1
expect_err "voided"
expect_unchanged $D
run_zh void delivery D1 --reason 再次
expect_rc 1
expect_err "已于 2026-11-29 由 $ME 作废"

finish
