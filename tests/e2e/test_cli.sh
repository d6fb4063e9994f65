#!/usr/bin/env bash
# The command line itself: usage errors 64, --help and --version 0, help exit-codes, languages.
. "$(dirname "$0")/lib.sh"

run --version
expect_rc 0
expect_out "shequ 0."
run --help
expect_rc 0
expect_out "person"
run person add --help
expect_rc 0
expect_out "Example:"
expect_out "--id-number"
run frobnicate
expect_rc 64
run person
expect_rc 64
run person list --no-such-flag
expect_rc 64
run
expect_rc 64
run help exit-codes --format csv
expect_rc 0
for code in 0 1 64 65 66 74 75 77 78 130; do
  expect_out $'\n'"$code,"
done
run_zh help exit-codes --format csv
expect_out "数据文件忙"
# Messages follow --lang; data keys stay ASCII in both languages.
"$SHEQU" init -q
run_zh grid show G9
expect_rc 66
expect_err "不存在"
run_zh --format csv grid list
expect_out "id,code,name"
finish
