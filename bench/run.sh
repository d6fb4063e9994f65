#!/bin/bash
# Runs every benchmark and prints one table; writes bench/RESULTS.md (the table and the machine).
#
#   bench/run.sh                 # builds nothing: uses build/shequ (configure with the default
#                                # RelWithDebInfo or Release first)
#   SHEQU=/path/to/shequ RUNS=5 PERSONS=1000000 bench/run.sh
#
# Each figure is a median over RUNS runs, and each ratio divides by a baseline measured in the
# same run on the same machine. The district file (bench/.cache, ~1 GB) is built once per
# generator version and reused. Not run by ctest: it takes minutes.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
export SHEQU=${SHEQU:-$ROOT/build/shequ}
[ -x "$SHEQU" ] || { echo "bench: $SHEQU not built (cmake -B build && make -C build)" >&2; exit 66; }

# The tools a coordinator might use instead: Debian packages, installed when missing.
need=()
for pair in timew:timewarrior hledger:hledger sqlite-utils:sqlite-utils sqlite3:sqlite3 /usr/bin/time:time; do
  cmd=${pair%%:*} pkg=${pair#*:}
  command -v "$cmd" >/dev/null && continue
  if apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    need+=("$pkg")
  else
    echo "bench: Debian has no package $pkg here; its comparison is skipped" >&2
  fi
done
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]}" >&2
  if [ "$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
  else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2; fi
fi

exec python3 "$HERE/bench.py" "$@"
