#!/usr/bin/env bash
# `zq complaint classifier train` and `zq complaint classify` as a script sees them, on the labelled
# set of testdata/ (README.md there): the summary, the model file, one output row per input row
# with the header plus predicted_label, the held-out accuracy, and the refusals (exit status 2).
# Usage: complaint_cli_test.sh zq
set -u
zq=$1
here=$(cd "$(dirname "$0")" && pwd)
data=$here/testdata
source "$(dirname "$0")/../../tests/cli/check.sh"
train() { "$zq" complaint classifier train "$@"; }

out=$("$zq" complaint --help 2>&1); check "complaint --help" 0 $? "$out" "classify"
out=$(train "$data/complaints_train.csv" --text-column text --label-column label --out "$dir/model.tsv" 2>&1)
check "train" 0 $? "$out" "^rows used: 1500$"
check "train: the labels" 0 0 "$out" "^labels: 18$"
check "train: a label's rows" 0 0 "$out" "^  household_appliances	[0-9]+$"
check "train: the vocabulary" 0 0 "$out" "^vocabulary: [0-9]+ terms$"
check "the model file" 0 0 "$(head -2 "$dir/model.tsv")" "^zq-complaint-nb	1$"

out=$("$zq" complaint classify "$data/complaints_test.csv" --model "$dir/model.tsv" --text-column text 2>&1)
check "classify" 0 $? "$out"
header=$(head -1 <<<"$out" | tr -d '\r')
[[ "$header" == "$(head -1 "$data/complaints_test.csv" | tr -d '\r'),predicted_label" ]]
check "classify: the input's header plus predicted_label ($header)" 0 $?
rows=$(tail -n +2 <<<"$out" | wc -l)
[[ $rows == 500 ]]; check "classify: one row per input row ($rows)" 0 $?
# The texts hold no ASCII comma or quote, so a row's fields are its comma-separated parts.
accuracy=$(tail -n +2 <<<"$out" | tr -d '\r' | awk -F, '{ n++; if ($3 == $NF) r++ } END { printf "%.4f", r / n }')
awk -v a="$accuracy" 'BEGIN { exit !(a >= 0.80 && a < 1) }'; check "classify: held-out accuracy $accuracy" 0 $?
"$zq" complaint classify "$data/complaints_test.csv" --model "$dir/model.tsv" --text-column text --out "$dir/out.csv" >/dev/null 2>&1
check "classify --out" 0 $?
[[ "$(cat "$dir/out.csv")" == "$out" ]]; check "classify --out writes what standard output shows" 0 $?
# Any labelled CSV: a tiny one with a quoted comma and full-width letters, words and their pairs.
printf 'text,label\n"手机屏幕坏了, 要求退款",household_appliances\n"ＡＰＰ 自动续费 99元",internet_services\n' >"$dir/tiny.csv"
out=$(train "$dir/tiny.csv" --text-column text --label-column label --out "$dir/tiny.tsv" --bigrams 2>&1)
check "train --bigrams on a quoted CSV" 0 $? "$out" "tokenizer icu-word\+bigrams"
printf 'id,text\n1,app续费\n2,"屏幕, 碎了"\n' >"$dir/new.csv"
out=$("$zq" complaint classify "$dir/new.csv" --model "$dir/tiny.tsv" --text-column text 2>&1)
check "classify with a bigram model" 0 $? "$out" '^2,"屏幕, 碎了",household_appliances'
check "classify: the first row" 0 0 "$out" "^1,app续费,internet_services"

# Refusals: exit status 2 and a message that says what to fix.
out=$(train "$data/complaints_train.csv" --text-column facts --label-column label --out "$dir/m" 2>&1)
check "a missing text column" 2 $? "$out" 'no column "facts" \(the header has: id, text, label'
out=$(train "$data/complaints_train.csv" --text-column text --label-column class --out "$dir/m" 2>&1)
check "a missing label column" 2 $? "$out" 'no column "class"'
: >"$dir/empty.csv"
out=$(train "$dir/empty.csv" --text-column text --label-column label --out "$dir/m" 2>&1)
check "an empty file" 2 $? "$out" "empty"
printf 'text,label\n' >"$dir/header.csv"
out=$(train "$dir/header.csv" --text-column text --label-column label --out "$dir/m" 2>&1)
check "a header without rows" 2 $? "$out" "no rows to train on"
printf 'text,label\n冰箱坏了,household_appliances\n牛奶过期,\n' >"$dir/unlabelled.csv"
out=$(train "$dir/unlabelled.csv" --text-column text --label-column label --out "$dir/m" 2>&1)
check "an empty label, with its line" 2 $? "$out" 'line 3: the label \(column "label"\) is empty'
printf 'text,label\n\xc3\xc0\xcf\xe4\xbb\xb5\xc1\xcb,household_appliances\n' >"$dir/gbk.csv"
out=$(train "$dir/gbk.csv" --text-column text --label-column label --out "$dir/m" 2>&1)
check "a GBK file, said to be GBK" 2 $? "$out" "line 2 is not UTF-8: its bytes look like GBK"
[[ ! -e "$dir/m" ]]; check "no model written after a refusal" 0 $?
out=$("$zq" complaint classify "$data/complaints_test.csv" --model "$data/complaints_test.csv" --text-column text 2>&1)
check "a model file that is not one" 2 $? "$out" "not a zq-complaint-nb model file"
out=$("$zq" complaint classify "$dir/gbk.csv" --model "$dir/model.tsv" --text-column text 2>&1)
check "classify: a GBK file" 2 $? "$out" "look like GBK"
out=$("$zq" complaint classify "$data/complaints_test.csv" --model "$dir/model.tsv" --text-column facts 2>&1)
check "classify: a missing column" 2 $? "$out" 'no column "facts"'
out=$("$zq" complaint classify "$data/complaints_test.csv" --model "$dir/none.tsv" --text-column text 2>&1)
check "classify: a missing model" 2 $? "$out" "none.tsv"

# The model intake uses, in a database: install, status, retire (exit status 2 for a refused file).
db="$dir/zq.db"
out=$("$zq" complaint classifier status --db "$db" 2>&1)
check "status: the keyword rules at first" 0 $? "$out" "^in use: the keyword rules"
out=$("$zq" complaint classifier install "$dir/tiny.tsv" --db "$db" 2>&1)
check "install a model whose tokenizer is not intake's" 2 $? "$out" 'tokenizer "icu-word\+bigrams"'
out=$("$zq" complaint classifier install "$dir/model.tsv" --db "$db" 2>&1)
check "install" 0 $? "$out" "^installed model 1 \([0-9a-f]{16}\): 18 labels, [0-9]+ words, trained on 1500 texts"
out=$("$zq" complaint classifier status --db "$db" --json 2>&1)
check "status --json" 0 $? "$out" '"method":"model"'
out=$("$zq" complaint classifier retire --db "$db" 2>&1)
check "retire" 0 $? "$out" "^retired model 1"
out=$("$zq" complaint classifier retire --db "$db" 2>&1)
check "retire with nothing installed" 1 $? "$out" "keyword rules"

finish
