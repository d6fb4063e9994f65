#!/usr/bin/env bash
# Grid roles with history, the 1+1+N rules, neighbourhood leaders' coverage (包保) and the
# coverage report.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "registry setup failed"; exit 1; }
"$SHEQU" -q building add --number 5 --grid 03 --units 2 --floors 6 >/dev/null
"$SHEQU" -q household add --address 5-1-101 >/dev/null
"$SHEQU" -q household add --address 5-2-201 >/dev/null
"$SHEQU" -q person add --name 张桂兰 --household 3-2-501 --phone 13812345678 >/dev/null
"$SHEQU" -q person add --name 李建国 --household 1-1-101 >/dev/null
"$SHEQU" -q person add --name 王芳 --household 3-2-502 >/dev/null
"$SHEQU" -q person add --name 陈细久 --household 5-1-101 >/dev/null

# Before anything: every grid incomplete, nothing covered.
run --format csv role coverage
expect_rc 0
expect_out "2,2,7,7,5,5,0"
expect_out "03,第三网格,,,0,\"committee-member,officer,central-household\""

# ---- the 1+1+N team of grid 03 ----
run role assign 张桂兰 committee-member --grid 03 --date 2025-01-01
expect_rc 0
expect_out_eq "A1"
remember shequ.sqlite
run role assign 王芳 committee-member --grid 3
expect_rc 1
expect_err "grid 03 already has a committee member: R1 张桂兰 (A1, since 2025-01-01)"
expect_err "--replace"
expect_unchanged shequ.sqlite
run role assign 王芳 officer --grid 03 --date 2025-01-01
expect_rc 0
remember shequ.sqlite
run role assign 李建国 officer --grid 03
expect_rc 1
expect_err "grid 03 already has a public-service officer: R3 王芳 (A2, since 2025-01-01)"
expect_unchanged shequ.sqlite
run role assign 张桂兰 central-household --date 2025-01-01
expect_rc 0
remember shequ.sqlite
run --format csv role show A3
expect_out "3-2-501"     # the person's own household, grid found from it
run role assign 王芳 central-household --household 1-1-101 --grid 03
expect_rc 65
expect_err "household 1-1-101 is in grid 01, not 03"
run role assign 王芳 grid-leader --grid 99
expect_rc 66
run role assign R99 grid-leader --grid 03
expect_rc 66
run role assign 王芳 chairman --grid 03
expect_rc 64
run role assign 王芳 grid-leader
expect_rc 65
expect_err "grid: is required"
expect_unchanged shequ.sqlite

# ---- neighbourhood leaders (包保) ----
run role assign 陈细久 neighbourhood-leader --grid 03 --covers "3-1, 3-2, 5栋1单元" --date 2025-03-01
expect_rc 0
expect_out_eq "A4"
run --format csv role show A4
expect_out ",03,,\"3-1,3-2,5-1\",3,"   # normalised; 3 households covered
remember shequ.sqlite
# Decision: a neighbourhood leader covers buildings of the role's own grid only.
run role assign 李建国 neighbourhood-leader --grid 01 --covers 1,3-3
expect_rc 65
expect_err "covers: building 3 is in grid 03, not 01; a neighbourhood leader covers buildings of their role's grid (assign another role with --grid 03)"
expect_unchanged shequ.sqlite
run role assign 李建国 neighbourhood-leader --grid 01 --covers 9
expect_rc 65
expect_err "covers: building 9 does not exist"
run role assign 李建国 neighbourhood-leader --grid 01 --covers 1-3
expect_rc 65
expect_err "covers: building 1 has 2 units, not 3"
run role assign 李建国 neighbourhood-leader --grid 01 --covers "一栋"
expect_rc 65
expect_err "is not a building (3) or a unit (3-2)"
run role assign 李建国 neighbourhood-leader --grid 01
expect_rc 65
expect_err "covers: a neighbourhood leader is responsible for named buildings or units"
run role assign 李建国 grid-leader --grid 01 --covers 1
expect_rc 65
expect_err "only a neighbourhood leader covers buildings, not a grid leader"
run role assign 陈细久 neighbourhood-leader --grid 03 --covers 5-2
expect_rc 1
expect_err "R4 陈细久 is already neighbourhood leader of grid 03 (A4, since 2025-03-01)"
expect_err "role set A4 --covers"
expect_unchanged shequ.sqlite
run role set A4 --covers 3-1,3-2,5
expect_rc 0
run --format csv role show A4
expect_out "\"3-1,3-2,5\",4,"
run role set A4 --covers 1
expect_rc 65
expect_err "building 1 is in grid 01, not 03"
# Covered from grid 01 by the role in that grid, found from the covered building.
run role assign 陈细久 neighbourhood-leader --covers 1-1
expect_rc 0
run --format csv role show A5
expect_out "陈细久,neighbourhood-leader,01"

