#!/usr/bin/env bash
# Needs, meetings, programmes and meal deliveries, events and evaluations from the command line:
# the lifecycle rules, every bad input (message, exit code, data file unchanged), import/export.
. "$(dirname "$0")/lib.sh"

make_registry || { echo "registry setup failed"; exit 1; }
D=shequ.sqlite
run person add --name 张桂兰 --birth-date 1950-03-15 --household 3-2-501 --tags low-income
run person add --name 王建国 --birth-date 1948-06-01 --household 3-2-502
run person add --name 刘流动 --birth-date 1951-01-01 --residency floating

# ---- meetings and needs ----
run meeting add --kind council --date 2026-10-12 --grid 03 --attendees 28 --organisations 物业公司 --topics 楼道照明
expect_rc 0
expect_out_eq M1
run meeting add --kind town-hall --date 2026-10-12
expect_rc 65
expect_err "--kind (Kind): \"town-hall\" is not one of council (residents' council), micro-grid-hall (micro-grid hall)"

run need add --title 3栋楼道灯不亮 --category facilities --meeting M1 --household 3-2-501
expect_rc 0
expect_out_eq N1
run need add --title 小区停车难 --category parking --meeting M1 --person 王建国
expect_rc 0
run need add --title 匿名反映垃圾清运不及时 --category environment --channel online --raised-on 2026-10-01
expect_rc 0
check; [ "$(sql $D "select grid_id || ',' || channel || ',' || raised_on || ',' || due_on from need where id = 1")" = "2,council,2026-10-12,2026-11-11" ] ||
  fail "meeting defaults not applied"

remember $D
run need add --title x --category nosuch
expect_rc 65
expect_err '--category (Category): "nosuch" is not a need-category code'
expect_unchanged $D
run need add --title x --category parking --meeting M9
expect_rc 65
expect_err "meeting"
expect_unchanged $D
run need add --title x --category parking --raised-on 2026-10-01 --due-on 2026-09-01
expect_rc 65
expect_err "--due-on (Due): 2026-09-01 is before the need was raised (2026-10-01)"
expect_unchanged $D

# Lifecycle refusals name the state and what is allowed.
run need resolve N1 --resolution done
expect_rc 1
expect_err "need N1 is new: cannot resolve it (allowed now: accept, assign, decline)"
expect_unchanged $D
run need progress N1 --percent 20
expect_rc 1
expect_err "need N1 is new: cannot progress it"
run need rate N1 5
expect_rc 1
expect_err "cannot rate it"
expect_unchanged $D

run need accept N1
expect_rc 0
run need progress N1 --percent 150
expect_rc 65
expect_err "--percent: 150 is not between 0 and 100"
run need progress N1 --percent 60 --note 已报物业 --date 2026-10-20
expect_rc 0
check; [ "$(sql $D "select status from need where id = 1")" = in-progress ] || fail "progress did not move to in-progress"
run need show N1
expect_rc 0
expect_out "已报物业"
run need resolve N1 --resolution 已更换楼道灯 --date 2026-10-25 --public
expect_rc 0
remember $D
run need rate N1 7
expect_rc 65
expect_err 'satisfaction: "7" is not a score from 1 to 5'
expect_unchanged $D
run need rate N1 5
expect_rc 0
run need decline N1 --reason x
expect_rc 1
expect_err "need N1 is resolved: cannot decline it (allowed now: rate, reopen)"

run need decline N2 --reason 属于市政道路，已转交街道 --date 2026-10-20
expect_rc 0
remember $D
run need resolve N2 --resolution x
expect_rc 1
expect_err "need N2 is declined: cannot resolve it (allowed now: nothing: it is closed)"
expect_unchanged $D
run need assign N2 --to J1
expect_rc 1
expect_unchanged $D
run need set N2 --status new
expect_rc 65
expect_err "--status (Status): changes only with"
expect_unchanged $D
run need assign N3 --to X9
expect_rc 66
expect_unchanged $D

