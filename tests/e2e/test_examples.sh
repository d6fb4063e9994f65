#!/usr/bin/env bash
# Examples that run (issue 15 item 5): every command example printed by a `--help` (the whole
# command tree, walked through its "Commands:" lists) and every command in a ```sh or ```cron
# block of docs/guide/**/*.md runs as printed and exits as the page implies (0 unless marked).
# The page conventions are in docs/guide/README.md and tests/e2e/extract_examples.py.
# EXAMPLES_VERBOSE=1 prints every example as it runs.
source "$(dirname "$0")/lib.sh"

# The examples call `shequ` by name, as a reader types it.
mkdir -p "$WORK/bin"
ln -s "$SHEQU" "$WORK/bin/shequ"
# …and `date` in them (file names, cron lines) tells shequ's today, SHEQU_TODAY, as it does for a
# reader whose today is the real one.
cat >"$WORK/bin/date" <<'EOF_DATE'
#!/bin/bash
if [ "${1:-}" = -d ]; then when=$2; shift 2; exec /bin/date -d "$SHEQU_TODAY $when" "$@"; fi
exec /bin/date -d "$SHEQU_TODAY" "$@"
EOF_DATE
chmod +x "$WORK/bin/date"
export PATH="$WORK/bin:$PATH"
# A reader has no SHEQU_SAMPLE_DIR: shequ finds the sample beside the binary (an install) or in
# the source tree it was built from.
unset SHEQU_SAMPLE_DIR
"$SHEQU" --db "$WORK/sample.sqlite" init --sample -q || { echo "cannot make the sample" >&2; exit 1; }

RAN=0
FAILED=0
# ran WHERE WANT CMD: runs CMD with bash in the current folder and checks its exit code. A
# `cd` in CMD carries over to the next command, as in the reader's terminal.
ran() {
  local where=$1 want=$2 cmd=$3
  [ "${EXAMPLES_VERBOSE:-}" = 1 ] && echo "[$where] $cmd"
  rm -f "$WORK/.cwd"
  bash -c "$cmd"$'\n''__rc=$?; pwd >"$0"; exit $__rc' "$WORK/.cwd" >"$WORK/.out" 2>"$WORK/.err" </dev/null
  RC=$?
  [ -s "$WORK/.cwd" ] && cd "$(cat "$WORK/.cwd")"
  RAN=$((RAN + 1))
  check
  if [ "$RC" != "$want" ]; then
    FAILED=$((FAILED + 1))
    OUT=$(head -c 600 "$WORK/.out")
    ERR=$(head -c 600 "$WORK/.err")
    fail "$where: exit $RC, expected $want: $cmd"
  fi
}

# The examples on a server (a help's that names postgresql:///shequ, a page's in state server) run
# on the test server: $SHEQU_TEST_PG, or the cluster ctest started in $SHEQU_TEST_PG_DIR
# (tests/pg/cluster.sh). The URL postgresql:///shequ stands for it, and the communities
# ningkangyuan, xingfuli and heping for communities of this run's own (dropped at the end).
# Without a server they are counted and reported as skipped, loudly.
if [ -z "${SHEQU_TEST_PG:-}" ] && [ -n "${SHEQU_TEST_PG_DIR:-}" ] && [ -S "$SHEQU_TEST_PG_DIR/.s.PGSQL.5432" ]; then
  SHEQU_TEST_PG=$(bash "$SOURCE_DIR/tests/pg/cluster.sh" url "$SHEQU_TEST_PG_DIR")
fi
# The examples get a database of their own on the server: the street's operators they make
# reach every community of their database, and other tests' communities come and go in theirs.
EXAMPLES_DB=ex_$$
if [ -n "${SHEQU_TEST_PG:-}" ]; then
  SERVER_PG=$SHEQU_TEST_PG
  psql "$SERVER_PG" -X -q -c "CREATE DATABASE $EXAMPLES_DB" || exit 1
  SHEQU_TEST_PG=${SHEQU_TEST_PG/\/\/\/postgres\?/\/\/\/$EXAMPLES_DB?}
