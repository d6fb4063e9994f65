#!/usr/bin/env bash
# How reports read (issue 14 item 7) and what the table of reports gives (issue 19 item 3):
# shares as percentages for people and fractions for machines, a blank earlier period where
# there is none, `report due`'s cases as one table with a section column in machine formats,
# and machine formats the same in every language; every
# verb, flag and saved-report check from the one table. (Item 7's from/to/generated_at in json
# is not built yet: it needs a field of Document in output.h.)
. "$(dirname "$0")/lib.sh"
S() { "$SHEQU" -q "$@" >/dev/null || { echo "setup failed: $*" >&2; exit 1; }; }

make_registry
S person add --name 张一 --gender F --birth-date 1950-03-01 --household 1-1-101
S person add --name 李二 --gender M --birth-date 1990-05-05 --household 3-2-501
cat >needs.csv <<'CSV'
title,category,channel,grid,raised_on,due_on,status,closed_on,resolution,decline_reason,public
楼道灯不亮,facilities,council,03,2026-10-05,2026-11-04,resolved,2026-11-10,已更换,,no
停车难,parking,council,,2026-11-03,2026-11-10,new,,,,no
CSV
S import needs needs.csv
cat >cases.csv <<'CSV'
number,title,type,source,grid,mode,level,opened_on,dispute_since,agreed_on,agreement_kind,settled_level,failed_on,referral,closed_on,followup,followup_on,parties,summary
2026-0001,楼上漏水,neighbour,application,01,private,grid,2026-11-02,2023-01-01,2026-11-12,written,grid,,,,,,applicant:name:甲,秘密
2026-0002,水费分摊,property-management,application,03,private,community,2026-10-01,,2026-11-20,written,community,,,,,,applicant:name:乙,秘密
2026-0003,占道经营,other,grid-patrol,03,private,grid,2026-10-01,,,,,,,,,,applicant:name:丙,秘密
2026-0004,晾衣滴水,neighbour,application,01,private,grid,2026-09-20,,2026-10-01,oral,grid,,,,,,applicant:name:丁,秘密
CSV
S import cases cases.csv
S volunteer add --person R1 --number V-A --joined 2026-01-01
S project add --name 清洁家园 --post-type dedication
S volunteer log-hours V-A --date 2026-11-03 --minutes 120 --activity 清扫 --project 清洁家园
S volunteer log-hours V-A --date 2026-11-04 --minutes 60 --activity 探访
S volunteer verify --pending
S volunteer log-hours V-A --date 2026-11-05 --minutes 30 --activity 探访
S evaluate N2 2 --date 2026-11-12
S evaluate J1 5 --date 2026-11-12
remember shequ.sqlite

# ---- the table of reports: `shequ report list` shows it; machines get codes ----
run report list --format csv
expect_rc 0
expect_out "kind,shows,period,grid,by,example"
KINDS=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1)
for k in needs hours points stars cases grid barometer summary due; do
  [[ $'\n'"$KINDS"$'\n' == *$'\n'"$k"$'\n'* ]] || fail "report listing lacks $k"
  check
done
expect_out "needs,"
expect_out ",this-month,1,category|grid|channel|status,"
expect_out "due,The daily inbox: what needs doing today,,1,,"
run report list
expect_out "today"
# Each verb offers what its row says, and refuses what it does not take.
run report points --grid 01 --period 2026-11 --format csv
expect_rc 0
run report due --period 2026-11
expect_rc 64
run report barometer --grid 01
expect_rc 64
run report stars --by month
expect_rc 64
run report cases --by month
expect_rc 64
expect_err '"month" is not a breakdown of cases'
expect_err "use type, source, grid, level"
run report hours --help
expect_out "project|volunteer|team|month (default project)"
"$SHEQU" completion bash >shequ.bash
check
grep -qF "['shequ report needs|--by']='category grid channel status'" shequ.bash || fail "completion lacks report needs --by values"
# A saved report is checked against the table when read: the key is named, not a failed night.
cat >shequ.toml <<'TOML'
[reports.wrong-by]
kind = "hours"
by = "category"
out = "x.csv"
[reports.due-period]
kind = "due"
period = "last-month"
out = "x.md"
TOML
export SHEQU_CONFIG="$WORK/shequ.toml"
run report run wrong-by
expect_rc 78
expect_err "reports.wrong-by.by"
run report run due-period
expect_rc 78
expect_err "reports.due-period.period"
expect_err "report due is as of today"
unset SHEQU_CONFIG

# ---- shares: percentages in table, md and html; fractions in csv and json ----
# 2026-11: agreed 0001 (grid) and 0002 (community): half settled inside the grid.
run report cases --period 2026-11 --format json
python3 - "$WORK/.out" <<'PY' || fail "cases json shares are fractions"
import json, sys
f = {r["figure"]: r["value"] for r in json.load(open(sys.argv[1]))["sections"][0]["rows"]}
assert f["share_inside_grid"] == 0.5 and f["share_inside_community"] == 1, f
PY
check
for k in $KINDS; do
  for f in md table html; do
    run report $k --format $f
    [ "$RC" = 0 ] || fail "report $k --format $f: exit $RC"
    # Every cell of a share row or column is a percentage (or empty), never 0.5.
    printf '%s\n' "$OUT" | python3 -c '
