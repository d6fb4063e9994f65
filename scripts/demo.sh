#!/usr/bin/env bash
# Installs, builds, creates demo.sqlite from sample-data/ and prints the registry overview.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
rm -f demo.sqlite demo.sqlite-wal demo.sqlite-shm
build/shequ --db demo.sqlite init --sample
build/shequ --db demo.sqlite grid list
