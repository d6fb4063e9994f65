#!/usr/bin/env bash
# Outputs never destroy anything, and files behave: every output path (-o, export -o, --rejects,
# a saved report's out, backup) aimed at the data file, its -wal/-shm, the settings file and the
# input — by name, ./, a relative path through .., an absolute path, a symlink — is refused with
# 64 and the files stay byte-identical; devices and FIFOs are written directly; modes follow the
# umask; {year}/{month} are the period's; relative report paths start at the data file's folder;
# messages name absolute paths; backup makes its folder; a full disk is said as such.
. "$(dirname "$0")/lib.sh"
make_registry || { echo "setup failed"; exit 1; }
"$SHEQU" -q person add --name 张一 --household 1-1-101 --phone 13812340001 >/dev/null
# saved_report OUT [FILE]: writes a settings file (default shequ.toml) whose saved report
# "monthly" writes to OUT.
saved_report() {
  printf '[reports.monthly]\nkind = "summary"\nperiod = "last-month"\nformat = "csv"\nout = "%s"\n' "$1" >"${2:-shequ.toml}"
}
saved_report "out/{year}/summary-{month}.csv"
export SHEQU_CONFIG="$WORK/shequ.toml"
printf 'name,household\n好人,1-1-101\n坏人,9-9-999\n' >roster.csv
# data_snapshot / data_same: the data is as snapshotted (the file byte for byte; on a server,
# which has no data file, the community's schema and rows).
if [ "$ENGINE" = sqlite ]; then
  data_snapshot() { cp shequ.sqlite data.orig; }
  data_same() { cmp -s shequ.sqlite data.orig; }
else
  data_snapshot() { DATA_SNAP=$(digest shequ.sqlite); }
  data_same() { [ "$(digest shequ.sqlite)" = "$DATA_SNAP" ]; }
fi
data_snapshot
cp shequ.toml toml.orig
cp roster.csv roster.orig
ln -s shequ.sqlite link.sqlite
ln -s shequ.toml link.toml
ln -s alt.toml link-alt.toml
ln -s roster.csv link.csv
ln -s shequ.sqlite-wal wal-link
mkdir sub
here=$(basename "$WORK")

# same_files: the data file, the settings and the input are byte-identical to the originals, and
# no temporary file or stray -wal made by an output is left.
same_files() {
  check; data_same || fail "data file changed ($*)"
  check; cmp -s shequ.toml toml.orig || fail "settings file changed ($*)"
  check; cmp -s roster.csv roster.orig || fail "input changed ($*)"
  check; [ -z "$(ls -A | grep -e '\.tmp' -e '-wal$' -e '-shm$')" ] || fail "left behind ($*): $(ls -A)"
}

# refused WHAT ARGS…: the command exits 64 with a message naming the absolute path, nothing changes.
refused() {
  local what=$1
  shift
  run "$@"
  expect_rc 64
  expect_err "will not write"
  same_files "$what: $*"
}

# The data file and its -wal/-shm as targets only on SQLite: a server has no data file, so there
# those names are ordinary files an output may write.
targets=(shequ.toml link.toml)
[ "$ENGINE" = sqlite ] && targets=(shequ.sqlite ./shequ.sqlite "../$here/shequ.sqlite" "$WORK/shequ.sqlite" sub/../shequ.sqlite
  link.sqlite shequ.sqlite-wal shequ.sqlite-shm wal-link "${targets[@]}")
for t in "${targets[@]}"; do
  # --format csv: a target whose extension names no format is refused earlier (64, test_xlsx.sh);
  # here the protection itself must speak.
  refused "-o $t" --format csv -o "$t" person list
  refused "export -o $t" export persons --format csv -o "$t"
  # backup copies a data file: on a server it is refused whatever the target (see below).
  [ "$ENGINE" = sqlite ] && refused "backup $t" backup "$t"
  case $t in
    shequ.toml) saved_report alt.toml alt.toml ;;
    link.toml) saved_report link-alt.toml alt.toml ;;  # the settings file in use names itself
    *) saved_report "$t" alt.toml ;;
  esac
  cp alt.toml alt.orig
  refused "report out $t" --config alt.toml report run monthly
  check; cmp -s alt.toml alt.orig || fail "report out $t changed the settings file"
  refused "rejects $t" import persons roster.csv --skip-bad --rejects "$t"
done
for t in roster.csv ./roster.csv "../$here/roster.csv" "$WORK/roster.csv" link.csv; do
  refused "rejects over the input $t" import persons roster.csv --skip-bad --rejects "$t"
  refused "rejects over the input $t, given as $WORK/roster.csv" import persons "$WORK/roster.csv" --skip-bad --rejects "$t"
