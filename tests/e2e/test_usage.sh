#!/usr/bin/env bash
# Usage errors in shequ's voice, swept over the whole command tree in both languages: every typo,
# unknown option, missing value and wrong number says `shequ: error: …` in the chosen language,
# names the wrong word, suggests the nearest one and exits 64; help pages are in the language too.
. "$(dirname "$0")/lib.sh"
"$SHEQU" init -q

# CLI11's own English, which must never reach a Chinese user.
CLI11_EN='Usage:|Options:|Subcommands:|Positionals:|Print this help|--[a-z-]+ TEXT|REQUIRED|\bINT\b|FLOAT|is required|not expected|Could not convert|A subcommand|Run with --help|Expected|required but received|not in \{'

# expect_usage LANG WORD ARGS…: exit 64, one `shequ: error:` line naming WORD, in LANG only.
expect_usage() {
  local lang=$1 word=$2
  shift 2
  if [ "$lang" = zh ]; then run_zh "$@"; else run "$@"; fi
  expect_rc 64
  check; [[ "$ERR" == "shequ: error: "* ]] || fail "no shequ prefix ($lang): $*"
  check; [[ "$ERR" == *"$word"* ]] || fail "error does not name \"$word\" ($lang): $*"
  if [ "$lang" = zh ]; then
    check; ! grep -qE "$CLI11_EN" <<<"$ERR" || fail "CLI11 English in zh mode: $*"
  fi
}

nouns=$("$SHEQU" --lang en --help | awk '/^Commands:/{on=1; next} on && !NF {exit} on {print $1}')
check; [ "$(wc -w <<<"$nouns")" -gt 20 ] || fail "too few nouns in --help: $nouns"
verbs_run=0
for noun in $nouns; do
  # A noun without its verb, and a typo of the noun.
  verbs=$("$SHEQU" --lang en "$noun" --help | awk '/^Commands:/{on=1; next} on && !NF {exit} on {print $1}')
  if [ -n "$verbs" ] && [ "$noun" != help ]; then  # `shequ help` alone lists the topics (issue 15)
    expect_usage zh "$noun" "$noun"
    expect_usage en "$noun" "$noun"
  fi
  typo="${noun%?}"
  [ ${#typo} -ge 3 ] && ! grep -qx "$typo" <<<"$nouns" && {
    expect_usage zh "是否想输入 $noun？" "$typo" list
    expect_usage en "did you mean $noun?" "$typo" list
  }
  for verb in $verbs; do
    verbs_run=$((verbs_run + 1))
    expect_usage zh "未知选项“--no-such-option”" "$noun" "$verb" --no-such-option
    expect_usage en "unknown option \"--no-such-option\"" "$noun" "$verb" --no-such-option
    # The verb with one letter doubled: the nearest verb is suggested.
    wrong="${verb:0:1}${verb}"
    grep -qx "$wrong" <<<"$verbs" || expect_usage zh "是否想输入 $noun $verb？" "$noun" "$wrong"
    help_en=$("$SHEQU" --lang en "$noun" "$verb" --help)
    help_zh=$("$SHEQU" "$noun" "$verb" --help)
    check; ! grep -qE "$CLI11_EN" <<<"$help_zh" || fail "CLI11 English in zh help of $noun $verb"
    # Whole numbers refuse words; a required option left out is named.
    for opt in $(grep -oE '^  (-[a-z],)?--[a-z-]+ (INT|NUMBER)' <<<"$help_en" | grep -oE -- '--[a-z-]+'); do
      expect_usage zh "$opt：“abc”不是" "$noun" "$verb" "$opt" abc
      expect_usage en "$opt: \"abc\" is not" "$noun" "$verb" "$opt" abc
    done
    if grep -qE '^  --[a-z-]+ [A-Z]+( \.\.\.)? REQUIRED' <<<"$help_en" && ! grep -qE '^  [A-Z]+ REQUIRED' <<<"$help_en"; then
      expect_usage zh "为必填项" "$noun" "$verb"
      expect_usage en "is required" "$noun" "$verb"
    fi
    # An option that needs a value, given none.
    opt=$(grep -oE '^  --[a-z-]+ TEXT' <<<"$help_en" | head -1 | grep -oE -- '--[a-z-]+')
    if [ -n "$opt" ]; then
      expect_usage zh "$opt 需要一个值" "$noun" "$verb" "$opt"
      expect_usage en "$opt needs a value" "$noun" "$verb" "$opt"
    fi
  done
done
check; [ "$verbs_run" -gt 100 ] || fail "only $verbs_run verbs swept"

# The messages of the issue, word for word.
expect_usage zh '未知命令“persn”；是否想输入 person？' persn list
expect_usage zh '未知选项“--gird”；是否想输入 --grid？' person list --gird 03
expect_usage zh '--age-min：“abc”不是整数' person list --age-min abc
expect_usage zh '--title 为必填项' case open --type neighbour --grid 01 --party applicant:R1
expect_usage zh '多余的参数“R2”' grid show R1 R2
expect_usage en 'unexpected argument "R2"' grid show R1 R2
run_zh
expect_rc 64
expect_err 'shequ: error: 需要给出命令'
expect_usage zh '--lang：“fr”不是可选值；可选：zh、en' --lang fr grid list
expect_usage zh '--residency：“xx”不是可选值；可选：registered（户籍人口）' person list --residency xx
expect_usage zh '--reveal 是开关选项' --reveal=maybe grid list
run_zh persn list
expect_err 'shequ: hint: 用法见：shequ --help'

# System errors in the user's words, with the path.
run_zh -o "$WORK/no/such/dir/x.csv" grid list
expect_rc 74
expect_err "$WORK/no/such/dir/x.csv：文件或文件夹不存在"
check; ! grep -q 'No such file' <<<"$ERR" || fail "strerror English in zh mode"
printf '[ui\nlang = 1\n' >broken.toml
run_zh --config broken.toml grid list
expect_rc 78
expect_err 'broken.toml:1:4：TOML 语法错误（第 1 行第 4 列）'
run --config broken.toml grid list
expect_err "broken.toml:1:4: Error while parsing table header"

# Help pages: the labels in the chosen language, Chinese columns aligned by display width.
run_zh person add --help
expect_out '用法: shequ person add [选项]'
expect_out '选项:'
expect_out '显示本帮助并退出'
expect_out '--name 文本                 姓名'
run_zh --help
expect_out '命令:'
run person add --help
expect_out 'Usage: shequ person add [OPTIONS]'
expect_out 'Print this help and exit'
finish
