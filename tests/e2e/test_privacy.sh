#!/usr/bin/env bash
# Privacy review of every output path: a data set with a marker string in every masked or
# confidential field (phones, ID numbers, case parties and texts, meal recipients), phone and
# ID numbers in free text, and every phone, ID number and birth date the data file holds (read
# with sqlite3); every listing, show, export, the audit log and undo in every format must not
# show a marker without --reveal (and do with it). A part of a phone finds no one. Files the
# tool creates are mode 0600. test_privacy_sample.sh does the same on the sample.
. "$(dirname "$0")/lib.sh"
umask 022  # the tool must not rely on the caller's umask
make_registry || { echo "setup failed"; exit 1; }

PHONE_P=13911110001  # person's phone
IDNUM=420113195203150024
PHONE_H=13911110002  # household's phone
PHONE_C=13911110003  # partner's phone
PHONE_R=13911110004  # a mediator's phone
markers=("$PHONE_P" "$IDNUM" "$PHONE_H" "$PHONE_C" "$PHONE_R" MKPARTY MKSUMMARY MKNOTE MKSESSION MKTERMS
  MKFACTS MKISSUES MKRESP MKHOW MKLESSON MKESCALATE)

setup() {
  run "$@"
  [ "$RC" = 0 ] || fail "setup: $*"
}
setup household set 3-2-501 --phone "$PHONE_H"
setup person add --name 隐私甲 --household 3-2-501 --phone "$PHONE_P" --id-number "$IDNUM"
setup person add --name 调解员乙 --household 1-1-101 --phone "$PHONE_R"
setup person add --name 送餐对象 --household 3-2-502 --birth-date 1940-01-01
setup partner add --name 物业公司 --type property-company --contact 王经理 --phone "$PHONE_C"
setup party org add --name 社区党委 --level committee
setup party join 隐私甲 --org 社区党委
setup role assign 调解员乙 grid-leader --grid 03
setup case open --title 楼上漏水 --type neighbour --grid 03 --party applicant:隐私甲 --party respondent:name:MKPARTY \
  --party party:P1 --summary MKSUMMARY --mediator 调解员乙 --opened 2026-11-01
setup case note 2026-0001 MKNOTE
setup case session 2026-0001 --method warm-heart --outcome MKSESSION
setup case escalate 2026-0001 --reason MKESCALATE
setup case agree 2026-0001 --kind written --terms MKTERMS --facts MKFACTS --issues MKISSUES --responsibilities MKRESP \
  --how MKHOW --by 2026-12-31
