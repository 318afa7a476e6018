-- stats/: the indicator catalogue (指标目录) and the indicators' values (指标值).
-- An indicator's definition is versioned: a new version is a new row, dated from valid_from
-- (YYYY-MM-DD) to valid_to (exclusive; NULL = current); a value names the version of the rule it
-- was computed by. direction is +1 (higher is better) or -1; published = 1 lets the public read
-- the indicator and its values.
CREATE TABLE stats_indicators (
  id @ID@,
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  definition TEXT NOT NULL,
  formula TEXT NOT NULL,
  unit TEXT NOT NULL,
  direction INTEGER NOT NULL,
  data_source TEXT NOT NULL,
  aggregation TEXT NOT NULL,
  published INTEGER NOT NULL,
  UNIQUE (code, version)
);

-- One value per indicator, rule version, region (GB/T 2260) and period ("2026", "2026Q3",
-- "2026-03"); a rate carries its interval and the method, inputs the counts or figures it was
-- computed from (JSON), computed_at the UTC time it was computed.
CREATE TABLE stats_values (
  id @ID@,
  indicator_code TEXT NOT NULL,
  rule_version INTEGER NOT NULL,
  region_code TEXT NOT NULL,
  period TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  value_lower DOUBLE PRECISION,
  value_upper DOUBLE PRECISION,
  interval_method TEXT NOT NULL,
  inputs TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  UNIQUE (indicator_code, rule_version, region_code, period)
);
CREATE INDEX stats_values_region ON stats_values (region_code, indicator_code, period);
