#!/usr/bin/env bash
# Volunteers end to end: registration, teams, projects, hours under every rule, verification,
# points, redemption (also from concurrent processes), stars, awards, certificates, import.
. "$(dirname "$0")/lib.sh"

make_registry || { echo "registry setup failed"; exit 1; }
db=shequ.sqlite
ledger_ok() {  # every balance equals its ledger, re-added here independently
  check
  local bad
  bad=$(sql $db "SELECT count(*) FROM volunteer v WHERE abs(v.points_balance - (SELECT coalesce(sum(amount),0) FROM points_ledger l WHERE l.volunteer_id = v.id)) > 0.005")
  [ "$bad" = 0 ] || fail "a balance differs from its ledger"
  # and every column of `points balance` (kept as running totals) equals the ledger added up by
  # kind, a reversal under the kind it reverses
  local ours theirs
  ours=$("$SHEQU" --db $db --format csv --fields id,earned,bonus,adjusted,redeemed,expired points balance | tail -n +2 |
         awk -F, '{ printf "%s %.2f %.2f %.2f %.2f %.2f\n", substr($1, 2), $2+0, $3+0, $4+0, $5+0, $6+0 }')
  theirs=$(sql $db "SELECT v.id, coalesce(sum(CASE k WHEN 'earn' THEN a END), 0), coalesce(sum(CASE k WHEN 'bonus' THEN a END), 0),
             coalesce(sum(CASE k WHEN 'adjust' THEN a END), 0), -coalesce(sum(CASE k WHEN 'redeem' THEN a END), 0),
             -coalesce(sum(CASE k WHEN 'expire' THEN a END), 0)
           FROM volunteer v LEFT JOIN (SELECT x.volunteer_id AS vid, coalesce(o.kind, x.kind) AS k, x.amount AS a
             FROM points_ledger x LEFT JOIN points_ledger o ON o.id = x.reverses_id) AS l ON vid = v.id GROUP BY v.id ORDER BY v.id" |
           awk -F'|' '{ printf "%s %.2f %.2f %.2f %.2f %.2f\n", $1, $2+0, $3+0, $4+0, $5+0, $6+0 }')
  [ -n "$ours" ] && [ "$ours" = "$theirs" ] || fail "points balance differs from its ledger: $ours / $theirs"
}

# ---- volunteers ----
run person add --name 张桂兰 --phone 13812345678 --household 3-2-501
expect_rc 0
run volunteer add --person R1 --recruited-via grid-survey --skills mediation,law --joined 2025-01-10
expect_rc 0
expect_out_eq V1
check; [ "$(sql $db 'select number from volunteer where id=1')" = NKY20260001 ] || fail "volunteer number not from format"
run volunteer add --name 王师傅 --phone 13912345678 --gender M --recruited-via self-nomination --skills repair --joined 2026-03-01
expect_rc 0
expect_out_eq V2
check; [ "$(sql $db "select p.name from volunteer v join person p on p.id=v.person_id where v.id=2")" = 王师傅 ] || fail "new person not created"
check; [ "$(sql $db 'select number from volunteer where id=2')" = NKY20260002 ] || fail "second number"
remember $db
run volunteer add --person R1
expect_rc 1
expect_err "already is volunteer V1"
run volunteer add --person R99
expect_rc 65
expect_err "person"
run volunteer add --name 某人 --recruited-via bogus
expect_rc 65
expect_err "recruited_via"
run volunteer add --recruited-via grid-survey
expect_rc 64
run volunteer add --name 李四 --number V12
expect_rc 65
expect_err "would read as a record id"
run volunteer add --name 李四 --number NKY20260001
expect_rc 1
expect_err "taken by V1"
expect_unchanged $db
run volunteer show NKY20260002
expect_rc 0
expect_out "王师傅"
expect_out "139****5678"
run volunteer list --skill repair
expect_out "NKY20260002"
expect_no_out "NKY20260001"
run volunteer set V2 --status paused
expect_rc 0
run volunteer list --status paused
expect_out "王师傅"
run volunteer set V2 --status active

