#!/usr/bin/env bash
# Reports over a small hand-made data set: every figure below was computed by hand (see the
# comments), golden outputs in several formats, the html page parsed, periods on the command
# line, saved reports run from cron's bare environment, and no confidential text anywhere.
. "$(dirname "$0")/lib.sh"
S() { "$SHEQU" -q "$@" >/dev/null || { echo "setup failed: $*" >&2; exit 1; }; }

cat >shequ.toml <<'TOML'
[stars]
thresholds_hours = [1, 3]

[reports.daily-due]
kind = "due"
out = "out/due-{date}.md"

[reports.street]
kind = "summary"
period = "last-month"
format = "csv"
out = "out/{year}/summary-{period}.csv"

[reports.board]
kind = "barometer"
period = "2026-11"
out = "out/barometer-{period}.html"
lang = "en"

[reports.typo]
kind = "needs"
out = "out/x-{when}.md"

[reports.nokind]
out = "out/x.md"
TOML
export SHEQU_CONFIG="$WORK/shequ.toml"
make_registry
# Grid 01: 1-1-101 (张一 60+, 李二 floating). Grid 03: 3-2-501 (王三 turns 60 today), 3-2-502 (赵四 59, floating).
S person add --name 张一 --gender F --birth-date 1950-03-01 --household 1-1-101
S person add --name 李二 --gender M --birth-date 1990-05-05 --household 1-1-101 --residency floating
S person add --name 王三 --gender F --birth-date 1966-11-29 --household 3-2-501 --phone 13900001111
S person add --name 赵四 --gender M --birth-date 1966-11-30 --household 3-2-502 --residency floating
S party org add --name 社区大党委 --level committee
S party org add --name 第一网格党支部 --level branch --grid 01
S party join R1 --org 第一网格党支部 --date 2020-01-01
S role assign R2 committee-member --grid 01 --date 2026-01-01
S role assign R1 grid-leader --grid 01 --date 2026-01-01

cat >needs.csv <<'CSV'
title,category,channel,grid,raised_on,due_on,status,closed_on,resolution,decline_reason,public
楼道灯不亮,facilities,council,03,2026-10-05,2026-11-04,resolved,2026-11-10,已更换,,yes
单元门坏了,facilities,visit,01,2026-11-02,2026-11-20,resolved,2026-11-12,已修好,,no
停车难,parking,council,01,2026-11-03,2026-11-10,new,,,,no
垃圾清运,environment,hotline,03,2026-11-15,2026-12-15,declined,2026-11-20,,属于街道环卫,yes
助餐排队长,elderly-care,council,03,2026-10-20,2026-11-30,new,,,,no
旧的诉求,facilities,council,03,2026-09-01,2026-09-30,resolved,2026-09-20,已办,,no
CSV
S import needs needs.csv
S need rate N1 4
S need rate N2 5

cat >cases.csv <<'CSV'
number,title,type,source,grid,mode,level,opened_on,dispute_since,agreed_on,agreement_kind,settled_level,failed_on,referral,closed_on,followup,followup_on,parties,summary
2026-0001,楼上漏水,neighbour,application,01,private,grid,2026-11-02,2023-01-01,2026-11-12,written,grid,,,,,,applicant:name:甲,秘密内容甲
2026-0002,水费分摊,property-management,application,03,private,community,2026-10-01,2020-06-01,2026-11-20,written,community,,,,,,applicant:name:乙,秘密内容乙
2026-0003,装修噪音,neighbour,application,03,private,grid,2026-11-05,,,,,2026-11-25,court,,,,applicant:name:丙,秘密内容丙
2026-0004,宠物扰民,neighbour,hotline,01,private,grid,2026-11-10,,,,,,,,,,applicant:name:丁,秘密内容丁
2026-0005,占道经营,other,grid-patrol,03,private,grid,2026-10-01,,,,,,,,,,applicant:name:戊,秘密内容戊
2026-0006,晾衣滴水,neighbour,application,01,private,grid,2026-09-20,,2026-10-01,oral,grid,,,,,,applicant:name:己,秘密内容己
CSV
S import cases cases.csv

