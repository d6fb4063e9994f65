#!/usr/bin/env bash
# Partners, the party organisation tree and memberships with history.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "registry setup failed"; exit 1; }
# An import that changes nothing still writes its audit row: compare the records only.
records() { digest_records "$1"; }
"$SHEQU" -q person add --name 张桂兰 --household 3-2-501 --phone 13812345678 >/dev/null
"$SHEQU" -q person add --name 李建国 --household 1-1-101 >/dev/null
"$SHEQU" -q person add --name 王芳 --household 3-2-502 >/dev/null

# ---- partners ----
run partner add --name 神泉小学 --type school --contact 王老师 --phone 13871234567 --since 2021-09-01 --resources 暑期课堂场地
expect_rc 0
expect_out_eq "P1"
run partner add --name 好味早餐店 --type 爱心商户
expect_rc 0
remember shequ.sqlite
run partner add --name 神泉小学 --type school
expect_rc 1
expect_err "partner P1 already exists"
expect_unchanged shequ.sqlite
run partner add --name 某单位 --type bank
expect_rc 65
expect_err "--type (Type): \"bank\" is not a partner-type code"
expect_unchanged shequ.sqlite
run partner add --name 某单位 --type school --phone 12345
expect_rc 65
expect_err "--phone (Phone): "
expect_unchanged shequ.sqlite
run partner add --type school
expect_rc 65
expect_err "--name (Name): is required"
run --format csv partner list
expect_out "138****"
expect_no_out "13871234567"
expect_out "merchant"
run --format csv --reveal partner show P1
expect_out "13871234567"
run partner set 神泉小学 --active no
expect_rc 0
run --format csv partner list --active
expect_no_out "神泉小学"
run partner show P9
expect_rc 66

# ---- organisation tree ----
run party org add --name 宁康园社区大党委 --level committee
expect_out_eq "O1"
run party org add --name 第三网格党支部 --level branch --grid 03
expect_out_eq "O2"
run party org add --name 第一网格党支部 --level branch --grid 01
run party org add --name 3栋党小组 --level group --building 3
expect_rc 0
run --format csv party org show 3栋党小组
expect_out "第三网格党支部"   # parent found from the building's grid
run party org add --name 3-2-501党员中心户 --level central-household --household 3-2-501
expect_rc 0
remember shequ.sqlite
run party org add --name 9栋党小组 --level group --building 9
expect_rc 65
expect_err "--building (Building): no building matches \"9\""
expect_unchanged shequ.sqlite
run party org add --name 坏支部 --level branch --grid 07
expect_rc 65
expect_err "--grid (Grid): no grid matches"
run party org add --name 1栋党小组 --level group --building 1 --parent 第三网格党支部
expect_rc 65
expect_err "building 1 is in grid 01, but 第三网格党支部 is the branch of grid 03"
expect_unchanged shequ.sqlite
run party org add --name 错层 --level group --building 3 --parent 宁康园社区大党委
expect_rc 65
expect_err "is a community party committee; a building party group belongs under a grid party branch"
run party org add --name 无网格支部 --level branch
expect_rc 65
expect_err "--grid (Grid): a grid party branch is tied to its grid"
run party org add --name 多余 --level committee --grid 03
expect_rc 65
expect_err "is not tied to a grid"
run party org add --name 1-1-101中心户 --level central-household --household 1-1-101 --parent 3栋党小组
expect_rc 65
expect_err "household 1-1-101 is not in the building of 3栋党小组"
run party org add --name 第三网格党支部 --level branch --grid 03
expect_rc 1
expect_err "already exists"
run party org set 第三网格党支部 --level group
expect_rc 65
expect_err "organisations belong under it"
expect_unchanged shequ.sqlite

# ---- memberships ----
run party join 张桂兰 --org 3栋党小组 --date 2019-07-01
expect_rc 0
expect_out_eq "S1"
run party join 李建国 --org 第一网格党支部 --partner 神泉小学 --date 2026-03-01
expect_rc 0
run --format csv party member show S2
expect_out "partner-unit"   # a partner without --kind means a partner-unit member
run party join 王芳 --org 第三网格党支部 --kind directly-managed --date 2025-01-01
expect_rc 0
remember shequ.sqlite
run party join 王芳 --org 3栋党小组
expect_rc 1
expect_err "R3 王芳 is already a member of 第三网格党支部 (S3, since 2025-01-01)"
expect_err "--transfer"
expect_unchanged shequ.sqlite
run party join 王芳 --org 第三网格党支部 --transfer
expect_rc 1
expect_err "already a member of 第三网格党支部"
run party join R9 --org 3栋党小组
expect_rc 66
run party join 王芳 --org 不存在的支部
expect_rc 66
expect_err "no party organisation matches"
run party join 王芳 --org 3栋党小组 --transfer --date 2024-01-01
expect_rc 65
expect_err "before"
expect_unchanged shequ.sqlite
"$SHEQU" -q person add --name 赵敏 --household 3-2-502 >/dev/null
remember shequ.sqlite
run party join 赵敏 --org 3栋党小组 --kind partner-unit
expect_rc 65
expect_err "partner: a partner-unit member is linked to their unit"
run party join 赵敏 --org 3栋党小组 --kind resident --partner 神泉小学
expect_rc 65
expect_err "only partner-unit members are linked to a partner"
run party join 赵敏 --org 3栋党小组 --kind student
expect_rc 64
run party join 赵敏 --org 3栋党小组 --date 2026-02-30
expect_rc 65
expect_unchanged shequ.sqlite