# ---- teams and projects ----
run team add --name 帮帮龙志愿服务队 --founded 2024-01-01 --leader V1
expect_rc 0
expect_out_eq T1
run team join 帮帮龙志愿服务队 V2 --date 2026-03-05
expect_rc 0
remember $db
run team join T1 V2
expect_rc 1
expect_err "already is a member"
run team join T9 V2
expect_rc 66
run team leave T1 V2 --date 2026-01-01
expect_rc 65
expect_err "before V2 joined"
expect_unchanged $db
run team members T1
expect_out "leader"
expect_out "NKY20260002"
run volunteer list --team T1
expect_out "王师傅"
run team leave T1 V2 --date 2026-11-01 --reason 工作调动
expect_rc 0
run team leave T1 V2
expect_rc 1
run --format csv team members T1 --all
expect_lines 3
run team join T1 V2 --date 2026-11-10 --role deputy
expect_rc 0
run team show T1
expect_out "NKY20260001"

run project add --name 清洁家园 --post-type dedication --team T1 --coefficient 1.5
expect_rc 0
expect_out_eq J1
run project add --name 邻里调解 --post-type friendship
expect_out_eq J2
remember $db
run project add --name 清洁家园 --post-type dedication
expect_rc 1
run project add --name 新项目 --post-type nonsense
expect_rc 65
expect_err "post-type"
run project add --name 新项目 --post-type progress --coefficient -1
expect_rc 65
expect_err "coefficient"
run project add --name 新项目 --post-type progress --coefficient abc
expect_rc 65
expect_unchanged $db

# ---- logging hours: every rule ----
run volunteer log-hours V1 --date 2026-11-20 --start 09:00 --end 11:40 --activity 楼道清扫 --place 3栋 --project 清洁家园 --served 3栋居民 --content 清理杂物
expect_rc 0
expect_out_eq 1
expect_err "150 minutes"
check; [ "$(sql $db 'select minutes, recorder, source, status from service_hours where id=1')" = "150|$ME|cli|pending" ] || fail "entry 1 stored wrongly"
run volunteer log-hours V1 --date 2026-11-20 --minutes 480 --activity 助老陪伴 --project 邻里调解
expect_rc 0
expect_out_eq 2
remember $db
run volunteer log-hours V1 --date 2026-11-20 --minutes 120 --activity 超时
expect_rc 65
expect_err "rule maximum per day"
expect_err "already has 630 minutes"
run volunteer log-hours V1 --date 2026-11-19 --minutes 20 --activity 太短
expect_rc 65
expect_err "minutes: rule minimum unit: 20 minutes is 0 when rounded down to a multiple of 30 minutes; an entry needs at least 30 minutes"
run_zh volunteer log-hours V1 --date 2026-11-19 --minutes 20 --activity 太短
expect_rc 65
expect_err "20 分钟按 30 分钟的整数倍向下取整后为 0；每条至少 30 分钟"
run -c volunteer.rounding=nearest -c volunteer.min_unit_minutes=60 volunteer log-hours V1 --date 2026-11-19 --minutes 20 --activity 太短
expect_rc 65
expect_err "20 minutes is 0 when rounded to the nearest multiple of 60 minutes; an entry needs at least 30 minutes"
run volunteer log-hours V1 --date 2026-11-19 --minutes 510 --activity 太长
expect_rc 65
expect_err "rule maximum per entry"
run volunteer log-hours V1 --date 2026-11-30 --minutes 60 --activity 明天
expect_rc 65
expect_err "rule no future dates"
run volunteer log-hours V2 --date 2026-02-01 --minutes 60 --activity 入队前
expect_rc 65
expect_err "rule not before joining"
run volunteer log-hours V1 --date 2026-11-19 --start 11:00 --end 10:00 --activity 倒序
expect_rc 65
expect_err "not after the start"
run volunteer log-hours V1 --date 2026-11-19 --start 09:00 --end 10:00 --minutes 90 --activity 含路途
expect_rc 65
expect_err "travel time is not counted"
run volunteer log-hours V1 --date 2026-11-19 --start 25:00 --end 26:00 --activity 错时
expect_rc 65
expect_err "not a time of day"
run volunteer log-hours V1 --date 2026-11-19 --start 09:00 --activity 缺结束
expect_rc 65
expect_err "both start and end"
run volunteer log-hours V1 --date 2026-11-19 --minutes 60
expect_rc 65
expect_err "activity: is required"
run volunteer log-hours V1 --date 2026-11-19 --activity 无时长
expect_rc 65
expect_err "give the service time"
run volunteer log-hours V99 --date 2026-11-19 --minutes 60 --activity x
expect_rc 66
run volunteer log-hours V1 --date 2026-11-19 --minutes 60 --activity x --project 不存在
expect_rc 65
expect_err "project"
run volunteer log-hours V1 --date 2026-13-45 --minutes 60 --activity x
expect_rc 65
expect_err "not a date"
run volunteer log-hours V1 --hours abc --activity x
expect_rc 65
expect_unchanged $db
run volunteer log-hours V1 --date 2026-11-21 --start 09:00 --end 10:00 --activity 巡查 --external-key K-1
expect_rc 0
expect_out_eq 3
remember $db
run volunteer log-hours V1 --date 2026-11-21 --start 09:30 --end 10:30 --activity 重叠
expect_rc 65
expect_err "rule no overlap"
expect_err "entry 3"
run volunteer log-hours V1 --date 2026-11-22 --minutes 30 --activity 同键 --external-key K-1
expect_rc 1
expect_err "external key K-1"
expect_unchanged $db
run volunteer log-hours V1 --date 2026-11-21 --start 10:00 --end 10:30 --activity 相接
expect_rc 0
expect_out_eq 4
run -c volunteer.rounding=up volunteer log-hours V2 --date 2026-11-21 --minutes 20 --activity 向上取整
expect_rc 0
check; [ "$(sql $db 'select minutes from service_hours where id=5')" = 30 ] || fail "rounding up"
run -c volunteer.rounding=nearest -c volunteer.min_unit_minutes=60 volunteer log-hours V2 --date 2026-11-22 --hours 1.5 --activity 四舍五入
expect_rc 0
check; [ "$(sql $db 'select minutes from service_hours where id=6')" = 120 ] || fail "rounding nearest"

