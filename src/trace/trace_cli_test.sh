#!/usr/bin/env bash
# `zq trace hash` as a script sees it: the hash vectors' own .hashes output, byte for byte, from
# JSON-LD and XML; exit status 1 and a message on stderr for a bad document. `zq trace capture`
# into an SQLite file: 0 and the capture job when stored (again: idempotent), 1 and the exception
# on stdout when refused. `zq trace query` and `zq trace import-master-data`. `zq trace
# forward|backward` over the hand-built chains of testdata/graph/: destinations, JSON, the CSV and
# XLSX spreadsheets, exit statuses.
# Usage: trace_cli_test.sh PATH/TO/zq PATH/TO/src/trace/testdata
set -u
zq=$1
vectors=$2/event-hash
source "$(dirname "$0")/../../tests/cli/check.sh"

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

graph=$2/graph
for doc in supply pallet cycle; do
  "$zq" trace capture "$graph/$doc.jsonld" --db "$db" >/dev/null 2>&1
  check "trace capture graph/$doc.jsonld" 0 $?
done
"$zq" trace forward urn:epc:class:lgtin:0614141.011111.A1 --db "$db" >"$dir/out" 2>"$dir/err"
check "trace forward a lot" 0 $?
[[ $(wc -l <"$dir/out") == 4 ]] && grep -q $'0614141000050\t.*B1\t150 KGM' "$dir/out"
check "one line per destination, quantities summed (150 KGM of B1 at R2)" 0 $?
"$zq" trace backward 00614141222223+B1 --db "$db" --json >"$dir/out" 2>"$dir/err"
check "trace backward GTIN+LOT --json" 0 $?
grep -q '"inputs":\[{[^]]*"what":"https://id.gs1.org/01/00614141111114/10/A1"' "$dir/out"
check "the input lot is A1" 0 $?
"$zq" trace forward urn:epc:class:lgtin:0614141.033333.C1 --db "$db" --csv "$dir/kde.csv" \
  --xlsx "$dir/kde.xlsx" >/dev/null 2>"$dir/err"
check "trace forward --csv --xlsx" 0 $?
grep -q 'a cycle in the events (cut)' "$dir/err"; check "the cycle is reported on stderr" 0 $?
head -1 "$dir/kde.csv" | grep -q 'critical tracking event'; check "the CSV has the KDE header" 0 $?
[[ $(head -c 2 "$dir/kde.xlsx") == PK ]]; check "the XLSX is a workbook" 0 $?
"$zq" trace forward urn:epc:class:lgtin:0614141.033333.C1 --db "$db" --csv "$dir/kde-zh.csv" \
  --headers zh >/dev/null 2>&1
check "trace forward --csv --headers zh" 0 $?
head -1 "$dir/kde-zh.csv" | grep -q '关键追溯环节'; check "the zh CSV has the Chinese header" 0 $?
"$zq" trace forward urn:epc:class:lgtin:0614141.033333.C1 --db "$db" --csv "$dir/x.csv" \
  --headers fr >/dev/null 2>"$dir/err"
check "--headers fr is refused (CLI11's validation status, as for every option)" 105 $?
grep -q -- '--headers' "$dir/err"; check "the refusal names --headers" 0 $?
"$zq" trace forward 'not an id' --db "$db" >/dev/null 2>&1; check "an ID that cannot be read" 2 $?
"$zq" trace forward 00614141111114+NONE --db "$db" >/dev/null 2>&1; check "an unknown lot" 1 $?

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

finish
