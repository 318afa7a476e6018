-- stats/: the annual quality status report (质量状况分析报告, quality_report.h). Each generation
-- of a region's report for a year is a new edition (1, 2, …); snapshot is every number the report
-- shows with its interval and source, as JSON, and digest its SM3 (hex), checked when read.
CREATE TABLE stats_quality_reports (
  region_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  edition INTEGER NOT NULL,
  generated_at TEXT NOT NULL,
  generated_by TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  digest TEXT NOT NULL,
  PRIMARY KEY (region_code, year, edition)
);
