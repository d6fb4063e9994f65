#!/usr/bin/env bash
# Import and export through the generic path: encodings, quoting, all-or-nothing, idempotence.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }

# UTF-8 with BOM, CRLF line ends, a quoted field with an embedded newline and quotes.
printf '\xef\xbb\xbfname,household,phone,note\r\n张三,3-2-501,13800138000,"第一行\r\n第二行 ""引号"""\r\n李四,1-1-101,,\r\n' > bom.csv
run import persons bom.csv
expect_rc 0
expect_err "2 inserted, 0 updated, 0 unchanged, 0 rejected (utf-8)"
check; [ "$(sql shequ.sqlite "select note from person where name='张三'")" = $'第一行\r\n第二行 "引号"' ] || fail "quoted newline/quotes not kept"

# Importing the same file again changes nothing.
remember shequ.sqlite
run import persons bom.csv
expect_rc 0
expect_err "0 inserted, 0 updated, 2 unchanged, 0 rejected"
expect_unchanged shequ.sqlite

# An Excel GBK file with Chinese headers is detected and converted.
printf '姓名,住址,手机号,标签\r\n王芳,3-2-502,13900001111,独居老人\r\n' | iconv -f UTF-8 -t GB18030 > gbk.csv
run import persons gbk.csv
expect_rc 0
expect_err "1 inserted"
expect_err "gb18030"
check; [ "$(sql shequ.sqlite "select name || '|' || tags from person where phone='13900001111'")" = "王芳|elderly-alone" ] || fail "GBK row not imported correctly"
# …and --encoding utf-8 forced on it is refused as invalid UTF-8.
remember shequ.sqlite
run import persons gbk.csv --encoding utf-8
expect_rc 65
expect_err "not valid UTF-8"
expect_unchanged shequ.sqlite

# All-or-nothing: every error reported as FILE:LINE: column: problem, nothing written.
cat > bad.csv <<'CSV'
name,household,phone,birth_date
赵一,3-2-501,1380013800,1980-01-01
赵二,3-9-101,,1980-02-01
赵三,1-1-101,,1980-13-01
赵四,1-1-101,,1980-03-01
,1-1-101,,1980-03-01
CSV
remember shequ.sqlite
run import persons bad.csv
expect_rc 65
expect_err 'bad.csv:2: phone: "1380013800" is not'
expect_err 'bad.csv:3: household: no household matches "3-9-101"'
expect_err 'bad.csv:4: birth_date: "1980-13-01" is not a date'
expect_err 'bad.csv:6: name: is required'
expect_err "4 bad rows; nothing was imported"
expect_unchanged shequ.sqlite

# --dry-run checks and writes nothing.
printf 'name,household\n钱一,1-1-101\n' > one.csv
run import persons one.csv --dry-run
expect_rc 0
expect_err "dry run: persons: 1 inserted"
expect_unchanged shequ.sqlite

# --skip-bad writes the good rows and the bad ones with a reason column.
run import persons bad.csv --skip-bad --rejects rejects.csv
expect_rc 0
expect_err "1 inserted, 0 updated, 0 unchanged, 4 rejected"
check; [ "$(sql shequ.sqlite "select count(*) from person where name='赵四'")" = 1 ] || fail "good row not written"
check; [ "$(head -1 rejects.csv | tr -d '\r')" = "name,household,phone,birth_date,rejection reason" ] || fail "rejects header"
check; [ "$(grep -c . rejects.csv)" = 5 ] || fail "rejects rows"
run import persons bad.csv --skip-bad
expect_rc 64
run check
expect_rc 0

