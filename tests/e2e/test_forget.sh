#!/usr/bin/env bash
# Forgetting a person (PIPL): personal data gone everywhere, counts kept, audited without it.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }

run person add --name 甄秘密 --id-number 420113195203150024 --phone 13912345678 --household 3-2-501 --note 需要关照
run person add --name 路人甲 --household 3-2-501
run person set 甄秘密 --note 独居，行动不便
run --reveal person show 甄秘密
run person move R1 --to 3-2-502 --reason "甄秘密搬家"
run grid list --format csv
before_grid=$OUT

run person forget R1
expect_rc 64
remember shequ.sqlite
run person forget R1 --reason "本人2026-11-20书面申请"
expect_rc 0
expect_err "forgotten"
run person forget R1 --reason again
expect_rc 1

# The marker strings are nowhere in the file: not in rows, not in the audit log.
for marker in 甄秘密 13912345678 420113195203150024 需要关照 行动不便 1952-03-15; do
  check
  if sqlite3 shequ.sqlite .dump | grep -q "$marker"; then fail "forgotten data still in the file: $marker"; fi
  check
  if cat shequ.sqlite shequ.sqlite-wal 2>/dev/null | grep -aq "$marker"; then fail "forgotten data still in the raw file or WAL: $marker"; fi
done
# …and nothing in any output either, even with --reveal.
for cmd in "person list --all" "person show R1" "person history R1" "audit" "export persons"; do
  run --reveal $cmd --format csv
  check; [[ "$OUT" != *甄秘密* && "$OUT" != *13912345678* ]] || fail "$cmd shows forgotten data"
done
# Counts stay: the person is still a resident of grid 03.
run grid list --format csv
expect_out_eq "$before_grid"
run audit --format csv --fields action,command
expect_out 'forget,shequ --lang en person forget R1'
run undo
expect_rc 1
expect_err "cannot be undone"
run check
expect_rc 0
finish
