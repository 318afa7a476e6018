-- auth/: the audit log is keyed by its sequence number (see the .sqlite.sql twin): the identity
-- column, the separate unique index on seq and the unused object index go.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_seq_key;
ALTER TABLE audit_log DROP COLUMN id;
ALTER TABLE audit_log ADD PRIMARY KEY (seq);
DROP INDEX audit_log_object;
