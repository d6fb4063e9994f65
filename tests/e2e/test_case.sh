#!/usr/bin/env bash
# Mediation cases end to end: opening, the lifecycle, refusals, confidentiality in every
# output path, deadlines, numbers under concurrent writers, import and export.
. "$(dirname "$0")/lib.sh"

make_registry || exit 1
"$SHEQU" -q person add --name 张桂兰 --household 3-2-501 --phone 13812345678 >/dev/null
"$SHEQU" -q person add --name 李建国 --household 3-2-502 >/dev/null
"$SHEQU" -q person add --name 王调解 >/dev/null

# --help of every verb carries an example.
for v in open list show assign note session escalate agree fail follow-up review close reopen extend due; do
  run case "$v" --help
  expect_rc 0
  expect_out "Example:"
done

# Opening: the number of the year is printed; defaults private, grid level.
run case open --title "楼上漏水" --type neighbour --grid 03 --party applicant:张桂兰 --party respondent:3-2-502 \
  --party party:org:宁康物业公司 --since 2023-06-01 --opened 2026-11-10 --mediator 王调解 --summary "卫生间渗水秘密"
expect_rc 0
expect_out_eq "2026-0001"
check; [ "$(sql shequ.sqlite "SELECT mode || ' ' || level || ' ' || status || ' ' || deadline FROM mediation_case")" = \
  "private grid open 2026-12-10" ] || fail "defaults of a new case"

# Bad input: 65, nothing written.
remember shequ.sqlite
run case open --title t --type gossip --grid 03 --party applicant:R1
expect_rc 65
expect_err "case-type"
run case open --title t --type neighbour --grid 03 --party applicant:无名氏
expect_rc 65
expect_err "org:NAME"
# …naming the option typed and the field's label in the user's language, not the field's key.
run_zh case open --title t --type neighbour --grid 03 --party 申请人:R999999
expect_rc 65
expect_err "shequ: error: --party（当事人）：人员 R999999 不存在"
run case open --title t --type 邻居吵架 --grid 03 --party applicant:R1
expect_rc 65
expect_err "--type (Type): "
run case open --title t --type neighbour --grid 03 --party judge:R1
expect_rc 65
expect_err "role"
run case open --title t --type neighbour --grid 03 --party applicant:R1 --since 2027-01-01
expect_rc 65
expect_err "dispute_since"
# The date the dispute began is --dispute-start on open as on set (--since stays for scripts).
run case open --title t --type neighbour --grid 03 --party applicant:R1 --dispute-start 2027-01-01
expect_rc 65
expect_err "dispute_since"
run case open --title t --type neighbour --grid 03
expect_rc 64
run case session 2026-0001 --method 大声争吵
expect_rc 65
expect_err "--method"
run case session 2026-0001 --method warm-heart --date 2026-11-01
expect_rc 65
expect_err "before the case was opened"
run case session 2026-0099 --method warm-heart
expect_rc 66
expect_unchanged shequ.sqlite

# Invalid transitions: exit 1 naming the state and what is allowed; nothing written.
run case agree 2026-0001 --kind oral --terms x
expect_rc 1
expect_err "is open"
expect_err "allowed now: assign, note, session, escalate, fail, extend"
run case close 2026-0001
expect_rc 1
run case follow-up 2026-0001 --result holding
expect_rc 1
run case extend 2026-0001 --days 10
expect_rc 1
expect_err "consent"
expect_unchanged shequ.sqlite

# The lifecycle.
run case session 2026-0001 --method 暖心调解法 --outcome "李家答应请人查看" --date 2026-11-12
expect_rc 0
run case note 2026-0001 "张阿姨情绪激动的备注" --date 2026-11-13
expect_rc 0
run case escalate 2026-0001 --reason "需物业配合维修" --date 2026-11-15
expect_rc 0
run case agree 2026-0001 --kind written --terms "李家三日内修复防水赔偿八百元" --date 2026-11-20
expect_rc 65
expect_err "--facts"
run case agree 2026-0001 --kind written --terms "李家三日内修复防水赔偿八百元" --facts 事实 --issues 争议 \
  --responsibilities 责任 --how 现金 --by 2026-12-20 --date 2026-11-20
