#!/usr/bin/env bash
# The `zq` command line as an operator's script sees it: exit statuses, one line per code,
# --json, --help on every subcommand, and an import with a bad row. Usage: cli_test.sh PATH/TO/zq
set -u
zq=$1
source "$(dirname "$0")/../../tests/cli/check.sh"

out=$("$zq" validate uscc 91350100M000100Y43 9111000010000106X1 2>&1); check "valid USCCs" 0 $? "$out" "^9111000010000106X1: valid$"
out=$("$zq" validate uscc 91350100M000100Y43 91350100M000100Y44 2>&1); check "one invalid USCC" 1 $? "$out" "^91350100M000100Y44: invalid: check character should be '3'"
[[ $(wc -l <<<"$out") -eq 2 ]]; check "one line per code" 0 $?
out=$("$zq" validate gtin 6901234567892 --json 2>&1); check "gtin --json" 0 $? "$out" '"valid":true'
out=$("$zq" validate org-code 77604965-3 2>&1); check "org code" 0 $? "$out" "valid"
out=$("$zq" validate region 370102 37010 2>&1); check "region" 1 $? "$out" "37010: invalid"
out=$("$zq" validate colour x 2>&1); check "unknown kind" 105 $? "$out" "colour"
for sub in serve demo migrate import export registry validate user audit init backup restore keys inspection apikey credit events; do
  out=$("$zq" "$sub" --help 2>&1); check "$sub --help" 0 $? "$out" "Usage|usage"
done
# The modules the app builds (ZQ_MODULES), in build order, each after its dependencies.
out=$("$zq" modules 2>&1); check "modules" 0 $? "$out" "^[0-9]+\. inspection$"
order=$(grep -oE '^[0-9]+\. [a-z_]+' <<<"$out" | cut -d' ' -f2 | tr '\n' ' ')
[[ "$order" == *"registry "*"credit "*"inspection "* ]]; check "modules in dependency order" 0 $? "$order"
out=$("$zq" modules --json 2>&1); check "modules --json" 0 $? "$out" '"name":"inspection","publishes":\["inspection.batch_failed"'
out=$("$zq" import inspectors --help 2>&1); check "import inspectors --help" 0 $? "$out" "执法检查人员名录库"
out=$("$zq" serve --help 2>&1); check "serve --help names the body limit" 0 $? "$out" "--max-body-mib"
out=$("$zq" serve --db "$dir/none.db" --max-body-mib 0 2>&1); check "a body limit of 0 MiB is refused" 105 $? "$out" "max-body-mib"

