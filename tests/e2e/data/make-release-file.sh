#!/usr/bin/env bash
# How release-0.1-schema14.sqlite.gz was made: by shequ 0.1.0 (data file schema 14, undo data
# as SQLite session changesets in audit.changeset), so test_legacy_undo.sh can check that a
# file from that release opens, migrates and undoes its last changes. Run with that release's
# binary as $1; it is not run by the tests.
set -euo pipefail
S=${1:?path to a shequ 0.1.0 binary}
export SHEQU_TODAY=2026-11-29 SHEQU_OPERATOR=release-0.1
D=(--db release.sqlite -q)
rm -f release.sqlite
"$S" "${D[@]}" init
"$S" "${D[@]}" grid add --code 01 --name 第一网格
"$S" "${D[@]}" building add --number 1 --grid 01 --units 2 --floors 6
"$S" "${D[@]}" household add --address 1-1-101
"$S" "${D[@]}" household add --address 1-1-102 --phone 13812345678
"$S" "${D[@]}" person add --name 王五 --household 1-1-101
"$S" "${D[@]}" person add --name 李四 --household 1-1-102
"$S" "${D[@]}" project add --name 楼道清洁 --post-type dedication
"$S" "${D[@]}" volunteer add --person R1 --joined 2026-01-05
"$S" "${D[@]}" volunteer log-hours V1 --date 2026-11-20 --hours 2 --activity 楼道清洁 --project J1
"$S" "${D[@]}" volunteer verify 1
"$S" "${D[@]}" person set R2 --phone 13900001111
"$S" "${D[@]}" household set 1-1-101 --tags 独居老人
"$S" "${D[@]}" person move R2 --to 1-1-101
sqlite3 release.sqlite "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; VACUUM" >/dev/null
gzip -9 -c release.sqlite > release-0.1-schema14.sqlite.gz