S volunteer add --person R1 --number V-A --joined 2026-01-01
S volunteer add --person R3 --number V-B --joined 2026-01-01
S team add --name 帮帮龙
S project add --name 清洁家园 --post-type dedication --team 帮帮龙
S volunteer log-hours V-A --date 2026-10-10 --minutes 60 --activity 清扫 --project 清洁家园
S volunteer log-hours V-A --date 2026-11-03 --minutes 120 --activity 清扫 --project 清洁家园
S volunteer log-hours V-B --date 2026-11-06 --minutes 30 --activity 探访
S volunteer verify --pending
S volunteer log-hours V-B --date 2026-11-05 --minutes 90 --activity 清扫 --project 清洁家园
S points bonus V-A 5 --reason 推荐新志愿者
S reward add --name 毛巾 --cost 2
S points redeem V-A 毛巾
S evaluate J1 5 --date 2026-11-10
S evaluate J1 4 --date 2026-11-11
S evaluate N1 3 --date 2026-11-12
S evaluate N2 5 --date 2026-11-12
remember shequ.sqlite

# ---- needs, 2026-11 = [11-01, 12-01), open/overdue as of today 11-29 ----
# raised N2 N3 N4 = 3; resolved N1 N2 = 2; declined N4 = 1; open N3 N5 = 2; overdue N3 = 1;
# days to resolve N1 36, N2 10 → median 23; satisfaction (4 + 5) / 2 = 4.5.
# October: raised N1 N5 = 2, open at 10-31 N1 N5 = 2, nothing overdue yet.
run report needs --period 2026-11 --compare --format csv
expect_rc 0
golden report_needs.csv
run report needs --period 2026-11 --format table
golden report_needs.txt
run report needs --period 2026-11 --by grid --format tsv
expect_out "$(printf '01\t2\t1\t0\t1\t1\t10\t5')"
expect_out "$(printf '03\t1\t1\t1\t1\t0\t36\t4')"
run report needs --period 2026-11 --by nonsense
expect_rc 64
expect_err "is not a breakdown of needs"

