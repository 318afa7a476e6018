-- credit/: the full rescore reads every event in entity order from the covering index alone; rule
-- sets from zq-credit-2026.2 on scale points by the event's severity (docs/credit-rules.md), so the
-- index gains the column (otherwise each event would cost a look-up in the table).
DROP INDEX credit_events_entity;
CREATE INDEX credit_events_entity ON credit_events
  (uscc, id, event_type, occurred_on, display_until, region_code, ends_event_id, severity);
