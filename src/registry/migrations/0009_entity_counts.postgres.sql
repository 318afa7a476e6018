-- registry/: the dashboard's counts (总览) as a maintained aggregate (issue 22): the number of
-- entities per county, industry division (大类, the first two digits) and status, kept by a
-- trigger in the writing transaction, so that any jurisdiction's overview reads a key range of
-- this small table instead of grouping its entities. During a bulk load (the meta key
-- registry.bulk_load_indexes) the trigger stands aside and the end of the load recounts
-- (registry/bulk_load.cc). Concurrent writers of one cell wait for each other's commit (row lock).
CREATE TABLE entity_counts (
  region_code TEXT NOT NULL,
  division TEXT NOT NULL,
  status TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (region_code, division, status)
);
INSERT INTO entity_counts (region_code, division, status, n)
  SELECT region_code, substr(industry_code, 1, 2), status, COUNT(*) FROM entities GROUP BY 1, 2, 3;
-- The function is one line: a migration's statement ends with ';' at the end of a line.
CREATE FUNCTION entity_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' AND OLD.region_code = NEW.region_code AND substr(OLD.industry_code, 1, 2) = substr(NEW.industry_code, 1, 2) AND OLD.status = NEW.status THEN RETURN NULL; END IF; IF EXISTS (SELECT 1 FROM meta WHERE key = 'registry.bulk_load_indexes') THEN RETURN NULL; END IF; IF TG_OP <> 'INSERT' THEN UPDATE entity_counts SET n = n - 1 WHERE region_code = OLD.region_code AND division = substr(OLD.industry_code, 1, 2) AND status = OLD.status; END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO entity_counts (region_code, division, status, n) VALUES (NEW.region_code, substr(NEW.industry_code, 1, 2), NEW.status, 1) ON CONFLICT (region_code, division, status) DO UPDATE SET n = entity_counts.n + 1; END IF; RETURN NULL; END $$;
CREATE TRIGGER entities_counts AFTER INSERT OR DELETE OR UPDATE OF region_code, industry_code, status ON entities FOR EACH ROW EXECUTE FUNCTION entity_counts_track();
