#!/usr/bin/env bash
# The registry of places and people: add/list/show/set, references, validation, masking.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }

# Adding and references.
run person add --name 张桂兰 --id-number 420113195203150024 --household 3-2-501 --phone 13912345678 --tags 独居老人
expect_rc 0
expect_out_eq "R1"
run person show 张桂兰 --format json
expect_rc 0
expect_out '"birth_date": "1952-**-**"'
expect_no_out '1952-03-15'
expect_out '"gender": "F"'
expect_out '"tags": [
      "elderly-alone"
    ]'
expect_out '"phone": "139****5678"'
expect_out '"id_number": "420113************"'
expect_no_out '13912345678'

# --reveal shows the numbers and is audited.
before=$(sql shequ.sqlite "select count(*) from audit where action='reveal'")
run --reveal person show R1 --format json
expect_out '"phone": "13912345678"'
check; [ "$(sql shequ.sqlite "select count(*) from audit where action='reveal'")" = $((before + 1)) ] || fail "reveal not audited"
run --reveal person list --format csv
expect_out "13912345678"
check; [ "$(sql shequ.sqlite "select count(*) from audit where action='reveal'")" = $((before + 2)) ] || fail "reveal list not audited"

# Natural keys that read as ids are refused at creation.
remember shequ.sqlite
run building add --number B7 --grid 01
expect_rc 65
expect_err "would read as a record id"
expect_unchanged shequ.sqlite

# Bad input, one rule each: exit 65, the field named, nothing written.
bad() { # expected-text args…
  local want=$1; shift
  remember shequ.sqlite
  run "$@"
  expect_rc 65
  expect_err "$want"
  expect_unchanged shequ.sqlite
}
bad '--phone (Phone): "1380013800" is not' person add --name 王五 --phone 1380013800
bad '--id-number (ID number): check digit should be' person add --name 王五 --id-number 420113195203150025
bad '--id-number (ID number): ' person add --name 王五 --id-number 42011319520315002
bad '--birth-date (Born): 1950-01-01 does not match the ID number (1952-03-15)' person add --name 王五 --id-number 420113195203150032 --birth-date 1950-01-01
bad '--gender (Gender): F does not match the ID number (M)' person add --name 王五 --id-number 420113195203150032 --gender F
bad '--birth-date (Born): "1990-02-30" is not a date' person add --name 王五 --birth-date 1990-02-30
bad '--gender (Gender): "X" is not one of M (male), F (female)' person add --name 王五 --gender X
bad '--tags (Tags): "vip" is not a person-tag code' person add --name 王五 --tags vip
bad '--residency (Residency): ' person add --name 王五 --residency tourist
bad '--address (Address): building 9 does not exist' household add --address 9-1-101
bad '--address (Address): building 3 has 3 units, not 4' household add --address 3-4-101
bad '--address (Address): room 801 is on floor 8, building 3 has 7 floors' household add --address 3-1-801
bad '--address (Address): "3-2" is not an address' household add --address 3-2
bad '--national-code (National code): "12345" is not a 12- or 15-digit grid code' grid add --code 05 --name x --national-code 12345
bad '--units (Units): "three" is not a whole number' building add --number 8 --grid 01 --units three
bad '--name (Name): is required' grid add --code 06

# Unknown reference: 66 with a hint; ambiguous: 65 listing the candidates.
remember shequ.sqlite
run person add --name 王五 --household 3-9-101
expect_rc 65
expect_err 'no household matches "3-9-101"'
run person show R99
expect_rc 66
run person add --name 李明 --household 1-1-101 --moved-in 2020-01-01
run person add --name 李明 --household 3-2-502
run person show 李明
expect_rc 65
expect_err "ambiguous"
expect_err "R2"
expect_err "R3"
run person show R2
expect_rc 0

# Duplicates are refused with exit 1.
remember shequ.sqlite
run person add --name 李明 --household 1-1-101
expect_rc 1
expect_err "already exists"
expect_unchanged shequ.sqlite
run grid add --code 01 --name 重复
expect_rc 1

# set changes only what is given; unchanged is reported.
run person set R2 --phone 13700001111
expect_rc 0
expect_err "updated"
run person set R2 --phone 13700001111
expect_err "unchanged"
run person set R2
expect_rc 64

# Household address normalisation from the Chinese form.
run household add --address 1栋2单元301室
expect_rc 0
check; [ "$(sql shequ.sqlite "select address from household where id = $OUT" 2>/dev/null || sql shequ.sqlite "select address from household order by id desc limit 1")" = "1-2-301" ] || fail "address not normalised"

# Moving keeps history; moved-out persons leave the default list.
run person move R2 --to 3-2-502 --date 2026-10-01 --reason 换房
expect_rc 0
run person history R2 --format csv
expect_out "1-1-101,"
expect_out "3-2-502,2026-10-01"
run person move R2 --out --date 2026-11-01
run person list --format csv
expect_no_out "R2,"
run person list --all --format csv
expect_out "R2,"
run person move R1 --to 9-9-909
expect_rc 66

# Filters: grid, tag, age, residency.
run person list --grid 03 --format csv --fields id,name
expect_out "R1,张桂兰"
expect_no_out "R2"
run person list --tag elderly-alone --format csv --fields id
expect_out "R1"
run person list --age-min 75 --format csv --fields id
expect_no_out "R1"
run person list --age-min 74 --age-max 74 --format csv --fields id
expect_out "R1"
run person list --grid 99
expect_rc 66

# Search by part of a Chinese name, an address; a phone only whole (a part would confirm the
# digits its mask hides), and with --reveal by part too.
run person search 桂兰 --format csv --fields id,name
expect_out "R1,张桂兰"
run person search 3-2-5 --format csv --fields id
expect_out "R1"
run person search 1234567 --format csv --fields id,phone
expect_no_out "R1"
run person search 13912345678 --format csv --fields id,phone
expect_out "R1,139****5678"
run person search 420113195203150024 --format csv --fields id
expect_out "R1"
run --reveal person search 1234567 --format csv --fields id,phone
expect_out "R1,13912345678"

# The audit log names the operator and masks numbers in the command line.
run audit --entity person --format csv
expect_out "$ME"
expect_no_out "13912345678"
expect_out "139****5678"

# A careless value on the command line: the message names the option typed and the field's
# label in the user's language (not the field's key), quotes the value as that language does,
# exits 65 and changes nothing.
remember shequ.sqlite
run_zh person add --name 张三 --birth-date 1960/13/01
expect_rc 65
expect_err "shequ: error: --birth-date（出生日期）：“1960/13/01”不是有效日期"
run person add --birth-date 1960-01-01
expect_rc 65
expect_err "--name (Name): is required"
run_zh person set R1 --phone 1381234
expect_rc 65
expect_err "--phone（手机号）：“1381234”不是 11 位手机号"
run person set R1 --phone 1381234
expect_rc 65
expect_err "--phone (Phone): \"1381234\" is not"
run_zh person add --name 张三 --id-number 42011319520315002X
expect_rc 65
expect_err "--id-number（身份证号）："
expect_unchanged shequ.sqlite

# Grid overview counts.
run grid list --format csv
expect_out "G1,01,第一网格,1,2,0"
expect_out "G2,03,第三网格,1,2,2"

finish
