#!/usr/bin/env bash
# How global-0023.{sqlite,postgres}.sql were made (README.md). Usage, from the repository root of
# a checkout of the last commit with the global numbering (b143ce6), built in build/dev:
#   tests/schema/testdata/make_fixtures.sh OUT_DIR
#   scripts/with-postgres tests/schema/testdata/make_fixtures.sh OUT_DIR
# The first writes OUT_DIR/global-0023.sqlite.sql; under with-postgres, the .postgres.sql.
set -euo pipefail
out=$(cd "$1" && pwd)
zq=${ZQ:-$PWD/build/dev/bin/zq}  # ZQ=path/to/old/zq to use another build
work=$(mktemp -d /tmp/zq-fixture.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A few rows of several modules: the administrator and one user, an entity, their audit entries,
# a domain event and a cursor, a meta row; reference data cut down to keep the dump small.
extra="DELETE FROM regions WHERE code NOT IN ('350000', '350100', '350102', '370000', '370100');
DELETE FROM industries WHERE level > 1;
INSERT INTO domain_events (source, source_id, kind, uscc, region_code, occurred_on, payload, recorded_at) VALUES ('inspection', 'batch:1', 'inspection.batch_failed', '91350100M000100Y43', '350102', '2026-11-30', '{}', '2026-12-01T08:00:00Z');
INSERT INTO domain_event_cursors (consumer, last_seq) VALUES ('credit', 1);
INSERT INTO meta (key, value) VALUES ('fixture', 'made by zq at b143ce6');"
fill() {
  "$zq" init --db "$1" --key-file "$work/master.key" >/dev/null
  "$zq" user add alice --role analyst --region 370100 --db "$1" --key-file "$work/master.key" >/dev/null
  printf 'uscc,name,region_code,legal_representative\n91350100M000100Y43,福建样例有限公司,350102,欧阳娜娜\n' >"$work/rep.csv"
  "$zq" import entities "$work/rep.csv" --db "$1" --key-file "$work/master.key" >/dev/null
}
if [[ -z "${ZQ_TEST_PG_URL:-}" ]]; then
  fill "$work/old.db"
  sqlite3 "$work/old.db" "$extra"
  sqlite3 "$work/old.db" .dump >"$out/global-0023.sqlite.sql"
else
  base=${ZQ_TEST_PG_URL%%\?*}
  psql "$ZQ_TEST_PG_URL" -qc "CREATE DATABASE zq_fixture"
  fill "${base%/*}/zq_fixture"
  psql "${base%/*}/zq_fixture" -qc "$extra"
  pg_dump --no-owner --no-privileges --no-comments --inserts "${base%/*}/zq_fixture" \
    >"$out/global-0023.postgres.sql"
fi
