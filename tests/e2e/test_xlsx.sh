#!/usr/bin/env bash
# Excel in, Excel out: workbooks written and read by another program (openpyxl), recognising
# what arrives, formats that -o and export refuse, rejects in the input's own format.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }
# Debian's python3-openpyxl, also when another python3 comes first on PATH.
PY=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
[ -n "$PY" ] || { echo "python3-openpyxl is missing (scripts/install-deps.sh)"; exit 1; }
python3() { "$PY" "$@"; }

# py SCRIPT…: runs python with openpyxl; its stdout becomes OUT.
py() { OUT=$(python3 -c "import openpyxl, datetime, zipfile, sys
$1" "${@:2}" 2>"$WORK/.pyerr"); RC=$?; ERR=$(cat "$WORK/.pyerr"); }

# Two valid ID numbers (GB 11643 check characters).
ID1=11010519491231002X
ID2=420113198001010019

# ---- a roster made in a spreadsheet program: shared strings, dates, a second sheet, empty rows ----
py "
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '名单'
ws.append(['姓名', '住址', '手机号', '身份证号', '出生日期', '备注'])
ws.append(['张三', '3-2-501', '13800138000', '$ID1', datetime.date(1949, 12, 31), '第一行'])
ws.append([])                                   # an empty row is skipped
ws.append(['李四', '1-1-101', None, '$ID2', datetime.date(1980, 1, 1), None])
ws2 = wb.create_sheet('第二页')
ws2.append(['name', 'household'])
ws2.append(['王五', '3-2-502'])
wb.save('roster.xlsx')
"
expect_rc 0
run import persons roster.xlsx --dry-run
expect_rc 0
expect_err "dry run: persons: 2 inserted, 0 updated, 0 unchanged, 0 rejected (xlsx)"
run import persons roster.xlsx
expect_rc 0
check; [ "$(sql shequ.sqlite "select birth_date || '|' || id_number || '|' || phone from person where name='张三'")" = "1949-12-31|$ID1|13800138000" ] || fail "date / ID / phone from the workbook"
check; [ "$(sql shequ.sqlite "select count(*) from person")" = 2 ] || fail "empty row or second sheet imported"
# Importing it again changes nothing.
remember shequ.sqlite
run import persons roster.xlsx
expect_err "0 inserted, 0 updated, 2 unchanged, 0 rejected (xlsx)"
expect_unchanged shequ.sqlite
# --sheet by number and by name; an unknown sheet lists the sheets (66).
run import persons roster.xlsx --sheet 2
expect_rc 0
expect_err "1 inserted"
run import persons roster.xlsx --sheet 第二页
expect_err "0 inserted, 0 updated, 1 unchanged"
run import persons roster.xlsx --sheet 3
expect_rc 66
expect_err "no sheet \"3\" (sheets: 名单, 第二页)"

# ---- problems name the spreadsheet row and the column's letter ----
py "
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['name', 'household', 'note', 'phone', 'id_number'])
ws.append(['赵一', '3-2-501', None, '1380013800', None])
ws.append(['赵二', '3-2-501', '=CONCATENATE(\"a\",\"b\")', None, None])     # a formula, no saved result
ws.append(['赵三', '3-2-501', None, 13800138000, 4.20191195609085e17])      # an ID number turned into a float
wb.save('bad.xlsx')
"
remember shequ.sqlite
run import persons bad.xlsx
expect_rc 65
expect_err "bad.xlsx:2 (D): phone: \"1380013800\" is not an 11-digit mobile number"
expect_err "bad.xlsx:3 (C): note: a formula without a saved result"
expect_err "bad.xlsx:4 (E): id_number: a spreadsheet turned this number into a float"
expect_err "bad.xlsx: 3 bad rows; nothing was imported"
expect_unchanged shequ.sqlite
# The same floats in a CSV file get the same message, not "must be 18 characters".
printf 'name,household,id_number,phone\n孙一,3-2-501,4.20191195609085E+017,1.3800138E+10\n孙二,3-2-501,,13800138000.0\n' > floats.csv
run import persons floats.csv
expect_rc 65
expect_err "floats.csv:2: id_number: a spreadsheet turned this number into a float"
expect_err "floats.csv:2: phone: a spreadsheet turned this number into a float"
expect_err "floats.csv:3: phone: a spreadsheet turned this number into a float"
check; [[ "$ERR" != *"18 characters"* ]] || fail "float reported as a wrong length"

# ---- workbooks written by hand-made XML: inline strings, skipped columns, booleans, 1904 dates, merges ----
# make_book NAME SHEET_XML [WORKBOOK_PR]: a minimal workbook with one sheet and a date style (s="1").
make_book() {
  python3 - "$@" <<'PY'
import sys, zipfile
name, sheet = sys.argv[1], sys.argv[2]
pr = sys.argv[3] if len(sys.argv) > 3 else ''
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/workbook.xml', f'<?xml version="1.0"?><workbook {ns} {rns}>{pr}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr('xl/styles.xml', f'<?xml version="1.0"?><styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')
    z.writestr('xl/worksheets/sheet1.xml', f'<?xml version="1.0"?><worksheet {ns}>{sheet}</worksheet>')
PY
}
is() { printf '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' "$1" "$2"; }
make_book inline.xlsx "<sheetData><row r=\"1\">$(is A1 name)$(is B1 household)$(is C1 birth_date)$(is E1 note)</row><row r=\"5\">$(is A5 钱一)$(is B5 1-1-101)<c r=\"C5\" s=\"2\"><v>29221</v></c></row></sheetData>"
run import persons inline.xlsx
expect_rc 65   # column D, skipped in the header, has no name
expect_err "inline.xlsx:1"
make_book inline.xlsx "<sheetData><row r=\"1\">$(is A1 name)$(is B1 household)$(is C1 birth_date)</row><row r=\"5\">$(is A5 钱一)$(is B5 1-1-101)<c r=\"C5\" s=\"2\"><v>29221</v></c></row><row r=\"6\">$(is A6 钱二)<c r=\"C6\" s=\"1\"><v>1</v></c>$(is B6 1-1-101)</row></sheetData>"
run import persons inline.xlsx
expect_rc 0
# One row a line, sorted and joined here (group_concat is SQLite's, string_agg PostgreSQL's).
qian=$(sql shequ.sqlite "select name || '=' || birth_date from person where name like '钱%'" | sort | paste -sd';')
check; [ "$qian" = "钱一=1980-01-01;钱二=1900-01-01" ] || fail "1900 date system serials: $qian"
make_book d1904.xlsx "<sheetData><row r=\"1\">$(is A1 name)$(is B1 household)$(is C1 birth_date)$(is D1 is_flagged)</row><row r=\"2\">$(is A2 孙九)$(is B2 1-1-101)<c r=\"C2\" s=\"1\"><v>27759</v></c></row></sheetData>" '<workbookPr date1904="1"/>'
run import persons d1904.xlsx
expect_rc 65   # is_flagged is no column of persons
expect_err "unknown column"
make_book d1904.xlsx "<sheetData><row r=\"1\">$(is A1 name)$(is B1 household)$(is C1 birth_date)</row><row r=\"2\">$(is A2 孙九)$(is B2 1-1-101)<c r=\"C2\" s=\"1\"><v>27759</v></c></row></sheetData>" '<workbookPr date1904="1"/>'
run import persons d1904.xlsx
expect_rc 0
check; [ "$(sql shequ.sqlite "select birth_date from person where name='孙九'")" = "1980-01-01" ] || fail "1904 date system"
# Merged header cells are refused, naming them, before any row is read.
remember shequ.sqlite
make_book merged.xlsx "<sheetData><row r=\"1\">$(is A1 name)$(is B1 household)</row><row r=\"2\">$(is A2 周一)$(is B2 1-1-101)</row></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"
run import persons merged.xlsx
expect_rc 65
expect_err "merged.xlsx:1: merged cells in the header row (A1:B1)"
expect_err "unmerge"
expect_unchanged shequ.sqlite

# ---- recognising what arrives ----
cp roster.xlsx roster-as.csv          # a workbook named .csv is read as one
run import persons roster-as.csv
expect_rc 0
expect_err "(xlsx)"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1%0512d' 0 > old.xls
run import persons old.xls
expect_rc 65
expect_err "a legacy Excel 97–2003 workbook (.xls)"
expect_err "save it as .xlsx (Excel workbook) or CSV UTF-8"
python3 -c "
import sys
name = 'EncryptionInfo'.encode('utf-16-le')
sys.stdout.buffer.write(b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 1000 + name + b'\0' * 100)" > locked.xlsx
run import persons locked.xlsx
expect_rc 65
expect_err "a password-protected workbook"
python3 -c "
import zipfile
with zipfile.ZipFile('sheet.ods', 'w') as z: z.writestr('mimetype', 'application/vnd.oasis.opendocument.spreadsheet')"
run import persons sheet.ods
expect_rc 65
expect_err "an OpenDocument spreadsheet (.ods)"
python3 -c "
import zipfile
with zipfile.ZipFile('sheet.numbers', 'w') as z: z.writestr('Index/Document.iwa', 'x')"
run import persons sheet.numbers
expect_rc 65
expect_err "an Apple Numbers file"
stdin_run roster.xlsx import persons -
expect_rc 65
expect_err "stdin: a workbook, not CSV text"

# ---- writing: export as xlsx, read back by openpyxl ----
"$SHEQU" -q person set 张三 --note "0012 编号" >/dev/null
run --reveal export persons -o all.xlsx
expect_rc 0
py "
wb = openpyxl.load_workbook('all.xlsx')
ws = wb.active
hdr = [c.value for c in ws[1]]
rows = {r[hdr.index('name')]: r for r in ws.iter_rows(min_row=2, values_only=True)}
z = rows['张三']
print(ws.title, ws.freeze_panes, ws['A1'].font.b)
print(type(z[hdr.index('id_number')]).__name__, z[hdr.index('id_number')])
print(type(z[hdr.index('phone')]).__name__, z[hdr.index('phone')])
print(type(z[hdr.index('birth_date')]).__name__, z[hdr.index('birth_date')])
print(z[hdr.index('note')])
print(ws.cell(row=2, column=hdr.index('id_number') + 1).number_format)
print(ws.column_dimensions[openpyxl.utils.get_column_letter(hdr.index('household') + 1)].width >= 9)
"
expect_rc 0
expect_out "persons A2 True"
expect_out "str $ID1"
expect_out "str 13800138000"
expect_out "datetime 1949-12-31 00:00:00"
expect_out "0012 编号"
expect_out "@"
expect_out "True"
# --zh-headers as for CSV.
run export persons --zh-headers -o zh.xlsx
py "print([c.value for c in openpyxl.load_workbook('zh.xlsx').active[1]][:4])"
expect_out "['姓名', '性别', '出生日期', '手机号']"
# Without --reveal the workbook holds masked numbers only.
run export persons -o masked.xlsx
py "
rows = list(openpyxl.load_workbook('masked.xlsx').active.iter_rows(values_only=True))
print('leak' if any('$ID1' in str(c) or '13800138000' in str(c) for r in rows for c in r) else 'masked')"
expect_out_eq "masked"
# Numbers are numbers, codes with leading zeros text.
run export buildings -o b.xlsx
py "print([c.value for c in openpyxl.load_workbook('b.xlsx').active[2]][:4])"
expect_out "['1', '01', 2, 6]"
# Round trip: revealed workbook → a fresh data file → the same export.
"$SHEQU" --db fresh.sqlite init -q
for k in grids buildings households; do "$SHEQU" -q export $k -o $k.xlsx && "$SHEQU" --db fresh.sqlite -q import $k $k.xlsx || fail "copy $k"; done
run --db fresh.sqlite import persons all.xlsx
expect_rc 0
expect_err "inserted"
check; [ "$("$SHEQU" --reveal export persons)" = "$("$SHEQU" --db fresh.sqlite --reveal export persons)" ] || fail "xlsx round trip changed the export"
# json and jsonl: export writes them, import reads them back unchanged.
n=$(sql shequ.sqlite "select count(*) from person")
for f in json jsonl; do
  run --reveal export persons --format $f -o p.$f
  expect_rc 0
  remember shequ.sqlite
  run import persons p.$f
  expect_rc 0
  expect_err "0 inserted, 0 updated, $n unchanged, 0 rejected ($f)"
  expect_unchanged shequ.sqlite
done
check; python3 -c "import json; d = json.load(open('p.json')); assert d[0]['id_number'] == '$ID1', d[0]" || fail "json export"
# Formats export does not write, and -o extensions nothing writes: 64, before any work.
run export persons --format md
expect_rc 64
expect_err "export does not write md: it writes csv, json, jsonl, xlsx"
remember shequ.sqlite
run grid add --code 09 --name 第九网格 -o grid.pdf
expect_rc 64
expect_err "-o grid.pdf: shequ cannot write this kind of file (it writes .csv, .tsv, .json, .jsonl, .md, .markdown, .html, .htm, .xlsx, .txt)"
expect_unchanged shequ.sqlite
run grid list -o grids.foo
expect_rc 64
check; [ ! -e grids.foo ] || fail "grids.foo written"
# xlsx is never written to a terminal.
if command -v script >/dev/null; then
  check; script -qec "$SHEQU --lang en grid list --format xlsx" /dev/null > tty.out 2>&1; [ $? = 64 ] || fail "xlsx to a terminal: $(cat tty.out)"
  check; grep -q "xlsx is a binary workbook" tty.out || fail "xlsx to a terminal: message"
else
  echo "SKIPPED: no script(1) to give shequ a terminal"
fi
# Listings: any listing as a workbook, its title on top, dates as dates, labels for people.
run person history 张三 -o list.xlsx
expect_rc 0
py "
ws = openpyxl.load_workbook('list.xlsx').active
print(ws['A1'].value, ws['A1'].font.b, ws.freeze_panes, [c.value for c in ws[2]][:2])
print(type(ws['B3'].value).__name__)"
expect_out "Residence history True A3 ['Household', 'From']"
expect_out "datetime"
run person list -o list.xlsx
py "ws = openpyxl.load_workbook('list.xlsx').active; print(ws.freeze_panes, [c.value for c in ws[1]][:2])"
expect_out "A2 ['ID', 'Name']"

# ---- a report as a workbook: a sheet per section, title and period on top, native charts ----
run report summary --period 2026 -o summary.xlsx
expect_rc 0
py "
wb = openpyxl.load_workbook('summary.xlsx')
print(len(wb.sheetnames) > 1)
ws = wb[wb.sheetnames[0]]
print(ws['A1'].value); print(ws['A2'].value)
names = zipfile.ZipFile('summary.xlsx').namelist()
charts = [n for n in names if n.startswith('xl/charts/chart')]
print(len(charts) > 0, all('barChart' in zipfile.ZipFile('summary.xlsx').read(n).decode() for n in charts))"
expect_out "True"
expect_out "2026"
expect_out "True True"

# ---- rejects go back in the input's format, encoding and header ----
py "
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['姓名', '住址', '手机号'])
ws.append(['吴一', '3-2-501', '13900000001'])
ws.append(['吴二', '9-9-999', '13900000002'])
wb.save('send.xlsx')"
run_zh import persons send.xlsx --skip-bad --rejects back.xlsx
expect_rc 0
expect_err "拒绝 1"
py "
ws = openpyxl.load_workbook('back.xlsx').active
print([c.value for c in ws[1]]); print([c.value for c in ws[2]][:3])"
expect_out "['姓名', '住址', '手机号', '拒绝原因']"
expect_out "['吴二', '9-9-999', '13900000002']"
# Fixed in the spreadsheet, the rejects file imports as it is (the reason column ignored).
py "
wb = openpyxl.load_workbook('back.xlsx'); ws = wb.active
ws['B2'] = '3-2-502'; wb.save('back.xlsx')"
run import persons back.xlsx
expect_rc 0
expect_err "1 inserted, 0 updated, 0 unchanged, 0 rejected (xlsx)"
# A GBK CSV gets GBK rejects; nothing rejected: no rejects file.
printf '姓名,住址\r\n郑一,3-2-501\r\n郑二,9-9-999\r\n' | iconv -f UTF-8 -t GB18030 > gbk.csv
run import persons gbk.csv --skip-bad --rejects back.csv
expect_rc 0
check; iconv -f GB18030 -t UTF-8 back.csv | grep -q '^郑二,9-9-999,' || fail "GBK rejects"
check; ! iconv -f UTF-8 -t UTF-8 back.csv >/dev/null 2>&1 || fail "rejects of a GBK file are not GBK"
check; [ "$(head -1 back.csv | iconv -f GB18030 -t UTF-8 | tr -d '\r')" = "姓名,住址,rejection reason" ] || fail "rejects header"
printf 'name,household\n冯一,3-2-501\n' > good.csv
run --bom import persons good.csv --skip-bad --rejects none.csv
expect_rc 0
expect_err "no rows rejected: none.csv not written"
check; [ ! -e none.csv ] || fail "an empty rejects file was written"
printf 'name,household\n冯二,9-9-999\n' > bad2.csv
run --bom import persons bad2.csv --skip-bad --rejects bom.csv
check; [ "$(head -c 3 bom.csv | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || fail "--bom not honoured in rejects"

# ---- 100,000 rows written by openpyxl ----
py "
wb = openpyxl.Workbook(write_only=True); ws = wb.create_sheet('big')
ws.append(['name', 'household', 'phone', 'birth_date'])
for i in range(100000):
    ws.append([f'居民{i:06d}', '3-2-501', f'139{i:08d}', datetime.date(1950 + i % 60, 1 + i % 12, 1 + i % 28)])
wb.save('big.xlsx')"
expect_rc 0
run import persons big.xlsx
expect_rc 0
expect_err "100000 inserted"
check; [ "$(sql shequ.sqlite "select birth_date from person where name='居民099999'")" = "1989-04-12" ] || fail "row 100,000"

# ---- a file saved by LibreOffice ----
if command -v soffice >/dev/null || command -v libreoffice >/dev/null; then
  lo=$(command -v soffice || command -v libreoffice)
  printf 'name,household,phone\n卫一,3-2-501,13700000001\n' > lo.csv
  "$lo" --headless --convert-to xlsx lo.csv >/dev/null 2>&1
  run import persons lo.xlsx
  expect_rc 0
  expect_err "1 inserted"
else
  echo "SKIPPED: LibreOffice is not installed: the file-saved-by-LibreOffice check did not run"
fi

finish