# ---- cases, 2026-11 ----
# opened 0001 0003 0004 = 3; agreed 0001 (grid) 0002 (community) = 2; failed 0003 → court;
# median days to agreement (10 + 50) / 2 = 30; disputes 3y (0001) and 6y (0002);
# active at the end: 0004 0005.
run report cases --period 2026-11 --format json
expect_rc 0
# Report JSON carries its period and when it was made (issue 14 item 7): the day is shequ's
# today (SHEQU_TODAY), the time of day the clock's, so the golden holds it as "…".
check; [[ "$OUT" == *"\"generated_at\": \"${SHEQU_TODAY}T"[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\"* ]] ||
  fail "report json lacks generated_at on $SHEQU_TODAY"
OUT=$(printf '%s\n' "$OUT" | sed -E 's/"generated_at": "[^"]*"/"generated_at": "…"/')
golden report_cases.json
expect_no_out "秘密内容"
run report summary --period 2026 --format json
expect_out '"from": "2026-01-01",'
expect_out '"to": "2027-01-01",'
run report due --format json
expect_out "\"from\": \"$SHEQU_TODAY\","
run report cases --period 2026-11 --format json
python3 - "$WORK/.out" <<'PY' || fail "cases json figures"
import json, sys
d = json.load(open(sys.argv[1]))
f = {r["figure"]: r["value"] for r in d["sections"][0]["rows"]}
assert (f["opened"], f["agreed"], f["failed"], f["settled_grid"], f["settled_community"]) == (3, 2, 1, 1, 1), f
assert f["share_inside_grid"] == 0.5 and f["share_inside_community"] == 1 and f["median_days_to_agreement"] == 30, f
assert f["active_at_end"] == 2 and f["longest_dispute_days"] == 2363, f
ages = {r["dispute_age"]: r["settled"] for r in d["sections"][3]["rows"]}
assert ages == {"under-1y": 0, "1-3y": 0, "3-5y": 1, "5y-plus": 1}, ages
PY
run report cases --period 2026-11 --format md
golden report_cases.md

# ---- grid (as of today) ----
# 01: 1 building, 1 household, 2 residents, 1 floating, 1 aged 60+, 1 party member, committee
# member 李二, grid leader 张一, 1 volunteer, open cases 0004 0006? no: open/mediating only → 0004; open needs N3.
# 03: 1 building, 2 households, 2 residents, 1 floating, 1 aged 60+ (王三 turns 60 today), 0 party,
# 1 volunteer, open cases 0005, open needs N5.
run report grid --format tsv
expect_rc 0
golden report_grid.tsv
run report grid --grid 01 --format table
expect_out "李二"
expect_out "Grid leader"
expect_no_out "13900001111"
expect_no_out "1390000"

# ---- barometer, 2026-11: J1 4.5 (2), N1 3 (1, public), N2 5 (1, not public: no title) ----
run report barometer --period 2026-11 --format csv
expect_rc 0
golden report_barometer.csv
expect_no_out "单元门坏了"
expect_no_out "张一"
# Fewer than barometer.min_count (5) evaluations: no average, no score counts, "too few responses".
run report barometer --period 2026-11 --detail --format md
expect_rc 0
expect_out "| Overall satisfaction (1–5) | too few responses |"
expect_out "| 清洁家园 | Project | 2 | too few responses | | | | | |"
expect_out "| a resident's need (not published) | Need | 1 | too few responses |"
expect_no_out "单元门坏了"
check; ! grep -Eq '(^|[ |])[JNETRV][0-9]+ ' <<<"$OUT" || fail "the barometer shows an internal id"
# From the minimum up the average is shown, and the lowest rated need attention.
run -c barometer.min_count=2 report barometer --period 2026-11 --format md
expect_out "| Overall satisfaction (1–5) | 4.25 |"
expect_out "| Satisfied (4 or 5) | 75% |"
expect_out "| 清洁家园 | Project | 2 | 4.5 |"
expect_no_out "楼道灯不亮 | Need"
run -c barometer.min_count=1 report barometer --period 2026-11 --format csv
expect_out "楼道灯不亮,need,1,3"
run -c barometer.min_count=0 report barometer --period 2026-11
expect_rc 78

# ---- summary and due ----
run report summary --period 2026-11 --format csv
golden report_summary.csv
run report due --format md
golden report_due.md
expect_no_out "秘密内容"

# ---- hours, points, stars, 2026-11 ----
# verified 120 + 30 min = 2.5 h in 2 entries by 2 volunteers; pending 90 min.
run report hours --period 2026-11 --by volunteer --compare --format csv
golden report_hours.csv
# earned 2 + 0.5 + 1 (the October hour, verified today) = 3.5; bonus 5; redeemed 2; net 6.5.
run report points --period 2026-11 --format csv
golden report_points.csv
# V-A: 60 min before November (1 star at 1 h), 180 min by its end (2 stars at 3 h).
run report stars --period 2026-11 --format csv
golden report_stars.csv

# ---- every report in every format; html parses as XML-ish HTML with its SVG ----
for k in needs hours points stars cases grid barometer summary due; do
  for f in table csv tsv json jsonl md html; do
    if [ $k = grid ] || [ $k = due ]; then run report $k --format $f; else run report $k --period 2026-11 --format $f; fi
    [ "$RC" = 0 ] || fail "report $k --format $f: exit $RC"
    case $f in
      json) printf '%s' "$OUT" | python3 -c 'import json,sys; json.load(sys.stdin)' || fail "$k json";;
      jsonl) printf '%s\n' "$OUT" | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin if l.strip()]' || fail "$k jsonl";;
    esac
    [[ "$OUT" != *"秘密内容"* ]] || fail "report $k --format $f shows confidential case text"
  done