expect_rc 0
run case session 2026-0001 --method warm-heart
expect_rc 1
expect_err "is agreed"
expect_err "allowed now: note, follow-up, review, close, reopen"
run case follow-up 2026-0001 --result holding --satisfaction 5 --date 2026-11-28
expect_rc 0
run case close 2026-0001 --date 2026-11-28
expect_rc 0
run case review 2026-0001 --lessons "先分别倾听的复盘心得"
expect_rc 0
run case note 2026-0001 "x"
expect_rc 1
expect_err "is closed"

# A failed case, and a reopened one.
run case open --title "停车位" --type neighbour --grid 01 --party applicant:李建国 --party respondent:name:外来车主 --opened 2026-11-02
expect_out_eq "2026-0002"
run case fail 2026-0002 --referral court --reason "对方拒绝调解" --date 2026-11-05
expect_rc 0
run case reopen 2026-0002 --reason "对方回心转意"
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT status || ' ' || coalesce(referral, '-') || ' ' || deadline FROM mediation_case WHERE number = '2026-0002'")" = \
  "mediating - 2026-12-29" ] || fail "reopen clears the failure and sets a new deadline"

# Confidentiality: no party name, note or agreement text in any output without --reveal.
SECRETS=(张桂兰 李建国 宁康物业公司 外来车主 3-2-502 卫生间渗水秘密 李家答应请人查看 张阿姨情绪激动的备注 需物业配合维修
  李家三日内修复防水赔偿八百元 先分别倾听的复盘心得 对方拒绝调解 对方回心转意)
no_secrets() {
  for s in "${SECRETS[@]}"; do
    check; [[ "$OUT" != *"$s"* ]] || fail "$1 leaks $s"
  done
}
for f in table csv tsv json jsonl md; do
  run --format "$f" case list
  expect_rc 0
  expect_out "楼上漏水"
  no_secrets "case list --format $f"
  run --format "$f" --reveal case list
  no_secrets "case list --reveal --format $f"
  run --format "$f" case show 2026-0001
  expect_rc 0
  expect_out "2026-0001"
  no_secrets "case show --format $f"
  run --format "$f" case show 2026-0002
  no_secrets "case show 2026-0002 --format $f"
  run --format "$f" case due
  no_secrets "case due --format $f"
done
run export cases
expect_rc 0
no_secrets "export cases"
run export cases --zh-headers
no_secrets "export cases --zh-headers"
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal'")" = 0 ] || fail "a listing wrote a reveal row"

# --reveal on show prints them and is audited.
run --reveal --format json case show 2026-0001
expect_rc 0
for s in 张桂兰 宁康物业公司 卫生间渗水秘密 张阿姨情绪激动的备注 李家三日内修复防水赔偿八百元 先分别倾听的复盘心得; do expect_out "$s"; done
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal' AND entity = 'case' AND entity_id = 1")" = 1 ] ||
  fail "show --reveal is not audited"

# Filters.
run --format csv case list --status active
expect_lines 2
expect_out "2026-0002"
run --format csv --no-headers case list --level community
expect_out "C1,2026-0001,楼上漏水,neighbour,application,03,private,community,closed,2026-11-10,10,2026-12-10,王调解"
run --format csv --no-headers --fields number case list --grid 01
expect_out "2026-0002"
run --format csv --no-headers --fields number case list --mediator 王调解
expect_out "2026-0001"
run case list --status pending
expect_rc 65

# Deadlines: a grid case older than 7 days is due for escalation; past the deadline it is overdue.
run case open --title "装修噪音" --type neighbour --grid 03 --party applicant:R1 --opened 2026-10-20 --since 2021-09-01
expect_out_eq "2026-0003"
run --format csv --no-headers --fields due,number,due_on,days_late case due
expect_out "escalate,2026-0003,2026-10-27,33"
expect_out "overdue,2026-0003,2026-11-19,10"
expect_no_out "2026-0001"
run --format csv --no-headers --fields number case list --overdue
expect_out "2026-0003"
run case extend 2026-0003 --days 30 --consent --reason "双方同意等待鉴定"
expect_rc 0
run --format csv --no-headers --fields due,number case due
expect_no_out "overdue"
expect_out "escalate,2026-0003"

