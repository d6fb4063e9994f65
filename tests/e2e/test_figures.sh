#!/usr/bin/env bash
# Figures that count what they say, each built from scratch and computed by hand: every
# follow-up visit of a case, the true expiry date of points, a programme's month, an event's
# live hours, a household that moves out with its residents; and history that stays in order.
. "$(dirname "$0")/lib.sh"
S() { "$SHEQU" -q "$@" >/dev/null || { echo "setup failed: $*" >&2; exit 1; }; }
make_registry
S person add --name 张一 --gender F --birth-date 1950-03-01 --household 1-1-101 --moved-in 2010-01-01
S person add --name 李二 --gender M --birth-date 1990-05-05 --household 1-1-101 --moved-in 2012-01-01
S person add --name 王三 --gender F --birth-date 1966-11-29 --household 3-2-501

# ---- report cases: a case followed up twice (broken, then holding) is 2 visits, 1 broken ----
S case open --title 噪音 --type neighbour --grid 01 --party applicant:R1 --party respondent:name:楼上 --opened 2026-11-01
S case session C1 --method warm-heart --date 2026-11-02
S case agree C1 --kind oral --terms 晚十点后安静 --date 2026-11-03
S case follow-up C1 --result broken --date 2026-11-10
S case follow-up C1 --result holding --date 2026-11-20
run report cases --period 2026-11 --format csv
expect_rc 0
expect_out "followed_up,2"
expect_out "holding,1"
expect_out "broken,1"
expect_out "share_holding,0.5"
# A visit of October is not November's; the grid filter keeps the visits of its cases only.
run report cases --period 2026-10 --format csv
expect_out "followed_up,0"
run report cases --period 2026-11 --grid 03 --format csv
expect_out "followed_up,0"

# ---- report due: points already past expiry show the day they expired, not today + window ----
S volunteer add --person R1 --joined 2024-01-01
S volunteer add --person R3 --joined 2024-01-01
SHEQU_TODAY=2025-06-01 S points bonus V1 30 --reason 旧积分
SHEQU_TODAY=2025-07-01 S points bonus V1 5 --reason 较新积分
SHEQU_TODAY=2025-12-10 S points bonus V2 8 --reason 年底积分
run -c points.expiry_years=1 report due --format csv
expect_rc 0
# V1: 35 points earned before 2025-12-29 expire; the oldest went on 2026-06-01 (1 year on).
expect_out "NKY20260001,张一,35,35,2026-06-01"
# V2: 8 points of 2025-12-10 expire on 2026-12-10, inside the 30-day window.
expect_out "NKY20260002,王三,8,8,2026-12-10"
# V1 redeems none, but a debit of 30 uses the oldest credit up: the rest goes on 2026-07-01.
S points adjust V1 --reason 更正 -- -30
run -c points.expiry_years=1 report due --format csv
expect_out "NKY20260001,张一,5,5,2026-07-01"

# ---- programme show --month: the month's total, not the all-time one ----
S programme add --name 养老服务圈 --site centre:中心 --site 东区站点
S programme deliver Q1 --site 东区站点 --service-type meal --count 10 --mode dine-in --tier aged-60 --date 2026-10-05
S programme deliver Q1 --site 东区站点 --service-type meal --count 3 --mode dine-in --tier aged-60 --date 2026-11-05
run programme show Q1 --month 2026-11 --format json
expect_rc 0
check; [[ "$OUT" == *'"services": 3,'* ]] || fail "the record's services of November are 3"
run programme show Q1 --month 2026-11 --format table
expect_out "Services given 2026-11-01–2026-11-30"
run programme show Q1 --format json
check; [[ "$OUT" == *'"services": 13'* ]] || fail "all-time services are 13"

# ---- event show: only live hour entries (not rejected, not voided) ----
S event add --name 便民节 --date 2026-11-15
S volunteer log-hours V1 --date 2026-11-15 --minutes 120 --activity 义剪 --event E1
S volunteer log-hours V1 --date 2026-11-15 --minutes 60 --activity 引导 --event E1
S volunteer log-hours V2 --date 2026-11-15 --minutes 90 --activity 量血压 --event E1
S volunteer log-hours V2 --date 2026-11-15 --minutes 30 --activity 搬运 --event E1
S volunteer verify 1
S volunteer verify 3
S volunteer reject 2 --reason 重复
S volunteer void 3 --reason 记错
run event show E1 --format table
expect_rc 0
# Live: entry 1 (verified, 120 min) and entry 4 (pending): 2 entries, 2 verified hours.
expect_out "2 volunteer service entries logged (2 hours verified)"