db="$dir/zq.db"
out=$("$zq" migrate --db "$db" 2>&1); check "migrate" 0 $? "$out" "schema version [0-9]+"
out=$("$zq" registry children 370000 --db "$db" --json 2>&1); check "Shandong's cities" 0 $? "$out" '"name":"济南市"'
[[ $(grep -o '"code"' <<<"$out" | wc -l) -eq 16 ]]; check "16 cities" 0 $?
cat >"$dir/entities.csv" <<CSV
uscc,name,region_code
91350100M000100Y43,福建样例有限公司,350102
91350100M000100Y44,坏校验码有限公司,350102
CSV
out=$("$zq" import entities "$dir/entities.csv" --db "$db" 2>&1); check "import with a bad row" 1 $? "$out" "entities.csv:3: uscc: check character"
out=$("$zq" import entities "$dir/entities.csv" --db "$db" --json 2>&1); check "re-import --json" 1 $? "$out" '"unchanged":1'
out=$("$zq" registry search --name 样例有限 --db "$db" 2>&1); check "search by name" 0 $? "$out" "91350100M000100Y43"
# The inspector pool: a bad row reported, the good ones kept; the same file again changes nothing.
printf 'inspector_id,name,unit,region_code,qualifications,active\n35010210001,林小明,鼓楼区市场监督管理局,350102,product_quality;food,1\n35010210002,陈华,鼓楼区市场监督管理局,350102,product_quality,maybe\n' >"$dir/inspectors.csv"
out=$("$zq" import inspectors "$dir/inspectors.csv" --db "$db" 2>&1); check "inspector import with a bad row" 1 $? "$out" "inspectors.csv:3: active"
out=$("$zq" import inspectors "$dir/inspectors.csv" --db "$db" --json 2>&1); check "inspector re-import --json" 1 $? "$out" '"inserted":0,"rejected":1,"rows_read":2,"unchanged":1'
# Credit events: CSV import with a bad row, the explained file, the full rescore.
day=$(date -d '-30 days' +%F)
printf 'source,source_id,event_type,uscc,occurred_on,evidence_ref\nsamr-3501,P-1,penalty.ordinary,91350100M000100Y43,%s,榕市监罚〔2026〕1号\nsamr-3501,P-2,penalty.huge,91350100M000100Y43,%s,x\n' "$day" "$day" >"$dir/events.csv"
out=$("$zq" credit import "$dir/events.csv" --db "$db" 2>&1); check "credit import with a bad row" 1 $? "$out" "events.csv:3: event_type"
out=$("$zq" credit show 91350100M000100Y43 --db "$db" 2>&1); check "credit show explains the grade" 0 $? "$out" "quality grade B .*penalty.ordinary|penalty.ordinary"
out=$("$zq" credit show 91350100M000100Y43 --db "$db" --json 2>&1); check "credit show --json" 0 $? "$out" '"grade":"B"'
out=$("$zq" credit show 91350102M000100Y40 --db "$db" 2>&1); check "credit show unknown firm" 1 $? "$out" "uscc"
out=$("$zq" credit show 91350100M000100Y44 --db "$db" 2>&1); check "credit show malformed USCC: the parser's error" 2 $? "$out" "check character should be '3', not '4'"
out=$("$zq" registry entity XYZ --db "$db" 2>&1); check "registry entity malformed USCC" 2 $? "$out" "a USCC has 18 characters"
out=$("$zq" credit rescore --db "$db" --json 2>&1); check "credit rescore" 0 $? "$out" '"entities":1'
out=$("$zq" export entities --db "$db" --format csv --out "$dir/out.csv" 2>&1); check "export" 0 $? "$out" "1 entities written"
out=$("$zq" export entities --db "$db" --format xlsx --out "$dir/out.xlsx" 2>&1); check "export xlsx" 0 $? "$out" "1 entities written"
out=$("$zq" import entities "$dir/out.xlsx" --db "$db" --json 2>&1); check "import the xlsx export" 0 $? "$out" '"unchanged":1'
out=$("$zq" init --db "$db" 2>&1); check "init prints a one-time password" 0 $? "$out" "one-time password: "
out=$("$zq" user add jinan --role regulator --region 370100 --db "$db" 2>&1); check "user add" 0 $? "$out" "created"
out=$("$zq" user list --db "$db" 2>&1); check "user list" 0 $? "$out" "jinan +regulator +370100"
# A lock left by a guesser (the sign-in form is the only other way in): the operator lifts it.
sqlite3 "$db" "INSERT INTO login_failures (username, source, failures, locked_until, last_failure_at) VALUES ('jinan', '203.0.113.9', 5, '2999-01-01T00:00:00Z', '2999-01-01T00:00:00Z')"
out=$("$zq" user list --db "$db" 2>&1); check "user list shows the lock" 0 $? "$out" "jinan .*\(locked\)"
out=$("$zq" user unlock jinan --db "$db" 2>&1); check "user unlock" 0 $? "$out" "user jinan unlocked"
out=$("$zq" user list --db "$db" 2>&1); check "user list after unlock" 0 $? "$out" "jinan +regulator +370100$"
out=$("$zq" user unlock nobody --db "$db" 2>&1); check "user unlock of an unknown name" 1 $? "$out" "username"
out=$("$zq" user reset-second-factor admin --db "$db" 2>&1); check "user reset-second-factor" 0 $? "$out" "second factor of admin removed"
[[ $(sqlite3 "$db" "SELECT COUNT(*) FROM audit_log WHERE action IN ('user.unlock', 'user.second_factor.reset')") == 2 ]]; check "unlock and reset are audited" 0 $?
out=$("$zq" audit verify --db "$db" 2>&1); check "audit verify" 0 $? "$out" "intact"
sqlite3 "$db" "UPDATE audit_log SET actor = 'intruder' WHERE seq = 2"
out=$("$zq" audit verify --db "$db" 2>&1); check "audit verify finds tampering" 1 $? "$out" "BROKEN at entry 2"
# Key rotation on a fresh database with a legal representative and an intact audit log.
kdb="$dir/keys.db"
printf 'uscc,name,region_code,legal_representative\n91350100M000100Y43,福建样例有限公司,350102,欧阳娜娜\n' >"$dir/rep.csv"
"$zq" import entities "$dir/rep.csv" --db "$kdb" >/dev/null 2>&1
old_key=$(cat "$kdb.key")
out=$("$zq" keys rotate --db "$kdb" 2>&1); check "keys rotate" 0 $? "$out" "keys rotated"
[[ "$(cat "$kdb.key")" != "$old_key" ]]; check "a new key is in place" 0 $?
out=$("$zq" registry entity 91350100M000100Y43 --db "$kdb" --json 2>&1); check "personal data opens under the new key" 0 $? "$out" '"legal_representative":"欧阳娜娜"'
out=$("$zq" audit verify --db "$kdb" 2>&1); check "audit chain verifies under the new key" 0 $? "$out" "intact"
out=$("$zq" registry search --legal-representative 欧阳娜娜 --db "$kdb" 2>&1); check "search by legal representative after rotation" 0 $? "$out" "^1 found"
# A database from before the blind indexes (registry migration 0004 leaves them NULL) gets them from reindex.
sqlite3 "$kdb" "UPDATE entities SET legal_representative_index = NULL"
out=$("$zq" registry search --legal-representative 欧阳娜娜 --db "$kdb" 2>&1); check "search refused until reindexed" 1 $? "$out" "keys reindex"
out=$("$zq" keys reindex --db "$kdb" 2>&1); check "keys reindex" 0 $? "$out" "1 rows updated"
out=$("$zq" registry search --legal-representative 欧阳娜娜 --db "$kdb" 2>&1); check "search by legal representative after reindex" 0 $? "$out" "^1 found"
out=$("$zq" keys rotate --db "$db" 2>&1); check "rotation refused on a broken audit log" 1 $? "$out" "broken at entry 2"
out=$("$zq" backup --db "$db" --out "$dir/zq.bak" 2>&1); check "backup" 0 $? "$out" "backup written"
sqlite3 "$db" "DELETE FROM entities"
out=$("$zq" restore --db "$db" --from "$dir/zq.bak" 2>&1); check "restore" 0 $? "$out" "restored"
[[ $(sqlite3 "$db" "SELECT COUNT(*) FROM entities") -eq 1 ]]; check "restore brings the entity back" 0 $?
printf 'x' | dd of="$dir/zq.bak" bs=1 seek=200 conv=notrunc 2>/dev/null
out=$("$zq" restore --db "$db" --from "$dir/zq.bak" 2>&1); check "altered backup refused" 1 $? "$out" "HMAC-SM3"
# Issue 16, item 4: the audit log's head is sealed (HMAC-SM3) and recorded outside the database.
adb="$dir/audit.db"
"$zq" init --db "$adb" >/dev/null 2>&1
for i in 1 2 3 4 5 6; do "$zq" user add "user$i" --role analyst --region 370100 --db "$adb" >/dev/null 2>&1; done
out=$("$zq" audit verify --db "$adb" 2>&1); check "audit verify through the recorded head" 0 $? "$out" "intact, through the head recorded at entry [0-9]+"
adb_head=$(ls "$adb".key.*.audit-head)
[[ -f "$adb_head" ]]; check "the head is recorded beside the key file" 0 $?
cp "$adb" "$dir/audit-old.db"  # an old copy of the database, with its genuine seals (no WAL left: each command checkpoints on close)
for i in 7 8 9; do "$zq" user add "user$i" --role analyst --region 370100 --db "$adb" >/dev/null 2>&1; done
last=$(sqlite3 "$adb" "SELECT MAX(seq) FROM audit_log")
head_line="$(sqlite3 "$adb" "SELECT seq || ':' || hash FROM audit_log WHERE seq = $last")"
cp "$adb" "$dir/audit-intact.db"
# The hostile probe's SQL, cutting three entries: the sealed head shows it even without the file.
k=$((last - 3))
sqlite3 "$adb" "delete from audit_log where seq>$k; update audit_log set tail=1 where seq=$k; update audit_head set seq=$k, hash=(select hash from audit_log where seq=$k)"
mv "$adb_head" "$dir/head.saved"
out=$(ZQ_AUDIT_HEAD_FILE="$dir/none.audit-head" "$zq" audit verify --db "$adb" 2>&1); check "audit verify finds the probe's cut by the head's MAC" 1 $? "$out" "BROKEN at entry $k: .*MAC"
mv "$dir/head.saved" "$adb_head"
cp "$dir/audit-intact.db" "$adb"; rm -f "$adb-wal" "$adb-shm"
# Cut the last entries and move the tail mark, audit_head untouched (it lags on SQLite).
sqlite3 "$adb" "delete from audit_log where seq>$k; update audit_log set tail=1 where seq=$k"
out=$("$zq" audit verify --db "$adb" 2>&1); check "audit verify finds cut entries with the tail mark moved" 1 $? "$out" "BROKEN at entry $((k + 1))"
# Back to an older genuine database: its own seals hold, the recorded head does not.
cp "$dir/audit-old.db" "$adb"; rm -f "$adb-wal" "$adb-shm"
out=$(ZQ_AUDIT_HEAD_FILE="$dir/none.audit-head" "$zq" audit verify --db "$adb" 2>&1); check "an older genuine copy alone looks intact" 0 $? "$out" "no head was recorded"
out=$("$zq" audit verify --db "$adb" 2>&1); check "audit verify finds the cut back through the recorded head" 1 $? "$out" "BROKEN at entry [0-9]+: entries from [0-9]+ on are missing: the log ends before the head recorded outside the database \\(entry $last\\)"
out=$("$zq" user add later --role analyst --region 370100 --db "$adb" 2>&1); check "a command after the cut warns and keeps the recorded head" 0 $? "$out" "warning: .*no longer holds entry $last"
out=$("$zq" audit verify --db "$adb" 2>&1); check "the cut still shows after writing on" 1 $? "$out" "BROKEN"
cp "$dir/audit-intact.db" "$adb"; rm -f "$adb-wal" "$adb-shm"
out=$("$zq" audit verify --db "$adb" --head "$head_line" 2>&1); check "audit verify --head from the server's log" 0 $? "$out" "intact"
out=$("$zq" audit verify --db "$adb" --head "1:$(printf '0%.0s' {1..64})" 2>&1); check "audit verify --head that the log does not hold" 1 $? "$out" "BROKEN at entry 1"
# Issue 16, item 6: backups carry HMAC-SM3 under the master key; a served database is not restored over.
bdb="$dir/backup.db"
"$zq" user add lixia --role regulator --region 370100 --db "$bdb" >/dev/null 2>&1
out=$("$zq" backup --db "$bdb" --out "$dir/b.bak" 2>&1); check "backup writes a keyed checksum" 0 $? "$out" "b.bak.hmac-sm3"
cp "$dir/b.bak" "$dir/b-good.bak"; cp "$dir/b.bak.hmac-sm3" "$dir/b-good.bak.hmac-sm3"
sqlite3 "$dir/b.bak" "UPDATE users SET role = 'platform_admin' WHERE username = 'lixia'"
sm3=$(openssl dgst -sm3 -r "$dir/b.bak" | cut -d' ' -f1)
echo "$sm3" >"$dir/b.bak.sm3"; rm "$dir/b.bak.hmac-sm3"
out=$("$zq" restore --db "$bdb" --from "$dir/b.bak" 2>&1); check "an edited backup with a recomputed SM3 is refused" 1 $? "$out" "unkeyed SM3 checksum.*zq backup"
echo "zq-backup-hmac-sm3-v1 $sm3" >"$dir/b.bak.hmac-sm3"
out=$("$zq" restore --db "$bdb" --from "$dir/b.bak" 2>&1); check "a plain SM3 in the keyed file is refused" 1 $? "$out" "does not match its HMAC-SM3"
[[ $(sqlite3 "$bdb" "SELECT role FROM users WHERE username = 'lixia'") == regulator ]]; check "lixia is still a regulator" 0 $?
out=$("$zq" restore --db "$dir/new.db" --from "$dir/b.bak" --key-file "$bdb.key" 2>&1); check "a failed restore to a new path is refused" 1 $? "$out" "HMAC-SM3"
out=$(ls "$dir" | grep '^new\.db'); check "and leaves nothing there" 1 $? "$out"
out=$("$zq" restore --db "$dir/new.db" --from "$dir/b-good.bak" 2>&1); check "a restore without the backup's key is refused" 1 $? "$out" "needs the key the backup was made under"
out=$(ls "$dir" | grep '^new\.db'); check "and creates no key" 1 $? "$out"
out=$("$zq" restore --db "$dir/new.db" --from "$dir/b-good.bak" --key-file "$bdb.key" 2>&1); check "restore to a new path with the backup's key" 0 $? "$out" "restored"
"$zq" serve --db "$bdb" --port 0 >"$dir/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do grep -q "serving" "$dir/serve.log" && break; sleep 0.1; done
out=$("$zq" restore --db "$bdb" --from "$dir/b-good.bak" 2>&1); check "restore refused while zq serve holds the database" 1 $? "$out" "zq serve.*--force"
out=$(cat "$dir/serve.log"); check "the server logs the audit head" 0 0 "$out" "audit head [0-9]+ [0-9a-f]{64} v1:[0-9a-f]{64}"
out=$("$zq" restore --db "$bdb" --from "$dir/b-good.bak" --force 2>&1); check "restore --force while served" 0 $? "$out" "restored"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null
exec {lock_fd}>"$bdb.serving"; flock -s "$lock_fd"  # this shell holds the lock as a server would
out=$("$zq" restore --db "$bdb" --from "$dir/b-good.bak" 2>&1); check "restore refused while another process holds the lock" 1 $? "$out" "holds the database"
exec {lock_fd}>&-
out=$("$zq" restore --db "$bdb" --from "$dir/b-good.bak" 2>&1); check "restore once the lock is free" 0 $? "$out" "restored"
out=$("$zq" audit verify --db "$bdb" 2>&1); check "audit verify after a restore" 0 $? "$out" "intact"

finish cli
