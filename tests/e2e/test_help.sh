#!/usr/bin/env bash
# Help that teaches and terminal comfort (issue 15 items 4 and 6): help topics, each noun's own
# examples, one option name per meaning with the old spelling kept, the pager and the fitting of
# tables to the terminal's width — never when piped.
source "$(dirname "$0")/lib.sh"
"$SHEQU" init --sample -q || exit 1

# --- help topics ---
run help
expect_rc 0
for topic in formats periods dates references fields environment cron exit-codes; do
  expect_out "shequ help $topic"
done
expect_out "Commands:"   # what `shequ --help` says comes first
expect_out "community coordination toolkit"
expect_out "  person "
for lang in en zh; do    # every byte is text (a topic's description once dangled)
  check; [ "$("$SHEQU" --lang $lang help | tr -cd '\000' | wc -c)" = 0 ] || fail "NUL bytes in shequ help ($lang)"
  check; [ "$("$SHEQU" --lang $lang help --help | tr -cd '\000' | wc -c)" = 0 ] || fail "NUL bytes in help --help ($lang)"
done
for topic in formats periods dates references environment cron exit-codes; do
  run help "$topic"
  expect_rc 0
  run_zh help "$topic"
  expect_rc 0
done
run help exit-codes --format csv
expect_out $'\n70,'
expect_out $'\n130,'
run help periods
expect_out "2026-W48"
run_zh help dates
expect_out "2026年3月5日"

# fields KIND: every import kind, from the entity descriptions.
kinds=$("$SHEQU" --lang en import --help | awk '/^  KIND/ {sub(/^  KIND[^a-z]*/, ""); print}' | tr -d ' ' | tr ',' ' ')
n=0
for kind in $kinds; do
  n=$((n + 1))
  run help fields "$kind" --format csv
  expect_rc 0
  expect_out "column,zh_header,type,required"
done
check; [ "$n" -gt 15 ] || fail "only $n import kinds found in import --help"
run help fields persons --format csv
expect_out "id_number,身份证号,ID number,"
expect_out "name,姓名,text,yes"
run_zh help fields team-members --format csv
expect_out "joined,加入日期,日期,是"
run help fields nothing
expect_rc 64

# environment: every variable the source reads is listed.
run help environment --format csv
for var in $(grep -rhoE '(getenv|env|env_number)\("[A-Z_]+"\)|"(SHEQU|PAGER)[A-Z_]*"' "$SOURCE_DIR/lib" "$SOURCE_DIR/cli" |
             grep -oE '[A-Z][A-Z_]+' | sort -u); do
  expect_out "$var"
done

# Each noun has examples of its own, not the root's three.
root_examples=$("$SHEQU" --lang en --help | awk '/^Examples:/ {on=1; next} on && /^  / {print}')
for noun in person grid case volunteer building household need party team project role programme vocab; do
  run "$noun" --help
  expect_out "  shequ $noun "
  check
  [[ "$OUT" != *"$root_examples"* ]] || fail "$noun --help shows the root's examples"
done

# --- one option name per meaning; the first spelling still works, hidden from help ---
run case open --title 新 --type neighbour --grid 03 --party applicant:R1294 --date 2026-11-02
expect_rc 0
run case open --title 旧 --type neighbour --grid 03 --party applicant:R1295 --opened 2026-11-03
expect_rc 0
run case list --format csv --fields title,opened_on
expect_out "新,2026-11-02"
expect_out "旧,2026-11-03"
run case open --help
expect_out "--date"
expect_no_out "--opened"
run programme deliveries Q1 --service-type meal --format csv
expect_rc 0
new=$OUT
run programme deliveries Q1 --type meal --format csv
expect_rc 0
expect_out_eq "$new"
run programme deliveries --help
expect_no_out "--type "
# team members: joined,left like party memberships; from,to (the sample's own file) still read.
run export team-members --format csv
expect_out "joined,left"
printf 'team,volunteer,role,joined,left\n帮帮龙志愿服务队,NKY20210001,member,2026-01-05,\n' >tm-new.csv
printf 'team,volunteer,role,from,to\n帮帮龙志愿服务队,NKY20210002,member,2026-01-06,\n' >tm-old.csv
run import team-members tm-new.csv
expect_rc 0
expect_err "1 inserted"
run import team-members tm-old.csv
expect_rc 0
expect_err "1 inserted"

# --- terminal: pager and width, never when piped ---
# Piped: no pager, no cut, whatever the terminal variables say.
export SHEQU_PAGER="touch $WORK/paged; cat"
COLUMNS=40 LINES=5 "$SHEQU" --lang en person list --limit 50 --format table >piped.txt
check; [ ! -e "$WORK/paged" ] || fail "piped output went through the pager"
check; ! grep -q '…' piped.txt || fail "piped output was cut to the terminal's width"
check; [ "$(wc -l <piped.txt)" -ge 50 ] || fail "piped output lost rows"

# On a terminal (script gives a pty): a long listing goes through $SHEQU_PAGER, and every line
# fits COLUMNS by display width.
on_tty() { script -qec "$1" /dev/null >/dev/null 2>&1; }
SHEQU_PAGER="cat > $WORK/pager.out" on_tty "COLUMNS=70 LINES=10 $SHEQU --lang en person list --limit 40"
check; [ -s "$WORK/pager.out" ] || fail "a listing longer than the screen was not paged"
widest=$(python3 -c '
import re, sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in re.sub("\x1b\\[[0-9;]*m", "", s))
_ = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
print(max(w(l.rstrip("\r\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$WORK/pager.out")
check; [ "$widest" -le 70 ] || fail "a line is $widest columns wide on a 70-column terminal"
check; grep -q '…' "$WORK/pager.out" || fail "nothing was shortened with … on a 70-column terminal"
# A short listing, or an empty/cat pager: no pager.
rm -f "$WORK/pager.out"
SHEQU_PAGER="cat > $WORK/pager.out" on_tty "COLUMNS=60 LINES=50 $SHEQU --lang en grid list --limit 3"
check; [ ! -e "$WORK/pager.out" ] || fail "a listing shorter than the screen was paged"
for none in "" cat; do
  SHEQU_PAGER="$none" PAGER="touch $WORK/paged" on_tty "COLUMNS=60 LINES=5 $SHEQU --lang en person list --limit 40"
  check; [ ! -e "$WORK/paged" ] || fail "SHEQU_PAGER='$none' still paged"
done
# csv on a terminal is never cut.
SHEQU_PAGER="cat > $WORK/pager.out" on_tty "COLUMNS=30 LINES=5 $SHEQU --lang en person list --limit 40 --format csv"
check; ! grep -q '…' "$WORK/pager.out" || fail "csv on a terminal was cut"

finish
