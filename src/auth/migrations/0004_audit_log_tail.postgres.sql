-- auth/: prev_hash is no longer stored (see the .sqlite.sql twin); it is always the hash of the
-- entry before, which each hash still covers. PostgreSQL keeps advancing audit_head with every
-- append: its row lock serialises appenders.
ALTER TABLE audit_log DROP COLUMN prev_hash;
