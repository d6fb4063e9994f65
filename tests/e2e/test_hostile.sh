#!/usr/bin/env bash
# Hostile input: SQL metacharacters, control characters, bidirectional overrides, invalid UTF-8,
# 1 MB fields and 10,000 columns, in arguments, names, notes and CSV files. Each value is either
# stored verbatim and printed harmlessly (no raw control or bidi characters on the table or md
# output, columns still aligned; csv/json give it back byte for byte) or refused with exit 65
# and nothing written. Control characters are refused in every value (issue 13.4), except tabs
# and line breaks in free text such as notes; text longer than its field allows is refused.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }

# harmless FILE: no raw ESC, C0/C1 control (but newline), DEL, or bidi formatting character.
harmless() {
  python3 - "$1" <<'PY'
import sys, re
data = open(sys.argv[1], 'rb').read()
text = data.decode('utf-8', errors='replace')
bad = re.findall('[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]', text)
if bad:
    print('raw characters:', sorted(set(hex(ord(c)) for c in bad)))
    sys.exit(1)
PY
}
# aligned FILE WORD: WORD starts at the same display column on every line that holds it.
aligned() {
  python3 - "$1" "$2" <<'PY'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 0 if unicodedata.combining(c) else 1 for c in s)
cols = set()
for line in open(sys.argv[1], encoding='utf-8'):
    i = line.find(sys.argv[2])
    if i >= 0: cols.add(width(line[:i]))
if len(cols) != 1:
    print('column of', sys.argv[2], 'moves:', sorted(cols)); sys.exit(1)
PY
}

values=(
  "Robert'); DROP TABLE person;--"
  "x' OR '1'='1"
  '"; DELETE FROM audit; --'
  "%_\\ LIKE 'a%'"
  $'bidi\u202eevil.exe\u202c'
  $'isolate\u2066x\u2069'
  '{} %s %n $(whoami) `id`'
  '<script>alert(1)</script> | md | pipe'
)
# Control characters: refused in a name and in a note (65, the field named, nothing written).
controls=(
  $'red\e[31mRED\e[0m'
  $'title\e]0;pwned\a'
  $'bell\adel\x7f'
  $'csi\xc2\x9b2J'
  $'cr\ronly'
)
remember shequ.sqlite
for v in "${controls[@]}"; do
  run person add --name "$v" --household 1-1-101
  expect_rc 65
  expect_err "--name (Name): contains the control character"
  run person add --name ok --household 1-1-101 --note "$v"
  expect_rc 65
  expect_err "--note (Note): contains the control character"
done
# …and line breaks and tabs in a one-line name
for v in $'line1\nline2' $'tab\tsep'; do
  run person add --name "$v" --household 1-1-101
  expect_rc 65
  expect_err "--name (Name): contains the control character"
done
expect_unchanged shequ.sqlite
names=()
i=0
for v in "${values[@]}"; do
  i=$((i + 1))
  run person add --name "$v" --household 1-1-101 --note "$v"
  expect_rc 0
  names+=("R${OUT#R}")
done
# Free text keeps its tabs and line breaks (CRLF too): two more people with them in their notes.
multi=($'line1\nline2\r\nline3' $'tab\tsep')
for v in "${multi[@]}"; do
  run person add --name "note$((${#names[@]} + 1))" --household 1-1-101 --note "$v"
  expect_rc 0
  names+=("R${OUT#R}")
done
count=${#names[@]}
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM person")" = "$count" ] || fail "not every hostile name was stored"
check; sql shequ.sqlite "SELECT count(*) FROM person" >/dev/null && sql shequ.sqlite "SELECT count(*) FROM audit" >/dev/null ||
  fail "a table went missing"

# Stored verbatim: every value reads back byte for byte (json and csv), by id.
i=0
for v in "${values[@]}" "${multi[@]}"; do
  i=$((i + 1))
  run --reveal person show "R$i" --format json
  got=$(printf '%s' "$OUT" | python3 -c 'import sys, json; d = json.load(sys.stdin); d = d[0] if isinstance(d, list) else d; sys.stdout.write(d["name"] + "<SEP>" + (d.get("note") or ""))')
  want="$v<SEP>$v"
  [ "$i" -gt "${#values[@]}" ] && want="note$i<SEP>$v"
  check; [ "$got" = "$want" ] || fail "R$i not verbatim in json: $(printf %q "$got")"
