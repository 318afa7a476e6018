#!/usr/bin/env bash
# `zq trace hash` as a script sees it: the hash vectors' own .hashes output, byte for byte, from
# JSON-LD and XML; exit status 1 and a message on stderr for a bad document. `zq trace capture`
# into an SQLite file: 0 and the capture job when stored (again: idempotent), 1 and the exception
# on stdout when refused. `zq trace query` and `zq trace import-master-data`.
# Usage: trace_cli_test.sh PATH/TO/zq PATH/TO/src/trace/testdata
set -u
zq=$1
vectors=$2/event-hash
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
  if [[ "$2" != "$3" ]]; then
    echo "FAIL $1: exit status $3, expected $2"; failures=$((failures + 1)); return
  fi
  echo "ok   $1"
}

for doc in epcisDocWithVariousEventTypes.jsonld epcisDocWithVariousEventTypes.xml \
           SensorDataExamples.xml epclist_normalisation.jsonld; do
  "$zq" trace hash "$vectors/$doc" >"$dir/out" 2>"$dir/err"; status=$?
  check "trace hash $doc" 0 $status
  if ! cmp -s "$dir/out" "$vectors/${doc%.*}.hashes"; then
    echo "FAIL trace hash $doc: output differs from ${doc%.*}.hashes:"
    diff "$dir/out" "$vectors/${doc%.*}.hashes" | head -5; failures=$((failures + 1))
  fi
done
"$zq" trace hash --prehash "$vectors/ReferenceEventHashAlgorithm.xml" >"$dir/out" 2>&1
check "trace hash --prehash" 0 $?
cmp -s "$dir/out" "$vectors/ReferenceEventHashAlgorithm.prehashes"
check "--prehash prints the .prehashes lines" 0 $?

printf '{"epcisBody": {"eventList": [{"action": "ADD"}]}}' >"$dir/bad.json"
"$zq" trace hash "$dir/bad.json" >"$dir/out" 2>"$dir/err"; check "an event without type" 1 $?
grep -q 'event 0' "$dir/err" && grep -q 'epcisBody.eventList\[0\].type' "$dir/err"
check "the message names the event and its path" 0 $?
[[ ! -s "$dir/out" ]]; check "nothing on stdout for a bad document" 0 $?
printf '<EPCISDocument><EPCISBody>' >"$dir/bad.xml"
"$zq" trace hash "$dir/bad.xml" >/dev/null 2>"$dir/err"; check "malformed XML" 1 $?
"$zq" trace hash "$dir/missing.json" >/dev/null 2>"$dir/err"; check "a missing file" 1 $?
grep -q 'cannot read' "$dir/err"; check "the message says the file cannot be read" 0 $?

openepcis=$2/openepcis
db="$dir/trace.db"
"$zq" trace capture "$openepcis/JSON/Documents/ObjectEvent.json" --db "$db" >"$dir/out" 2>"$dir/err"
check "trace capture a valid document" 0 $?
grep -q '"success":true' "$dir/out" && grep -q '"storedCount":2' "$dir/out"
check "the capture job says it stored both events" 0 $?
"$zq" trace capture "$openepcis/XML/Documents/ObjectEvent.xml" --db "$db" >"$dir/out" 2>"$dir/err"
check "trace capture the same events in XML" 0 $?
"$zq" trace capture "$openepcis/JSON/Invalid/ObjectEvent_with_invalid_eventTime_format.json" \
  --db "$db" >"$dir/out" 2>"$dir/err"
check "trace capture an invalid document" 1 $?
grep -q '"type":"epcisException:ValidationException"' "$dir/out" &&
  grep -q '"jsonPath":"epcisBody.eventList\[0\].eventTime"' "$dir/out"
check "the exception is on stdout with its JSON path" 0 $?
"$zq" trace capture "$openepcis/JSON/Documents/ObjectEvent.json" --db "$db" \
  --error-behaviour proceed >"$dir/out" 2>"$dir/err"
check "trace capture --error-behaviour proceed" 0 $?


# zq trace query: the EPCISQueryDocument of the matching events; a bad parameter's exception.
"$zq" trace query 'EQ_bizStep=shipping|receiving&GE_eventTime=2005-04-04T12:00:00%2B00:00' \
  --db "$db" >"$dir/out" 2>"$dir/err"
check "trace query" 0 $?
grep -q '"type": "EPCISQueryDocument"' "$dir/out" && grep -q '"bizStep": "receiving"' "$dir/out" &&
  ! grep -q '"bizStep": "shipping"' "$dir/out"
check "the query document holds the receiving event only" 0 $?
"$zq" trace query 'perPage=1' --db "$db" >"$dir/out" 2>"$dir/err"
check "trace query one page" 0 $?
grep -q '^nextPageToken=' "$dir/err"; check "the next page's token on stderr" 0 $?
"$zq" trace query 'EQ_nothing=1' --db "$db" >"$dir/out" 2>"$dir/err"
check "trace query with an unknown parameter" 1 $?
grep -q '"type":"epcisException:QueryParameterException"' "$dir/out"
check "the QueryParameterException is on stdout" 0 $?

# zq trace import-master-data: locations and prefixes linked to a registered entity.
printf 'uscc,name,region_code\n91350100M000100Y43,福建样例有限公司,350102\n' >"$dir/entities.csv"
"$zq" import entities "$dir/entities.csv" --db "$db" >/dev/null 2>&1; check "import an entity" 0 $?
printf 'kind,identifier,uscc,name\nlocation,urn:epc:id:sgln:0614141.07346.1234,91350100M000100Y43,仓库\nprefix,0614141,91350100M000100Y43,\nlocation,0614141073468,91350100M000100Y43,\n' >"$dir/md.csv"
"$zq" trace import-master-data "$dir/md.csv" --db "$db" >"$dir/out" 2>"$dir/err"
check "import master data with a bad row" 1 $?
grep -q '"added":2' "$dir/out" && grep -q 'md.csv:4: location: GLN check digit' "$dir/err"
check "two rows linked, the bad GLN reported with its line" 0 $?
"$zq" trace import-master-data "$dir/md.csv" --db "$db" >"$dir/out" 2>"$dir/err"
grep -q '"already":2' "$dir/out"; check "importing again leaves the links as they are" 0 $?

if [[ $failures -gt 0 ]]; then
  echo "$failures failed"; exit 1
fi
