#!/usr/bin/env bash
# The `zq` command line on a generated demo province: the demo itself, the 双随机 draws and their
# verification, API keys, and the domain-event loop through a running `zq serve`. Apart from
# cli_test.sh because generating the demo under the sanitizers takes most of a minute and CTest
# runs the two side by side. Usage: cli_demo_test.sh PATH/TO/zq
set -u
zq=$1
source "$(dirname "$0")/../../tests/cli/check.sh"

# Into a file, not `| head`: head would exit after 3 lines and the demo die of SIGPIPE half-way.
"$zq" demo --generate-only --db "$dir/demo.db" --scale small --seed 1 --province 370000 >"$dir/demo.txt" 2>&1
demo_rc=$?
out=$(head -3 "$dir/demo.txt")
[[ $demo_rc -eq 0 && "$out" == *"generated"* ]]; check "demo --generate-only" 0 $? "$out" "market entities"
out=$("$zq" inspection verify-draw --db "$dir/demo.db" --draw 1 2>&1); check "demo draw verifies from the database" 0 $? "$out" "draw verified"
out=$(sqlite3 "$dir/demo.db" "SELECT COUNT(*) > 100, SUM(final_verdict = 'fail') > 0, SUM(published_on <> '') > 0 FROM inspection_batches; SELECT COUNT(*) > 0 FROM inspection_follow_ups; SELECT COUNT(*) > 0 FROM domain_events WHERE kind = 'inspection.batch_failed'" | tr '\n' ' ')
check "demo has a year of spot-check results" 0 $? "$out" "^1\|1\|1 1 1 $"
sqlite3 "$dir/demo.db" "SELECT record FROM inspection_draws WHERE id = 1" >"$dir/draw.json"
out=$("$zq" inspection verify-draw "$dir/draw.json" --json 2>&1); check "a published record verifies from its file" 0 $? "$out" '"ok":true'
sed -E 's/"seed":"0/"seed":"1/;t;s/"seed":"[1-9a-f]/"seed":"0/' "$dir/draw.json" >"$dir/forged.json"
out=$("$zq" inspection verify-draw "$dir/forged.json" 2>&1); check "a forged seed fails the commitment" 1 $? "$out" "MISMATCH commitment"
out=$("$zq" inspection draw --db "$dir/demo.db" --plan 1 2>&1); check "a second draw of a plan" 0 $? "$out" "run and published"
out=$("$zq" inspection verify-draw --db "$dir/demo.db" --draw 1 --eligibility 2>&1); check "the frame recomputed from the registry" 0 $? "$out" "draw verified"
# The ceremony in two steps with a witness's secret and a beacon (docs/random-draw.md §1).
secret=$("$zq" inspection draw-secret --json 2>&1)
witness_secret=$(sed -E 's/.*"secret":"([0-9a-f]+)".*/\1/' <<<"$secret")
witness_commitment=$(sed -E 's/.*"commitment":"([0-9a-f]+)".*/\1/' <<<"$secret")
out=$("$zq" inspection draw-commit --db "$dir/demo.db" --plan 1 --witness "纪检监察组=$witness_commitment" --beacon-source "福彩3D 2026-12-10 开奖号码" --json 2>&1); check "draw-commit with a witness and a beacon source" 0 $? "$out" '"status":"committed"'
witness_draw=$(sed -E 's/.*"draw_id":([0-9]+).*/\1/' <<<"$out")
out=$("$zq" inspection draw-run --db "$dir/demo.db" --draw "$witness_draw" --reveal "纪检监察组=0000000000000000000000000000000000" --beacon "福彩3D 527" 2>&1); check "draw-run refuses a wrong secret" 2 $? "$out" "secret"
out=$("$zq" inspection draw-run --db "$dir/demo.db" --draw "$witness_draw" --reveal "纪检监察组=$witness_secret" 2>&1); check "draw-run needs the announced beacon" 2 $? "$out" "beacon announced with the commitment is needed: 福彩3D 2026-12-10"
out=$("$zq" inspection draw-run --db "$dir/demo.db" --draw "$witness_draw" --reveal "纪检监察组=$witness_secret" --beacon "福彩3D 527" 2>&1); check "draw-run with the witness's secret" 0 $? "$out" "run and published"
out=$("$zq" inspection verify-draw --db "$dir/demo.db" --draw "$witness_draw" 2>&1); check "the witnessed draw verifies" 0 $? "$out" "draw verified"
out=$("$zq" apikey add provincial-bank --permission credit.query --region 370000 --db "$dir/demo.db" 2>&1); check "apikey add" 0 $? "$out" "shown once\\): zqk_"
out=$("$zq" apikey add provincial-bank --permission credit.query --db "$dir/demo.db" 2>&1); check "apikey name taken" 1 $? "$out" "exists"
out=$("$zq" apikey list --db "$dir/demo.db" --json 2>&1); check "apikey list" 0 $? "$out" '"name":"provincial-bank"'
out=$("$zq" apikey revoke provincial-bank --db "$dir/demo.db" 2>&1); check "apikey revoke" 0 $? "$out" "revoked"
out=$("$zq" apikey list --db "$dir/demo.db" 2>&1); check "apikey shows revoked" 0 $? "$out" "provincial-bank  revoked"