import re, sys
fmt, text = sys.argv[1], sys.stdin.read()
if fmt == "html":
    rows = []
    for table in text.split("<table")[1:]:  # a blank row between tables ends a share column
        rows += [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)] + [[""]]
else:
    rows = [[c.strip() for c in (l.strip("|").split("|") if fmt == "md" else re.split(r"\s{2,}", l.strip()))] for l in text.splitlines()]
share_col, bad = None, []
for cells in rows:
    if any(c in ("Share", "占比") for c in cells):
        share_col = cells.index("Share") if "Share" in cells else cells.index("占比")
        continue
    if not cells or not cells[0]:
        share_col = None
        continue
    values = cells[1:] if re.search(r"[Ss]hare|rate", cells[0]) else []
    if share_col is not None and share_col < len(cells): values.append(cells[share_col])
    bad += [v for v in values if re.fullmatch(r"-?\d+\.\d+", v)]
sys.exit(1 if bad else 0)' $f || fail "report $k --format $f shows a share as a fraction"
    check
  done
done
run report cases --period 2026-11 --format md
expect_out "| Share settled inside the grid | 50% |"

# ---- an earlier period with nothing in it is blank, not 0; one with records keeps its zeros ----
# Needs, 2026-10 against September: no need existed yet.
run report needs --period 2026-10 --compare --format csv
expect_out "raised,1,,"
expect_no_out "raised,1,0,1"
run report needs --period 2026-10 --compare --format md
expect_out "| Needs raised | 1 | | |"
# Cases, 2026-11 against October (0004 agreed, 0002 and 0003 opened): nothing closed stays 0.
run report cases --period 2026-11 --compare --format csv
expect_out "closed,0,0,0"
expect_out "opened,1,2,-1"

# ---- report due: the cases as one table with a section column, for machines ----
run report due --format csv
expect_rc 0
check
[ "$(printf '%s\n' "$OUT" | grep -c '^section,case,number,')" = 1 ] || fail "due csv: the cases' header more than once"
expect_out "cases_escalate,C3,2026-0003,"
expect_out "cases_overdue,C3,2026-0003,"
expect_out "cases_follow_up,C4,2026-0004,"
run report due --format json
python3 - "$WORK/.out" <<'PY' || fail "due json: one cases_due section"
import json, sys
d = json.load(open(sys.argv[1]))
keys = [s["section"] for s in d["sections"]]
assert keys.count("cases_due") == 1 and not any(k.startswith("cases_") and k != "cases_due" for k in keys), keys
rows = next(s["rows"] for s in d["sections"] if s["section"] == "cases_due")
assert [r["section"] for r in rows] == ["cases_escalate", "cases_overdue", "cases_follow_up"], rows
PY
check
run report due --format jsonl
expect_out '{"section":"cases_escalate","case":"C3"'
run report due --format md
expect_out "## Cases due for escalation"
expect_out "## Follow-up visits due"

# ---- machine formats are the same in every language: no translated placeholder ----
# The data above has a need without a grid, hours without a project (verified and pending) and
# an evaluated need that is not published: each once read "（无）", "（无项目）" or "未公开的居民诉求".
run report hours --period 2026-11 --by project --format csv
expect_out $'\n,1,1,1,0.5'
run report due --format csv
expect_out $'\n,1,0.5,1,2026-11-05,'
for k in $KINDS; do
  for f in csv tsv json jsonl; do
    args=(report "$k" --format "$f")
    [ "$k" = hours ] && args+=(--by project)
    [ "$k" = barometer ] && args+=(--detail)
    "$SHEQU" --lang en "${args[@]}" >en.out 2>&1
    "$SHEQU" --lang zh "${args[@]}" >zh.out 2>&1
    if [ "$f" = json ]; then
      for l in en zh; do
        # generated_at is the moment each ran, a second apart at times: its day is compared
        python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("title")
d["generated_at"] = d["generated_at"][:10]
for s in d["sections"]: s.pop("heading")
print(json.dumps(d, ensure_ascii=False, sort_keys=True))' $l.out >$l.cmp
      done
    else
      cp en.out en.cmp
      cp zh.out zh.cmp
    fi
    check
    cat zh.cmp >>all-zh.txt
    diff en.cmp zh.cmp >/dev/null || { fail "report $k --format $f differs between languages:"; diff en.cmp zh.cmp | head -5 >&2; }
  done
done
check
! grep -q "（无\|未公开\|（未填）\|—" all-zh.txt || fail "machine output carries translated text"

expect_unchanged shequ.sqlite
finish
