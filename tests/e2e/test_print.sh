#!/bin/bash
# Tests that look: every html report and document of the sample community is printed to A4 PDF in
# headless Chromium (print_check.py) and checked: page counts (the barometer and a certificate on
# one page, the notice list 40 entries a page), the Chinese text is in the PDF, nothing is wider
# than the page, a page number in the footer. Skipped (exit 77, loudly) only where Chromium and
# poppler-utils are not installed or Chromium cannot print; scripts/install-deps.sh installs them.
# PRINT_SHOTS=DIR keeps a PNG of every page there, to look at.
source "$(dirname "$0")/lib.sh"

skip() {
  echo "=================================================================" >&2
  echo "SKIPPED: test_print cannot print html here: $*" >&2
  echo "Install the test dependencies: scripts/install-deps.sh (chromium, poppler-utils, fonts-noto-cjk)" >&2
  echo "=================================================================" >&2
  exit 77
}
command -v chromium >/dev/null || skip "chromium is not installed"
command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null || skip "poppler-utils is not installed"
printf '<!DOCTYPE html><html><body><p>x</p></body></html>' >probe.html
# Three tries: on a machine busy with other tests a first Chromium can give up before it prints.
for try in 1 2 3; do
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$WORK/probe-profile-$try" --print-to-pdf="$WORK/probe.pdf" \
    --no-pdf-header-footer "file://$WORK/probe.html" >"$WORK/probe.log" 2>&1
  [ -s probe.pdf ] && break
  sleep 2
done
[ -s probe.pdf ] || skip "chromium does not print (headless --print-to-pdf wrote nothing): $(tail -3 "$WORK/probe.log" | tr '\n' ' ')"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK SC" || echo "warning: fonts-noto-cjk is not installed; the Chinese text checks will fail" >&2

export SHEQU_DB="$WORK/s.sqlite" SHEQU_CONFIG="$SOURCE_DIR/sample-data/shequ.toml"  # the sample's settings, this data file
run init --sample
expect_rc 0
PAGES_LOG="$WORK/pages.txt"
: >"$PAGES_LOG"

# look FILE CHECK-ARGS…: prints FILE and checks it; logs its page count.
look() {
  local file=$1
  shift
  local args=()
  [ -n "${PRINT_SHOTS:-}" ] && args+=(--png "$PRINT_SHOTS")
  check
  local out
  out=$(python3 "$SOURCE_DIR/tests/e2e/print_check.py" "$file" "$@" "${args[@]}" 2>"$WORK/.print_err")
  local rc=$?
  [ $rc = 2 ] && skip "$(cat "$WORK/.print_err")"
  echo "$file ${out#PAGES }" >>"$PAGES_LOG"
  [ $rc = 0 ] || fail "print $file: $(cat "$WORK/.print_err")"
}

# ---- every report, in Chinese as posted ----
for k in needs hours points stars cases summary; do
  run_zh -o "report-$k.html" report $k --period 2026
  expect_rc 0
  look "report-$k.html" --max-pages 6 --text "宁康园社区"
done
for k in grid due; do
  run_zh -o "report-$k.html" report $k
  expect_rc 0
  look "report-$k.html" --max-pages 12 --text "宁康园社区"
done
run_zh -o report-barometer.html report barometer --period 2026
expect_rc 0
look report-barometer.html --pages 1 --text "民意晴雨表" --text "总体满意度" --text "我们做了什么"
check; ! grep -Eq '>[JNETCRV][0-9]+( |<)' report-barometer.html || fail "the barometer shows an internal id"
run_zh -o report-barometer-detail.html report barometer --period 2026 --detail
expect_rc 0
look report-barometer-detail.html --max-pages 20 --text "全部评价对象"
run -o report-barometer-en.html report barometer --period 2026
look report-barometer-en.html --pages 1 --text "Opinion barometer"
# a listing in html is a printed page too
run_zh -o volunteers.html volunteer list --limit 120
look volunteers.html --max-pages 6 --text "志愿者"