done
for k in needs cases summary hours; do
  run report $k --period 2026-11 --format html
  printf '%s\n' "$OUT" >"$k.html"
  python3 "$SOURCE_DIR/tests/e2e/check_html.py" "$k.html" || fail "$k.html is not well-formed"
done
run report summary --period 2026-11 --format html
expect_out "<svg"
expect_out "<!DOCTYPE html>"
check; [[ "$OUT" != *"<script"* && "$OUT" != *"http://"*".css"* ]] || fail "html must be self-contained"

# ---- periods on the command line ----
run report needs --period 2025-W53 --format csv
expect_rc 65
expect_err "2025 has ISO weeks 1 to 52"
run report needs --period 2026-W53 --format md
expect_rc 0
expect_out '(2026-12-28 – 2027-01-03)'
run report needs --period 2026-13
expect_rc 65
run report needs --period 2026-12-01..2026-11-01
expect_rc 65
run report needs --period 2026-W48 --format json
expect_rc 0
expect_out '"title": "Needs 2026-W48"'
run report needs --period last-month --format json
expect_out '"title": "Needs 2026-10"'

# ---- saved reports, from a bare environment as cron runs them ----
run report run
expect_rc 0
expect_out "daily-due"
expect_out "reports.nokind.kind: missing"
cd /
env -i "${SERVER_ENV[@]}" LANG=C HOME="$WORK" SHEQU_TODAY=2026-11-29 SHEQU_CONFIG="$WORK/shequ.toml" SHEQU_DB="$WORK/shequ.sqlite" \
  "$SHEQU" report run daily-due </dev/null >"$WORK/.out" 2>"$WORK/.err"
RC=$?; OUT=$(cat "$WORK/.out"); ERR=$(cat "$WORK/.err")
cd "$WORK"
expect_rc 0
expect_out_eq ""
check; [ -z "$ERR" ] || fail "report run must print nothing"
check; [ -f out/due-2026-11-29.md ] || fail "out/due-2026-11-29.md not written"
check; grep -q "宠物扰民" out/due-2026-11-29.md || fail "due report lacks case 2026-0004"
env -i "${SERVER_ENV[@]}" LANG=C SHEQU_TODAY=2026-12-03 SHEQU_CONFIG="$WORK/shequ.toml" SHEQU_DB="$WORK/shequ.sqlite" \
  "$SHEQU" report run street </dev/null >"$WORK/.out" 2>&1
RC=$?
expect_rc 0
check; [ -f out/2026/summary-2026-11.csv ] || fail "out/2026/summary-2026-11.csv not written"
check; cmp -s out/2026/summary-2026-11.csv <("$SHEQU" --lang en report summary --period 2026-11 --format csv) ||
  fail "saved summary differs from report summary"
run report run board
expect_rc 0
check; grep -q "Opinion barometer 2026-11" out/barometer-2026-11.html || fail "board not in English"
python3 "$SOURCE_DIR/tests/e2e/check_html.py" out/barometer-2026-11.html || fail "barometer html"
check; [ "$(stat -c %a out/barometer-2026-11.html)" = "$(printf '%o' $((0666 & ~$(umask))))" ] || fail "report file mode"
run report run typo
expect_rc 78
expect_err "reports.typo.out: unknown placeholder {when}"
run report run nokind
expect_rc 78
expect_err "reports.nokind.kind: missing"
run report run nosuch
expect_rc 66
expect_err "no saved report \"nosuch\""
expect_err "daily-due"
# An unwritable target (a folder where the file should go; root too cannot write that): exit 74
# naming the absolute path, nothing left behind. (A saved report's keys are not settings that -c
# overrides: it gets a settings file of its own.)
mkdir -p taken/due.md
printf '[reports.daily-due]\nkind = "due"\nout = "taken/due.md"\n' >taken.toml
run --config taken.toml report run daily-due
expect_rc 74
expect_err "$WORK/taken/due.md"
check; [ "$(ls -A taken)" = due.md ] && [ -z "$(ls -A taken/due.md)" ] || fail "something left in taken/"
expect_unchanged shequ.sqlite
finish
