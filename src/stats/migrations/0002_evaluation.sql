-- stats/: the 质量工作考核 (evaluation.h, evaluation_store.h). A rule set is stored as the JSON it
-- was given (body), checked before it is stored; effective_from (YYYY-MM-DD) picks the set in
-- force for an assessment year (1 July to 30 June, named by the year it starts in).
CREATE TABLE stats_evaluation_rules (
  version TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

-- A region's inputs for one assessment year and stage ('self': the region's own 自评;
-- 'verified': the assessing office's 核查), replaced whole by each submission; body is {"items":
-- {code: {...}}, "vetoes": [code]}. Totals are computed when read, never stored.
CREATE TABLE stats_evaluation_inputs (
  year INTEGER NOT NULL,
  region_code TEXT NOT NULL,
  stage TEXT NOT NULL,
  body TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  PRIMARY KEY (year, region_code, stage)
);
