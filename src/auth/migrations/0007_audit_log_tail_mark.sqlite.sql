-- auth/: one audit log on both backends (see the .postgres.sql twin, which gives PostgreSQL the
-- tail mark SQLite has had since 0004). Each insert clears the tail mark of the entry before it,
-- so that one statement appends an entry and moves the mark (AuditLog, the usual case), on the
-- page the new entry goes to.
CREATE TRIGGER audit_log_move_tail AFTER INSERT ON audit_log BEGIN UPDATE audit_log SET tail = NULL WHERE seq = NEW.seq - 1 AND tail IS NOT NULL; END;
