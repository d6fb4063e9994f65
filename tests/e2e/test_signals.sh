#!/usr/bin/env bash
# Signals: SIGINT and SIGTERM during a long import, an export to a file, a read from a terminal
# that never comes and a write to a reader that never reads. Each run must exit 130 (143 for
# SIGTERM) with the one line "shequ: interrupted", leave the data file as it was and no
# temporary file behind. SIG_ROWS (default 200000; 30000 on a server) sizes the long import.
# On a server --skip-bad takes a statement and a savepoint a row (8,000 rows: about 1.5 s, so
# 30,000 outlast the signal's delay well), and the export and the list get SIG_LIST_ROWS
# (default 150000) more rows there, by COPY, to be long enough to be interrupted while writing.
. "$(dirname "$0")/lib.sh"
if [ "$ENGINE" = postgresql ]; then ROWS=${SIG_ROWS:-30000}; else ROWS=${SIG_ROWS:-200000}; fi
make_registry || { echo "setup failed"; exit 1; }
python3 - "$ROWS" >big.csv <<'PY'
import sys
n = int(sys.argv[1])
print("name,gender,phone,household,note")
for i in range(n):
    print(f"居民{i:06d},{'FM'[i % 2]},139{i:08d},3-2-50{1 + i % 2},第{i}行")
    if i % 1000 == 999:
        print(f"坏行{i},X,1,9-9-999,")  # bad rows, so --rejects has something to write
PY

# interrupt SIGNALS DELAY ARGS…: runs shequ ARGS… in the background, sends the signals (INT,
# TERM or INT,INT for two) after DELAY seconds, or with DELAY "writing" as soon as its output's
# temporary file exists (a fixed delay let a fast machine finish the export first); it must
# still be running. Waits; sets RC, OUT, ERR.
interrupt() {
  local sigs=$1 delay=$2 sig tries=0
  shift 2
  "$SHEQU" --lang en "$@" >"$WORK/.out" 2>"$WORK/.err" &
  local pid=$!
  if [ "$delay" = writing ]; then
    until ls -A | grep -q -e '\.tmp' || ! kill -0 "$pid" 2>/dev/null || [ $tries -ge 2000 ]; do
      sleep 0.005
      tries=$((tries + 1))
    done
  else
    sleep "$delay"
  fi
  check
  kill -0 "$pid" 2>/dev/null || fail "shequ $* finished before the signal; raise SIG_ROWS"
  for sig in ${sigs//,/ }; do
    kill "-$sig" "$pid" 2>/dev/null
    sleep 0.05
  done
  wait "$pid"
  RC=$?
  OUT=$(cat "$WORK/.out")
  ERR=$(cat "$WORK/.err")
}
# one_line: stderr ends with the one line "shequ: interrupted", once, and no error beside it (the
# bad rows an import reports on its way are fine).
one_line() {
  check
  [ "$(printf '%s\n' "$ERR" | tail -1)" = "shequ: interrupted" ] &&
    [ "$(printf '%s\n' "$ERR" | grep -c interrupted)" = 1 ] &&
    ! printf '%s\n' "$ERR" | grep -q -e '^shequ: error' -e '^shequ: hint' ||
    fail "stderr does not end with the one line 'shequ: interrupted'"
}
no_temp() { check; [ -z "$(ls -A | grep -e '\.tmp')" ] || fail "temporary files left: $(ls -A | grep -e '\.tmp')"; }
persons() { sql shequ.sqlite "SELECT count(*) FROM person"; }

remember shequ.sqlite
[ "$ENGINE" = sqlite ] && cp shequ.sqlite data.orig
before=$(persons)

# A long import with a rejects file, interrupted by Ctrl-C and by SIGTERM.
interrupt INT 1.5 import persons big.csv --skip-bad --rejects rejects.csv
expect_rc 130
one_line
no_temp
expect_unchanged shequ.sqlite
if [ "$ENGINE" = sqlite ]; then  # the file's very bytes (a server's community: expect_unchanged above)
  check; cmp -s shequ.sqlite data.orig || fail "data file bytes changed by an interrupted import"
fi
check; [ ! -e rejects.csv ] || fail "an interrupted import left its rejects file"
interrupt TERM 1.5 import persons big.csv --skip-bad --rejects rejects.csv
expect_rc 143
one_line
no_temp
expect_unchanged shequ.sqlite
check; [ "$(persons)" = "$before" ] || fail "persons added by an interrupted import"
run_zh check
expect_rc 0

# Two quick Ctrl-Cs (an impatient user): the second ends the run at once, from the handler,
# with the same one line, and no temporary file.
interrupt INT,INT 1.5 import persons big.csv --skip-bad --rejects rejects2.csv
expect_rc 130
one_line
no_temp
expect_unchanged shequ.sqlite

# The same import finishes when left alone; then an export of all of it to a file is interrupted.
run import persons big.csv --skip-bad --rejects rejects.csv
expect_rc 0
expect_err "$ROWS inserted"
if [ "$ENGINE" = postgresql ]; then
  python3 - "${SIG_LIST_ROWS:-150000}" >more.csv <<'PY'
import sys
print("name,gender,phone,household")
for i in range(int(sys.argv[1])):
    print(f"住户{i:06d},{'FM'[i % 2]},137{i:08d},3-2-50{1 + i % 2}")
PY
  run import persons more.csv
  expect_rc 0
fi
remember shequ.sqlite
interrupt INT writing --reveal export persons -o all.csv
expect_rc 130
one_line
no_temp
check; [ ! -e all.csv ] || fail "an interrupted export left all.csv"
expect_unchanged shequ.sqlite
interrupt TERM writing --format csv -o list.csv person list
expect_rc 143
one_line
no_temp
check; [ ! -e list.csv ] || fail "an interrupted -o left list.csv"

# A read that never returns (a FIFO nobody writes to): the read is cut short.
mkfifo never
exec 3<>never  # holds the FIFO open so the read blocks instead of seeing the end
"$SHEQU" --lang en import persons - <never >"$WORK/.out" 2>"$WORK/.err" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
RC=$?
ERR=$(cat "$WORK/.err")
exec 3>&-
expect_rc 130
one_line
expect_unchanged shequ.sqlite

# A reader that never reads: the blocked write is cut short (or the second Ctrl-C ends the run).
mkfifo stuck
exec 4<>stuck  # a reader that reads nothing
"$SHEQU" --lang en --reveal export persons >stuck 2>"$WORK/.err" &
pid=$!
sleep 0.8
kill -INT "$pid"
sleep 0.3
kill -INT "$pid" 2>/dev/null
wait "$pid"
RC=$?
ERR=$(cat "$WORK/.err")
exec 4>&-
expect_rc 130
one_line
no_temp
expect_unchanged shequ.sqlite
run check
expect_rc 0
finish
