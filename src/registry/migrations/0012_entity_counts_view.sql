-- registry/: the read-only face of the dashboard's counts (migration 0009) for other modules'
-- SQL: market entities per county (region_code), industry division (大类, the first two digits of
-- the industry code) and status. The credit class distribution reads the active entities of a
-- jurisdiction from it instead of grouping the entities (issue 22). Like entity_counts, exact
-- except during a bulk load, whose end recounts.
CREATE VIEW registry_entity_counts AS
  SELECT region_code, division, status, n FROM entity_counts;
