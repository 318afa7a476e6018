-- auth/: the audit log loses its last secondary index. Each audited SQLite transaction wrote 3.3
-- more WAL pages than the change alone (the audit_log leaf, this index's leaf, the head); without
-- the index it writes 2.2 (measured on the bench database: 200 single-row transactions each,
-- frames from PRAGMA wal_checkpoint). Searches by actor now walk the log backwards from the newest
-- entry, as searches by action, object and time already did: the admin search stops at its page
-- of matches, so only a search for a rare actor reads the whole log.
DROP INDEX audit_log_actor;
