-- credit/: the class distribution (信用风险分类分布) as a maintained aggregate (issue 22).
-- credit_current holds each graded entity's newest grade (its id and risk class); credit_class_counts
-- counts graded entities per county, industry division (大类, the first two digits of the industry
-- code), registry status and current risk class, so that a jurisdiction's distribution reads a key
-- range of this small table and the registry's entity_counts instead of grouping its grades and
-- entities. Kept in the writing transaction by triggers: on credit_grades (every grade writer:
-- assessments, repair, lists, imports, the full rescore's batches) and, because an entity's cell
-- is the registry's, on the registry's entities table (a new, moved, reclassified, deregistered or
-- deleted entity moves its graded class with it; the one place credit reads `entities` rather than
-- registry_entity_facts: a view cannot carry a trigger). Each ';' inside a trigger leads its line.
CREATE TABLE credit_current (
  uscc TEXT PRIMARY KEY,
  grade_id BIGINT NOT NULL,
  risk_class TEXT NOT NULL
);
INSERT INTO credit_current (uscc, grade_id, risk_class)
  SELECT g.uscc, g.id, g.risk_class FROM credit_grades g
  WHERE g.id = (SELECT MAX(l.id) FROM credit_grades l WHERE l.uscc = g.uscc);

CREATE TABLE credit_class_counts (
  region_code TEXT NOT NULL,
  division TEXT NOT NULL,
  status TEXT NOT NULL,
  risk_class TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (region_code, division, status, risk_class)
);
INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
  SELECT e.region_code, substr(e.industry_code, 1, 2), e.status, c.risk_class, COUNT(*)
  FROM credit_current c JOIN registry_entity_facts e ON e.uscc = c.uscc GROUP BY 1, 2, 3, 4;

-- A grade newer than the entity's current one: its old class out of the entity's cell, the new
-- one in (nothing when the entity is not registered), and it becomes the current grade.
CREATE TRIGGER credit_grades_class_counts AFTER INSERT ON credit_grades
WHEN NOT EXISTS (SELECT 1 FROM credit_current WHERE uscc = new.uscc AND grade_id >= new.id)
BEGIN
  INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT e.region_code, substr(e.industry_code, 1, 2), e.status, c.risk_class, -1
    FROM credit_current c JOIN registry_entity_facts e ON e.uscc = c.uscc
    WHERE c.uscc = new.uscc
    ON CONFLICT (region_code, division, status, risk_class) DO UPDATE SET n = n + excluded.n
  ; INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT e.region_code, substr(e.industry_code, 1, 2), e.status, new.risk_class, 1
    FROM registry_entity_facts e WHERE e.uscc = new.uscc
    ON CONFLICT (region_code, division, status, risk_class) DO UPDATE SET n = n + excluded.n
  ; INSERT INTO credit_current (uscc, grade_id, risk_class)
    VALUES (new.uscc, new.id, new.risk_class)
    ON CONFLICT (uscc) DO UPDATE SET grade_id = excluded.grade_id, risk_class = excluded.risk_class
  ; END;

CREATE TRIGGER credit_entities_insert AFTER INSERT ON entities
WHEN EXISTS (SELECT 1 FROM credit_current WHERE uscc = new.uscc)
BEGIN
  INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT new.region_code, substr(new.industry_code, 1, 2), new.status, c.risk_class, 1
    FROM credit_current c WHERE c.uscc = new.uscc
    ON CONFLICT (region_code, division, status, risk_class) DO UPDATE SET n = n + excluded.n
  ; END;

CREATE TRIGGER credit_entities_update AFTER UPDATE OF region_code, industry_code, status
ON entities
WHEN (old.region_code IS NOT new.region_code
      OR substr(old.industry_code, 1, 2) IS NOT substr(new.industry_code, 1, 2)
      OR old.status IS NOT new.status)
  AND EXISTS (SELECT 1 FROM credit_current WHERE uscc = new.uscc)
BEGIN
  INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT old.region_code, substr(old.industry_code, 1, 2), old.status, c.risk_class, -1
    FROM credit_current c WHERE c.uscc = old.uscc
    ON CONFLICT (region_code, division, status, risk_class) DO UPDATE SET n = n + excluded.n
  ; INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT new.region_code, substr(new.industry_code, 1, 2), new.status, c.risk_class, 1
    FROM credit_current c WHERE c.uscc = new.uscc
    ON CONFLICT (region_code, division, status, risk_class) DO UPDATE SET n = n + excluded.n
  ; END;

CREATE TRIGGER credit_entities_delete AFTER DELETE ON entities
WHEN EXISTS (SELECT 1 FROM credit_current WHERE uscc = old.uscc)
BEGIN
  INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT old.region_code, substr(old.industry_code, 1, 2), old.status, c.risk_class, -1
    FROM credit_current c WHERE c.uscc = old.uscc
    ON CONFLICT (region_code, division, status, risk_class) DO UPDATE SET n = n + excluded.n
  ; END;
