#!/usr/bin/env bash
# Identifiers stay what they are, the same rules on every path, and a field-level error instead of
# SQLite's text (issue 13, items 3–5), through the binary: keys that would mean two things, the
# ranges and dates an import and a verb share, blanks that take their default.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }

# no_sql: the last messages show no SQL or SQLite wording.
no_sql() { check; [[ "$ERR" != *constraint* && "$ERR" != *INSERT* && "$ERR" != *UPDATE* && "$ERR" != *SQL* ]] || fail "SQL in message: $ERR"; }

remember shequ.sqlite
# --- 5. values the schema would refuse are refused first, naming the field, with 65 ---
run building add --number 9 --grid 01 --units 0
expect_rc 65
expect_err "--units (Units): 0 is out of range: 1 to 99"
no_sql
run_zh building add --number 9 --grid 01 --units 0
expect_rc 65
expect_err "--units（单元数）：0 超出范围：1 至 99"
no_sql
run building set 1 --floors 201
expect_rc 65
expect_err "--floors (Floors): "
run building add --help
expect_out "[1–99]"
expect_out "(blank: 1)"
expect_unchanged shequ.sqlite
# a blank cell takes the default
printf 'number,grid,units,floors\n9,01,,\n' >b.csv
run import buildings b.csv
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT units || '/' || floors FROM building WHERE number = '9'")" = "1/6" ] || fail "blank units/floors did not take 1/6"
printf 'name,household,residency\n李四,1-1-101,\n' >p.csv
run import persons p.csv
expect_rc 0
check; [ "$(sql shequ.sqlite "SELECT residency FROM person WHERE name = '李四'")" = registered ] || fail "blank residency is not registered"
# a blank required cell: FILE:LINE: column: problem
remember shequ.sqlite
printf 'number,grid\n,01\n' >b2.csv
run import buildings b2.csv
expect_rc 65
expect_err "b2.csv:2: number: is required"
no_sql
# zh headers: the problem names the column as the file does
printf '楼栋号,网格,单元数\n10,01,100\n' >b3.csv
run import buildings b3.csv
expect_rc 65
expect_err "b3.csv:2: 单元数: 100 is out of range"
expect_unchanged shequ.sqlite

# --- 4. the same limits on both paths; dates that contradict each other ---
run --db s.sqlite init --sample -q
expect_rc 0
remember s.sqlite
vol=$(sql s.sqlite "SELECT number FROM volunteer ORDER BY id LIMIT 1")
printf 'kind,year,volunteer,bonus_points\nbest-volunteer,2025,%s,1000000000000000000\n' "$vol" >a.csv
run --db s.sqlite import awards a.csv
expect_rc 65
expect_err "bonus_points: 1000000000000000000 is out of range: 0.01 to 1000000"
run --db s.sqlite award grant best-volunteer "$vol" --year 2025 --points 5000000
expect_rc 65
expect_err "bonus_points:"
no_sql
printf 'name,household,birth_date,moved_in\n王五,1-1-101,2001-05-01,1999-01-01\n' >p2.csv
run import persons p2.csv
expect_rc 65
expect_err "moved_in: 1999-01-01 is before birth_date (2001-05-01)"
run person add --name 赵六 --household 1-1-101 --birth-date 2030-01-01
expect_rc 65
expect_err "--birth-date (Born): 2030-01-01 is in the future"
r=$(sql shequ.sqlite "SELECT id FROM person WHERE name = '李四'")
run person set "R$r" --moved-in 2020-01-01
expect_rc 0
run person set "R$r" --moved-out 2019-12-31
expect_rc 65
expect_err "--moved-out (Moved out): 2019-12-31 is before moved_in (2020-01-01)"
need=$(sql s.sqlite "SELECT id FROM need WHERE status IN ('accepted', 'in-progress') ORDER BY id LIMIT 1")
raised=$(sql s.sqlite "SELECT raised_on FROM need WHERE id = $need")
run --db s.sqlite need progress "N$need" --percent 50 --date 2000-01-01
expect_rc 65
expect_err "before the need was raised ($raised)"
run --db s.sqlite need resolve "N$need" --resolution 修好了 --date 2000-01-01
expect_rc 65
expect_err "before the need was raised"
# control characters: refused in one-line text, tabs and line breaks kept in free text
run person add --name $'a\x1bb' --household 1-1-101
expect_rc 65
expect_err "--name (Name): contains the control character U+001B"
run person add --name $'a\tb' --household 1-1-101
expect_rc 65
run person add --name 钱七 --household 1-1-101 --note $'line1\nline2\tcol'
expect_rc 0
# cases: applicant and respondent the same party; a mediator who is a party
p1=$(sql s.sqlite "SELECT id FROM person WHERE household_id IS NOT NULL ORDER BY id LIMIT 1")
p2=$(sql s.sqlite "SELECT id FROM person WHERE household_id IS NOT NULL AND household_id <> (SELECT household_id FROM person WHERE id = $p1) ORDER BY id LIMIT 1")
run --db s.sqlite case open --title 噪音 --type neighbour --grid 03 --party "applicant:R$p1" --party "respondent:R$p1"
expect_rc 65
expect_err "--party (Parties): R$p1"
run --db s.sqlite case open --title 噪音 --type neighbour --grid 03 --party "applicant:R$p1" --party "respondent:R$p2" --mediator "R$p1"
expect_rc 65
expect_err "is a party to this case"
expect_unchanged s.sqlite

