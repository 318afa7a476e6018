#!/usr/bin/env bash
# `zq stats plspm`, `composite` and `evaluate` as a script sees them, against R plspm 0.4.9's outputs
# (testdata/pls) and COINr's documented ASEM example (testdata/coinr). Usage: stats_cli_test.sh zq
set -u
zq=$1
here=$(cd "$(dirname "$0")" && pwd)
pls=$here/testdata/pls
coinr=$here/testdata/coinr
source "$(dirname "$0")/../../tests/cli/check.sh"
near() {  # near NAME JSON JQ_EXPRESSION EXPECTED TOLERANCE
  local got
  got=$(jq -r "$3" <<<"$2")
  if awk -v a="$got" -v b="$4" -v t="$5" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; then
    echo "ok   $1 ($got)"
  else
    echo "FAIL $1: $3 is $got, expected $4 ± $5"; failures=$((failures + 1))
  fi
}

plspm() { "$zq" stats plspm --data "$pls/satisfaction.csv" --model "$pls/satisfaction.model.json" "$@"; }

out=$("$zq" stats --help 2>&1); check "stats --help" 0 $? "$out" "plspm"
# satisfaction, raw items, centroid scheme: R plspm 0.4.9's satisfaction.*.csv.
out=$(plspm --raw --json 2>&1); check "plspm --raw --json" 0 $? "$out" '"convention":"0-100 index'
near "GoF" "$out" '.gof' 0.609741624338411 1e-9
near "path IMAG -> EXPE" "$out" '.paths[] | select(.from == "IMAG" and .to == "EXPE") | .coefficient' 0.57895912845279 1e-9
near "path VAL -> SAT" "$out" '.paths[] | select(.from == "VAL" and .to == "SAT") | .coefficient' 0.589330650016017 1e-9
near "outer weight imag1" "$out" '.outer[] | select(.indicator == "imag1") | .weight' 0.0982418501741741 1e-9
near "loading imag1" "$out" '.outer[] | select(.indicator == "imag1") | .loading' 0.70932650116601 1e-9
near "R² EXPE" "$out" '.r_squared.EXPE' 0.335193672418813 1e-9
near "R² SAT" "$out" '.r_squared.SAT' 0.707320949544597 1e-9
near "SAT index, convention R on 0-10" "$out" '.index.SAT' 68.598 5e-4
near "indirect IMAG -> QUAL" "$out" '.effects[] | select(.from == "IMAG" and .to == "QUAL") | .indirect' 0.491156739303251 1e-9
out=$(plspm --raw --scheme path --json 2>&1); check "plspm --scheme path" 0 $? "$out" '"scheme":"path"'
near "path scheme weight imag1" "$out" '.outer[] | select(.indicator == "imag1") | .weight' 0.0982374837495072 1e-9
out=$(plspm --raw 2>&1); check "plspm text" 0 $? "$out" "^GoF 0\.609742$"
grep -qE "^convention: .*convention R" <<<"$out"; check "the text names the convention" 0 $?
# The bootstrap: reproducible by seed, whatever the threads; the inadmissible count printed.
a=$(plspm --bootstrap 60 --seed 11 --threads 1 --json 2>&1); check "bootstrap" 0 $? "$a" '"inadmissible":0'
b=$(plspm --bootstrap 60 --seed 11 --threads 2 --json 2>&1)
[[ "$a" == "$b" ]]; check "bootstrap reproducible by seed across threads" 0 $?
c=$(plspm --bootstrap 60 --seed 12 --json 2>&1)
[[ "$a" != "$c" ]]; check "another seed, another bootstrap" 0 $?
out=$(plspm --bootstrap 20 --seed 1 2>&1); check "bootstrap text" 0 $? "$out" "^bootstrap: 20 resamples \(seed 1\), 0 inadmissible"
# Clear errors, exit status 2.
sed 's/"imag5"/"imag9"/' "$pls/satisfaction.model.json" >"$dir/missing.json"
out=$("$zq" stats plspm --data "$pls/satisfaction.csv" --model "$dir/missing.json" 2>&1); check "a column the data lacks" 2 $? "$out" "imag9"
sed 's/\["SAT", "LOY"\]/["SAT", "LOYALTY"]/' "$pls/satisfaction.model.json" >"$dir/unknown.json"
out=$("$zq" stats plspm --data "$pls/satisfaction.csv" --model "$dir/unknown.json" 2>&1); check "an unknown block" 2 $? "$out" "LOYALTY"
echo '{"blocks": {' >"$dir/bad.json"
out=$("$zq" stats plspm --data "$pls/satisfaction.csv" --model "$dir/bad.json" --json 2>&1); check "bad JSON, as JSON" 2 $? "$out" '"error":\{.*"field":"model"'
out=$(plspm --scheme diagonal 2>&1); check "an unknown scheme" 2 $? "$out" "centroid"
out=$("$zq" stats plspm --data "$dir/none.csv" --model "$pls/satisfaction.model.json" 2>&1); check "a missing file" 2 $? "$out" "none.csv"