# ---- verification and points ----
remember $db
run volunteer verify
expect_rc 64
run volunteer verify 999
expect_rc 66
run volunteer verify 1 --pending
expect_rc 64
run -c volunteer.notice_days=3 volunteer verify 1
expect_rc 1
expect_err "public notice period until 2026-12-02"
expect_unchanged $db
run volunteer verify 1
expect_rc 0
expect_err "3.75 points"
check; [ "$(sql $db 'select points_balance from volunteer where id=1')" = 3.75 ] || fail "150 min × 1.5 should earn 3.75"
check; [ "$(sql $db "select kind, amount, hours_id from points_ledger")" = "earn|3.75|1" ] || fail "earn entry"
remember $db
run volunteer verify 1
expect_rc 1
expect_err "entry 1 is verified"
expect_unchanged $db
run -c volunteer.notice_days=3 volunteer verify --pending --volunteer V1
expect_rc 0
expect_err "0 entries"
expect_err "3 more entries are in their public notice period"
expect_unchanged $db
run volunteer verify --pending --project 邻里调解 --until 2026-11-20
expect_rc 0
expect_err "1 entries, 8 hours, 8 points"
run volunteer reject 3
expect_rc 64
run volunteer reject 3 --reason 与签到表不符
expect_rc 0
run volunteer reject 3 --reason again
expect_rc 1
expect_err "entry 3 is rejected"
run volunteer verify --pending --volunteer V2
expect_rc 0
expect_err "2 entries, 2.5 hours, 2.5 points"
run --format csv --fields id,status,minutes,points volunteer hours V1
expect_out "1,verified,150,3.75"
expect_out "3,rejected,60,"
expect_out "4,pending,30,"
run --format csv --no-headers --fields id volunteer hours --pending
expect_out 4
expect_lines 1
# void writes a reversal
remember $db
run volunteer void 4 --reason x
expect_rc 1
expect_err "only verified entries can be voided"
run volunteer void 2
expect_rc 64
expect_unchanged $db
run volunteer void 2 --reason 重复登记
expect_rc 0
check; [ "$(sql $db "select amount, reverses_id from points_ledger where kind='reversal'" | numbers)" = "-8|2" ] || fail "reversal entry"
check; [ "$(sql $db 'select points_balance from volunteer where id=1')" = 3.75 ] || fail "balance after void"
run volunteer void 2 --reason again
expect_rc 1
expect_err "entry 2 is void"
ledger_ok
run check
expect_rc 0
# append-only, enforced in the data file
check; ! sql $db "UPDATE points_ledger SET amount = 100 WHERE id = 1" 2>/dev/null || fail "ledger update allowed"
check; ! sql $db "DELETE FROM points_ledger" 2>/dev/null || fail "ledger delete allowed"
check; ! sql $db "DELETE FROM service_hours WHERE id = 3" 2>/dev/null || fail "hours delete allowed"
check; ! sql $db "UPDATE service_hours SET minutes = 300 WHERE id = 1" 2>/dev/null || fail "verified entry edited"

