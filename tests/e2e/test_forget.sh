#!/usr/bin/env bash
# Forgetting a person (PIPL): personal data gone everywhere, counts kept, audited without it.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }

run person add --name 甄秘密 --id-number 420113195203150024 --phone 13912345678 --household 3-2-501 --note 需要关照
run person add --name 路人甲 --household 3-2-501
run person set 甄秘密 --note 独居，行动不便
run --reveal person show 甄秘密
run person move R1 --to 3-2-502 --reason "甄秘密搬家"
# The person in the other nouns: party, roles, cases (as a person and named by text), needs,
# deliveries, events, a partner's contact, a household's phone, free text naming them.
setup() { run "$@"; [ "$RC" = 0 ] || fail "setup: $*"; }
setup household set 3-2-502 --phone 13912345678
setup partner add --name 物业公司 --type property-company --contact 甄秘密 --phone 13912345678 --note "联系甄秘密"
setup party org add --name 社区党委 --level committee
setup party join R1 --org 社区党委 --note 党员备注MARK1
setup role assign R1 grid-leader --grid 03 --note 角色备注MARK2
setup case open --title "甄秘密与邻居" --type neighbour --grid 03 --party applicant:R1 --party respondent:name:甄秘密 \
  --party party:R2 --summary "甄秘密反映漏水，电话13912345678"
setup case note 2026-0001 "走访甄秘密家"
setup need add --title 扶手 --category facilities --person R1 --description "甄秘密家需要扶手" --note 需求备注MARK3
setup need accept N1
setup need progress N1 --percent 50 --note "已联系甄秘密"
setup programme add --name 养老服务圈 --site centre:服务中心
setup programme deliver Q1 --site 服务中心 --service-type meal --count 1 --mode delivered --recipient R1 --note 送餐备注MARK4
setup event add --name 便民节 --date 2026-11-08 --place 广场
setup event attend E1 --person R1 --note 参与备注MARK5
setup meeting add --kind council --date 2026-10-12 --grid 03 --topics "甄秘密提出的扶手"
# As a volunteer: verified hours (unchangeable once decided) and an issued certificate.
setup volunteer add --person R1 --joined 2026-01-01 --note 志愿者备注MARK6
setup project add --name 清洁家园 --post-type dedication
setup volunteer log-hours V1 --date 2026-11-20 --start 09:00 --end 10:00 --activity 清扫 --project 清洁家园 --served "甄秘密的邻居"
setup volunteer verify --pending
setup volunteer certify V1
counts() { sql shequ.sqlite "SELECT (SELECT count(*) FROM mediation_case) || ' ' || (SELECT count(*) FROM case_party) || ' ' ||
  (SELECT count(*) FROM case_entry) || ' ' || (SELECT count(*) FROM need) || ' ' || (SELECT sum(count) FROM delivery) || ' ' ||
  (SELECT count(*) FROM event_participant) || ' ' || (SELECT count(*) FROM party_membership) || ' ' || (SELECT count(*) FROM grid_role) || ' ' ||
  (SELECT sum(minutes) FROM service_hours WHERE status = 'verified') || ' ' || (SELECT points_balance FROM volunteer) || ' ' || (SELECT count(*) FROM certificate)"; }
before_counts=$(counts)
run grid list --format csv
before_grid=$OUT

markers=(甄秘密 13912345678 420113195203150024 需要关照 行动不便 1952-03-15 MARK1 MARK2 MARK3 MARK4 MARK5 MARK6)
if [ "$ENGINE" = postgresql ]; then  # the sweep after forget below finds what is there to find
  check; [ "$(sweep shequ.sqlite "${markers[@]}" | cut -d' ' -f2 | sort -u | wc -l)" = ${#markers[@]} ] ||
    fail "before forget the sweep misses some markers: $(sweep shequ.sqlite "${markers[@]}" | cut -d' ' -f2 | sort -u | tr '\n' ' ')"
fi
run person forget R1
expect_rc 64
remember shequ.sqlite
run person forget R1 --reason "本人2026-11-20书面申请"
expect_rc 0
expect_err "forgotten"
run person forget R1 --reason again
expect_rc 1

# The marker strings are nowhere in the data: not in rows, not in the audit log. In a file, not
# in its raw bytes or WAL either; on a server, in no column of any table of the community's
# schema (the capture table too), read by raw SQL.
for marker in "${markers[@]}"; do
  check
  if dump shequ.sqlite | grep -q "$marker"; then fail "forgotten data still in the data: $marker"; fi
  if [ "$ENGINE" = sqlite ]; then
    check
    if cat shequ.sqlite shequ.sqlite-wal 2>/dev/null | grep -aq "$marker"; then fail "forgotten data still in the raw file or WAL: $marker"; fi
  fi
done
if [ "$ENGINE" = postgresql ]; then
  check; left=$(sweep shequ.sqlite "${markers[@]}"); [ -z "$left" ] || fail "forgotten data still readable on the server: $left"
fi
# …and nothing in any output either, even with --reveal.
for cmd in "person list --all" "person show R1" "person history R1" "audit" "export persons"; do
  run --reveal $cmd --format csv
  check; [[ "$OUT" != *甄秘密* && "$OUT" != *13912345678* ]] || fail "$cmd shows forgotten data"
done
# Counts stay: the person is still a resident of grid 03.
run grid list --format csv
expect_out_eq "$before_grid"
check; [ "$(counts)" = "$before_counts" ] || fail "counts changed: $(counts), were $before_counts"
# The rows stay, linked to the person; texts about them are gone or say (已删除).
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM case_party WHERE name = '(已删除)'")" = 1 ] || fail "text party not replaced"
check; [ "$(sql shequ.sqlite "SELECT person_id FROM delivery")" = 1 ] || fail "delivery lost its recipient link"
check; [ "$(sql shequ.sqlite "SELECT title FROM mediation_case")" = "(已删除)与邻居" ] || fail "case title still names the person"
run audit --format csv --fields action,command
expect_out 'forget,shequ '  # on a server the line names the server too (--db URL)
expect_out '--lang en person forget R1'
run undo
expect_rc 1
expect_err "cannot be undone"
run check
expect_rc 0
finish
