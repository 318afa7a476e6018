-- auth/: one audit log on both backends. PostgreSQL gets the tail mark (auth migration 0004's
-- .sqlite.sql): the newest entry carries the head's MAC, moved by each append, and audit_head is
-- brought up to date only by appends that read it, as on SQLite. Until now the head was advanced
-- by every append, so it seals the newest entry: its MAC is that entry's mark ('1' for a database
-- not yet sealed, as in auth migration 0005).
ALTER TABLE audit_log ADD COLUMN tail TEXT;
UPDATE audit_log SET tail = (SELECT COALESCE(mac, '1') FROM audit_head WHERE id = 1)
  WHERE seq = (SELECT seq FROM audit_head WHERE id = 1);
-- Each insert clears the tail mark of the entry before it (the .sqlite.sql twin's trigger). The
-- function is one line: a migration's statement ends with ';' at the end of a line.
CREATE FUNCTION audit_log_move_tail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE audit_log SET tail = NULL WHERE seq = NEW.seq - 1 AND tail IS NOT NULL; RETURN NULL; END $$;
CREATE TRIGGER audit_log_move_tail AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_move_tail();