# ---- points: bonus, adjust, rewards, redemption ----
remember $db
run points bonus V2 -5 --reason x
expect_rc 65
run points bonus V2 abc --reason x
expect_rc 65
run points bonus V2 1.234 --reason x
expect_rc 65
run points bonus V2 5
expect_rc 64
expect_err "--reason"
run points adjust V1 --reason 纠错 -- -100
expect_rc 1
expect_err "below zero"
expect_unchanged $db
run points bonus V2 7.5 --reason 推荐新志愿者
expect_rc 0
expect_err "balance 10"
run reward add --name 洗衣液 --cost 10 --stock 1
expect_rc 0
run reward add --name 大米 --cost 5
expect_rc 0
remember $db
run reward add --name 坏的 --cost -3
expect_rc 65
expect_err "cost"
run reward add --name 坏的 --cost 3 --stock -1
expect_rc 65
expect_err "stock"
run points redeem V1 洗衣液
expect_rc 1
expect_err "balance 3.75 of V1 is less than the cost 10"
run points redeem V2 洗衣液 --quantity 0
expect_rc 65
run points redeem V2 不存在
expect_rc 66
expect_unchanged $db
run points redeem V2 洗衣液
expect_rc 0
check; [ "$(sql $db 'select points_balance from volunteer where id=2' | numbers)" = 0 ] || fail "redeem at exact balance should leave 0"
check; [ "$(sql $db "select stock from reward where name='洗衣液'")" = 0 ] || fail "stock not taken"
run points bonus V2 20 --reason 活动奖励
remember $db
run points redeem V2 洗衣液
expect_rc 1
expect_err "stock"
expect_unchanged $db
run --format csv --fields kind,amount,balance points history V2
expect_out "redeem,-10,0"
run --format csv points balance V2
expect_out "20"
run --format csv reward redemptions 洗衣液
expect_out "NKY20260002"
ledger_ok

# concurrent redemptions from separate processes never double-spend: 20 points, 5 × 5 points × 2
run volunteer add --name 赵六 --phone 13700001111 --joined 2025-01-01
expect_out_eq V3
run points bonus V3 20 --reason 测试
for i in 1 2 3 4 5; do ("$SHEQU" --lang en points redeem V3 大米 --quantity 2 >/dev/null 2>"race$i.err"; echo $? >"race$i.rc") & done
wait
ok=0; refused=0
for i in 1 2 3 4 5; do case $(cat race$i.rc) in 0) ok=$((ok+1));; 1) refused=$((refused+1));; esac; done
check; [ "$ok" = 2 ] && [ "$refused" = 3 ] || fail "concurrent redemptions: $ok succeeded, $refused refused (want 2 and 3)"
check; [ "$(sql $db 'select points_balance from volunteer where id=3' | numbers)" = 0 ] || fail "concurrent balance"
ledger_ok

# ---- stars from verified hours, at exact thresholds ----
run -c stars.thresholds_hours=2,4 --format csv --fields hours,stars volunteer show V2
expect_out "2.5,1"
run -c stars.thresholds_hours=3,4 --format csv --fields hours,stars volunteer show V2
expect_out "2.5,0"
# V1 has 150 verified minutes: exactly 2.5 h is not 3 h; add 30 more → exactly 3 h reaches the threshold
run volunteer verify 4
run -c stars.thresholds_hours=3,4 --format csv --fields hours,stars,stars_since volunteer show V1
expect_out "3,1,2026-11-21"
run -c stars.thresholds_hours=3,4 --format csv --fields number volunteer list --stars 1
expect_out "NKY20260001"
expect_no_out "NKY20260002"
run -c stars.thresholds_hours=3,4 --format csv volunteer stars V1
expect_out "1,3,2026-11-21"
expect_out "2,4,"
run volunteer list --stars 9
expect_rc 64