# ---- a household that moves out takes its residents; nobody moves into it ----
run household set 1-1-101 --moved-out 2026-11-25
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM person WHERE moved_out = '2026-11-25' AND household_id IS NULL")" = 2 ] ||
  fail "both residents of 1-1-101 moved out with it"
run household list --all --format csv --fields id,residents,moved_out
expect_out "H1,0,2026-11-25"
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM residence WHERE to_date = '2026-11-25' AND household_id = 1")" = 2 ] ||
  fail "their residences end on the move-out date"
remember shequ.sqlite
run person add --name 新人 --household 1-1-101
expect_rc 65
expect_err "H1 moved out on 2026-11-25"
run person move R3 --to 1-1-101
expect_rc 65
expect_err "moved out on 2026-11-25"
printf 'name,household\n新人,1-1-101\n' >p.csv
run import persons p.csv
expect_rc 65
expect_err "moved out on 2026-11-25"
expect_unchanged shequ.sqlite
# A move-out date before a resident moved in is refused, naming them.
S household add --address 1-1-102
S person add --name 赵四 --household 1-1-102 --moved-in 2026-11-20
run household set 1-1-102 --moved-out 2026-11-01
expect_rc 65
expect_err "before R4 赵四 moved in (2026-11-20)"

# ---- history in order: a backdated move never ends a residence before it starts ----
remember shequ.sqlite
run person move R3 --to 3-2-502 --date 2020-01-01
expect_rc 65
expect_err "2020-01-01 is before R3's current residence at 3-2-501 began (2026-11-29)"
expect_unchanged shequ.sqlite
run person move R3 --to 3-2-502 --date 2026-11-29
expect_rc 0
run check
expect_rc 0

# ---- teams: the leader joins on the founding date; nobody joins before joining the register ----
S volunteer add --name 钱五 --phone 13700001111 --joined 2025-03-01
S team add --name 调解队 --founded 2025-05-01 --leader V1
check; [ "$(sql shequ.sqlite "SELECT from_date FROM team_member WHERE team_id = 1 AND volunteer_id = 1")" = 2025-05-01 ] ||
  fail "the leader joins on the founding date"
S team add --name 早队 --founded 2020-01-01 --leader V3
check; [ "$(sql shequ.sqlite "SELECT from_date FROM team_member WHERE team_id = 2 AND volunteer_id = 3")" = 2025-03-01 ] ||
  fail "a leader who joined the register after the founding joins the team on joining the register"
remember shequ.sqlite
run team join 调解队 V3 --date 2025-01-01
expect_rc 65
expect_err "2025-01-01 is before V3 joined as a volunteer (2025-03-01)"
printf 'team,volunteer,from\n调解队,V3,2024-12-31\n' >tm.csv
run import team-members tm.csv
expect_rc 65
expect_err "2024-12-31 is before V3 joined"
expect_unchanged shequ.sqlite
run team join 调解队 V3 --date 2025-03-01
expect_rc 0

# ---- filters validate: an unknown code or label is 65 with the valid choices; labels work ----
remember shequ.sqlite
for args in "need list --category foo" "case list --type 不存在" "person list --tag nobody" \
            "household list --tag nobody" "partner list --type nobody" "award list --kind nobody" \
            "volunteer list --skill nobody" "programme deliveries --type nobody" "project list --post-type nobody"; do
  run $args
  expect_rc 65
  expect_err "is not"
done
run need list --category foo
expect_err "--category: \"foo\" is not a need-category code (valid: "
run case list --type 邻里纠纷 --format csv
expect_rc 0
expect_out "2026-0001"
run person list --tag 独居老人
expect_rc 0
expect_unchanged shequ.sqlite

# ---- check finds any history whose end precedes its start (a file edited by hand; last, as it damages the records) ----
sql shequ.sqlite "UPDATE residence SET to_date = '2000-01-01' WHERE id = (SELECT min(id) FROM residence WHERE to_date IS NOT NULL)"
sql shequ.sqlite "UPDATE team_member SET from_date = '2019-01-01' WHERE volunteer_id = 3 AND team_id = 1"
run check
expect_rc 74
expect_err "residences end on or after they start: person R1 residence 1 runs 2010-01-01 → 2000-01-01"
expect_err "team memberships start on or after the volunteer joined: team T1 member V3 from 2019-01-01"

finish
