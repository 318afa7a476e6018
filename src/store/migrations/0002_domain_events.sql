-- Domain events (领域事件): facts one module publishes for the others, written in the same
-- transaction as the change that caused them (an outbox). The spot-check module publishes failing
-- verdicts and escalations here; the credit module turns them into credit events. Append-only;
-- each consumer keeps its own cursor (the last seq it handled) and is idempotent by
-- (source, source_id). store/domain_events.h is the only code that reads or writes this table.
CREATE TABLE domain_events (
  seq @ID@,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  payload TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX domain_events_kind ON domain_events (kind, seq);

-- Each consumer's cursor: the highest seq it has handled.
CREATE TABLE domain_event_cursors (
  consumer TEXT PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