# ---- awards ----
run award grant best-volunteer V1 --year 2026 --points 50 --title 最美志愿者
expect_rc 0
check; [ "$(sql $db "select kind, amount from points_ledger where award_id is not null" | numbers)" = "bonus|50" ] || fail "award bonus"
remember $db
run award grant best-volunteer V1 --year 2026
expect_rc 1
expect_err "already granted"
run award grant best-team T1 --year 2026 --points 5
expect_rc 65
expect_err "bonus points go to a volunteer"
run award grant nonsense V1
expect_rc 65
run award grant best-volunteer V1 --points -3
expect_rc 65
expect_unchanged $db
run award grant best-team 帮帮龙志愿服务队 --year 2026
expect_rc 0
run award grant best-family 3-2-501 --year 2026
expect_rc 0
# A kind's label names it as its code does, also when it decides what the recipient is.
run award grant 最美家庭 3-2-502 --year 2026
expect_rc 0
run award grant "best volunteer team" 帮帮龙志愿服务队 --year 2025
expect_rc 0
run --format csv --fields kind,recipient award list --year 2025
expect_out "best-team,帮帮龙志愿服务队"
run --format csv --fields kind,recipient award list --year 2026
expect_out "best-family,3-2-501"
expect_out "best-family,3-2-502"
expect_out "best-team,帮帮龙志愿服务队"
expect_out "best-volunteer,张桂兰"
ledger_ok

# ---- certificates ----
run --format json volunteer certify V1
expect_rc 0
expect_out '"Volunteer Service Certificate"'
expect_out "ZM20260001"
expect_out "清洁家园"
first="$OUT"
run -o cert.html volunteer certify V1 --period 2026-01-01..2026-11-29  # a period ends by the issue date (issue 14)
expect_rc 0
check; grep -q "ZM20260002" cert.html || fail "html certificate lacks its number"
run --format json volunteer certify --reprint ZM20260001
expect_rc 0
check; [ "$OUT" = "$first" ] || fail "reprint differs from the issued certificate"
run volunteer certify --reprint ZM20990001
expect_rc 66
run volunteer certify V3
expect_rc 1
expect_err "no verified service hours"
run volunteer certify V1 --period 2026-13
expect_rc 65
run --format csv --fields number volunteer certificates
expect_lines 3
run --format md volunteer certify V1
expect_out "# Volunteer Service Certificate"
expect_out "travel not counted"
run --format csv --fields number,issuer volunteer certificates
expect_out "ZM20260001,宁康园社区"
# ---- the public notice list: pending hours in their notice period, no phone, no ID ----
run volunteer log-hours V1 --date 2026-11-28 --minutes 60 --activity 公示测试
expect_rc 0
run -c volunteer.notice_days=3 --format csv volunteer notice
expect_rc 0
expect_out "no,name,date,project,activity,hours,notice_ends"
expect_out ",2026-11-28,,公示测试,1,"
check; ! grep -Eq '1[3-9][0-9]{9}' <<<"$OUT" || fail "the notice list shows a phone number"
n=$(sql shequ.sqlite "SELECT count(*) FROM service_hours WHERE status = 'pending' AND date(substr(logged_at, 1, 10), '+3 days') >= '2026-11-29'")
check; [ "$n" -gt 0 ] && [ "$(printf '%s\n' "$OUT" | grep -c .)" = $((n + 1)) ] || fail "notice list: expected $n > 0 entries"
run -c volunteer.notice_days=3 -o notice.html volunteer notice
expect_rc 0
check; grep -q "如对公示内容有异议" notice.html || fail "the notice list says how to object"
python3 "$SOURCE_DIR/tests/e2e/check_html.py" notice.html || fail "notice html"
run volunteer notice --project 没有这个项目
expect_rc 66