done
if [ "$ENGINE" = sqlite ]; then  # a server has no data file to name
  run --format csv -o shequ.sqlite person list
  expect_err "$WORK/shequ.sqlite: it is the data file"
fi
run_zh --format csv -o link.toml person list
expect_err "不会写入 $WORK/link.toml：这是配置文件"
# Commands that do not open the data file are refused too.
[ "$ENGINE" = sqlite ] && refused "-o help" --format csv -o shequ.sqlite help exit-codes  # no data file on a server
refused "-o help over the settings" --format csv -o shequ.toml help exit-codes
# On a server the data file's name is an ordinary file: an output may write it, the community
# stays as it was.
if [ "$ENGINE" = postgresql ]; then
  run --format csv -o shequ.sqlite person list
  expect_rc 0
  check; grep -q 张一 shequ.sqlite || fail "-o shequ.sqlite on a server did not write the list"
  same_files "-o shequ.sqlite on a server"
  rm -f shequ.sqlite
fi
# On a server backup is refused whatever its target (the administrator backs the server up),
# and nothing is written.
if [ "$ENGINE" = postgresql ]; then
  run backup shequ.toml
  expect_rc 64
  expect_err "is a server"
  same_files "backup on a server"
  run backup server-copy.sqlite
  expect_rc 64
  check; [ ! -e server-copy.sqlite ] || fail "a refused backup on a server wrote its file"
fi
# The import itself still works with a proper rejects file.
run import persons roster.csv --skip-bad --rejects bad.csv
expect_rc 0
check; grep -q 坏人 bad.csv || fail "rejects file lacks the bad row"
data_snapshot

# Devices and FIFOs are written directly, never replaced (as root, the node survives).
run -o /dev/null person list
expect_rc 0
check; [ -c /dev/null ] || fail "/dev/null is no longer a character device"
run export persons -o /dev/null
expect_rc 0
check; [ -c /dev/null ] || fail "/dev/null replaced by export"
"$SHEQU" -o /dev/stdout --format csv grid list >stdout.txt
check; grep -q 第一网格 stdout.txt || fail "-o /dev/stdout wrote nothing to stdout"
mkfifo pipe
cat pipe >from-pipe.txt &
run --format csv -o pipe grid list
wait
expect_rc 0
check; [ -p pipe ] || fail "the FIFO was replaced"
check; grep -q 第三网格 from-pipe.txt || fail "nothing came through the FIFO"
run -o /dev/full person list
expect_rc 74
expect_err "/dev/full: disk full"
run -o /dev/no-such-device grid list
expect_rc 74
check; [ ! -e /dev/no-such-device ] || fail "-o created a file in /dev"
same_files "devices"

# Modes follow the umask; a replaced file keeps its mode; reports.mode is exact; the data file and
# backups stay 0600.
mode() { check; [ "$(stat -c %a "$1")" = "$2" ] || fail "$1 has mode $(stat -c %a "$1"), expected $2"; }
for m in 022:644 027:640 077:600; do
  (
    umask "${m%%:*}"
    "$SHEQU" -q -o "list-${m%%:*}.csv" person list
    "$SHEQU" -q export persons -o "export-${m%%:*}.csv"
    "$SHEQU" -q import persons roster.csv --skip-bad --rejects "rejects-${m%%:*}.csv" 2>/dev/null
    saved_report "report-${m%%:*}.csv" mode.toml
    "$SHEQU" -q --config mode.toml report run monthly
    if [ "$ENGINE" = sqlite ]; then  # a server has no data file or backup file to have a mode
      "$SHEQU" -q backup "backup-${m%%:*}.sqlite"
      "$SHEQU" -q --db "init-${m%%:*}.sqlite" init
    fi
  )
  for f in list export rejects report; do mode "$f-${m%%:*}.csv" "${m##*:}"; done
  if [ "$ENGINE" = sqlite ]; then
    mode "backup-${m%%:*}.sqlite" 600
    mode "init-${m%%:*}.sqlite" 600
  fi
done
touch kept.csv && chmod 604 kept.csv
run -o kept.csv person list
mode kept.csv 604
saved_report shared.csv mode.toml
(umask 077 && "$SHEQU" -q --config mode.toml -c reports.mode=0640 report run monthly)
mode shared.csv 640
run -c reports.mode=0999 report run monthly
expect_rc 78
expect_err "reports.mode"