fi
PAGE_URL=postgresql:///shequ PAGE_COMMUNITIES=(ningkangyuan xingfuli heping)
# The examples' URL names no role, as the page's does: the role is libpq's $PGUSER (the test
# server's owner), which an example connecting as an operator sets for itself (PGUSER=NAME shequ …).
EXAMPLE_PG=${SHEQU_TEST_PG:-}
if [[ "$EXAMPLE_PG" == *"&user="* ]]; then
  export PGUSER=${EXAMPLE_PG##*&user=}
  EXAMPLE_PG=${EXAMPLE_PG%%&user=*}
fi
# A page's operators (logins of the server, which outlive a community) are the run's own as well;
# the helps' (liwei, wangfang, zhaolei) are dropped at the end.
PAGE_OPERATORS=(zhangmin liuyang wuli jiedao chenjing) HELP_OPERATORS=(liwei wangfang zhaolei)
declare -A PAGE_CODES=()
SERVER_CODES=() SERVER_ROLES=("${HELP_OPERATORS[@]}") SERVER_SKIPPED=0 SERVER_RAN=0
drop_server_communities() {
  local c
  for c in "${SERVER_CODES[@]}"; do
    psql "$SHEQU_TEST_PG" -X -q -c "DROP SCHEMA IF EXISTS $c CASCADE" -c "DELETE FROM shequ.community WHERE code = '$c'" >/dev/null 2>&1
  done
  [ -n "${SERVER_PG:-}" ] || return 0
  psql "$SERVER_PG" -X -q -c "DROP DATABASE IF EXISTS $EXAMPLES_DB" >/dev/null 2>&1
  for c in "${SERVER_ROLES[@]}" $(psql "$SERVER_PG" -X -At -c "SELECT rolname FROM pg_roles WHERE rolname ~ '^shequ_(h_$$_|[a-z]+_t$$_)'"); do
    psql "$SERVER_PG" -X -q -c "DROP ROLE IF EXISTS $c" >/dev/null 2>&1
  done
}
trap 'drop_server_communities; rm -rf "$WORK"' EXIT

# --- 1. The examples of every --help ------------------------------------------------------
# The examples of one help text run in order in a folder of their own holding a fresh sample as
# shequ.sqlite (the default data file); a help whose first example is `shequ init …` starts in
# an empty folder, as a first run does. Examples printed alike by several helps (a noun's
# inherited by its sub-nouns, zh and en) run once.
help_examples() {  # the example lines of one help text
  awk '/^Examples?:$|^示例：$/ {on=1; next} on && /^  [^ ]/ {sub(/^  /, ""); print; next} {on=0}'
}
sub_commands() {  # the command names listed by one (English) help text
  awk '/^Commands:$/ {on=1; next} on && /^  [a-z][a-z0-9-]*( |$)/ {print $1; next} on && !/^   / {on=0}'
}
declare -A SEEN=()
HELP_COMMANDS=0
walk() {  # walk WORDS…: the examples of `shequ WORDS… --help`, then of each of its commands
  local words=("$@") lang ex first dir
  HELP_COMMANDS=$((HELP_COMMANDS + 1))
  for lang in en zh; do
    mapfile -t exs < <("$SHEQU" --lang "$lang" "${words[@]}" --help 2>&1 | help_examples)
    first=1
    local all="${exs[*]}"
    [ -n "$all" ] || continue
    [ -n "${SEEN[$all]:-}" ] && continue
    SEEN[$all]=1
    for ex in "${exs[@]}"; do
      if [ "$first" = 1 ]; then
        dir="$WORK/help/$HELP_COMMANDS-$lang"
        mkdir -p "$dir"
        [[ "$ex" == "shequ init"* ]] || cp "$WORK/sample.sqlite" "$dir/shequ.sqlite"
        cd "$dir" || exit 1
        first=0
      fi
      if [[ "$ex" == *"$PAGE_URL"* ]]; then  # an example on a server: the test's, or skipped loudly
        if [ -z "${SHEQU_TEST_PG:-}" ]; then
          SERVER_SKIPPED=$((SERVER_SKIPPED + 1))
          continue
        fi
        local code c url  # the help's own communities: short enough for a code (40 characters)
        code=h_$$_$(printf '%s' "${words[*]}" | md5sum | cut -c1-8)
        url=$(printf %q "$EXAMPLE_PG")
        ex=${ex//"$PAGE_URL"/"$url"}
        for c in "${PAGE_COMMUNITIES[@]}"; do
          ex=${ex//"$c"/"${code//-/_}_$c"}
          SERVER_CODES+=("${code//-/_}_$c")
        done
        SERVER_RAN=$((SERVER_RAN + 1))
      fi
      ran "shequ ${words[*]} --help ($lang)" 0 "$ex"
    done
    cd "$WORK" || exit 1
  done
  local sub
  for sub in $("$SHEQU" --lang en "${words[@]}" --help 2>&1 | sub_commands); do
    walk "${words[@]}" "$sub"
  done
}
walk
HELP_RAN=$RAN HELP_FAILED=$FAILED
echo "help: $HELP_COMMANDS commands, $HELP_RAN examples ($SERVER_RAN on the server), $HELP_FAILED failed"
HELP_SERVER_RAN=$SERVER_RAN
[ "$HELP_COMMANDS" -gt 100 ] || fail "the help walk found only $HELP_COMMANDS commands"

# --- 2. The examples of every guide page --------------------------------------------------
# Each page runs in its own folder, top to bottom, on the state its markers set up.
PAGE="" PAGE_SKIPPED=0 PAGE_SERVER=""
page() {
  exec 8>&-  # a build folder's lock ends with its page
  PAGE=$1
  PAGE_SKIPPED=0
  PAGE_SERVER=""
  PAGE_DIR="$WORK/guide/$(echo "$1" | tr '/' '_')"
}
# on_page TEXT [command]: an example or a file as it runs here: the office folder is the
# page's, and on a server the page's URL and communities are the test's (in a command the URL
# quoted for the shell: the page writes it unquoted, and the test's has ? and &).
on_page() {
  local text=${1//\/srv\/shequ/"$PAGE_DIR"} url=$EXAMPLE_PG code
  if [ -n "$PAGE_SERVER" ]; then
    [ "${2:-}" = command ] && url=$(printf %q "$EXAMPLE_PG")
    text=${text//"$PAGE_URL"/"$url"}
    for code in "${PAGE_COMMUNITIES[@]}" "${PAGE_OPERATORS[@]}"; do text=${text//"$code"/"${PAGE_CODES[$code]}"}; done
  fi
  printf '%s' "$text"
}
state() {
  local code
  cd "$WORK" || exit 1
  rm -rf "$PAGE_DIR"
  mkdir -p "$PAGE_DIR"
  cd "$PAGE_DIR" || exit 1
  PAGE_SKIPPED=0
  PAGE_SERVER=""
  case $1 in
    sample) "$SHEQU" init --sample -q ;;
    fresh) "$SHEQU" init -q ;;
    empty) ;;
    server)
      if [ -n "${SHEQU_TEST_PG:-}" ]; then
        PAGE_SERVER=$((${#SERVER_CODES[@]} / ${#PAGE_COMMUNITIES[@]}))
        for code in "${PAGE_COMMUNITIES[@]}"; do
          PAGE_CODES[$code]=${code}_t$$_$PAGE_SERVER
          SERVER_CODES+=("${PAGE_CODES[$code]}")
        done
        for code in "${PAGE_OPERATORS[@]}"; do
          PAGE_CODES[$code]=${code}_t$$_$PAGE_SERVER
          SERVER_ROLES+=("${PAGE_CODES[$code]}")
        done
      else
        PAGE_SKIPPED=server
        echo "*** $PAGE: its examples on a server are SKIPPED: no PostgreSQL server (SHEQU_TEST_PG unset) ***" >&2
      fi
      ;;
    none) PAGE_SKIPPED=1 ;;
  esac
}
file_file() { on_page "$(cat; echo .)" | sed '$ s/\.$//' >"$1"; }
SKIPPED=0
skipped() {
  SKIPPED=$((SKIPPED + 1))
  echo "skipped $1: $2"
}
append_file() { on_page "$(cat; echo .)" | sed '$ s/\.$//' >>"$1"; }
folder_folder() { mkdir -p "$PAGE_DIR/${1#/srv/shequ/}"; }  # a folder the reader has (an office share)
# A build folder the reader has built (installing.md): the tree this test's shequ was built in.
# cpack (-B) and `cmake --install` (--prefix) write outside it; `cmake --install` leaves only its
# install_manifest.txt there.
# cpack first builds the tree's "preinstall" target: one cpack at a time on a tree, so the page
# holds test_package.sh's lock until the next page starts.
build_folder() {
  exec 8>/tmp/shequ-package-test.lock
  flock 8
  ln -sfn "$(dirname "$SHEQU")" "$PAGE_DIR/$1"
}
example() {
  [ "$PAGE_SKIPPED" = 1 ] && return
  if [ "$PAGE_SKIPPED" = server ]; then SERVER_SKIPPED=$((SERVER_SKIPPED + 1)); return; fi
  [ -n "$PAGE_SERVER" ] && SERVER_RAN=$((SERVER_RAN + 1))
  ran "$1" "$2" "$(on_page "$3" command)"
}
PAGES=0
cd "$SOURCE_DIR" || exit 1
mapfile -t GUIDE < <(find docs/guide -name '*.md' ! -name README.md | sort)
SCRIPT=$(python3 "$SOURCE_DIR/tests/e2e/extract_examples.py" "${GUIDE[@]}") || { echo "extractor failed" >&2; exit 1; }
cd "$WORK" || exit 1
PAGES=${#GUIDE[@]}
[ "$PAGES" -gt 10 ] || fail "found only $PAGES guide pages"
eval "$SCRIPT"
cd "$WORK" || exit 1
echo "guide: $PAGES pages, $((RAN - HELP_RAN)) examples ($((SERVER_RAN - HELP_SERVER_RAN)) on the server), $((FAILED - HELP_FAILED)) failed, $SKIPPED blocks skipped"
if [ "$SERVER_SKIPPED" -gt 0 ]; then
  echo "*** $SERVER_SKIPPED examples on a server SKIPPED: no PostgreSQL server (SHEQU_TEST_PG unset; ctest gives one) ***" >&2
fi
finish