# ---- import hours: rules apply, idempotent by external key ----
cat > hours.csv <<'CSV'
external_key,volunteer,date,start,end,minutes,activity,project,served
IMP-1,NKY20260002,2026-11-23,14:00,16:00,,义务维修,清洁家园,3栋居民
IMP-2,NKY20260002,2026-11-24,,,90,义务维修,,
CSV
run import hours hours.csv
expect_rc 0
expect_err "2 inserted"
check; [ "$(sql $db "select source, recorder, status from service_hours where external_key='IMP-1'")" = "import|$ME|pending" ] || fail "imported entry"
run import hours hours.csv
expect_rc 0
expect_err "0 inserted, 0 updated, 2 unchanged"
run -o all-hours.csv export hours
expect_rc 0
# A key that starts with digits is a key, not an entry number (CAST would read "1-11-SIGN-001" as 1).
printf 'external_key,volunteer,date,minutes,activity\n1-11-SIGN-001,NKY20260002,2026-11-25,60,签到\n' > signed.csv
run import hours signed.csv
expect_rc 0
expect_err "1 inserted"
check; [ "$(sql $db "select count(*) from service_hours where external_key = '1-11-SIGN-001'")" = 1 ] || fail "key read as a number"
run import hours signed.csv
expect_err "0 inserted, 0 updated, 1 unchanged"
cat > bad-hours.csv <<'CSV'
external_key,volunteer,date,minutes,activity
IMP-3,NKY20260002,2026-12-24,60,未来
IMP-4,NKY20260002,2026-11-25,10,太短
CSV
remember $db
run import hours bad-hours.csv
expect_rc 65
expect_err "bad-hours.csv:2: date: rule no future dates"
expect_err "bad-hours.csv:3: minutes: rule minimum unit"
expect_unchanged $db
printf 'volunteer,date,minutes,activity\nNKY20260002,2026-11-25,60,x\n' > nokey.csv
run import hours nokey.csv
expect_rc 65
expect_err "external_key"
expect_unchanged $db
run volunteer verify --pending --volunteer V2
expect_rc 0
# verified entries are frozen: a changed re-import is refused, an unchanged one is fine
sed 's/,90,/,120,/' hours.csv > changed.csv
remember $db
run import hours changed.csv
expect_rc 65
expect_err "cannot be changed"
expect_unchanged $db

# a team's hours include entries on the projects it runs
run --format csv --fields name,hours team list
expect_out "帮帮龙志愿服务队,4.5"
run --format csv --no-headers --fields id volunteer hours --team T1 --status verified
expect_lines 2

# ---- import/export of the other kinds ----
printf 'person,recruited_via,skills,joined\nR1,grid-survey,law,2025-01-10\n' > vols.csv
run import volunteers vols.csv
expect_rc 0
expect_err "0 inserted"
run person add --name 孙七 --phone 13600002222
printf 'person,recruited_via,skills,joined\n13600002222,group-recommendation,it,2026-05-01\n' > vols2.csv
run import volunteers vols2.csv
expect_rc 0
expect_err "1 inserted"
check; [ "$(sql $db "select number from volunteer v join person p on p.id=v.person_id where p.name='孙七'")" = NKY20260004 ] || fail "imported volunteer number"
for kind in volunteers teams team-members projects rewards awards hours; do
  run -o "exp-$kind.csv" export $kind
  expect_rc 0
  run import $kind "exp-$kind.csv"
  expect_rc 0
  expect_err "0 inserted, 0 updated"
done
run --bom -o zh-hours.csv export hours --zh-headers
check; head -1 zh-hours.csv | grep -q "外部编号,志愿者编号,服务日期" || fail "Chinese headers"
run import hours zh-hours.csv
expect_rc 0
expect_err "0 inserted, 0 updated"
ledger_ok
run check
expect_rc 0

# ---- expiry: oldest points first, idempotent, hours kept ----
run volunteer add --name 周八 --phone 13500003333 --joined 2024-01-01
expect_out_eq V5
SHEQU_TODAY=2025-06-01 run points bonus V5 30 --reason 旧积分
SHEQU_TODAY=2025-07-01 run points redeem V5 大米
run points bonus V5 7 --reason 新积分
run points expire
expect_rc 0
expect_err "never expire"
run -c points.expiry_years=1 points expire --dry-run
expect_err "25 points of 1 volunteers"
check; [ "$(sql $db 'select points_balance from volunteer where id=5' | numbers)" = 32 ] || fail "dry run wrote"
run -c points.expiry_years=1 points expire
expect_rc 0
check; [ "$(sql $db 'select points_balance from volunteer where id=5' | numbers)" = 7 ] || fail "expiry should leave the 7 new points"
run -c points.expiry_years=1 points expire
expect_err "0 points of 0 volunteers"
ledger_ok

# Chinese messages (format strings with numbered arguments)
remember $db
run_zh -c volunteer.max_minutes_per_day=60 volunteer log-hours V1 --date 2026-11-20 --minutes 120 --activity 超时
expect_rc 65
expect_err "规则“每日上限”：V1 在 2026-11-20 已登记"
run_zh volunteer log-hours V1 --date 2026-11-21 --start 09:30 --end 10:15 --activity 重叠
expect_rc 65
expect_err "与 V1 在 2026-11-21 的第 4 条记录（10:00–10:30）重叠"
run_zh points redeem V1 洗衣液 --quantity 100
expect_rc 1
expect_err "V1 的积分余额"
run_zh points adjust V2 --reason x -- -1000
expect_rc 1
expect_err "不能因调整 -1000 变为负数"
run_zh volunteer verify 1
expect_rc 1
expect_err "状态为 已确认"
expect_unchanged $db