# --skip-bad with bad rows among good ones: the residents' grid totals are those of the rows
# that stayed (check compares them with the persons). On a server the bad rows pass shequ's own
# checks and the schema refuses them (a CHECK its administrator added), so each is undone alone;
# each row there is a statement of its own, and the totals are added up once at the end, not
# written again for every row (each a new version of the same row, which every later row steps
# over: quadratic), so the totals table sees a few writes however many rows come (2,000 rows:
# a file over the 64 KiB from which the totals are held). (A data file is damaged by a constraint
# not shequ's: there the bad rows have a month 13.)
python3 - "$ENGINE" >steps.csv <<'PY2'
import sys
print("name,household,birth_date,residency,note")
for i in range(2000):
    bad = i % 50 == 7
    month = 13 if bad and sys.argv[1] == "sqlite" else 1
    print(f"步进{i:04d},{('1-1-101', '3-2-501', '3-2-502')[i % 3]},19{50 + i % 5}-{month:02}-01,"
          f"{('registered', 'floating')[i % 2]},{'坏' if bad else ''}")
PY2
if [ "$ENGINE" = postgresql ]; then
  sql shequ.sqlite "ALTER TABLE person ADD CONSTRAINT only_good CHECK (note IS DISTINCT FROM '坏')"
fi
# written TABLE COLUMNS: the server's count of TABLE's rows written (sum of COLUMNS of pg_stat_user_tables).
written() {
  sql shequ.sqlite "SELECT $2 FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = '$1'"
}
if [ "$ENGINE" = postgresql ]; then
  persons_before=$(written person n_tup_ins) totals_before=$(written grid_resident_totals 'n_tup_ins + n_tup_upd + n_tup_del')
fi
run import persons steps.csv --skip-bad --rejects steps-rejects.csv
expect_rc 0
expect_err "1960 inserted, 0 updated, 0 unchanged, 40 rejected"
if [ "$ENGINE" = postgresql ]; then
  sql shequ.sqlite "ALTER TABLE person DROP CONSTRAINT only_good"
  for _ in $(seq 50); do  # the import's counts reach the statistics when its session has ended
    [ "$(written person n_tup_ins)" -ge $((persons_before + 1960)) ] && break
    sleep 0.1
  done
  totals_written=$(($(written grid_resident_totals 'n_tup_ins + n_tup_upd + n_tup_del') - totals_before))
  check; [ "$totals_written" -lt 100 ] || fail "--skip-bad of 2,000 rows wrote the residents' totals $totals_written times"
fi
check; [ "$(grep -c 坏 steps-rejects.csv)" = 40 ] || fail "the refused rows are not in the rejects file"
run check
expect_rc 0

# Duplicate rows inside one file are reported with the first line.
printf 'code,name\n21,甲\n22,乙\n21,甲\n' > dup.csv
remember shequ.sqlite
run import grids dup.csv
expect_rc 65
expect_err "dup.csv:4: duplicate of line 2"
expect_unchanged shequ.sqlite

# Malformed CSV, unknown and missing columns, an empty file, a missing file.
printf 'code,name\n23,"unterminated\n' > broken.csv
run import grids broken.csv
expect_rc 65
expect_err "broken.csv:2"
printf 'code,name,colour\n24,丙,red\n' > unknown.csv
run import grids unknown.csv
expect_rc 65
expect_err "unknown.csv:1: colour: unknown column"
printf 'name\n丁\n' > missing.csv
run import grids missing.csv
expect_rc 65
expect_err "code: required column is missing"
: > empty.csv
run import grids empty.csv
expect_rc 65
expect_err "empty file"
run import grids nosuch.csv
expect_rc 66
expect_err "nosuch.csv"
printf 'code,name\n25,戊,extra\n' > fields.csv
run import grids fields.csv
expect_rc 65
expect_err "fields.csv:2: 3 fields, the header has 2"
run import spaceships x.csv
expect_rc 64
expect_err "unknown kind"
expect_unchanged shequ.sqlite

# Standard input works.
printf 'code,name\n26,己\n' > stdin.csv
stdin_run stdin.csv import grids -
expect_rc 0
expect_err "1 inserted"