setup case review 2026-0001 --lessons MKLESSON
setup need add --title 楼道灯 --category facilities --person 隐私甲 --household 3-2-501 --grid 03
setup meeting add --kind council --date 2026-10-12 --grid 03 --attendees 28 --topics 楼道照明
setup programme add --name 养老服务圈 --site centre:服务中心
setup programme deliver Q1 --site 服务中心 --service-type meal --count 1 --mode delivered --recipient 送餐对象
setup event add --name 便民节 --date 2026-11-08 --place 广场
setup event attend E1 --person 隐私甲
setup evaluate N1 5 --comment 很好
setup volunteer add --person 隐私甲 --joined 2026-01-01
setup project add --name 清洁家园 --post-type dedication
setup volunteer log-hours V1 --date 2026-11-20 --start 09:00 --end 10:00 --activity 清扫 --project 清洁家园
setup volunteer verify --pending
setup reward add --name 洗衣液 --cost 1 --stock 5
setup points redeem V1 洗衣液
setup team add --name 帮帮龙 --leader V1
setup award grant best-volunteer V1 --year 2026
# Numbers quoted in free text, and a last change whose command line holds a phone and a note.
NOTE_ID=110101199003070011
NOTE_PHONE=13911110009
setup need add --title "回电$NOTE_PHONE" --category facilities --person 调解员乙 --grid 03
setup person set 调解员乙 --note "身份证$NOTE_ID，电话$NOTE_PHONE"
PHONE_U=13911110005
setup person set 隐私甲 --phone "$PHONE_U" --note MKUNDO
markers+=("$NOTE_ID" "$NOTE_PHONE" "$PHONE_U")  # MKUNDO is shown as a note, hidden in command lines
# Every phone, ID number and birth date in the data file (a birth date also as the 8 digits of
# an ID number).
while read -r v; do markers+=("$v"); done < <(sql shequ.sqlite "SELECT phone FROM person WHERE phone IS NOT NULL
  UNION SELECT phone FROM household WHERE phone IS NOT NULL UNION SELECT phone FROM partner WHERE phone IS NOT NULL
  UNION SELECT id_number FROM person WHERE id_number IS NOT NULL
  UNION SELECT birth_date FROM person WHERE birth_date IS NOT NULL
  UNION SELECT replace(birth_date, '-', '') FROM person WHERE birth_date IS NOT NULL")
check; [ "${#markers[@]}" -ge 24 ] || fail "only ${#markers[@]} markers"

# leaks FILE: the markers FILE shows.
printf '%s\n' "${markers[@]}" >markers.txt
leaks() { grep -aoF -f markers.txt -- "$1" | sort -u | tr '\n' ' '; }
# Delivery recipients are person ids: without --reveal the recipient column is empty.
recipient_shown() { grep -aqE '"recipient": *"R[0-9]' "$1"; }

commands=(
  "grid list" "grid show 03" "building list" "building show 3" "household list" "household show 3-2-501"
  "person list" "person list --all" "person show 隐私甲" "person show R2" "person history R1" "person search 隐私"
  "party tree" "party history R1" "role list" "role show A1" "role coverage"
  "partner list" "partner show P1" "case list" "case show 2026-0001" "case due"
  "need list" "need show N1" "meeting list" "meeting show M1" "programme list" "programme show Q1"
  "programme deliveries" "evaluate --summary" "event list" "volunteer list" "volunteer show V1" "volunteer hours V1"
  "volunteer stars V1" "points balance V1" "points history V1" "reward list" "reward redemptions 洗衣液" "team list"
  "team members T1" "project list" "award list" "event show E1" "vocab list" "audit" "audit --limit 1000"
  "undo --dry-run" "undo --dry-run --all" "person list --age-min 70" "person show $PHONE_U" "person search MKUNDO"
  "report summary" "report grid" "report due" "report cases" "report needs"
)
kinds=$("$SHEQU" --lang en export --help | sed -n 's/^ *KIND TEXT REQUIRED *//p' | tr -d ',')
for k in $kinds; do commands+=("export $k"); done

runs=0
for fmt in table csv tsv json jsonl md html; do
  for cmd in "${commands[@]}"; do
    # shellcheck disable=SC2086
    "$SHEQU" --lang en $cmd --format "$fmt" >out.txt 2>err.txt
    rc=$?
    runs=$((runs + 1))
    check
    # export writes only what import reads back (csv, json, jsonl, xlsx) and refuses the rest.
    if [[ "$cmd" == export* && " table tsv md html " == *" $fmt "* ]]; then
      [ "$rc" = 64 ] || fail "$cmd --format $fmt: exit $rc, expected 64"
      continue
    fi
    if [ "$rc" != 0 ]; then fail "$cmd --format $fmt: exit $rc: $(head -c 300 err.txt)"; continue; fi
    cat err.txt >>out.txt
    found=$(leaks out.txt)
    check; [ -z "$found" ] || fail "$cmd --format $fmt shows without --reveal: $found"
    case "$cmd" in undo* | audit*) check; ! grep -aq MKUNDO out.txt || fail "$cmd --format $fmt shows a note typed on the command line" ;; esac
    check; ! recipient_shown out.txt || fail "$cmd --format $fmt shows a meal recipient without --reveal"
  done
