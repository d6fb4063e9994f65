#!/usr/bin/env bash
# Installs the Debian 12 packages shequ builds and tests with (only those missing).
set -euo pipefail
packages=(
  g++ make cmake pkg-config ccache   # toolchain
  libcli11-dev                       # command-line parsing
  libsqlite3-dev sqlite3             # the data file (sqlite3 CLI: tests and benchmarks)
  libfmt-dev                         # formatting
  libtomlplusplus-dev                # settings file
  doctest-dev                        # unit tests
  libutf8proc-dev                    # display width of Chinese text
  nlohmann-json3-dev                 # JSON output and json/jsonl import
  libxlsxwriter-dev                  # .xlsx output (loaded at run time when a workbook is written)
  libminizip-dev zlib1g-dev          # .xlsx input: the zip container
  libexpat1-dev                      # .xlsx input: the XML inside it
  libpq-dev                          # a PostgreSQL server (loaded at run time when one is named)
  python3                            # tests (JSON/width checks) and the sample generator
  dpkg-dev file                      # the .deb: cpack's dpkg-shlibdeps (Depends) and ELF detection
  groff-base man-db                  # tests: the man page renders without warnings
  zsh fish                           # tests: the zsh and fish completion scripts parse
  python3-openpyxl                   # tests: workbooks written and read by another program
  # test dependencies only: tests/e2e/test_print.sh prints every html report and document to A4
  # PDF in headless Chromium and reads the PDF back (the binary needs none of them)
  chromium                           # headless print-to-pdf and the page-width check
  poppler-utils                      # pdfinfo (page count), pdftotext (the Chinese text is there)
  fonts-noto-cjk                     # Noto Sans CJK SC: the font the pages name first
  # tests/pg/cluster.sh starts a throwaway PostgreSQL 15 cluster (initdb, pg_ctl) in a temporary
  # folder as an unprivileged user, Unix socket only, for the tests that run on a server
  postgresql
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
