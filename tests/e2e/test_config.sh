#!/usr/bin/env bash
# Settings: discovery, precedence, -c, config show --origin, broken files exit 78.
. "$(dirname "$0")/lib.sh"
"$SHEQU" init -q

run config show --origin --format csv
expect_rc 0
expect_out "database.busy_timeout_ms,5000,default"

printf '[database]\nbusy_timeout_ms = 2500\n' > shequ.toml
run config show --origin --format csv
expect_out "database.busy_timeout_ms,2500,$WORK/shequ.toml:2"  # absolute: cron runs in /
run -c database.busy_timeout_ms=100 config show --origin --format csv
expect_out "database.busy_timeout_ms,100,-c"
mkdir -p xdg/shequ && printf '[ui]\nlang = "en"\n' > xdg/shequ/config.toml
rm shequ.toml
XDG_CONFIG_HOME=$WORK/xdg run_zh config show --origin --format tsv
expect_out $'ui.lang\t"en"\t'"$WORK/xdg/shequ/config.toml:2"
printf '[ui]\nlang = "zh"\n' > env.toml
SHEQU_CONFIG=env.toml XDG_CONFIG_HOME=$WORK/xdg run_zh config show --origin --format tsv
expect_out $'ui.lang\t"zh"\t'"$WORK/env.toml:2"
# The language setting applies to messages.
XDG_CONFIG_HOME=$WORK/xdg run_zh grid show G9
expect_err "no grid G9"

# A broken TOML file: exit 78, file and line named; the data file untouched.
remember shequ.sqlite
printf '[database]\nbusy_timeout_ms = \n' > shequ.toml
run grid list
expect_rc 78
expect_err "shequ.toml:2"
printf '[database]\nbusy_timeout_ms = "soon"\n' > shequ.toml
run grid list
expect_rc 78
expect_err "shequ.toml:2"
expect_err "database.busy_timeout_ms"
printf '[ui]\nlang = "fr"\n' > shequ.toml
run grid list
expect_rc 78
expect_err "ui.lang"
rm shequ.toml
run -c database.busy_timeout_ms=abc grid list
expect_rc 78
expect_err "database.busy_timeout_ms"
run -c database.sync=sometimes grid list
expect_rc 78
expect_err "database.sync"
run -c no.such=1 grid list
expect_rc 78
run --config missing.toml grid list
expect_rc 66
expect_err "missing.toml"
expect_unchanged shequ.sqlite

# database.sync = normal: the command's change is committed all the same (synced at checkpoint).
run -c database.sync=normal grid add --code SY1 --name 同步测试
expect_rc 0
run grid show SY1
expect_rc 0
expect_out "同步测试"

# Unknown keys warn but do not stop the command.
printf '[databse]\npath = "x"\n' > shequ.toml
run grid list
expect_rc 0
expect_err "warning"
expect_err "databse.path"

finish