done
# Written to a file (-o) it is the same.
for ext in csv tsv json jsonl md; do
  run case show 2026-0001 -o "case.$ext"
  expect_rc 0
  check; [ -z "$(leaks "case.$ext")" ] || fail "-o case.$ext shows $(leaks "case.$ext")"
done

# Part of a phone or ID number finds no one; the whole number does.
for part in "${PHONE_U:0:7}" "${PHONE_U:3:6}" "${NOTE_PHONE:2:7}" "${IDNUM:0:10}" "${NOTE_ID:6:8}"; do
  run person search "$part" --format csv --fields id
  check; [ "$(printf '%s\n' "$OUT" | grep -c '^R')" = 0 ] || fail "person search $part finds: $OUT"
done
run person search "$PHONE_U" --format csv --fields id
expect_out R1
run person search "$IDNUM" --format csv --fields id
expect_out R1
# A message never tells a stored value a mask hides.
run person set R1 --birth-date 1990-01-01
expect_rc 65
check; [ -z "$(printf '%s' "$ERR" >err.txt; leaks err.txt)" ] || fail "a refused set shows $(leaks err.txt)"

# With --reveal, undo shows the whole command line and writes an audit row.
before=$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal'")
run --reveal undo --dry-run
expect_err "$PHONE_U"
expect_err MKUNDO
check; [ "$(sql shequ.sqlite "SELECT count(*) FROM audit WHERE action = 'reveal'")" = $((before + 1)) ] ||
  fail "--reveal undo --dry-run wrote no audit row"
run undo
expect_rc 0
check; [ -z "$(printf '%s' "$ERR" >err.txt; leaks err.txt)" ] || fail "undo shows $(leaks err.txt)"

# With --reveal the markers are there: the test can see them when they are shown.
"$SHEQU" --lang en --reveal case show 2026-0001 --format json >revealed.txt 2>&1
for m in MKPARTY MKSUMMARY MKNOTE MKSESSION MKTERMS; do
  check; grep -q "$m" revealed.txt || fail "--reveal case show lacks $m"
done
"$SHEQU" --lang en --reveal person show R1 --format json >revealed.txt 2>&1
check; grep -q "$IDNUM" revealed.txt && grep -q "$PHONE_P" revealed.txt || fail "--reveal person show lacks the numbers"
"$SHEQU" --lang en --reveal programme deliveries --format json >revealed.txt 2>&1
check; recipient_shown revealed.txt || fail "--reveal programme deliveries lacks the recipient"
run audit --format csv --fields action
expect_out reveal

# The data file (and its WAL) and backups are 0600 whatever the umask; outputs follow the umask
# like any Unix tool's (test_files.sh), so under the umask of a careful user, 077, they are 0600.
umask 022
mode_is_600() { check; [ "$(stat -c %a "$1")" = 600 ] || fail "$1 has mode $(stat -c %a "$1"), not 600"; }
if [ "$ENGINE" = sqlite ]; then  # on a server there is no data file or backup file of shequ's to check
  mode_is_600 shequ.sqlite
  [ -e shequ.sqlite-wal ] && mode_is_600 shequ.sqlite-wal
  run init --db other.sqlite
  mode_is_600 other.sqlite
  run backup backup.sqlite
  expect_rc 0
  mode_is_600 backup.sqlite
fi
umask 077
run --reveal export persons -o persons.csv
expect_rc 0
mode_is_600 persons.csv
run export cases --format json -o cases.json
mode_is_600 cases.json
run person list -o list.md
mode_is_600 list.md
printf 'name,household,phone\n好人,3-2-501,13911112222\n坏人,9-9-999,%s\n' "$PHONE_P" >in.csv
run import persons in.csv --skip-bad --rejects rejects.csv
expect_rc 0
mode_is_600 rejects.csv

echo "privacy: ${#commands[@]} commands × 7 formats = $runs outputs checked for ${#markers[@]} markers"
finish
