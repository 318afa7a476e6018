#!/usr/bin/env bash
# `zq trace hash` as a script sees it: the hash vectors' own .hashes output, byte for byte, from
# JSON-LD and XML; exit status 1 and a message on stderr for a bad document. `zq trace capture`
# into an SQLite file: 0 and the capture job when stored (again: idempotent), 1 and the exception
# on stdout when refused.
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

if [[ $failures -gt 0 ]]; then
  echo "$failures failed"; exit 1
fi