# COINr's example coin (build_example_coin()): results.html prints CHE first with 68.38.
composite() { "$zq" stats composite --data "$coinr/ASEM_iData.csv" --meta "$coinr/ASEM_iMeta.csv" "$@"; }
out=$(composite --pipeline "$coinr/asem_pipeline.json" --json 2>&1); check "composite --json" 0 $? "$out" '"uCode":"CHE"'
near "units" "$out" '.units | length' 51 0
near "CHE's index" "$out" '.units[] | select(.uCode == "CHE") | .scores.Index' 68.38 0.005
near "CHE's rank" "$out" '.units[] | select(.uCode == "CHE") | .ranks.Index' 1 0
near "IND's Environ" "$out" '.units[] | select(.uCode == "IND") | .scores.Environ' 75.34 0.005
near "IND's Environ rank" "$out" '.units[] | select(.uCode == "IND") | .ranks.Environ' 6 0
near "an indicator's score" "$out" '[.units[].scores.LPI] | max' 100 1e-9
out=$(composite --pipeline "$coinr/asem_pipeline.json" 2>&1); check "composite text" 0 $? "$out" "^CHE	68\.38	1	"
echo '{"steps": [{"screen": {"min_data": 0.85}}]}' >"$dir/screen.json"
out=$(composite --pipeline "$dir/screen.json" --json 2>&1); check "screening alone" 0 $? "$out" '"removed_units":\["BRN","LAO","MMR"\]'
echo '{"steps": [{"bake": {}}]}' >"$dir/bake.json"
out=$(composite --pipeline "$dir/bake.json" 2>&1); check "an unknown step" 2 $? "$out" "bake"
sed 's/^1,"LPI"/1,"LPX"/' "$coinr/ASEM_iMeta.csv" >"$dir/meta.csv"
out=$("$zq" stats composite --data "$coinr/ASEM_iData.csv" --meta "$dir/meta.csv" --pipeline "$coinr/asem_pipeline.json" 2>&1); check "an indicator the data lacks" 2 $? "$out" "LPX"
echo '{"steps": [{"impute": {"method": "group_mean", "group": "Continent"}}]}' >"$dir/group.json"
out=$(composite --pipeline "$dir/group.json" --json 2>&1); check "an unknown group column" 2 $? "$out" "Continent"

# 质量工作考核: the worked example of testdata/evaluation (figures by hand in evaluation_test.cc).
ev=$here/testdata/evaluation
evaluate() { "$zq" stats evaluate --rules "$ev/rules.json" "$@"; }
out=$(evaluate --scores "$ev/scores.json" --json 2>&1); check "evaluate --json" 0 $? "$out" '"first_day":"2025-07-01","last_day":"2026-06-30"'
near "济南's total" "$out" '.regions[] | select(.code == "370100") | .total' 84 0
near "济南's self-assessment" "$out" '.regions[] | select(.code == "370100") | .self_total' 94 0
near "济南 first" "$out" '.regions[] | select(.code == "370100") | .rank' 1 0
near "青岛 2 short of B" "$out" '.regions[] | select(.code == "370200") | .to_next_band' 2 0
near "淄博 keeps its 103 points" "$out" '.regions[] | select(.code == "370300") | .total' 103 0
zibo=$(jq -r '.regions[] | select(.code == "370300") | "\(.grade) \(.vetoed) \(.rank)"' <<<"$out")
[[ $zibo == "D true 3" ]]; check "淄博 vetoed to D, ranked last ($zibo)" 0 $?
out=$(evaluate --scores "$ev/scores.json" 2>&1); check "evaluate text" 0 $? "$out" "^1	370100	济南市	84\.00	81\.00	3\.00	94\.00	B	6\.00$"
grep -q "^370200 青岛市: not scored (0 points): 2.1.3, 3.2$" <<<"$out"; check "evaluate lists what was not scored" 0 $?
# Uncertainty: 济南's manufacturing pass rate with a standard error of 1 is grade B with
# P = Φ(0.8) = 0.788 (evaluation_test.cc works it out); reproducible by seed.
sed 's/"actual": 93,/"actual": 93, "standard_error": 1,/' "$ev/scores.json" >"$dir/se.json"
out=$(evaluate --scores "$dir/se.json" --replications 1500 --seed 5 --json 2>&1); check "evaluate --replications" 0 $? "$out" '"replications":1500'
near "济南's share of B" "$out" '.regions[] | select(.code == "370100") | .uncertainty.grade_share.B' 0.788 0.05
near "济南's rank interval ends at 2" "$out" '.regions[] | select(.code == "370100") | .uncertainty.rank_high' 2 0
again=$(evaluate --scores "$dir/se.json" --replications 1500 --seed 5 --json 2>&1)
[[ "$out" == "$again" ]]; check "the same seed, the same intervals" 0 $?
out=$(evaluate --scores "$dir/se.json" --replications 200 2>&1); check "evaluate text with uncertainty" 0 $? "$out" "^370100	济南市	rank 1 \[1, 2\]	total \["
sed 's/"year": 2025/"year": 2024/' "$ev/scores.json" >"$dir/early.json"
out=$(evaluate --scores "$dir/early.json" --json 2>&1); check "a year before the rules took effect" 2 $? "$out" '"field":"year"'
sed 's/"纳入部门规划"}/"已纳入"}/' "$ev/scores.json" >"$dir/level.json"
out=$(evaluate --scores "$dir/level.json" 2>&1); check "a level the item lacks" 2 $? "$out" "已纳入"

finish
