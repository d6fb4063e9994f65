#!/usr/bin/env bash
# Undo: each command is one undo point; repeated undo walks back; conflicts refuse and change nothing.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }

run person add --name 王五 --household 3-2-501
run person set R1 --phone 13800138000
remember shequ.sqlite
run undo --dry-run
expect_rc 0
expect_err "would undo"
expect_err "person set R1"
expect_unchanged shequ.sqlite
run undo
expect_rc 0
expect_err "undone"
check; [ "$(sql shequ.sqlite "select coalesce(phone,'none') from person where id=1")" = none ] || fail "undo did not revert the phone"
check; [ "$(sql shequ.sqlite "select count(*) from audit where action='undo'")" = 1 ] || fail "undo not audited"
run undo
expect_rc 0
check; [ "$(sql shequ.sqlite "select count(*) from person")" = 0 ] || fail "second undo did not remove the person"
check; [ "$(sql shequ.sqlite "select count(*) from residence")" = 0 ] || fail "residence row left behind"

# Undo walks back strictly: a later change is always undone first, so rows a later change
# touched are restored before. A change made outside shequ still blocks it, changing nothing.
run household set 3-2-502 --tags 独居老人
sql shequ.sqlite "UPDATE household SET tags = 'low-income' WHERE address = '3-2-502'"
remember shequ.sqlite
run undo
expect_rc 1
expect_err "a later change touched the same rows (household)"
expect_unchanged shequ.sqlite
sql shequ.sqlite "UPDATE household SET tags = 'elderly-alone' WHERE address = '3-2-502'"
run undo
expect_rc 0
run household add --address 1-1-102
sql_checked shequ.sqlite "INSERT INTO person (name, household_id) SELECT '外部', id FROM household WHERE address = '1-1-102'"
remember shequ.sqlite
run undo
expect_rc 1
expect_err "other records now refer to what it added"
expect_unchanged shequ.sqlite

# A large import keeps no undo data: refused with a hint to restore a backup.
python3 - <<'PY'
import random
with open("big.csv", "w") as f:
    f.write("code,name,note\n")
    for i in range(100, 60000):
        f.write(f"{i},网格{i},{'备注' * 20}\n")
PY
run import grids big.csv
expect_rc 0
remember shequ.sqlite
run undo
expect_rc 1
expect_err "too large to keep undo data"
expect_unchanged shequ.sqlite

run --db empty.sqlite init
run --db empty.sqlite undo
run --db empty.sqlite undo
expect_rc 1
expect_err "nothing to undo"
finish
