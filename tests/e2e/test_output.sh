#!/usr/bin/env bash
# One output layer for every listing: formats, Chinese alignment under LANG=C, files, colour.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }
"$SHEQU" -q person add --name 欧阳娜娜 --household 3-2-501 --birth-date 1950-05-01 --tags 独居老人,低保 >/dev/null
"$SHEQU" -q person add --name "Li Lei" --household 1-1-101 --birth-date 1990-05-01 >/dev/null

# Golden tables with Chinese text, in both languages, under LANG=C (set by lib.sh).
run_zh --format table grid list
golden grid_list_zh.txt
run --format table person list
golden person_list_en.txt
run_zh --format table household show 3-2-501
golden household_show_zh.txt
# Every line of the Chinese table has the same display width as its header (columns line up).
run_zh --format table building list
widths=$(printf '%s\n' "$OUT" | python3 -c 'import sys,unicodedata
for l in sys.stdin.read().splitlines():
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l))' | sort -u | wc -l)
check; [ "$widths" = 1 ] || fail "table rows have different display widths"

# Piped output defaults to TSV with keys, no truncation, no colour.
run grid list
expect_out $'id\tcode\tname\tbuildings\thouseholds\tresidents'
expect_no_out $'\e['
run --format csv --no-headers --fields name,id person list
expect_out_eq $'欧阳娜娜,R1\r\nLi Lei,R2\r'
run --format csv --fields nope person list
expect_rc 64
expect_err "nope"
run --format xml grid list
expect_rc 64
run --format json person list --fields id,age,tags
expect_out '"age": 76'
# tags are a list in json (codes, as csv has them); table and md show their labels.
run --format jsonl person list --fields id,tags --limit 1
expect_out '"tags":["elderly-alone","low-income"]'
run --format csv person list --fields id,gender,residency,tags --limit 1
expect_out 'R1,,registered,"elderly-alone,low-income"'
run --format md person list --fields id,residency,tags --limit 1
expect_out '| R1 | registered | Elderly living alone, Low income (dibao) |'
run_zh --format table person list --fields id,residency,tags --limit 1
expect_out '户籍人口  独居老人、低保'
run --format jsonl grid list --fields code
expect_out_eq $'{"code":"01"}\n{"code":"03"}'
run --format md building list --fields number,grid,units
expect_out '| Number | Grid | Units |'
expect_out '| ---: |'

# -o writes atomically; the extension picks the format; the mode follows the umask (test_files.sh).
run -o grids.json grid list
expect_rc 0
expect_out_eq ""
check; python3 -c 'import json;d=json.load(open("grids.json"));assert d[0]["code"]=="01"' || fail "grids.json not JSON"
check; [ "$(stat -c %a grids.json)" = "$(printf '%o' $((0666 & ~$(umask))))" ] || fail "output file mode"
run -o grids.md grid list
check; grep -q '^| ID |' grids.md || fail "md by extension"
run -o nodir/x.csv grid list
expect_rc 74
check; [ -z "$(ls -A . | grep '\.tmp')" ] || fail "temporary file left behind"

# Colour only when asked or on a terminal; NO_COLOR wins over auto.
run --format table --color always grid list
expect_out $'\e[1m'
run --format table --color never grid list
expect_no_out $'\e['

# On a terminal (script(1) gives one): table by default, bold headers, unless NO_COLOR.
if command -v script >/dev/null; then
  script -qec "$SHEQU --lang en grid list" /dev/null > tty.out 2>&1
  check; grep -q $'\e\[1m' tty.out || fail "no colour on a terminal"
  check; grep -q "Code" tty.out || fail "terminal default is not the table"
  NO_COLOR=1 script -qec "$SHEQU --lang en grid list" /dev/null > tty.out 2>&1
  check; ! grep -q $'\e\[1m' tty.out || fail "NO_COLOR not honoured"
fi

# Control characters never reach the terminal raw; TSV escapes tabs and newlines. shequ refuses
# them in new values (issue 13.4), so the name is one a file made before that rule could hold.
run person add --name $'坏\e[31m人\tX' --household 1-1-101
expect_rc 65
sql shequ.sqlite "INSERT INTO person (name, household_id) VALUES ('"$'坏\e[31m人\tX'"', 1)"
run --format table person list
expect_no_out $'\e[31m'
expect_out '\x1b'
run person list --fields name
expect_out '坏\x1b[31m人\tX'

finish