# ---- the team of one grid; coverage ----
run --format csv role list --grid 03
expect_out "A1,张桂兰,committee-member"
expect_no_out "李建国"
check; [ "$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f3)" = committee-member ] || fail "team not in 1+1+N order"
check; [ "$(printf '%s\n' "$OUT" | sed -n 3p | cut -d, -f3)" = officer ] || fail "officer not second"
expect_out "138****5678"
expect_no_out "13812345678"
run --format json role coverage
expect_out '"incomplete_teams": 1'
expect_out '"uncovered_units": 2'
expect_out '"uncovered_households": 0'
expect_out '"missing": "committee-member,officer,central-household"'
run --format csv role coverage --grid 03
expect_out "1,0,5,1,4,0,100"
expect_out "03,3,3,0,0"
run --format table role coverage
expect_rc 0
golden role_coverage.txt

# ---- history: end, hand over, end twice, overlaps ----
run role end A2 --date 2024-12-01
expect_rc 65
expect_err "before the start 2025-01-01"
run role end A2 --date 2026-06-30 --reason 调任
expect_rc 0
remember shequ.sqlite
run role end A2
expect_rc 1
expect_err "A2 (public-service officer) already ended on 2026-06-30"
expect_unchanged shequ.sqlite
run role end A99
expect_rc 66
run role assign 李建国 officer --grid 03 --date 2026-06-01
expect_rc 1
expect_err "already has a public-service officer: R3 王芳 (A2, 2025-01-01 – 2026-06-30)"
run role assign 李建国 officer --grid 03 --date 2026-06-30
expect_rc 0
run role assign 王芳 committee-member --grid 03 --date 2026-11-01 --replace
expect_rc 0
run --format csv role list --grid 03 --role committee-member --all
expect_out "A1,张桂兰,committee-member,03,,,,138****5678,2025-01-01,2026-11-01"
expect_out "王芳,committee-member,03,,,,,2026-11-01,"
run --format csv role list --grid 03 --role committee-member
expect_no_out "张桂兰"
run --format csv party history 张桂兰
expect_out "2025-01-01,2026-11-01"

# ---- import / export ----
KEEP=$(digest_records shequ.sqlite)
run export roles
expect_rc 0
expect_out "person,role,grid,household,covers,from,to,reason,note"
printf '%s\n' "$OUT" > roles.csv
run import roles roles.csv
expect_rc 0
expect_err "0 inserted, 0 updated, 7 unchanged"
check; [ "$(digest_records shequ.sqlite)" = "$KEEP" ] || fail "re-import changed records"
remember shequ.sqlite
cat > bad-roles.csv <<'CSV'
person,role,grid,covers,from
李建国,committee-member,03,,2026-11-20
李建国,neighbourhood-leader,01,3-3,2026-01-01
王芳,officer,01,,2026-12-40
CSV
run import roles bad-roles.csv
expect_rc 65
expect_err "bad-roles.csv:2: role: grid 03 already has a committee member: R3 王芳"
expect_err "bad-roles.csv:3: covers: building 3 is in grid 03, not 01"
expect_err "bad-roles.csv:4: from:"
expect_unchanged shequ.sqlite
cat > new-roles.csv <<'CSV'
姓名,职务,网格,包保楼栋/单元
李建国,neighbourhood-leader,01,1-2
李建国,grid-leader,01,
CSV
run import roles new-roles.csv
expect_rc 0
expect_err "2 inserted"
run import roles new-roles.csv
expect_err "0 inserted, 0 updated, 2 unchanged"
run --format csv role coverage --grid 01
expect_out "1,1,2,0,1,0,100"

run check
expect_rc 0
finish