# {year} and {month} are the period's: December's monthly report, run on 3 January, lands in
# December's year.
SHEQU_TODAY=2027-01-03 run report run monthly
expect_rc 0
check; [ -f out/2026/summary-2026-12.csv ] || fail "December's report not in out/2026/: $(find out)"
check; [ ! -e out/2027 ] || fail "December's report went to next year's folder"

# A relative out starts at the data file's folder (or reports.dir), not the settings file's,
# wherever the command runs (cron runs in /). A server has no data file folder: there it starts
# at the settings file's folder (the guide's page on servers).
mkdir -p cfg data
cp shequ.toml cfg/config.toml
copy_data shequ.sqlite data/city.sqlite
base=data other=cfg
[ "$ENGINE" = postgresql ] && base=cfg other=data
(cd / && SHEQU_CONFIG="$WORK/cfg/config.toml" "$SHEQU" -q --db "$WORK/data/city.sqlite" report run monthly)
check; [ -f $base/out/2026/summary-2026-10.csv ] || fail "relative out not taken from $base/: $(find $base)"
check; [ ! -e $other/out ] || fail "relative out taken from $other/"
(cd / && SHEQU_CONFIG="$WORK/cfg/config.toml" "$SHEQU" -q --db "$WORK/data/city.sqlite" -c reports.dir=published report run monthly)
check; [ -f $base/published/out/2026/summary-2026-10.csv ] || fail "relative reports.dir not taken from $base/"
(cd / && SHEQU_CONFIG="$WORK/cfg/config.toml" "$SHEQU" -q --db "$WORK/data/city.sqlite" -c "reports.dir=$WORK/abs" report run monthly)
check; [ -f abs/out/2026/summary-2026-10.csv ] || fail "absolute reports.dir not used"

# Every error about a path names it absolutely.
cd sub
run --db missing.sqlite grid list
expect_rc 66
if [ "$ENGINE" = sqlite ]; then
  expect_err "$WORK/sub/missing.sqlite"
else  # on a server the missing data file is a missing community
  expect_err "community $(community_of missing.sqlite) is not on the server"
fi
run --db ../shequ.sqlite -o nodir/x.csv grid list
expect_rc 74
expect_err "$WORK/sub/nodir/x.csv"
run --db ../shequ.sqlite import persons nofile.csv
expect_rc 66
expect_err "$WORK/sub/nofile.csv"
if [ "$ENGINE" = sqlite ]; then  # backup copies a data file: refused on a server (checked above)
  run --db ../shequ.sqlite backup ../backup-022.sqlite
  expect_rc 1
  expect_err "$WORK/backup-022.sqlite already exists"
fi
cd "$WORK"

# Backup makes its missing folder (0700): the guide's cron line works on a fresh machine. Only
# on SQLite: on a server backup is refused (checked above).
if [ "$ENGINE" = sqlite ]; then
  run backup nightly/ningkang-2026-11-29.sqlite
  expect_rc 0
  mode nightly 700
  mode nightly/ningkang-2026-11-29.sqlite 600
  expect_err "$WORK/nightly/ningkang-2026-11-29.sqlite"
  (cd "$WORK" && "$SHEQU" -q backup backups/ningkang-$(date +%F).sqlite && find backups -name '*.sqlite' -mtime +90 -delete)
  RC=$?
  expect_rc 0
  check; [ -f "backups/ningkang-$(date +%F).sqlite" ] || fail "the guide's backup line did not write its file"
fi

# A full disk: said as such, nothing left behind. Needs a small tmpfs (root with CAP_SYS_ADMIN).
mkdir small
if mount -t tmpfs -o size=96k tmpfs small 2>/dev/null; then
  if [ "$ENGINE" = sqlite ]; then  # backup copies a data file: refused on a server (checked above)
    run backup small/b.sqlite
    expect_rc 74
    expect_err "small/b.sqlite: disk full"
    check; [[ "$ERR" != *PRAGMA* && "$ERR" != *"I/O error"* ]] || fail "a full disk reported as something else"
    check; [ -z "$(ls -A small)" ] || fail "a failed backup left $(ls -A small)"
  fi
  head -c 200000 /dev/zero | tr '\0' x >small/filler 2>/dev/null
  run --format csv -o small/x.csv person list
  expect_rc 74
  expect_err "disk full"
  check; [ -z "$(ls -A small | grep -v filler)" ] || fail "a failed -o left $(ls -A small)"
  umount small
else
  echo "note: no tmpfs mount here (not root or no CAP_SYS_ADMIN): full-disk backup checked through /dev/full only"
fi
same_files "the end"
finish