# An update through import: a changed column is updated, others untouched.
printf 'code,name\n26,己网格\n' > upd.csv
run import grids upd.csv
expect_err "0 inserted, 1 updated, 0 unchanged"

# Export → import into a fresh file → export gives identical output (with --reveal).
for kind in grids buildings households persons; do
  "$SHEQU" --reveal export $kind > "exp1-$kind.csv" || fail "export $kind"
done
"$SHEQU" --db fresh.sqlite init -q
for kind in grids buildings households persons; do
  run --db fresh.sqlite import $kind "exp1-$kind.csv"
  expect_rc 0
done
for kind in grids buildings households persons; do
  "$SHEQU" --db fresh.sqlite --reveal export $kind > "exp2-$kind.csv"
  check; cmp -s "exp1-$kind.csv" "exp2-$kind.csv" || fail "round trip of $kind differs"
done

# A masked export (no --reveal) keeps the masks and re-importing it changes nothing.
"$SHEQU" export persons > masked.csv
check; grep -q '138\*\*\*\*8000' masked.csv || fail "export not masked"
check; ! grep -q 13800138000 masked.csv || fail "export leaked a phone number"
remember shequ.sqlite
run import persons masked.csv
expect_rc 0
expect_unchanged shequ.sqlite

# Chinese headers for Excel users, with a BOM.
run export persons --zh-headers --bom -o zh.csv
expect_rc 0
check; head -c 3 zh.csv | od -An -tx1 | grep -q "ef bb bf" || fail "no BOM"
check; head -1 zh.csv | grep -q "姓名,性别,出生日期" || fail "no Chinese headers"
check; [ "$(stat -c %a zh.csv)" = "$(printf '%o' $((0666 & ~$(umask))))" ] || fail "export file mode does not follow the umask"
run --db fresh.sqlite import persons zh.csv
expect_rc 0

# ---- a large file (over 4 MiB): in a data file the report indexes are built again at the end;
# on a server none is dropped, so a reader of the community never waits for the import ----
make_registry big.sqlite || fail "big registry"
python3 - >big-persons.csv <<'PY'
print("name,household,note")
for i in range(50000):
    print(f"居民{i:05d},{('1-1-101', '3-2-501', '3-2-502')[i % 3]},第{i}行，入户走访登记的备注信息，补足文件大小")
PY
check; [ "$(stat -c %s big-persons.csv)" -gt $((4 << 20)) ] || fail "the big persons file is under 4 MiB"
run --db big.sqlite person add --name 先到的居民 --household 1-1-101
if [ "$ENGINE" = postgresql ]; then
  "$SHEQU" --db big.sqlite -q import persons big-persons.csv 2>big-import.err &
  importer=$!
  for _ in $(seq 100); do  # until the import is sending its rows
    [ "$(pg -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY person%' AND state = 'active'")" != 0 ] && break
    sleep 0.05
  done
  run --db big.sqlite -c database.busy_timeout_ms=500 person list --limit 1
  expect_rc 0
  expect_out "先到的居民"
  check; kill -0 $importer 2>/dev/null || fail "the import ended before the reader read: nothing was shown"
  wait $importer
  import_rc=$?
  check; [ "$import_rc" = 0 ] || fail "the big import failed: $(head -c 300 big-import.err)"
else
  run --db big.sqlite import persons big-persons.csv
  expect_rc 0
  check; [ "$(sql big.sqlite "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('person_born', 'person_household')")" = 2 ] ||
    fail "a report index was not built again"
fi
check; [ "$(sql big.sqlite "SELECT count(*) FROM person")" = 50001 ] || fail "the big import's rows"
run --db big.sqlite person list --household 3-2-502 --format csv --fields name
expect_rc 0
check; [ "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" = 16666 ] || fail "the rebuilt household index lists the wrong residents"
run --db big.sqlite check  # the residents' totals too, added up at the end of the large import
expect_rc 0

finish
