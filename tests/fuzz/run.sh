#!/usr/bin/env bash
# Real fuzzing: builds the harnesses with clang + libFuzzer + AddressSanitizer in build-fuzz/
# and runs each for SECONDS seconds (default 60), growing a scratch corpus seeded from
# tests/fuzz/corpus/<name>/. New crashes land in build-fuzz/crashes/<name>/.
#   tests/fuzz/run.sh [SECONDS] [HARNESS…]
# Afterwards, copy interesting new inputs (few, small) into tests/fuzz/corpus/<name>/ so that
# the ctest replay keeps them.
set -eu
seconds=${1:-60}
shift || true
src=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v clang++ >/dev/null; then
  apt-get install -y clang >/dev/null  # Debian's clang ships libFuzzer
fi
build="$src/build-fuzz"
mkdir -p "$build"
cd "$build"
CXX=clang++ cmake "$src" -DSHEQU_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_csv fuzz_date fuzz_validate fuzz_config)
make -j2 "${harnesses[@]}" 2>&1 | grep -E "error|warning" || true
status=0
for h in "${harnesses[@]}"; do
  mkdir -p "work/$h" "crashes/$h"
  echo "== $h: ${seconds}s"
  if ! "./tests/fuzz/$h" "work/$h" "$src/tests/fuzz/corpus/$h" -max_total_time="$seconds" \
      -max_len=8192 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="crashes/$h/" \
      -print_final_stats=1 2>"$h.log"; then
    status=1
    echo "   CRASH: see build-fuzz/$h.log and build-fuzz/crashes/$h/"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$h.log" | sed 's/^/   /'
done
exit $status