# ---- a certificate: one page, the four blocks ----
vol=$(sql s.sqlite "SELECT v.number FROM volunteer v JOIN service_hours h ON h.volunteer_id = v.id AND h.status = 'verified'
                    JOIN person p ON p.id = v.person_id WHERE p.id_number IS NOT NULL
                    GROUP BY v.id ORDER BY count(DISTINCT h.project_id) DESC, v.id LIMIT 1")
[ -n "$vol" ] || vol=$(sql s.sqlite "SELECT v.number FROM volunteer v JOIN service_hours h ON h.volunteer_id = v.id
                                     AND h.status = 'verified' GROUP BY v.id ORDER BY count(DISTINCT h.project_id) DESC LIMIT 1")
run_zh -o certificate.html volunteer certify "$vol"
expect_rc 0
look certificate.html --pages 1 --text "志愿服务证明" --text "$vol" --text "不含往返路途时间" --text "经办人" --text "证明编号" \
  --text "社区党委书记" --text "027-84560000"
idn=$(sql s.sqlite "SELECT p.id_number FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.number = '$vol'")
if [ -n "$idn" ]; then
  check; ! grep -q "$idn" certificate.html || fail "the certificate shows the full ID number without --reveal"
  check; grep -q "${idn:0:6}\*\{8\}" certificate.html || fail "the certificate lacks the masked ID number"
  run_zh --reveal -o certificate-revealed.html volunteer certify --reprint "$(sql s.sqlite "SELECT max(number) FROM certificate")"
  check; grep -q "$idn" certificate-revealed.html || fail "--reveal does not show the ID number"
fi
run_zh --format csv volunteer certificates
expect_out "宁康园社区"

# ---- the notice list: 40 entries a page ----
n=$(sql s.sqlite "SELECT count(*) FROM service_hours WHERE status = 'pending'")
check; [ "$n" -gt 40 ] || fail "the sample has only $n pending entries: too few to fill two notice pages"
run_zh -c volunteer.notice_days=5 -o notice.html volunteer notice
expect_rc 0
look notice.html --pages $(((n + 39) / 40)) --text "志愿服务时长公示" --text "公示截止" --text "如对公示内容有异议"
check; ! grep -Eq '1[3-9][0-9]{9}' notice.html || fail "the notice list shows a phone number"
run_zh -c volunteer.notice_days=5 --format csv volunteer notice
check; [ "$(printf '%s\n' "$OUT" | grep -c .)" = $((n + 1)) ] || fail "notice csv: expected $n rows"

# ---- the case files of the seed's two long disputes, and one worked through every step ----
for c in 2026-0043 2026-0106; do
  run_zh --reveal -o "dossier-$c.html" case document $c
  expect_rc 0
  look "dossier-$c.html" --max-pages 14 --text "人民调解卷宗" --text "卷内目录" --text "人民调解受理登记表" \
    --text "人民调解协议书" --text "人民调解回访记录" --text "人民调解结案报告"
done
run_zh --reveal -o dossier-cover.html case document 2026-0043 --kind cover
look dossier-cover.html --pages 1 --text "（2026）宁调字第 0043 号" --text "保管期限"
run_zh case document 2026-0043 -o refused.html
expect_rc 77
check; [ ! -e refused.html ] || fail "a refused dossier wrote a file"

mediator=$(sql s.sqlite "SELECT v.number FROM volunteer v LIMIT 1")
run case open --title 楼上漏水 --type neighbour --grid 03 --opened 2026-10-08 --summary "楼上卫生间漏水，楼下天花板受损" \
  --party "applicant:name:陈某" --party "respondent:name:刘某"
expect_rc 0
cno=$OUT
run case assign "$cno" --mediator "$mediator" --date 2026-10-08
run case session "$cno" --date 2026-10-10 --method $(sql s.sqlite "SELECT code FROM vocab WHERE kind = 'mediation-method' LIMIT 1") \
  --record "分别听取双方意见，现场查看漏水点" --outcome "双方同意先修后谈赔偿"
expect_rc 0
run case agree "$cno" --date 2026-10-15 --kind written --facts "刘某家卫生间防水层老化致楼下渗水" --issues "维修责任与赔偿数额" \
  --responsibilities "刘某负责维修并赔偿；陈某配合入户" --terms "刘某于十日内修复防水层，赔偿陈某800元" \
  --how "现金当面支付" --by 2026-10-25
expect_rc 0
run case follow-up "$cno" --date 2026-11-14 --note "已修复，赔偿已付" --result holding --satisfaction 5
expect_rc 0
run case review "$cno" --date 2026-11-15 --lessons "先修后谈，避免矛盾升级"
run case close "$cno" --date 2026-11-16
expect_rc 0
run_zh --reveal -o dossier-worked.html case document "$cno"
expect_rc 0
look dossier-worked.html --max-pages 10 --text "刘某家卫生间防水层老化致楼下渗水" --text "本协议一式 3 份" --text "先修后谈" \
  --text "分别听取双方意见"
for kind in cover index registration record agreement followup closing; do
  run_zh --reveal -o "dossier-worked-$kind.html" case document "$cno" --kind $kind
  expect_rc 0
  look "dossier-worked-$kind.html" --pages 1 --text "${cno#*-}"  # in the case number 2026-0NNN or the file number 第 0NNN 号
done
run_zh --reveal case document "$cno" --kind nonsense
check; [ "$RC" = 64 ] || [ "$RC" = 65 ] || fail "unknown --kind: exit $RC"
check; [ "$(sql s.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal' AND entity = 'case'")" -ge 10 ] || fail "dossier prints are not audited"

echo "page counts:" >&2
cat "$PAGES_LOG" >&2
finish
