#!/usr/bin/env bash
# Installs, builds, creates demo.sqlite from sample-data/, prints the registry overview and
# the year's headline figures.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
rm -f demo.sqlite demo.sqlite-wal demo.sqlite-shm
build/shequ --db demo.sqlite init --sample
build/shequ --db demo.sqlite --format table grid list
build/shequ --db demo.sqlite --format table report summary --period 2026   # the sample covers 2026
