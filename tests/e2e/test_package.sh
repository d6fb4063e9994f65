#!/bin/bash
# The Debian package as a new user gets it: cpack builds the .deb from this build tree, dpkg
# installs it, and /usr/bin/shequ loads the sample from /usr/share and runs a saved report
# from / with cron's bare environment; the man page and completions are where tools look for
# them; dpkg -r removes everything. Needs root and dpkg: skipped loudly (exit 77) otherwise.
source "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$SHEQU")
skip() { echo "SKIPPED: $*" >&2; echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "the package test installs a .deb and needs root"
command -v dpkg >/dev/null && command -v dpkg-shlibdeps >/dev/null || skip "dpkg or dpkg-shlibdeps (dpkg-dev) missing"
command -v cpack >/dev/null || skip "cpack missing"
[ -f "$BUILD/CPackConfig.cmake" ] || skip "no CPackConfig.cmake in $BUILD"
# One package test at a time on this machine (dpkg has one database), and never over a real install.
exec 9>/tmp/shequ-package-test.lock
flock 9
if dpkg-query -W -f='${Status}' shequ 2>/dev/null | grep -q "install ok installed"; then
  skip "a shequ package is already installed here; the test would replace and remove it"
fi
installed=0
cleanup() {
  [ "$installed" = 1 ] && dpkg -r shequ >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# Build: cpack works in the test's own folder, so nothing in the build tree changes.
check; cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$WORK/pkg" >"$WORK/cpack.log" 2>&1 \
  || { fail "cpack failed"; cat "$WORK/cpack.log" >&2; finish; exit; }
deb=$(ls "$WORK"/pkg/shequ_*.deb)
info=$(dpkg-deb -I "$deb")
check; [[ "$info" == *"Depends: libc6"* ]] || fail "Depends computed by dpkg-shlibdeps: $info"
check; [[ "$info" == *"Recommends: fonts-noto-cjk, libxlsxwriter4"* ]] || fail "Recommends fonts-noto-cjk and libxlsxwriter4 (loaded at run time for xlsx)"
check; [[ "$info" == *"Maintainer: "* ]] || fail "a maintainer"
commit=$(git -c safe.directory='*' -C "$SOURCE_DIR" rev-parse --short=12 HEAD 2>/dev/null)
check; [ -z "$commit" ] || [[ "$info" == *"Version: "*"+git"*".g$commit"* ]] || fail "version with the commit $commit: $info"
files=$(dpkg-deb -c "$deb")
for f in ./usr/bin/shequ ./usr/share/man/man1/shequ.1.gz ./usr/share/man/zh_CN/man1/shequ.1.gz \
    ./usr/share/bash-completion/completions/shequ ./usr/share/zsh/vendor-completions/_shequ \
    ./usr/share/fish/vendor_completions.d/shequ.fish ./usr/share/shequ/sample-data/persons.csv \
    ./usr/share/shequ/shequ.example.toml ./usr/share/doc/shequ/README.md ./usr/share/doc/shequ/guide/installing.md; do
  check; [[ "$files" == *" $f"* ]] || fail "the package lacks $f"
done

check; dpkg -i "$deb" >"$WORK/dpkg.log" 2>&1 || { fail "dpkg -i failed"; cat "$WORK/dpkg.log" >&2; }
installed=1
check; file /usr/bin/shequ | grep -q "stripped" && ! file /usr/bin/shequ | grep -q "not stripped" || fail "binary not stripped"
check; [ -z "$(readelf -S /usr/bin/shequ | grep debug_info)" ] || fail "debug info in the binary"

# Cron's environment: nothing but PATH and LANG=C, working folder /.
cron() { (cd / && env -i PATH=/usr/bin:/bin LANG=C "$@") >"$WORK/.out" 2>"$WORK/.err"; RC=$?; OUT=$(cat "$WORK/.out"); ERR=$(cat "$WORK/.err"); }
cron /usr/bin/shequ --lang en --db "$WORK/ningkang.sqlite" init --sample
expect_rc 0
expect_err "loading the sample from /usr/share/shequ/sample-data"
check; [ "$(sql "$WORK/ningkang.sqlite" "SELECT count(*) FROM grid")" = 14 ] || fail "the sample's 14 grids"
cat >"$WORK/shequ.toml" <<TOML
[database]
path = "ningkang.sqlite"
[reports.monthly-needs]
kind = "needs"
period = "last-month"
out = "$WORK/reports/needs-{year}-{month}.csv"
TOML
mkdir -p "$WORK/reports"
cron /usr/bin/shequ --config "$WORK/shequ.toml" report run monthly-needs
expect_rc 0
check; [ -n "$(ls "$WORK"/reports/needs-*.csv 2>/dev/null)" ] || fail "the saved report was not written"
cron /usr/bin/shequ --version
expect_rc 0
expect_out "shequ "

# The man page renders, and the completions load.
check; [ -z "$(zcat /usr/share/man/man1/shequ.1.gz | groff -man -ww -z -Tutf8 2>&1)" ] || fail "groff warnings in shequ.1"
check; man -l /usr/share/man/man1/shequ.1.gz 2>/dev/null | grep -q "EXIT STATUS" || fail "man -l renders no EXIT STATUS"
check; bash -c 'source /usr/share/bash-completion/completions/shequ; COMP_WORDS=(shequ per); COMP_CWORD=1; _shequ; [ "${COMPREPLY[*]}" = person ]' \
  || fail "installed bash completion: shequ per<TAB>"

dpkg -r shequ >/dev/null 2>&1
installed=0
check; [ ! -e /usr/bin/shequ ] && [ ! -e /usr/share/shequ/sample-data ] || fail "dpkg -r left files behind"
finish