run --format csv need list --status resolved
expect_rc 0
expect_out "3栋楼道灯不亮"
expect_lines 2
run need list --overdue
expect_out "匿名反映垃圾清运不及时"
expect_no_out "小区停车难"
run need list --status done
expect_rc 65
run --format json meeting show M1
expect_rc 0
expect_out '"heading": "Needs raised"'
expect_out '"status": "declined"'

# ---- programmes and meal deliveries ----
run programme add --name 15分钟养老服务圈 --site centre:宁康园养老服务中心 --site 东区站点 --site 西区站点
expect_rc 0
expect_out_eq Q1
check; [ "$(sql $D "select count(*) from programme_site")" = 3 ] || fail "sites not added"
run programme deliver Q1 --site 东区站点 --service-type meal --count 30 --tier aged-60 --date 2026-11-02
expect_rc 0
expect_out_eq D1
run programme deliver Q1 --site 宁康园养老服务中心 --service-type meal --mode delivered --recipient 张桂兰 --date 2026-11-02
expect_rc 0
check; [ "$(sql $D "select tier, resident_paid, subsidy from delivery where id = 2" | numbers)" = "low-income|4|8" ] ||
  fail "tier not derived from the recipient"
run programme deliveries Q1 --month 2026-11
expect_out "(confidential)"
expect_no_out "R1"
run --reveal programme deliveries Q1 --month 2026-11
expect_out "R1"

remember $D
run programme deliver Q1 --site 北区站点 --service-type meal --count 3
expect_rc 65
expect_err '--site (Site): programme Q1 has no site "北区站点" (sites: 宁康园养老服务中心, 东区站点, 西区站点)'
expect_unchanged $D
run programme deliver Q9 --site 东区站点 --service-type meal
expect_rc 65
expect_unchanged $D
run programme deliver Q1 --site 东区站点 --service-type meal --recipient 刘流动 --tier aged-60
expect_rc 65
expect_err "residency is floating: no meal subsidy"
expect_unchanged $D
run programme deliver Q1 --site 东区站点 --service-type meal --tier vip
expect_rc 65
expect_err '--tier (Tier): "vip" is not a meal tier (tiers: none, aged-60, low-income, disabled-low-income)'
expect_unchanged $D
run programme deliver Q1 --site 东区站点 --service-type medical --mode delivered
expect_rc 65
expect_err "--mode (Mode): only meal deliveries have this"
expect_unchanged $D
run programme deliver Q1 --site 东区站点 --service-type meal --count 0
expect_rc 65
expect_unchanged $D
run programme deliveries --month 2026-13
expect_rc 65

# A month of meal deliveries imported from CSV; importing it again changes nothing.
cat > meals.csv <<'EOF'
date,programme,site,service_type,count,mode,tier,recipient
2026-11-03,15分钟养老服务圈,东区站点,meal,28,dine-in,aged-60,
2026-11-03,15分钟养老服务圈,西区站点,meal,15,dine-in,aged-60,
2026-11-03,15分钟养老服务圈,西区站点,meal,4,delivered,low-income,
2026-11-03,15分钟养老服务圈,宁康园养老服务中心,meal,1,dine-in,,王建国
2026-11-03,15分钟养老服务圈,宁康园养老服务中心,recreation,40,,,
EOF
run import deliveries meals.csv
expect_rc 0
expect_err "5 inserted"
run import deliveries meals.csv
expect_rc 0
expect_err "0 inserted, 0 updated, 5 unchanged"
run --format csv programme deliveries Q1 --totals --month 2026-11
expect_out "Total,,,,119,"
check; [ "$(sql $D "select sum(resident_paid), sum(subsidy) from delivery where service_type = 'meal'" | numbers)" = "612|336" ] ||
  fail "meal amounts: $(sql $D "select sum(resident_paid) || ',' || sum(subsidy) from delivery where service_type = 'meal'")"
