#!/usr/bin/env bash
# The choice options of case and need take the Chinese labels as well as the codes (one choices
# table): the label gives the same rows or the same stored code as the code does, and a wrong
# value names the option and lists the choices with their labels, in Chinese by default.
. "$(dirname "$0")/lib.sh"

# same_rows "OPTION" CODE LABEL: `case list OPTION CODE` and `OPTION LABEL` give the same csv, not empty.
same_rows() {
  local noun=$1 option=$2 code=$3 label=$4
  run --format csv "$noun" list "$option" "$code"
  expect_rc 0
  local by_code=$OUT
  check; [ "$(printf '%s\n' "$by_code" | wc -l)" -ge 2 ] || fail "$noun list $option $code found nothing"
  run --format csv "$noun" list "$option" "$label"
  expect_rc 0
  check; [ "$OUT" = "$by_code" ] || fail "$noun list $option $label differs from $option $code"
}

make_registry || exit 1
"$SHEQU" -q person add --name 张桂兰 --household 3-2-501 >/dev/null
"$SHEQU" -q person add --name 李建国 --household 3-2-502 >/dev/null
"$SHEQU" -q person add --name 王调解 >/dev/null

# case open --mode and --level: labels are stored as the codes.
run case open --title 楼上漏水 --type neighbour --grid 03 --party 申请人:张桂兰 --party 被申请人:李建国 \
  --mode 线上调解 --level 社区 --opened 2026-11-10
expect_rc 0
run case open --title 噪音 --type neighbour --grid 03 --party applicant:李建国 --party respondent:张桂兰 \
  --mode online --level community --opened 2026-11-11
expect_rc 0
run case open --title 占道 --type neighbour --grid 03 --party applicant:张桂兰 --opened 2026-11-12
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT mode || ' ' || level FROM mediation_case WHERE id <= 2 ORDER BY id" | paste -sd,)" = \
  "online community,online community" ] || fail "labels of --mode/--level not stored as codes"

# The list filters: label and code give the same rows.
same_rows case --level community 社区
same_rows case --status open 已受理

# case assign --role, agree --kind, follow-up --result, fail --referral.
run case assign 2026-0001 --mediator 王调解 --role 主调 --date 2026-11-12
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT role FROM case_mediator")" = lead ] || fail "--role 主调 is not lead"
run case session 2026-0001 --method warm-heart --record 面谈 --date 2026-11-13
expect_rc 0
same_rows case --status mediating 调解中
run case agree 2026-0001 --kind 口头协议 --terms 修好水管 --date 2026-11-14
expect_rc 0
run case follow-up 2026-0001 --result 履行良好 --date 2026-11-20
expect_rc 0
run case fail 2026-0002 --referral 诉讼 --date 2026-11-15
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT agreement_kind || ' ' || followup FROM mediation_case WHERE id = 1")" = "oral holding" ] \
  || fail "--kind/--result labels not stored as codes"
check; [ "$(sql shequ.sqlite "SELECT referral FROM mediation_case WHERE id = 2")" = court ] || fail "--referral 诉讼 is not court"
same_rows case --status failed 调解不成

# A wrong value: 65, the option named, the choices listed with their zh labels; nothing written.
run case session 2026-0003 --method warm-heart --date 2026-11-12
expect_rc 0
remember shequ.sqlite
run_zh case list --level 县城
expect_rc 65
expect_err "--level"
expect_err "community（社区）"
run_zh case list --status 拖延
expect_rc 65
expect_err "--status"
expect_err "mediating（调解中）"
run_zh case open --title t --type neighbour --grid 03 --party applicant:R1 --mode 秘密
expect_rc 65
expect_err "--mode"
expect_err "private（不公开调解）"
run_zh case open --title t --type neighbour --grid 03 --party applicant:R1 --level 县城
expect_rc 65
expect_err "--level"
expect_err "street（街道）"
run_zh case assign 2026-0003 --mediator 王调解 --role 旁听
expect_rc 65
expect_err "--role"
expect_err "lead（主调）"
run_zh case agree 2026-0003 --kind 书信 --terms x
expect_rc 65
expect_err "--kind"
expect_err "written（书面协议）"
run_zh case fail 2026-0003 --referral 上访
expect_rc 65
expect_err "--referral"
expect_err "court（诉讼）"
run_zh case follow-up 2026-0001 --result 一般
expect_rc 65
expect_err "--result"
expect_err "holding（履行良好）"
run case list --level 县城
expect_rc 65
expect_err "street (street (sub-district))"
expect_unchanged shequ.sqlite

# need list --status: label and code give the same rows; a wrong one lists the zh labels.
run meeting add --kind 小区议事会 --date 2026-10-12 --grid 03 --attendees 28
expect_rc 0
run need add --title 3栋楼道灯不亮 --category facilities --meeting M1 --household 3-2-501
expect_rc 0
run need add --title 小区停车难 --category parking --meeting M1
expect_rc 0
run need accept N2
expect_rc 0
same_rows need --status new 新登记
same_rows need --status accepted 已受理
remember shequ.sqlite
run_zh need list --status 已完成
expect_rc 65
expect_err "--status"
expect_err "resolved（已办结）"
expect_unchanged shequ.sqlite

finish
