#!/usr/bin/env bash
# Undo of commands that wrote append-only records: reversal entries, never deletions; `shequ
# check` passes after every undo; refusals change nothing.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }
db=shequ.sqlite
ok() { run check; expect_rc 0; }
rows() { sql $db "select count(*) from $1"; }

run person add --name 张桂兰 --household 3-2-501
run volunteer add --person R1 --joined 2025-01-10
run project add --name 清洁家园 --post-type dedication
run reward add --name 洗衣液 --cost 1 --stock 5

# ---- log-hours → verify → undo → undo ----
run volunteer log-hours V1 --date 2026-11-20 --minutes 120 --activity 楼道清扫 --project 清洁家园
expect_rc 0
run volunteer verify 1
expect_rc 0
check; [ "$(sql $db 'select points_balance from volunteer where id=1' | numbers)" = 2 ] || fail "verification earned no points"
remember $db
run undo --dry-run
expect_rc 0
expect_err "would undo"
expect_err "entry 2 reverses entry 1 (earn 2)"
expect_err "service entry 1: verified → pending"
expect_unchanged $db
run undo
expect_rc 0
expect_err "undone"
expect_err "reverses entry 1"
ok
check; [ "$(rows points_ledger)" = 2 ] || fail "the ledger lost or missed an entry"
check; [ "$(sql $db "select status from service_hours where id=1")" = pending ] || fail "entry not back to pending"
check; [ "$(sql $db 'select points_balance from volunteer where id=1' | numbers)" = 0 ] || fail "balance not restored"
run volunteer hours --format csv --fields status,points
expect_out "pending,"
run undo
expect_rc 0
ok
check; [ "$(sql $db "select status || ' ' || reason from service_hours where id=1")" = "rejected undone (#$(sql $db "select undoes from audit where action = 'undo' order by id desc limit 1"))" ] || fail "logged entry not rejected as undone"
check; [ "$(rows service_hours)" = 1 ] || fail "a service entry was deleted"

# ---- void → undo: verified again, points earned again ----
run volunteer log-hours V1 --date 2026-11-21 --minutes 60 --activity 陪伴
run volunteer verify 2
run volunteer void 2 --reason 重复
expect_rc 0
run undo
expect_rc 0
expect_err "restores entry 3"
ok
check; [ "$(sql $db "select status from service_hours where id=2")" = verified ] || fail "void not undone"
check; [ "$(sql $db 'select points_balance from volunteer where id=1' | numbers)" = 1 ] || fail "points not earned again"

# ---- redeem → undo: the redemption stays, marked returned; stock and points come back ----
run points redeem V1 洗衣液
expect_rc 0
check; [ "$(sql $db 'select stock from reward')" = 4 ] || fail "stock not taken"
run undo
expect_rc 0
expect_err "redemption 1 marked returned"
ok
check; [ "$(rows redemption)" = 1 ] || fail "the redemption was deleted"
check; [ "$(sql $db 'select stock from reward')" = 5 ] || fail "stock not restored"
check; [ "$(sql $db 'select points_balance from volunteer where id=1' | numbers)" = 1 ] || fail "points not refunded"
run --format csv reward redemptions
expect_out ",2026-11-29"
run --format csv points balance V1
expect_out "1,0,0,0,0,1"

# ---- points spent outside the audit trail: reversing them would go below zero ----
run points bonus V1 5 --reason 起始
sql $db "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, operator) VALUES (1, '2026-11-29T12:00:00', 'adjust', -5, 1, 'x'); UPDATE volunteer SET points_balance = 1"
remember $db
run undo
expect_rc 1
expect_err "V1 has a balance of 1; reversing entry"
expect_err "below zero"
expect_unchanged $db
sql $db "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, operator) VALUES (1, '2026-11-29T12:01:00', 'adjust', 5, 6, 'x'); UPDATE volunteer SET points_balance = 6"
run undo
expect_rc 0
ok

# ---- case note → undo; case open → refused ----
run case open --title 楼上漏水 --type neighbour --grid 03 --party applicant:张桂兰 --opened 2026-11-01
expect_rc 0
run case session 2026-0001 --method warm-heart --outcome progress --date 2026-11-02
run case note 2026-0001 "第二次沟通" --date 2026-11-03
expect_rc 0
run undo
expect_rc 0
expect_err "case 2026-0001: timeline note 'undone'"
ok
check; [ "$(sql $db "select kind || ' ' || code || ' ' || status_after from case_entry order by id desc limit 1")" = "note undone mediating" ] || fail "no undone entry on the timeline"
check; [ "$(rows case_entry)" = 4 ] || fail "a timeline entry was deleted"
run undo
expect_rc 0
ok
check; [ "$(sql $db "select status from mediation_case")" = open ] || fail "session not undone"
remember $db
run undo
expect_rc 1
expect_err "case numbers stay gap-free"
expect_unchanged $db

# ---- need progress → undo ----
run need add --title 楼道灯不亮 --category facilities
run need accept N1
run need progress N1 --percent 40 --note 已报物业
expect_rc 0
run undo
expect_rc 0
expect_err "progress of N1: note 1 withdrawn, back to 0%"
ok
check; [ "$(rows need_progress)" = 2 ] || fail "a progress note was deleted"
check; [ "$(sql $db "select status from need")" = accepted ] || fail "need status not restored"

# ---- an undo is never undone: the next one walks further back ----
run undo
expect_rc 0
expect_err "need accept N1"

# ---- a bulk verification undone: a screenful of entries and a count; --all lists them all ----
for d in 01 02 03 04 05 06 07 08 09 10 11 12; do
  run volunteer log-hours V1 --date 2026-10-$d --minutes 30 --activity 巡楼
  expect_rc 0
done
run volunteer verify --pending --until 2026-11-28
expect_rc 0
run undo --dry-run
expect_rc 0
expect_err "and 14 more (--all lists them)"   # 12 reversals + 12 entries back to pending = 24 lines
check; [ "$(grep -c "^  " <<<"$ERR")" = 11 ] || fail "expected 10 entries and one count line, got: $ERR"
run undo --dry-run --all
expect_rc 0
check; [ "$(grep -c "^  " <<<"$ERR")" = 24 ] || fail "--all did not list every entry: $ERR"
run undo
expect_rc 0
ok
check; [ "$(sql $db "select count(*) from service_hours where status = 'pending'")" -ge 12 ] || fail "verification not undone"
finish
