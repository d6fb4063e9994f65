#!/usr/bin/env bash
# Crash safety: SIGKILL shequ at random moments during a large import, the migration of an older
# data file and a bulk verification of service hours; afterwards the file must pass `shequ check` and hold all or none of the
# interrupted command's rows. CRASH_ROWS (default 30000) and CRASH_KILLS (default 20 per
# command) scale the run; the closing line reports how many kills the file survived.
# On a server (default 10000 rows, 8 kills a command) the client is killed: its community must
# hold all or none, pass check, and its writer lock must not outlive the client (the next writer
# proceeds within a second), nor may any backend be left idle in a transaction. The migration of
# an older data file is about a file's own bytes (its journal and WAL): SQLite only.
. "$(dirname "$0")/lib.sh"
if [ "$ENGINE" = postgresql ]; then
  ROWS=${CRASH_ROWS:-10000} KILLS=${CRASH_KILLS:-8}
  # A database of its own: the backends and locks left after a kill are this test's alone.
  own_database crash$$
  trap 'drop_own_database; rm -rf "$WORK"' EXIT
else
  ROWS=${CRASH_ROWS:-30000} KILLS=${CRASH_KILLS:-20}
fi
RANDOM=${CRASH_SEED:-9}
make_registry base.sqlite || { echo "setup failed"; exit 1; }
# fresh FROM TO: TO becomes a copy of FROM's data (on a server a community of its own).
fresh() {
  if [ "$ENGINE" = sqlite ]; then cp "$1" "$2" && rm -f "$2-wal" "$2-shm"; else copy_data "$1" "$2"; fi
}
probe_max=0
# server_after_kill FILE WHAT: on a server, right after a kill, the next writer in the community
# gets its lock within a second (the killed client's backend ends with it; a statement it was
# running is rolled back), and no backend is left idle in a transaction or holding an advisory
# lock. The probe writes one grid (one audit row). Nothing on a file.
server_after_kill() {
  [ "$ENGINE" = postgresql ] || return 0
  local f=$1 what=$2 t0 t1 rc left
  t0=$(now_ms)
  "$SHEQU" --lang en --db "$f" -q -c database.busy_timeout_ms=1000 grid add --code 99 --name 探针 >probe.out 2>&1
  rc=$?
  t1=$(now_ms)
  [ $((t1 - t0)) -gt "$probe_max" ] && probe_max=$((t1 - t0))
  check; [ "$rc" = 0 ] || fail "$what: the next writer did not proceed (rc $rc): $(head -c 300 probe.out)"
  left=$(pg -c "SELECT pid || ' ' || state FROM pg_stat_activity WHERE datname = current_database()
                AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'
                UNION ALL SELECT 'advisory lock of ' || pid FROM pg_locks WHERE locktype = 'advisory'
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
  check; [ -z "$left" ] || fail "$what: left behind on the server: $left"
}
python3 - "$ROWS" >big.csv <<'PY'
import sys
n = int(sys.argv[1])
print("name,gender,phone,household,tags,note")
for i in range(n):
    print(f"居民{i:06d},{'FM'[i % 2]},139{i:08d},3-2-50{1 + i % 2},elderly-alone," + f'"第{i}行 ""引号"", 备注"')
PY
base_persons=$(sql base.sqlite "SELECT count(*) FROM person")
base_audit=$(sql base.sqlite "SELECT count(*) FROM audit")
probe_audit=0  # the audit row of server_after_kill's probe
[ "$ENGINE" = postgresql ] && probe_audit=1

# now_ms: milliseconds since the epoch.
now_ms() { date +%s%3N; }

# A full import, timed: the kills below land anywhere inside that window.
fresh base.sqlite full.sqlite
t0=$(now_ms)
run --db full.sqlite import persons big.csv
t1=$(now_ms)
expect_rc 0
full_ms=$((t1 - t0))
check; [ "$(sql full.sqlite "SELECT count(*) FROM person")" = $((base_persons + ROWS)) ] || fail "full import incomplete"

survived=0
killed=0
all=0
none=0
# after_kill FILE WHAT EXPECTED_PERSONS_IF_DONE: the file passes check and holds all or none.
after_kill() {
  local f=$1 what=$2
  server_after_kill "$f" "$what"
  "$SHEQU" --lang en --db "$f" check >check.out 2>&1
  local rc=$?
  local persons audits
  persons=$(sql "$f" "SELECT count(*) FROM person")
  audits=$(sql "$f" "SELECT count(*) FROM audit")
  check
  if [ "$rc" != 0 ]; then
    fail "$what: check failed after a kill (rc $rc): $(head -c 600 check.out)"
    return
  fi
  if [ "$persons" = "$base_persons" ] && [ "$audits" = $((base_audit + probe_audit)) ]; then
    none=$((none + 1))
  elif [ "$persons" = $((base_persons + ROWS)) ] && [ "$audits" = $((base_audit + 1 + probe_audit)) ]; then
    all=$((all + 1))
  else
    fail "$what: partial import after a kill: $persons persons, $audits audit rows"
    return
  fi
  survived=$((survived + 1))
}

# 1. Import: kill at random points of the measured window (a few just after it, too).
for ((k = 0; k < KILLS; k++)); do
  fresh base.sqlite crash.sqlite
  delay=$((RANDOM * RANDOM % (full_ms * 11 / 10 + 1)))
  "$SHEQU" --db crash.sqlite import persons big.csv >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  after_kill crash.sqlite "import kill $k at ${delay}ms"
done
import_summary="import of $ROWS rows (${full_ms} ms): $survived/$KILLS survived ($killed killed mid-run; $all with all rows, $none with none)"

# 2. Migration (SQLite only: a server's schema is migrated by `shequ migrate`, each step in a
#    transaction of the server's): an older file (schema version 1, the registry only) upgraded on first open.
#    Each migration is its own transaction: after a kill the version and the tables agree, and
#    the next run finishes the upgrade to exactly the schema of a new file.
if [ "$ENGINE" = sqlite ]; then
"$SHEQU" --db fresh.sqlite init -q
sql fresh.sqlite "SELECT type || ' ' || name || ' ' || sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name" >fresh.schema
cp full.sqlite old.sqlite
registry_tables=$(grep -oE 'CREATE TABLE [a-z_]+' "$SOURCE_DIR"/lib/migrations/sqlite/0001_*.sql | awk '{print $3}' | sort)
registry_extras=$(grep -oE 'CREATE (INDEX|TRIGGER) [a-z_]+' "$SOURCE_DIR"/lib/migrations/sqlite/0001_*.sql | awk '{print $3}' | sort)
{
  echo "PRAGMA foreign_keys = OFF; BEGIN;"
  sql old.sqlite "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'" | sort |
    comm -23 - <(echo "$registry_tables") | sed 's/.*/DROP TABLE &;/'
  # Indexes and triggers later migrations put on the registry's own tables go too.
  sql old.sqlite "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%'
                  AND tbl_name IN ($(echo "$registry_tables" | sed "s/.*/'&'/" | paste -sd,))" | sort |
    comm -23 - <(echo "$registry_extras") |
    while read -r n; do
      t=$(sql old.sqlite "SELECT type FROM sqlite_schema WHERE name = '$n'")
      echo "DROP ${t^^} IF EXISTS $n;"
    done
  # Columns later migrations add to the registry's tables go too (0013: audit.today, with the
  # trigger that names it back as 0001 wrote it).
  echo "DROP TRIGGER audit_no_update; ALTER TABLE audit DROP COLUMN today;"
  grep -A1 'CREATE TRIGGER audit_no_update' "$SOURCE_DIR"/lib/migrations/sqlite/0001_*.sql
  echo "PRAGMA user_version = 1; COMMIT; VACUUM;"
} | sqlite3 old.sqlite
check; [ "$(sql old.sqlite 'PRAGMA user_version')" = 1 ] || fail "could not make a version-1 file"
old_persons=$(sql old.sqlite "SELECT count(*) FROM person")
# tables_upto V: the tables that migrations 1..V create.
tables_upto() {
  ls "$SOURCE_DIR"/lib/migrations/sqlite/*.sql | sort | head -n "$1" | xargs grep -ohE 'CREATE TABLE [a-z_]+' | awk '{print $3}' | sort -u  # 0008 rebuilds points_ledger
}
# A kill needs a longer window than the migration itself: time one and aim around it.
cp old.sqlite mig.sqlite
t0=$(now_ms)
"$SHEQU" --db mig.sqlite grid list >/dev/null 2>&1
t1=$(now_ms)
mig_ms=$((t1 - t0 + 5))
m_survived=0
m_killed=0
declare -A versions_seen=()
for ((k = 0; k < KILLS; k++)); do
  cp old.sqlite mig.sqlite
  rm -f mig.sqlite-wal mig.sqlite-shm
  delay=$((RANDOM % (mig_ms * 1000) ))  # microseconds
  "$SHEQU" --db mig.sqlite grid list >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%06d' "$delay")"
  kill -KILL "$pid" 2>/dev/null && m_killed=$((m_killed + 1))
  wait "$pid" 2>/dev/null
  v=$(sql mig.sqlite "PRAGMA user_version")
  versions_seen[$v]=1
  have=$(sql mig.sqlite "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'" | sort)
  check
  if [ "$have" != "$(tables_upto "$v")" ]; then fail "migration kill $k: version $v but tables: $have"; continue; fi
  "$SHEQU" --lang en --db mig.sqlite check >check.out 2>&1
  rc=$?
  check
  if [ "$rc" != 0 ]; then fail "migration kill $k: check after resuming failed (rc $rc): $(head -c 600 check.out)"; continue; fi
  check
  if ! diff <(sql mig.sqlite "SELECT type || ' ' || name || ' ' || sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name") fresh.schema >/dev/null; then
    fail "migration kill $k: schema after resuming differs from a new file's"; continue
  fi
  check
  [ "$(sql mig.sqlite "SELECT count(*) FROM person")" = "$old_persons" ] || { fail "migration kill $k: persons lost"; continue; }
  m_survived=$((m_survived + 1))
done
migration_summary="migration 1→$(ls "$SOURCE_DIR"/lib/migrations/sqlite/*.sql | wc -l) (${mig_ms} ms): $m_survived/$KILLS survived ($m_killed killed mid-run; versions seen after a kill: ${!versions_seen[*]})"
else
migration_summary="migration: a data file's, not run on a server"
fi

# 3. Bulk verification: `volunteer verify --pending` turns every pending entry into verified
#    hours with earned points in one transaction: after a kill, all or none are verified, and
#    the points ledger matches.
HOURS=$((ROWS / 4))
fresh base.sqlite hours.sqlite
"$SHEQU" --db hours.sqlite -q person add --name 志愿者 --household 1-1-101 >/dev/null
"$SHEQU" --db hours.sqlite -q volunteer add --person 志愿者 --joined 1980-01-01 >/dev/null
"$SHEQU" --db hours.sqlite -q project add --name 清洁家园 --post-type dedication >/dev/null
python3 - "$HOURS" >hours.csv <<'PY'
import sys, datetime
n = int(sys.argv[1])
print("external_key,volunteer,date,start,end,activity,project")
day = datetime.date(1980, 1, 2)  # one entry a day (the per-day maximum), none in the future
for i in range(n):
    print(f"K{i},V1,{day + datetime.timedelta(days=i)},09:00,10:00,清扫,清洁家园")
PY
"$SHEQU" --lang en --db hours.sqlite import hours hours.csv >/dev/null 2>import.err || fail "hours import: $(head -c 300 import.err)"
check; [ "$(sql hours.sqlite "SELECT count(*) FROM service_hours WHERE status = 'pending'")" = "$HOURS" ] || fail "hours not pending"
fresh hours.sqlite vfull.sqlite
t0=$(now_ms)
"$SHEQU" --db vfull.sqlite volunteer verify --pending >/dev/null 2>&1 || fail "bulk verify failed"
t1=$(now_ms)
verify_ms=$((t1 - t0))
v_survived=0 v_killed=0 v_all=0 v_none=0
for ((k = 0; k < KILLS; k++)); do
  fresh hours.sqlite v.sqlite
  delay=$((RANDOM * RANDOM % (verify_ms * 11 / 10 + 1)))
  "$SHEQU" --db v.sqlite volunteer verify --pending >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null && v_killed=$((v_killed + 1))
  wait "$pid" 2>/dev/null
  server_after_kill v.sqlite "verify kill $k"
  "$SHEQU" --lang en --db v.sqlite check >check.out 2>&1
  rc=$?
  check
  if [ "$rc" != 0 ]; then fail "verify kill $k: check failed (rc $rc): $(head -c 600 check.out)"; continue; fi
  state=$(sql v.sqlite "SELECT (SELECT count(*) FROM service_hours WHERE status = 'verified') || ' ' || (SELECT count(*) FROM points_ledger WHERE kind = 'earn')")
  check
  case $state in
    "0 0") v_none=$((v_none + 1)) ;;
    "$HOURS $HOURS") v_all=$((v_all + 1)) ;;
    *) fail "verify kill $k: partly verified: $state"; continue ;;
  esac
  v_survived=$((v_survived + 1))
done
verify_summary="bulk verification of $HOURS entries (${verify_ms} ms): $v_survived/$KILLS survived ($v_killed killed mid-run; $v_all all verified, $v_none none)"

server_summary=
[ "$ENGINE" = postgresql ] && server_summary="; the next writer proceeded within ${probe_max} ms of a kill"
echo "crash safety: $import_summary; $migration_summary; $verify_summary$server_summary"
finish