# Numbers stay gap-free and unique with concurrent writers.
for i in 1 2 3 4 5 6 7 8; do
  "$SHEQU" -q case open --title "并发$i" --type other --grid 01 --party applicant:R2 --opened 2025-05-0$i >/dev/null 2>"err$i" &
done
wait
check; [ "$(sql shequ.sqlite "SELECT number FROM mediation_case WHERE year = 2025 ORDER BY number" | paste -sd' ')" = \
  "2025-0001 2025-0002 2025-0003 2025-0004 2025-0005 2025-0006 2025-0007 2025-0008" ] || fail "concurrent numbers: $(cat err*)"

# Export with --reveal, import into a fresh file: the same cases come back; twice changes nothing.
make_registry other.sqlite
"$SHEQU" --db other.sqlite -q person add --name 张桂兰 --household 3-2-501 >/dev/null
"$SHEQU" --db other.sqlite -q person add --name 李建国 --household 3-2-502 >/dev/null
"$SHEQU" --db other.sqlite -q person add --name 王调解 >/dev/null
run --reveal export cases -o cases.csv
expect_rc 0
check; grep -q 卫生间渗水秘密 cases.csv || fail "export --reveal lacks the summary"
run --db other.sqlite import cases cases.csv
expect_rc 0
expect_err "11 inserted"
run --db other.sqlite import cases cases.csv
expect_err "0 inserted, 0 updated, 11 unchanged"
check; [ "$(sql other.sqlite "SELECT status || ' ' || settled_level FROM mediation_case WHERE number = '2026-0001'")" = "closed community" ] ||
  fail "imported state"
