#!/bin/bash
# The street office on the test server (issue 21 items 2 and 3): three communities side by side.
# Every street report's row of a community is that community's own report (its "figures", or
# what its daily inbox lists), the street's total is recomputed from the rows (sums; shares from
# the figures they divide), every format renders, with a chart per figure in html and xlsx. A case
# escalated to the street is in the street's inbox, the street records a session and an agreement
# on the same case, and the community sees both in its timeline and counts the case as settled
# beyond the community. A data file has no street (64, file unchanged).
# Needs SHEQU_TEST_PG (with_server.sh).
source "$(dirname "$0")/../e2e/lib.sh"
: "${SHEQU_TEST_PG:?run through tests/pg/with_server.sh}"
C=st_$$
own_database "$C"
URL=$SHEQU_TEST_PG
A=${C}_a B=${C}_b D=${C}_c
ALL=$A,$B,$D
cleanup() {
  drop_own_database
  rm -rf "$WORK"
}
trap cleanup EXIT

# Three communities from the sample, made different: b gains a need and loses a grid's worth of
# nothing; c gains a grid and an event.
run --db a.sqlite init --sample
expect_rc 0
for code in $A $B $D; do
  run --db a.sqlite migrate --to "$URL" --community "$code" --name "社区$code"
  expect_rc 0
done
street() { run --db "$URL" street "$@"; }
csv() { OUT=$(tr -d '\r' <<<"$OUT"); }  # csv lines end in CRLF
in_b() { run --db "$URL" --community "$B" "$@"; }
in_b need add --title 楼道灯坏了 --category facilities --grid 03 --channel visit
expect_rc 0
run --db "$URL" --community "$D" grid add --code 90 --name 新网格
expect_rc 0

# --- street communities -------------------------------------------------------------------
street communities --format csv
expect_rc 0
csv
for code in $A $B $D; do expect_out "$code,社区$code,"; done
check; grep -q "^$D,社区$D,[^,]*,15,8764,0," <<<"$OUT" || fail "c: 15 grids, 8764 residents, no case at the street: $(grep "^$D" <<<"$OUT")"

# --- each street report against each community's own report -------------------------------
# compare KIND [--period P]: the street's rows (json) hold each community's own figures, and its
# total row what the rule of each figure makes of them.
compare() {
  local kind=$1
  shift
  street report "$kind" --communities "$ALL" "$@" --format json
  expect_rc 0
  printf '%s' "$OUT" >"$WORK/street-$kind.json"
  local code
  for code in $A $B $D; do
    "$SHEQU" --db "$URL" --community "$code" report "$kind" "$@" --format json >"$WORK/$code-$kind.json" 2>"$WORK/.err" ||
      fail "$code: report $kind: $(cat "$WORK/.err")"
  done
  check
  python3 - "$kind" "$WORK" "$A" "$B" "$D" <<'EOF' || fail "street report $kind differs from the communities' own reports"
import json, sys
kind, work, codes = sys.argv[1], sys.argv[2], sys.argv[3:]
street = json.load(open(f"{work}/street-{kind}.json"))
rows = street["sections"][0]["rows"]
assert street["sections"][0]["section"] == "communities", street["sections"][0]["section"]
assert [r["community"] for r in rows[:-1]] == codes, [r["community"] for r in rows]
total = rows[-1]
assert total["community"] is None, total
bad = []
def own_figures(doc):
    if kind != "due":
        return {r["figure"]: r["value"] for r in next(s for s in doc["sections"] if s["section"] == "figures")["rows"]}
    sec = {s["section"]: s["rows"] for s in doc["sections"]}
    f = {k: sum(1 for r in sec["cases_due"] if r["section"] == k) for k in ("cases_escalate", "cases_overdue", "cases_follow_up")}
    f["needs_overdue"] = len(sec["needs_overdue"])
    f["needs_new"] = len(sec["needs_new"])
    f["pending_entries"] = sum(r["entries"] for r in sec["hours_pending"])
    f["pending_hours"] = round(sum(r["hours"] for r in sec["hours_pending"]), 2)
    f["points_expiring"] = len(sec["points_expiring"])
    return f
own = {}
for code, row in zip(codes, rows):
    own[code] = own_figures(json.load(open(f"{work}/{code}-{kind}.json")))
    keys = [k for k in row if k not in ("community", "name")]
    if keys != list(own[code]):
        bad.append(f"{code}: figures {keys} != {list(own[code])}")
    for k, v in own[code].items():
        if row.get(k) != v:
            bad.append(f"{code}.{k}: street {row.get(k)} != own {v}")
def s(k): return sum(own[c][k] or 0 for c in codes)
shares = {"share_inside_grid": (["settled_grid"], "agreed"),
          "share_inside_community": (["settled_grid", "settled_community"], "disputes_settled" if kind == "summary" else "agreed"),
          "share_holding": (["holding"], "followed_up")}
for k in own[codes[0]]:
    if k in shares:
        num, den = shares[k]
        want = round(sum(s(n) for n in num) / s(den), 2) if s(den) else None
    elif k.startswith("median_") or k == "satisfaction":
        want = None
    elif k == "longest_dispute_days":
        want = max(own[c][k] for c in codes)
    else:
        want = round(s(k), 2)
    if total.get(k) != want and not (isinstance(want, float) and abs(total[k] - want) < 0.006):
        bad.append(f"total.{k}: {total.get(k)} != {want}")
if bad:
    print("\n".join(bad[:12]), file=sys.stderr)
    sys.exit(1)
EOF
}
compare summary --period 2026
compare cases --period 2026
compare needs --period 2026
compare hours --period 2026
compare due
# The communities differ where they were made to: b's need, c's grid.
check; python3 -c "
import json,sys
r={x['community']:x for x in json.load(open('$WORK/street-summary.json'))['sections'][0]['rows'][:-1]}
assert r['$B']['needs_raised']==r['$A']['needs_raised']+1, r
assert r['$D']['grids']==r['$A']['grids']+1, r
" || fail "the communities' differences are not in the street's rows"