# --- 3. identifiers stay what they are ---
remember shequ.sqlite
run grid add --code 3 --name 又一个三
expect_rc 65
expect_err "--code (Code): \"3\" would also find grid G2"
run person add --name R5 --household 1-1-101
expect_rc 65
expect_err "would read as a record id"
printf 'code,name\nG9,九\n' >g.csv
run import grids g.csv
expect_rc 65
expect_err "g.csv:2: code: \"G9\" would read as a record id"
run grid add --code G9 --name 九
expect_rc 65
run building add --number 3栋 --grid 03
expect_rc 65
expect_err "would also find building"
expect_unchanged shequ.sqlite
# a volunteer number that is an ID number
remember s.sqlite
run --db s.sqlite volunteer add --name 孙八 --household 1-1-101 --number 110101199003070011
expect_rc 65
expect_err "number: is an ID number"
lower=$(printf '%s' "$vol" | tr 'A-Z' 'a-z')
pid=$(sql s.sqlite "SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM volunteer) ORDER BY id LIMIT 1")
run --db s.sqlite volunteer add --person "R$pid" --number "$lower"
expect_rc 65
expect_err "would also find volunteer"
# external keys of the form log-hours gives are refused; log-hours keeps working
printf 'external_key,volunteer,date,minutes,activity\ncli-99999,%s,2026-11-20,60,巡逻\n' "$vol" >h.csv
run --db s.sqlite import hours h.csv
expect_rc 65
expect_err "h.csv:2: external_key: \"cli-99999\""
expect_unchanged s.sqlite
run --db s.sqlite volunteer log-hours "$vol" --minutes 60 --activity 巡逻 --date 2026-11-20
expect_rc 0
# an exported cli-N key imports back onto its own entry
run --db s.sqlite --reveal export hours -o hours.csv
expect_rc 0
run --db s.sqlite import hours hours.csv
expect_rc 0
expect_err "0 inserted"
# imported case numbers follow cases.number_format
remember s.sqlite
printf 'number,title,type,grid,opened_on,parties\nTJ-77,噪音,neighbour,03,2026-10-01,applicant:R%s\n' "$p1" >c.csv
run --db s.sqlite import cases c.csv
expect_rc 65
expect_err "number: \"TJ-77\" does not follow cases.number_format"
expect_unchanged s.sqlite
printf 'number,title,type,grid,opened_on,parties\n2026-0900,噪音,neighbour,03,2026-10-01,applicant:R%s\n' "$p1" >c2.csv
run --db s.sqlite import cases c2.csv
expect_rc 0
run --db s.sqlite case open --title 漏水 --type neighbour --grid 03 --party "applicant:R$p2" --opened 2026-11-01
expect_rc 0
check; [ "$(sql s.sqlite "SELECT number FROM mediation_case ORDER BY id DESC LIMIT 1")" = 2026-0901 ] || fail "case open did not count the imported number"

run check
expect_rc 0
finish