done
run --reveal export persons --format csv -o back.csv
expect_rc 0
python3 - back.csv "${values[@]}" "${multi[@]}" <<'PY' || fail "csv export is not verbatim"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))
want = sys.argv[2:]
got = [r['name'] for r in rows[:-2]] + [r['note'] for r in rows[-2:]]
if got != want:
    print('csv names differ:', [(a, b) for a, b in zip(got, want) if a != b][:3]); sys.exit(1)
PY
check
# …and the export imports into a fresh file to the same rows.
make_registry fresh.sqlite
run --db fresh.sqlite import persons back.csv
expect_rc 0
check; [ "$(sql fresh.sqlite "SELECT name, coalesce(note, '') FROM person ORDER BY id" | xxd -p)" = \
  "$(sql shequ.sqlite "SELECT name, coalesce(note, '') FROM person ORDER BY id" | xxd -p)" ] ||
  fail "csv round trip changed a value"

# Printed harmlessly: table and md never carry raw control or bidi characters; the table keeps
# its columns; tsv/json/jsonl escape the control characters.
for fmt in table md tsv json jsonl; do
  for cmd in "person list" "--reveal person show R5" "--reveal person show R9" "audit"; do
    "$SHEQU" --lang en $cmd --format "$fmt" >"out.$fmt" 2>err.txt
    RC=$?
    expect_rc 0
    if [ "$fmt" = table ] || [ "$fmt" = md ]; then
      check; msg=$(harmless "out.$fmt") || fail "$cmd --format $fmt: $msg"
    else
      check; ! grep -qP '[\x00-\x08\x0b-\x1f]' "out.$fmt" || fail "$cmd --format $fmt has a raw control character"
    fi
  done
done
"$SHEQU" --lang en person list --format table >list.txt
check; msg=$(aligned list.txt 1-1-101) || fail "table layout broken: $msg"
check; [ "$(grep -c 1-1-101 list.txt)" = "$count" ] || fail "a hostile value split a table row"
"$SHEQU" --lang en person list --format md >list.md
check; [ "$(grep -c '^|' list.md)" = $((count + 2)) ] || fail "a hostile value split a markdown row"
check; [ "$(awk -F'\\|' '/^\|/ { n[NF - gsub(/\\\|/, "")]++ } END { print length(n) }' list.md)" = 1 ] || fail "md rows have different cell counts"
# Messages too: an error naming a hostile value does not print it raw.
run person show $'no\e[2Jsuch'
expect_rc 66
check; printf '%s' "$ERR" >err.txt; msg=$(harmless err.txt) || fail "error message: $msg"

# Invalid UTF-8: refused with 65 in arguments and in files, nothing written.
remember shequ.sqlite
run person add --name $'bad\xff\xfebytes' --household 1-1-101
expect_rc 65
expect_err "not valid UTF-8"
run person add --name ok --note $'\xe5\xbc' --household 1-1-101
expect_rc 65
printf 'name,household\nbad\xc3\x28name,1-1-101\n' >badutf8.csv
run import persons badutf8.csv --encoding utf-8
expect_rc 65
expect_err "badutf8.csv:2"
printf 'name,household\nbad\xffname,1-1-101\n' >badauto.csv
run import persons badauto.csv
expect_rc 65
expect_unchanged shequ.sqlite

# SQL metacharacters in references and filters find nothing, change nothing.
run person show "R1' OR '1'='1"
expect_rc 66
run person search "%"
expect_rc 0
expect_lines 3  # the header and the two names that hold a %
run person list --grid "01' OR 1=1 --"
check; [ "$RC" = 66 ] || [ "$RC" = 65 ] || fail "a quoted grid reference gave $RC"
expect_unchanged shequ.sqlite

