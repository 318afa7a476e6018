-- auth/: cheaper audit entries on SQLite, where each page an audited commit changes is a WAL frame
-- written (bench/audit_overhead.cc, bench/audit_wal_frames.py).
-- 1. prev_hash is no longer stored: it is always the hash of the entry before (each hash still
--    covers it; verify and rekey take it from the previous row). Entries are 64 bytes narrower, so
--    a page holds more of them and appends split pages less often.
-- 2. The newest entry carries tail = 1, moved by each append from the previous entry, which lies on
--    the page the new entry goes to: removing entries at the end shows as an entry not marked as
--    the last. audit_head is no longer advanced by every append (that was a page of its own per
--    commit) but by each append that reads the head, so it keeps a count the log has reached:
--    removing the whole log still shows. Writers are serialised by SQLite's write lock.
ALTER TABLE audit_log DROP COLUMN prev_hash;
ALTER TABLE audit_log ADD COLUMN tail INTEGER;
UPDATE audit_log SET tail = 1 WHERE seq = (SELECT seq FROM audit_head WHERE id = 1);
