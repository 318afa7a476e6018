-- credit/: quality credit (质量信用). Credit events are immutable facts about a market entity, each
-- with its evidence reference, idempotent by (source, source_id); a removal from a list or a
-- withdrawn record is a new event, never an edit, so a stored snapshot stays reproducible.
-- display_until (exclusive, ISO date; '' = until a removal event) is fixed at ingestion from the
-- catalogue entry in force when the event occurred. The covering index (uscc, id, ...) lets the
-- full rescore read the table in entity order from the index alone.
CREATE TABLE credit_events (
  id @ID@,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  display_until TEXT NOT NULL,
  severity INTEGER NOT NULL,
  evidence_ref TEXT NOT NULL,
  summary TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX credit_events_entity
  ON credit_events (uscc, id, event_type, occurred_on, display_until, region_code);

-- Versioned rule sets (信用评价规则): stored once, never edited; grades name the version they used.
CREATE TABLE credit_rule_sets (
  version TEXT PRIMARY KEY,
  effective_from TEXT NOT NULL,
  body TEXT NOT NULL,
  sha TEXT NOT NULL
);

-- Grade history: one row whenever an entity's risk class, grade, list status or rule version
-- changes. The newest row per entity is its current state; rows with id > cursor are the change
-- feed. event_ids and snapshot_hash (SM3) pin the events the grade was computed from. The
-- covering index lets the full rescore read every entity's latest state in USCC order.
CREATE TABLE credit_grades (
  id @ID@,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  risk_class TEXT NOT NULL,
  grade TEXT NOT NULL,
  risk_score DOUBLE PRECISION NOT NULL,
  grade_score DOUBLE PRECISION NOT NULL,
  abnormal_listed INTEGER NOT NULL,
  serious_listed INTEGER NOT NULL,
  rule_version TEXT NOT NULL,
  as_of TEXT NOT NULL,
  event_ids TEXT NOT NULL,
  snapshot_hash TEXT NOT NULL,
  computed_at TEXT NOT NULL
);
CREATE INDEX credit_grades_entity ON credit_grades
  (uscc, id, risk_class, grade, abnormal_listed, serious_listed, rule_version);