# 1 MB fields: refused (65, the field and its limit named, the value not quoted back); a note
# of 20,000 characters, the most free text holds, is stored whole and read back whole.
remember shequ.sqlite
python3 - <<'PY'
big = 'x' * 1_000_000
with open('big.csv', 'w', encoding='utf-8') as f:
    f.write('name,household,note\n')
    f.write('大' + big + ',1-1-101,"' + '注' * 333_333 + '\n' + big[:10] + '"\n')
with open('long.csv', 'w', encoding='utf-8') as f:
    f.write('name,household,note\n')
    f.write('长注,1-1-101,"' + '注' * 19_990 + '\n' + 'x' * 9 + '"\n')
PY
run import persons big.csv
expect_rc 65
expect_err "big.csv:2: name: is 1000001 characters long; at most 200 are allowed"
expect_err "big.csv:2: note: is 333344 characters long; at most 20000 are allowed"
check; [ "${#ERR}" -lt 2000 ] || fail "a 1 MB value was quoted back"
expect_unchanged shequ.sqlite
run import persons long.csv
expect_rc 0
big_id=$(sql shequ.sqlite "SELECT id FROM person WHERE name = '长注'")
check; [ "$(sql shequ.sqlite "SELECT length(note) FROM person WHERE id = $big_id")" = "20000" ] || fail "20,000-character note cut"
run --reveal person show "R$big_id" --format json
check; [ "$(printf '%s' "$OUT" | python3 -c 'import sys, json; d = json.load(sys.stdin); d = d[0] if isinstance(d, list) else d; print(len(d["note"]))')" = "20000" ] ||
  fail "a long note not printed whole"
"$SHEQU" --lang en person list --format table >list.txt
check; msg=$(aligned list.txt 1-1-101) || fail "table layout broken: $msg"
# An argument of 120 KB (the kernel allows 128 KB per argument): refused as a name, kept as a note.
long=$(python3 -c "print('长' * 40000)")
run person add --name "$long" --household 1-1-101
expect_rc 65
expect_err "--name (Name): is 40000 characters long"
run person add --name 长参数 --household 1-1-101 --note "$(python3 -c "print('长' * 20000)")"
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM person WHERE length(note) = 20000 AND replace(note, '长', '') = ''")" = 1 ] || fail "20,000-character argument not stored whole"

# 10,000 columns: in a header, or in a row: refused with 65, nothing written.
remember shequ.sqlite
python3 -c "print(','.join(['name', 'household'] + [f'c{i}' for i in range(10000)])); print(','.join(['a', '1-1-101'] + ['v'] * 10000))" >wide.csv
run import persons wide.csv
expect_rc 65
expect_err "unknown column"
python3 -c "print('name,household'); print(','.join(['a', '1-1-101'] + ['v'] * 10000))" >widerow.csv
run import persons widerow.csv
expect_rc 65
expect_err "10002 fields"
python3 -c "print(','.join(['name', 'household'] + ['note'] * 10000))" >dupes.csv
run import persons dupes.csv
expect_rc 65
# 10,000 arguments: a usage error (64), nothing written.
run person add --name many --household 1-1-101 $(seq 1 10000)
expect_rc 64
run person add --name many --household 1-1-101 $(printf -- '--tags elderly-alone %.0s' $(seq 1 5000))
check; [ "$RC" = 0 ] || [ "$RC" = 65 ] || [ "$RC" = 64 ] || fail "10,000 repeated options gave $RC"
remember shequ.sqlite

# Control characters in a CSV: refused like arguments; bidi overrides stored verbatim.
printf 'name,household,note\n"csv\x1b[1mbold",1-1-101,"a\xe2\x80\xaeb"\n' >ctl.csv
run import persons ctl.csv
expect_rc 65
expect_err "ctl.csv:2: name: contains the control character U+001B"
expect_unchanged shequ.sqlite
printf 'name,household,note\ncsvbidi,1-1-101,"a\xe2\x80\xaeb"\n' >bidi.csv
run import persons bidi.csv
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT note FROM person ORDER BY id DESC LIMIT 1" | xxd -p)" = \
  "$(printf 'a\xe2\x80\xaeb\n' | xxd -p)" ] || fail "csv bidi characters not stored verbatim"

run check
expect_rc 0
finish