# leave: never joined, another organisation, twice, before joining
run party leave 赵敏
expect_rc 1
expect_err "R4 赵敏 never joined a party organisation"
expect_unchanged shequ.sqlite
run party leave 张桂兰 --org 第一网格党支部
expect_rc 1
expect_err "R1 张桂兰 never joined 第一网格党支部; they are a member of 3栋党小组"
run party leave 张桂兰 --date 2018-01-01
expect_rc 65
expect_err "before the joining date 2019-07-01"
expect_unchanged shequ.sqlite
run party leave 张桂兰 --date 2026-10-31 --reason 迁出本社区
expect_rc 0
remember shequ.sqlite
run party leave 张桂兰
expect_rc 1
expect_err "is not a party member now: left 3栋党小组 on 2026-10-31"
expect_unchanged shequ.sqlite

# transfer keeps the history and the member's kind
run party join 王芳 --org 3栋党小组 --transfer --date 2026-11-01
expect_rc 0
run --format csv party history 王芳
expect_out "S3,王芳,第三网格党支部,directly-managed,,2025-01-01,2026-11-01"
expect_out "S4,王芳,3栋党小组,directly-managed,,2026-11-01,"
run --format csv party member list
expect_no_out "张桂兰"
run --format csv party member list --all --person 张桂兰
expect_out "2019-07-01,2026-10-31"
run --format csv party member list --org 第三网格党支部
expect_out "王芳"          # members of the groups below a branch count too
expect_no_out "李建国"
run --format csv party member list --kind partner-unit --partner 神泉小学
expect_out "李建国"
run --format csv partner show 神泉小学
expect_out ",1,"          # one active party member from the unit

# ---- tree ----
run --format table party tree
expect_rc 0
golden party_tree.txt
run --format json party tree
expect_out '"level": "central-household"'
expect_out '"total": 2'
LANG=C run --format table party tree
expect_out "└─ 3-2-501党员中心户"

# ---- import / export: idempotent, all-or-nothing, errors with file and line ----
run export party-orgs
expect_rc 0
printf '%s\n' "$OUT" > orgs.csv
run export memberships
printf '%s\n' "$OUT" > members.csv
expect_out "person,org,kind,partner,joined,left,reason,note"
KEEP=$(records shequ.sqlite)
run import party-orgs orgs.csv
expect_rc 0
expect_err "0 inserted, 0 updated, 5 unchanged"
run import memberships members.csv
expect_rc 0
expect_err "0 inserted, 0 updated, 4 unchanged"
check; [ "$(records shequ.sqlite)" = "$KEEP" ] || fail "re-import changed records"
cat > new-orgs.csv <<'CSV'
name,level,grid,building
第一网格党支部,branch,01,
1栋党小组,group,,1
CSV
run import party-orgs new-orgs.csv
expect_rc 0
expect_err "1 inserted, 0 updated, 1 unchanged"
run --format csv party org show 1栋党小组
expect_out "第一网格党支部"
remember shequ.sqlite
cat > bad-members.csv <<'CSV'
person,org,kind,partner,joined
赵敏,1栋党小组,resident,,2026-01-01
李建国,1栋党小组,resident,,2026-05-01
赵敏,9栋党小组,resident,,2026-01-01
CSV
run import memberships bad-members.csv
expect_rc 65
expect_err "bad-members.csv:3: joined: overlaps membership S2 in 第一网格党支部"
expect_err "bad-members.csv:4: org: no party organisation matches"
expect_err "nothing was imported"
expect_unchanged shequ.sqlite
cat > good-members.csv <<'CSV'
党员,所在党组织,党员类别,共建单位,转入日期
赵敏,1栋党小组,resident,,2026-01-01
CSV
run import memberships good-members.csv
expect_rc 0
expect_err "1 inserted"
run import memberships good-members.csv
expect_err "0 inserted, 0 updated, 1 unchanged"

# ---- import places a node under its parent as `party org add` does (issue 14 item 4) ----
# The guide's own CSV (party-and-grid-roles.md §6), blank parents and all, into a fresh file:
# each row's parent comes from its place, including parents made by earlier rows of the file.
make_registry fresh.sqlite || fail "fresh registry"
"$SHEQU" --db fresh.sqlite -q person add --name 张桂兰 --household 3-2-501 >/dev/null
cat > guide-orgs.csv <<'CSV'
name,level,parent,grid,building,household,secretary,founded,note
宁康园社区大党委,committee,,,,,,,
第三网格党支部,branch,,03,,,张桂兰,2018-07-01,
3栋党小组,group,,,3,,,,
3-2-501党员中心户,central-household,,,,3-2-501,,,
CSV
remember fresh.sqlite
run --db fresh.sqlite import party-orgs guide-orgs.csv --dry-run
expect_rc 0
expect_err "4 inserted, 0 updated, 0 unchanged"
expect_unchanged fresh.sqlite
run --db fresh.sqlite import party-orgs guide-orgs.csv
expect_rc 0
expect_err "4 inserted"
run --db fresh.sqlite --format csv party tree
expect_out "O2,O1,1,branch,第三网格党支部,03"
expect_out "O3,O2,2,group,3栋党小组,3"
expect_out "O4,O3,3,central-household,3-2-501党员中心户,3-2-501"
run --db fresh.sqlite import party-orgs guide-orgs.csv
expect_err "0 inserted, 0 updated, 4 unchanged"
# A place with no node above it is still refused, naming the row and the missing parent.
printf 'name,level,parent,grid\n第一网格党支部,branch,,01\n' > orphan.csv
"$SHEQU" --db orphan.sqlite init -q && "$SHEQU" --db orphan.sqlite -q grid add --code 01 --name a >/dev/null
run --db orphan.sqlite import party-orgs orphan.csv
expect_rc 65
expect_err "orphan.csv:2: parent: a grid party branch needs its community party committee as parent (--parent); none was found from its place"

run check
expect_rc 0
finish
