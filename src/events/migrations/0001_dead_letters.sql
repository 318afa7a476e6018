-- events/: domain events a consumer's handler failed on repeatedly (dead letters). The event
-- dispatcher (src/events/) sets an event aside here after the configured number of failures and
-- moves the consumer's cursor past it, so one poison event does not stop the consumer. An
-- administrator lists them and has one redelivered; a redelivery that succeeds deletes the row.
-- src/events/ is the only code that reads or writes this table.
CREATE TABLE domain_event_dead_letters (
  id @ID@,
  consumer TEXT NOT NULL,
  seq BIGINT NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  failed_at TEXT NOT NULL,
  last_attempt_at TEXT NOT NULL,
  UNIQUE (consumer, seq)
);
