#!/bin/bash
# shequ as an installed tool: --version, completion scripts and the man page generated from the
# command tree, the sample found beside the binary (and a clear 66 when it is nowhere), and the
# progress bar on a terminal (script(1) gives the run a pty).
source "$(dirname "$0")/lib.sh"

# --version: version, commit, the schema it writes, SQLite.
run --version
expect_rc 0
commit=$(git -c safe.directory='*' -C "$SOURCE_DIR" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
expect_out "shequ 0.1.0 (commit $commit"
make_registry r.sqlite
expect_out "data file schema $(sql r.sqlite "PRAGMA user_version")"
expect_out "SQLite $(sqlite3 --version | cut -d' ' -f1)"
check; [ "$(ls "$SOURCE_DIR"/lib/migrations/sqlite/*.sql | wc -l)" = "$(sql r.sqlite "PRAGMA user_version")" ] || fail "schema = migrations"
run_zh --version
expect_out "data file schema"  # the same words in every language: scripts read them

# Bash completion, loaded and called as bash calls it (`shequ` on PATH, as installed).
mkdir -p bin && ln -s "$SHEQU" bin/shequ && export PATH="$WORK/bin:$PATH"
"$SHEQU" completion bash >shequ.bash
expect_rc 0
complete_bash() {  # complete_bash WORD…: COMPREPLY for the last word
  OUT=$(bash -c 'source ./shequ.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _shequ; printf "%s\n" "${COMPREPLY[@]}"' _ "$@")
}
complete_bash shequ per
expect_out_eq person
complete_bash shequ person a
expect_out_eq add
complete_bash shequ --format csv person l
expect_out_eq list
complete_bash shequ --format ''
expect_out csv
expect_out json
complete_bash shequ person list --
expect_out "--grid"
expect_out "--db"        # global options everywhere
complete_bash shequ import ''
expect_out persons
complete_bash shequ meeting list --kind ''     # a CLI::IsMember check
expect_out_eq "$(printf 'council\nmicro-grid-hall')"
complete_bash shequ vocab list --kind ''
expect_out need-category
# Vocabulary codes come from the data file (a term added there is offered), else the built-ins.
"$SHEQU" --db r.sqlite -q vocab add need-category bike-shed 车棚 "Bike shed" >/dev/null
complete_bash shequ --db r.sqlite need list --category ''
expect_out bike-shed
expect_out elderly-care
complete_bash shequ --db missing.sqlite need list --category el
expect_out_eq elderly-care
# Saved report names from the config.
printf '[reports.daily-due]\nkind = "due"\nout = "due.csv"\n[reports.monthly]\nkind = "needs"\nout = "n.csv"\n' >c.toml
complete_bash shequ --config c.toml report run ''
expect_out_eq "$(printf 'daily-due\nmonthly')"

# zsh and fish scripts parse.
"$SHEQU" completion zsh >_shequ
expect_rc 0
check; head -1 _shequ | grep -q '^#compdef shequ' || fail "zsh script starts with #compdef"
if command -v zsh >/dev/null; then check; zsh -n _shequ 2>"$WORK/.zerr" || fail "zsh -n: $(cat "$WORK/.zerr")"
else echo "NOTE: zsh not installed; zsh script not parsed" >&2; fi
"$SHEQU" completion fish >shequ.fish
if command -v fish >/dev/null; then
  check; fish -n shequ.fish 2>"$WORK/.ferr" || fail "fish -n: $(cat "$WORK/.ferr")"
  # fish offers the nouns, and a noun's verbs.
  check; fish -c "source shequ.fish; complete -C 'shequ per'" | grep -q '^person' || fail "fish: shequ per<TAB>"
  check; fish -c "source shequ.fish; complete -C 'shequ person a'" | grep -q '^add' || fail "fish: shequ person a<TAB>"
else echo "NOTE: fish not installed; fish script not parsed" >&2; fi
run completion tcsh
expect_rc 64

# The man page: every noun, examples, the exit codes; renders without a warning in both
# languages. The page is ASCII (other characters as \[uXXXX]); -Tutf8 because groff's default
# PostScript device has no Chinese glyphs (man uses a terminal device too).
"$SHEQU" --lang en help man >shequ.1
check; ! LC_ALL=C grep -q -P '[^\x00-\x7F]' shequ.1 || fail "non-ASCII bytes in shequ.1"
check; [ -z "$(groff -man -ww -z -Tutf8 shequ.1 2>&1)" ] || fail "groff warnings: $(groff -man -ww -z -Tutf8 shequ.1 2>&1 | head -5)"
"$SHEQU" help man >shequ.zh.1
check; [ -z "$(groff -man -ww -z -Tutf8 shequ.zh.1 2>&1)" ] || fail "groff warnings (zh): $(groff -man -ww -z -Tutf8 shequ.zh.1 2>&1 | head -5)"
OUT=$(MANWIDTH=100 man -l shequ.1 2>&1)
expect_out "EXIT STATUS"
expect_out "shequ person add"
expect_out "shequ case open"
expect_out "Example:"
expect_out "interrupted"
expect_out "--format"
for noun in $(printf '%s\n' "$("$SHEQU" --lang en --help)" | awk '/^Commands:/{on=1; next} on && !NF {exit} on {print $1}'); do
  check; grep -q "^\.SS \"shequ $noun\"" shequ.1 || fail "no man section for $noun"
done
# Hidden helpers stay out of the help, the man page and the completions; no control bytes.
run --help
expect_no_out "__complete"
check; ! grep -q '__complete\|^\\fBshequ help man' shequ.1 || fail "hidden commands in the man page"
complete_bash shequ __
expect_out_eq ""
check; ! LC_ALL=C grep -q -P '[\x00-\x08\x0B-\x1F]' shequ.1 shequ.bash || fail "control bytes in generated pages"

# The annotated example config is every setting at its default, and loads as it is.
"$SHEQU" config example >example.toml
expect_rc 0
check; grep -q '^#busy_timeout_ms = 5000' example.toml || fail "example lists database.busy_timeout_ms"
run --config example.toml --db r.sqlite config show
expect_rc 0
check; [[ "$ERR" != *warning* ]] || fail "warnings from the example config"

# The sample: beside the binary (<prefix>/share/shequ/sample-data), or a clear 66 and no file.
mkdir -p prefix/bin prefix/share/shequ
cp "$SHEQU" prefix/bin/shequ
ln -s "$SOURCE_DIR/sample-data" prefix/share/shequ/sample-data
check; (unset SHEQU_SAMPLE_DIR; "$WORK/prefix/bin/shequ" --lang en --db installed.sqlite init --sample 2>&1 >/dev/null) \
  | grep -q "loading the sample from $WORK/prefix/share/shequ/sample-data" || fail "sample beside the binary"
SHEQU_SAMPLE_DIR=$WORK/nowhere run --db gone.sqlite init --sample
expect_rc 66
expect_err "sample data not found"
expect_err "$WORK/nowhere"
check; [ ! -e gone.sqlite ] && [ ! -e gone.sqlite-wal ] || fail "a data file was left behind"
run --db gone.sqlite init --sample --sample-dir empty-dir
expect_rc 66
expect_err "$WORK/empty-dir"
check; [ ! -e gone.sqlite ] || fail "a data file was left behind (--sample-dir)"

# Progress: a bar with percentage, rate and time left on a terminal, erased at the end.
{ echo "code,name"; for i in $(seq 1 5000); do echo "w$i,网格$i"; done; } >grids.csv
tty_run() { SHEQU_PROGRESS_DELAY_MS=0 script -qec "$*" /dev/null </dev/null >"$WORK/.tty" 2>&1; RC=$?; OUT=$(cat "$WORK/.tty"); }
"$SHEQU" --db p.sqlite init -q
tty_run "$SHEQU" --lang en --db p.sqlite import grids grids.csv
expect_rc 0
expect_out "grids.csv ["
expect_out "%"
expect_out "left"
expect_out $'\e[K'       # each redraw and the final erase clear the line
expect_out "5000 inserted"
check; [[ "$OUT" != *"8192…"* ]] || fail "bare counters"
tty_run "$SHEQU" --lang en --db p.sqlite --quiet import grids grids.csv
check; [[ "$OUT" != *"%"* ]] || fail "a bar with --quiet"
# Not a terminal: nothing but the count line.
SHEQU_PROGRESS_DELAY_MS=0 run --db p.sqlite import grids grids.csv
check; [[ "$ERR" != *$'\r'* && "$ERR" != *"%"* ]] || fail "progress on a pipe"
tty_run "$SHEQU" --lang en --db p.sqlite export grids -o grids-out.csv
expect_out "grids ["
tty_run "$SHEQU" --lang en --db p.sqlite check
expect_out "checking ["
finish
