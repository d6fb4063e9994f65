#!/usr/bin/env bash
# Runs a test command with SHEQU_TEST_PG set to the URL of the cluster tests/pg/cluster.sh
# started in DIR; exits 77 (ctest: skipped), saying so loudly, where none could start.
dir=$1; shift
if [ ! -S "$dir/.s.PGSQL.5432" ]; then
  why=$(cat "$dir/unavailable" 2>/dev/null || echo "no cluster was started in $dir")
  echo "*** SKIPPED: no PostgreSQL server for this test: $why ***" >&2
  exit 77
fi
SHEQU_TEST_PG=$("$(dirname "$0")/cluster.sh" url "$dir") exec "$@"