# a tampered balance is caught by check
sql $db "UPDATE volunteer SET points_balance = 99 WHERE id = 1"
run check
expect_rc 74
expect_err "points balance equals its totals"

# the sample teams, projects and rewards load with init --sample
run --db sample.sqlite init --sample
expect_rc 0
check; [ "$(sql sample.sqlite "select count(*) from project p join team t on t.id = p.team_id")" = 10 ] || fail "sample projects"
check; [ "$(sql sample.sqlite "select count(distinct post_type) from project")" = 4 ] || fail "four post types"

# ---- a large import of hours (over 4 MiB) holds the totals' row triggers and adds the totals up
# once at its end: the same totals as the same entries imported in small files, row by row ----
read -r va vb since <<<"$(sql sample.sqlite "SELECT min(id), max(id), max(joined) FROM (SELECT id, joined FROM volunteer
  WHERE joined IS NOT NULL ORDER BY joined, id LIMIT 2) AS v" | tr '|' ' ')"
python3 - "$va" "$vb" "$since" >big-hours.csv <<'PY'
import datetime, sys
va, vb, since = int(sys.argv[1]), int(sys.argv[2]), datetime.date.fromisoformat(sys.argv[3])
days = (datetime.date(2026, 11, 29) - since).days
print("external_key,volunteer,date,minutes,activity,content")
pad = "入户走访独居老人，了解生活起居和用药情况，" * 4
for i in range(20000):
    day = since + datetime.timedelta(days=(i // 16) % days)
    print(f"BIG-{i},V{va if i % 2 else vb},{day},30,入户走访,{pad}{i}")
PY
check; [ "$(stat -c %s big-hours.csv)" -gt $((4 << 20)) ] || fail "the big hours file is under 4 MiB"
copy_data sample.sqlite held.sqlite
copy_data sample.sqlite rows.sqlite
run --db held.sqlite import hours big-hours.csv
expect_rc 0
expect_err "20000 inserted"
tail -n +2 big-hours.csv | split -l 7000 - part-
for part in part-*; do
  { head -1 big-hours.csv; cat "$part"; } >"$part.csv"
  check; [ "$(stat -c %s "$part.csv")" -lt $((4 << 20)) ] || fail "$part.csv is not a small file"
  run --db rows.sqlite import hours "$part.csv"
  expect_rc 0
done
totals() {  # every counted row of the three hours totals, in key order
  sql "$1" "SELECT 'h', period, verified_entries, verified_minutes, pending_entries, pending_minutes, volunteers FROM hours_totals
    WHERE verified_entries <> 0 OR pending_entries <> 0 ORDER BY 2"
  sql "$1" "SELECT 'v', period, volunteer_id, verified_entries, verified_minutes, pending_entries, pending_minutes
    FROM volunteer_hours_totals WHERE verified_entries <> 0 OR pending_entries <> 0 ORDER BY 2, 3"
  sql "$1" "SELECT 'p', period, project_id, team_id, volunteer_id, verified_entries, verified_minutes, pending_entries,
    pending_minutes FROM project_hours_totals WHERE verified_entries <> 0 OR pending_entries <> 0 ORDER BY 2, 3, 4, 5"
}
held_totals=$(totals held.sqlite)
check; [ -n "$held_totals" ] && [ "$held_totals" = "$(totals rows.sqlite)" ] || fail "a large import's totals differ from row by row"
check; [ "$(totals held.sqlite | grep -c "^v|2026|$va|")" = 1 ] || fail "no 2026 totals for V$va"
check; [ "$(sql held.sqlite "SELECT count(*) FROM held_totals")" = 0 ] || fail "held_totals kept its row"
run --db held.sqlite check
expect_rc 0
# the triggers keep the totals again afterwards: a verification moves the entries out of pending
run --db held.sqlite volunteer verify --pending
expect_rc 0
run --db held.sqlite check
expect_rc 0
check; [ "$(sql held.sqlite "SELECT pending_entries FROM hours_totals WHERE period = '2026'")" = 0 ] || fail "verified entries still pending"

finish