# Export without --reveal and import back: still unchanged.
run export deliveries -o back.csv
run import deliveries back.csv
expect_rc 0
expect_err "0 inserted, 0 updated, 7 unchanged"

cat > bad.csv <<'EOF'
date,programme,site,service_type,count
2026-11-04,15分钟养老服务圈,东区站点,meal,20
2026-11-04,15分钟养老服务圈,南区站点,meal,20
2026-11-04,15分钟养老服务圈,东区站点,meal,-2
EOF
remember $D
run import deliveries bad.csv
expect_rc 65
expect_err 'bad.csv:3: site: programme Q1 has no site "南区站点"'
expect_err "bad.csv:4: count: -2 is out of range: 1 to 100000"
expect_unchanged $D

# ---- events ----
run event add --name 一刻钟便民节 --kind convenience-festival --date 2026-11-08 --place 中心广场 --services haircut,repair,health-check
expect_rc 0
expect_out_eq E1
run event attend E1 --service haircut --count 35
expect_rc 0
run event attend E1 --person 张桂兰 --service repair
expect_rc 0
remember $D
run event attend E1 --person 张桂兰 --service repair
expect_rc 1
expect_err "already recorded"
expect_unchanged $D
run event attend E1 --service legal --count 3
expect_rc 65
expect_err "E1 does not offer legal"
expect_unchanged $D
run event add --name x --date 2026-11-08 --organisers T1
expect_rc 65
expect_unchanged $D
run event show E1
expect_out "36"
# An imported head count (issue 14 item 8: the sample's events have participants): export
# writes the live total; a re-import changes nothing; a new event takes its count; a count that
# differs from recorded attendance is refused.
run export events -o events.csv
expect_rc 0
check; grep -q ",36," events.csv || fail "export events lacks the live head count"
run import events events.csv
expect_err "0 inserted, 0 updated, 1 unchanged"
printf 'name,date,participants\n中秋游园会,2026-09-20,120\n' > more-events.csv
run import events more-events.csv
expect_rc 0
run --format csv --no-headers --fields name,participants event list
expect_out "中秋游园会,120"
run import events more-events.csv
expect_err "0 inserted, 0 updated, 1 unchanged"
sed 's/,36,/,40,/' events.csv > changed-events.csv
remember $D
run import events changed-events.csv
expect_rc 65
expect_err "participants: is 36 in the data file; attendance changes only through \`shequ event attend\`"
expect_unchanged $D

# ---- evaluations ----
run evaluate E1 5
expect_rc 0
run evaluate E1 5
run evaluate E1 3 --comment 排队太久
run evaluate N1 4
remember $D
run evaluate E1 6
expect_rc 65
expect_err 'SCORE: "6" is not a score from 1 to 5'
expect_unchanged $D
run evaluate E7 4
expect_rc 66
expect_unchanged $D
run --format csv evaluate --summary
expect_out "E1 一刻钟便民节,event,3,4.33,0,0,1,0,2"
expect_no_out "张桂兰"
cat > ballots.csv <<'EOF'
subject,date,score,count,comment
E1,2026-11-08,4,12,
N1,2026-11-09,5,3,灯很亮
EOF
run import evaluations ballots.csv
expect_rc 0
run import evaluations ballots.csv
expect_err "0 inserted, 0 updated, 2 unchanged"
cat > badballots.csv <<'EOF'
subject,date,score
E1,2026-11-08,9
EOF
remember $D
run import evaluations badballots.csv
expect_rc 65
expect_err "badballots.csv:2: score: 9 is out of range: 1 to 5"
expect_unchanged $D

# ---- import/export round trips and the invariants ----
for kind in meetings needs programmes sites deliveries events evaluations; do
  run export $kind -o $kind.csv
  expect_rc 0
  run import $kind $kind.csv
  expect_rc 0
  expect_err "0 inserted, 0 updated"
done
run check
expect_rc 0

finish
