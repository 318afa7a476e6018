-- stats/: 统计报表 (report_forms.h, report_store.h). The panel: the firms an office asked to file a
-- form for a period (调查对象), with the region and name the registry held when they were asked.
CREATE TABLE stats_report_panel (
  form_code TEXT NOT NULL,
  period TEXT NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,
  PRIMARY KEY (form_code, period, uscc)
);
CREATE INDEX stats_report_panel_region ON stats_report_panel (form_code, period, region_code);

-- Every revision of a filing (更正 adds one; none is replaced): body is the figures as JSON
-- ({code: number}, in the form's unit), warnings a JSON array of plausibility notes, reason why a
-- revision was made; by_office = 1 when an official entered it for the firm (代填), late = 1 when
-- it came after the due date.
CREATE TABLE stats_report_filings (
  form_code TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  period TEXT NOT NULL,
  uscc TEXT NOT NULL,
  revision INTEGER NOT NULL,
  region_code TEXT NOT NULL,
  body TEXT NOT NULL,
  warnings TEXT NOT NULL,
  reason TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  by_office INTEGER NOT NULL,
  late INTEGER NOT NULL,
  PRIMARY KEY (form_code, period, uscc, revision)
);
