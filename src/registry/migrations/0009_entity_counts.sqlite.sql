-- registry/: the dashboard's counts (总览) as a maintained aggregate (issue 22): the number of
-- entities per county, industry division (大类, the first two digits) and status, kept by triggers
-- in the writing transaction, so that any jurisdiction's overview reads a key range of this small
-- table instead of grouping its entities. During a bulk load (the meta key
-- registry.bulk_load_indexes) the triggers stand aside and the end of the load recounts
-- (registry/bulk_load.cc). Each ';' inside a trigger leads its line (see migration 0008).
CREATE TABLE entity_counts (
  region_code TEXT NOT NULL,
  division TEXT NOT NULL,
  status TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (region_code, division, status)
);
INSERT INTO entity_counts (region_code, division, status, n)
  SELECT region_code, substr(industry_code, 1, 2), status, COUNT(*) FROM entities GROUP BY 1, 2, 3;

CREATE TRIGGER entities_counts_insert AFTER INSERT ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'registry.bulk_load_indexes')
BEGIN
  INSERT INTO entity_counts (region_code, division, status, n)
    VALUES (new.region_code, substr(new.industry_code, 1, 2), new.status, 1)
    ON CONFLICT (region_code, division, status) DO UPDATE SET n = n + 1
  ; END;

CREATE TRIGGER entities_counts_update AFTER UPDATE OF region_code, industry_code, status
ON entities
WHEN (old.region_code IS NOT new.region_code
      OR substr(old.industry_code, 1, 2) IS NOT substr(new.industry_code, 1, 2)
      OR old.status IS NOT new.status)
  AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'registry.bulk_load_indexes')
BEGIN
  UPDATE entity_counts SET n = n - 1
    WHERE region_code = old.region_code AND division = substr(old.industry_code, 1, 2)
      AND status = old.status
  ; INSERT INTO entity_counts (region_code, division, status, n)
    VALUES (new.region_code, substr(new.industry_code, 1, 2), new.status, 1)
    ON CONFLICT (region_code, division, status) DO UPDATE SET n = n + 1
  ; END;

CREATE TRIGGER entities_counts_delete AFTER DELETE ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'registry.bulk_load_indexes')
BEGIN
  UPDATE entity_counts SET n = n - 1
    WHERE region_code = old.region_code AND division = substr(old.industry_code, 1, 2)
      AND status = old.status
  ; END;