# Every format; html and xlsx with a chart per figure (needs: seven figures).
for f in table csv tsv jsonl md; do
  street report needs --communities "$ALL" --period 2026 --format $f
  expect_rc 0
  expect_out "$B"
done
run_zh --db "$URL" street report needs --communities "$ALL" --period 2026 --format table
expect_out "街道合计"
expect_out "街道居民诉求 2026"
street report needs --communities "$ALL" --period 2026 --format md
expect_out "Street total"
expect_out "Street · Needs 2026"
street report needs --communities "$ALL" --period 2026 -o needs.html
expect_rc 0
check; [ "$(grep -o '<svg' needs.html | wc -l)" = 7 ] || fail "needs.html: expected 7 charts, got $(grep -o '<svg' needs.html | wc -l)"
street report hours --communities "$ALL" --period 2026 -o hours.xlsx
expect_rc 0
check; [ "$(unzip -l hours.xlsx | grep -c 'xl/charts/chart')" = 5 ] || fail "hours.xlsx: expected 5 charts"
street report cases --communities "$ALL" --period 2026 --format csv
check; [ "$(grep -c '%' <<<"$OUT")" = 0 ] || fail "csv shares are plain numbers"
street report cases --communities "$ALL" --period 2026 --format table
expect_out "%"

# --- the mediation inbox ------------------------------------------------------------------
# Two active cases of b: one opened in October, past its deadline, and one of the sample's that is not.
in_b case open --title 跨社区漏水 --type neighbour --grid 03 --party applicant:R12 --opened 2026-10-01 --level community
expect_rc 0
CASE=$(tr -d '\r' <<<"$OUT")
in_b case list --overdue --format csv
expect_out ",$CASE,"
LATER=$("$SHEQU" --db "$URL" --community "$B" case list --status active --format csv --fields number,deadline | tr -d '\r' |
  awk -F, -v today="$SHEQU_TODAY" 'NR > 1 && $2 >= today { print $1; exit }')
check; [ -n "$CASE" ] && [ -n "$LATER" ] || fail "b: an overdue case ($CASE) and one that is not ($LATER)"
street cases --communities "$ALL" --format csv
expect_rc 0
expect_no_out "$CASE"
for c in "$CASE" "$LATER"; do
  in_b case escalate "$c" --to street --reason "涉及多个社区，需街道协调"
  expect_rc 0
done
street cases --communities "$ALL" --format csv
expect_rc 0
csv
expect_out "$B,"
expect_out ",$CASE,"
expect_out ",$LATER,"
expect_no_out "涉及多个社区"
check; [ "$(grep -c "^$B," <<<"$OUT")" = 2 ] || fail "two cases of b at the street"
check; ! grep -q "^$A,\|^$D," <<<"$OUT" || fail "a and c escalated nothing"
street communities --format csv
csv
check; grep -q "^$B,.*,2,$" <<<"$OUT" || fail "b: two active cases at the street: $(grep "^$B" <<<"$OUT")"
street cases --communities "$ALL" --due --format csv
expect_rc 0
csv
expect_out "$B,overdue,C"
expect_out ",$CASE,"
expect_no_out ",$LATER,"

# The street's mediator, an operator of the street role, handles the case in its community: the
# same case, its timeline, its figures.
run --db "$URL" operator add "${C}_jd" --role street
expect_rc 0
as_street() { run --db "${URL%%user=*}user=${C}_jd" --community "$B" "$@"; }
street report cases --communities "$B" --period this-month --format csv --fields community,agreed,settled_beyond
csv
BEFORE=$(awk -F, 'NR == 2 { print $3 }' <<<"$OUT")
as_street case session "$CASE" --method one-to-one --outcome 双方同意调解方案
expect_rc 0
as_street case agree "$CASE" --kind oral --terms 共同出资修缮
expect_rc 0
as_street case note "$LATER" "街道已约谈"
expect_rc 0
in_b case show "$CASE" --format md
check; [ "$(grep -c "| ${C}_jd |" <<<"$OUT")" = 2 ] || fail "the session and the agreement by the street in b's timeline"
expect_out "community→street"
street report cases --communities "$B" --period this-month --format csv --fields community,agreed,settled_beyond
csv
check; [ "$(awk -F, 'NR == 2 { print $3 }' <<<"$OUT")" = $((BEFORE + 1)) ] || fail "settled beyond the community: $BEFORE, then $OUT"
in_b report cases --period this-month --format csv
csv
expect_out "settled_beyond,$((BEFORE + 1))"
street cases --communities "$ALL" --format csv
expect_no_out ",$CASE,"
expect_out ",$LATER,"
run --db "$URL" --community "$B" check
expect_rc 0

# --- refusals -----------------------------------------------------------------------------
remember a.sqlite
run --db a.sqlite street report summary
expect_rc 64
expect_err "PostgreSQL"
expect_unchanged a.sqlite
run --db a.sqlite street communities
expect_rc 64
street report summary --communities "$A,${C}_nope"
expect_rc 66
expect_err "${C}_nope"
street report summary --communities "$A" --period 2026-13
expect_rc 65
expect_err "--period"
street report nothing
expect_rc 64
finish