# Mediators travel with their cases (issue 14 item 4): by name, role and dates, not by id.
check; head -1 cases.csv | grep -q ",mediators," || fail "export cases lacks a mediators column"
assignments() { sql "$1" "SELECT c.number || ' ' || p.name || ' ' || m.role || ' ' || m.from_date || ' ' || coalesce(m.to_date, '-')
  FROM case_mediator m JOIN mediation_case c ON c.id = m.case_id JOIN person p ON p.id = m.person_id ORDER BY c.number, m.id"; }
check; [ -n "$(assignments shequ.sqlite)" ] && [ "$(assignments other.sqlite)" = "$(assignments shequ.sqlite)" ] ||
  fail "mediators did not survive the round trip: $(assignments other.sqlite)"
run --db other.sqlite --reveal export cases -o cases2.csv
mediator_texts() { grep -oE '(lead|assist):[^,;]*' "$1" | sort; }
check; [ -n "$(mediator_texts cases.csv)" ] && [ "$(mediator_texts cases2.csv)" = "$(mediator_texts cases.csv)" ] ||
  fail "mediators column differs after the round trip"
# A mediators column read as `case assign` reads it: impartial, one current lead, a known role,
# dates in order; a case that has mediators changes them only through `case assign`.
"$SHEQU" -q person add --name 李调解 >/dev/null
printf 'number,title,type,grid,opened_on,parties,mediators\n' > med-head.csv
for row in "2024-0001,a,other,03,2024-03-01,applicant:张桂兰,lead:张桂兰" \
           "2024-0002,b,other,03,2024-03-01,applicant:张桂兰,lead:王调解; lead:李调解" \
           "2024-0003,c,other,03,2024-03-01,applicant:张桂兰,chief:王调解" \
           "2024-0004,d,other,03,2024-03-01,applicant:张桂兰,lead:王调解@2024-02-01" \
           "2024-0005,e,other,03,2024-03-01,applicant:张桂兰,lead:王调解@2024-04-01~2024-03-15" \
           "2024-0006,f,other,03,2024-03-01,applicant:张桂兰,lead:无此人"; do
  { cat med-head.csv; echo "$row"; } > med-bad.csv
  remember shequ.sqlite
  run import cases med-bad.csv
  expect_rc 65
  expect_err "med-bad.csv:2: mediators: "
  expect_unchanged shequ.sqlite
done
{ cat med-head.csv; echo "2024-0007,g,other,03,2024-03-01,applicant:张桂兰,主调:王调解; assist:李调解@2024-03-05~2024-04-01"; } > med.csv
run import cases med.csv
expect_rc 0
run --reveal export cases
expect_out ",lead:王调解@2024-03-01; assist:李调解@2024-03-05~2024-04-01"
run import cases med.csv
expect_err "0 inserted, 0 updated, 1 unchanged"
sed 's/主调:王调解/lead:李调解/' med.csv > med2.csv
remember shequ.sqlite
run import cases med2.csv
expect_rc 65
expect_err "mediators: is \"lead:王调解@2024-03-01; assist:李调解@2024-03-05~2024-04-01\" in the data file"
expect_unchanged shequ.sqlite
# Historic cases from a paper register.
printf 'number,title,type,grid,opened_on,dispute_since,agreed_on,agreement_kind,settled_level,followup,followup_on,parties\n2023-0042,水费纠纷,property-management,03,2023-03-01,2020-02-15,2023-04-01,written,grid,holding,2023-05-01,applicant:name:住户代表; respondent:org:宁康物业公司\n' > paper.csv
run import cases paper.csv
expect_rc 0
run --format csv --no-headers --fields number,status case list --year 2023
expect_out "2023-0042,agreed"
# Changing a case's state by import is refused; the file is unchanged.
remember shequ.sqlite
sed 's/2023-04-01,written/2023-04-02,written/' paper.csv > paper2.csv
run import cases paper2.csv
expect_rc 65
expect_err "agreed_on"
expect_unchanged shequ.sqlite

# The morning cron line of the guide: global options after the verb, written atomically.
run case due --format md -o due.md
expect_rc 0
check; grep -q "2026-0003" due.md || fail "case due -o due.md"

# ---- the case file (case document): only with --reveal, and every print audited ----
remember shequ.sqlite
run case document 2026-0001 -o file.html
expect_rc 77
expect_err "--reveal"
check; [ ! -e file.html ] || fail "a refused case file was written"
expect_unchanged shequ.sqlite
run --reveal case document 2026-0001 --kind bogus
expect_rc 64
run --reveal case document 2026-0002 --kind agreement
expect_rc 1
expect_err "has no agreement"
reveals=$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal' AND entity = 'case'")
run --reveal --format md case document 2026-0001
expect_rc 0
expect_out "# Case file 2026-0001"
expect_out "People's mediation case file"
expect_out "Registration form"
expect_out "Closing report"
expect_out "卫生间渗水秘密"
expect_out "张桂兰"
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal' AND entity = 'case'")" = $((reveals + 1)) ] ||
  fail "the case file print is not audited"
# The file's labels are those of the one choices table that `case show` and the listings use (a role
# opening a line is capitalised): not a second, drifting table of the dossier's own.
expect_out "| Registration form | Applicant | 张桂兰 |"
expect_out "| Registration form | Level | community |"
expect_out "| Registration form | Mode | private |"
expect_out "| Follow-up visit record | Performance | agreement holding |"
expect_out "(written)"
run_zh --reveal --format md case document 2026-0001
expect_rc 0
expect_out "| 人民调解受理登记表 | 申请人 | 张桂兰 |"
expect_out "| 人民调解受理登记表 | 受理层级 | 社区 |"
expect_out "| 人民调解受理登记表 | 调解方式 | 不公开调解 |"
expect_out "| 人民调解回访记录 | 履行情况 | 协议履行良好 |"
expect_out "达成书面协议"
run --reveal -c 'cases.file_number_format=（{year}）宁调字第 {seq:04} 号' -o file.html case document 2026-0001 --kind cover
expect_rc 0
check; grep -q "（2026）宁调字第 0001 号" file.html || fail "the cover lacks its file number"
python3 "$SOURCE_DIR/tests/e2e/check_html.py" file.html || fail "case file html"

run check
expect_rc 0

finish