# The domain-event loop in production: a spot-check verdict recorded through the running server
# reaches the firm's credit file without the demo, and /api/v1/health shows the consumer's lag.
out=$(grep -c "domain events delivered to credit.inspection, 0 set aside" "$dir/demo.txt"); check "the demo delivers through the dispatcher" 0 $? "$out" "^1$"
"$zq" serve --db "$dir/demo.db" --port 0 >"$dir/events-serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 150); do grep -q "serving" "$dir/events-serve.log" && break; sleep 0.1; done
base=$(sed -n 's|.*serving .* at \(http://[^ ]*\)/$|\1|p' "$dir/events-serve.log")
out=$(curl -s "$base/api/v1/health"); check "health shows the consumer's lag" 0 $? "$out" '"event_consumers":\[\{"consumer":"credit.inspection","lag":0\},\{"consumer":"credit.complaint","lag":0\}\]'
jar="$dir/events.jar"
login() { curl -s -c "$jar" -b "$jar" -H 'Content-Type: application/json' -d "{\"username\":\"jinan\",\"password\":\"$1\"}" "$base/api/v1/auth/login"; }
once=$(sed -n 's/.*sign in as jinan .*password \([^ ]*\).*/\1/p' "$dir/demo.txt")
csrf=$(login "$once" | jq -r .csrf_token)
post() { curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d "$2" "$base$1"; }
post /api/v1/auth/password "{\"current_password\":\"$once\",\"new_password\":\"Events-Test-2026-jn\"}" >/dev/null
csrf=$(login "Events-Test-2026-jn" | jq -r .csrf_token)
tasks=$(curl -s -b "$jar" "$base/api/v1/inspection/tasks?open=true")
task=$(jq -r '[.items[] | select(.may_sample)][0].task_id' <<<"$tasks")
uscc=$(jq -r "[.items[] | select(.task_id == $task)][0].uscc" <<<"$tasks")
plan=$(jq -r "[.items[] | select(.task_id == $task)][0].plan_id" <<<"$tasks")
category=$(curl -s -b "$jar" "$base/api/v1/inspection/plans/$plan" | jq -r '.parameters.product_categories[0]')
file="$base/api/v1/credit/entities/$uscc/file"
credit_now() { curl -s -b "$jar" "$file" | jq -c '[.history[0].risk_score, .history[0].grade, [.events[].event_type]]'; }
# The firm may have failed a spot check before (the demo's year of results): count them.
spot_failures() { grep -o '"spot_check.failed"' <<<"$1" | wc -l; }
before=$(credit_now)
today=$(TZ=Asia/Shanghai date +%F)
batch=$(post "/api/v1/inspection/tasks/$task/sample" "{\"sampled_on\":\"$today\",\"place\":\"成品仓库\",\"batch_number\":\"E-1\",\"quantity\":2,\"reserve_quantity\":1,\"category_code\":\"$category\",\"product_name\":\"电水壶\",\"specification\":\"1.5L\",\"samplers\":[\"王小明\",\"李华\"]}" | jq -r .id)
results="{\"institution\":\"山东省产品质量检验研究院\",\"tested_on\":\"$today\",\"items\":[{\"name\":\"泄漏电流\",\"key_item\":true,\"method\":\"GB 4706.1\",\"limit\":\"≤0.75\",\"measured\":\"1.2\",\"unit\":\"mA\",\"verdict\":\"fail\"}]}"
post "/api/v1/inspection/batches/$batch/results" "$results" >/dev/null
post "/api/v1/inspection/batches/$batch/notice" "{\"received_on\":\"$today\"}" >/dev/null
post "/api/v1/inspection/batches/$batch/appeals" '{"kind":"retest","reason":"复检"}' >/dev/null
out=$(post "/api/v1/inspection/batches/$batch/retest" "$results" | jq -c '[.status, .final_verdict]'); check "a failing re-test is final" 0 $? "$out" '^\["final","fail"\]$'
for _ in $(seq 100); do (( $(spot_failures "$(credit_now)") > $(spot_failures "$before") )) && break; sleep 0.1; done
after=$(credit_now)
(( $(spot_failures "$after") > $(spot_failures "$before") )); check "the verdict changed the firm's credit ($before -> $after)" 0 $?
out=$(curl -s "$base/api/v1/health"); check "health: lag 0 after delivery" 0 $? "$out" '"consumer":"credit.inspection","lag":0'
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null
out=$("$zq" events status --db "$dir/demo.db" 2>&1); check "events status" 0 $? "$out" "^credit.inspection: cursor [0-9]+, lag 0, dead letters 0$"
out=$("$zq" events run --db "$dir/demo.db" --json 2>&1); check "events run --json" 0 $? "$out" '"consumer":"credit.inspection".*"delivered":0'
out=$("$zq" events retry --db "$dir/demo.db" --id 999 2>&1); check "events retry of no dead letter" 1 $? "$out" "NOT_FOUND: no such dead letter"

finish cli.demo
