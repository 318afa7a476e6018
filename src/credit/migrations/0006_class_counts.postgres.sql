-- credit/: the class distribution (信用风险分类分布) as a maintained aggregate (issue 22).
-- credit_current holds each graded entity's newest grade (its id and risk class); credit_class_counts
-- counts graded entities per county, industry division (大类, the first two digits of the industry
-- code), registry status and current risk class, so that a jurisdiction's distribution reads a key
-- range of this small table and the registry's entity_counts instead of grouping its grades and
-- entities. Kept in the writing transaction by statement-level triggers with transition tables
-- (one set-based pass per INSERT or COPY, so the full rescore's batches pay once per batch): on
-- credit_grades (every grade writer) and, because an entity's cell is the registry's, on the
-- registry's entities table (a new, moved, reclassified, deregistered or deleted entity moves its
-- graded class with it; the one place credit reads `entities` rather than registry_entity_facts:
-- a view cannot carry such a trigger). Each locks the entities' credit_current rows (a statement's
-- in USCC order) before reading them, so concurrent writers of one entity's grade and cell wait
-- for each other and every count moves from the cell and class the other committed. A statement ends with ';'
-- at the end of a line, so inside a function each ';' leads its line.
CREATE TABLE credit_current (
  uscc TEXT PRIMARY KEY,
  grade_id BIGINT NOT NULL,
  risk_class TEXT NOT NULL
);
INSERT INTO credit_current (uscc, grade_id, risk_class)
  SELECT DISTINCT ON (uscc) uscc, id, risk_class FROM credit_grades ORDER BY uscc, id DESC;

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

-- New grades: a placeholder current row ('' = no class counted yet) for an entity graded for the
-- first time, then, with the rows locked, each entity's newest new grade replaces an older
-- current one and moves its count from the old class to the new in the entity's cell.
CREATE FUNCTION credit_grades_class_counts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO credit_current (uscc, grade_id, risk_class)
    SELECT DISTINCT uscc, 0, '' FROM new_grades ORDER BY 1 ON CONFLICT (uscc) DO NOTHING
  ; PERFORM 1 FROM credit_current WHERE uscc IN (SELECT uscc FROM new_grades)
    ORDER BY uscc FOR UPDATE
  ; WITH b AS (SELECT DISTINCT ON (uscc) uscc, id, risk_class FROM new_grades
               ORDER BY uscc, id DESC),
    ch AS (SELECT b.uscc, b.id, b.risk_class AS new_class, c.risk_class AS old_class
           FROM b JOIN credit_current c ON c.uscc = b.uscc WHERE b.id > c.grade_id),
    upd AS (UPDATE credit_current c SET grade_id = ch.id, risk_class = ch.new_class
            FROM ch WHERE c.uscc = ch.uscc),
    d AS (SELECT e.region_code, substr(e.industry_code, 1, 2) AS division, e.status,
                 ch.old_class AS risk_class, -1 AS n
          FROM ch JOIN registry_entity_facts e ON e.uscc = ch.uscc WHERE ch.old_class <> ''
          UNION ALL
          SELECT e.region_code, substr(e.industry_code, 1, 2), e.status, ch.new_class, 1
          FROM ch JOIN registry_entity_facts e ON e.uscc = ch.uscc)
    INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT region_code, division, status, risk_class, SUM(n) FROM d
    GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (region_code, division, status, risk_class)
    DO UPDATE SET n = credit_class_counts.n + excluded.n
  ; RETURN NULL
; END $$;
CREATE TRIGGER credit_grades_class_counts AFTER INSERT ON credit_grades
  REFERENCING NEW TABLE AS new_grades FOR EACH STATEMENT
  EXECUTE FUNCTION credit_grades_class_counts();

-- Entities added or removed (statement-level: a COPY of a chunk pays once): each graded entity's
-- class enters or leaves its cell.
CREATE FUNCTION credit_entities_class_counts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM credit_current WHERE uscc IN (SELECT uscc FROM new_entities)
      ORDER BY uscc FOR UPDATE
    ; INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
      SELECT e.region_code, substr(e.industry_code, 1, 2), e.status, c.risk_class, COUNT(*)
      FROM new_entities e JOIN credit_current c ON c.uscc = e.uscc WHERE c.risk_class <> ''
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (region_code, division, status, risk_class)
      DO UPDATE SET n = credit_class_counts.n + excluded.n
  ; ELSIF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM credit_current WHERE uscc IN (SELECT uscc FROM old_entities)
      ORDER BY uscc FOR UPDATE
    ; INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
      SELECT e.region_code, substr(e.industry_code, 1, 2), e.status, c.risk_class, -COUNT(*)
      FROM old_entities e JOIN credit_current c ON c.uscc = e.uscc WHERE c.risk_class <> ''
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (region_code, division, status, risk_class)
      DO UPDATE SET n = credit_class_counts.n + excluded.n
  ; END IF
  ; RETURN NULL
; END $$;
CREATE TRIGGER credit_entities_class_counts_insert AFTER INSERT ON entities
  REFERENCING NEW TABLE AS new_entities FOR EACH STATEMENT
  EXECUTE FUNCTION credit_entities_class_counts();
-- An entity moved, reclassified or deregistered: row-level with a WHEN on its cell, so that the
-- registry's other updates (names, sealed personal fields, key rotation row by row) call nothing.
CREATE FUNCTION credit_entity_cell_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  PERFORM 1 FROM credit_current WHERE uscc = NEW.uscc FOR UPDATE
  ; INSERT INTO credit_class_counts (region_code, division, status, risk_class, n)
    SELECT x.region_code, x.division, x.status, c.risk_class, x.n
    FROM credit_current c,
         (VALUES (OLD.region_code, substr(OLD.industry_code, 1, 2), OLD.status, -1),
                 (NEW.region_code, substr(NEW.industry_code, 1, 2), NEW.status, 1))
         AS x (region_code, division, status, n)
    WHERE c.uscc = NEW.uscc AND c.risk_class <> ''
    ON CONFLICT (region_code, division, status, risk_class)
    DO UPDATE SET n = credit_class_counts.n + excluded.n
  ; RETURN NULL
; END $$;
CREATE TRIGGER credit_entities_class_counts_update
  AFTER UPDATE OF region_code, industry_code, status ON entities FOR EACH ROW
  WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code
        OR substr(OLD.industry_code, 1, 2) IS DISTINCT FROM substr(NEW.industry_code, 1, 2)
        OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION credit_entity_cell_moved();
CREATE TRIGGER credit_entities_class_counts_delete AFTER DELETE ON entities
  REFERENCING OLD TABLE AS old_entities FOR EACH STATEMENT
  EXECUTE FUNCTION credit_entities_class_counts();
