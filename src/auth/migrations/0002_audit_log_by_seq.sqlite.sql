-- auth/: the audit log is keyed by its sequence number. Each entry used to touch six b-trees
-- (the table, the AUTOINCREMENT counter, the unique seq index, two search indexes, the head); now
-- it touches three (the table keyed by seq, the actor index, the head), which is most of the audit
-- log's cost on a write. Insertion order is seq order, which the hash chain covers.
CREATE TABLE audit_log_by_seq (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  request_id TEXT NOT NULL,
  source TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_log_by_seq (seq, at, actor, role, action, object, request_id, source, detail, prev_hash, hash)
  SELECT seq, at, actor, role, action, object, request_id, source, detail, prev_hash, hash FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_by_seq RENAME TO audit_log;
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
