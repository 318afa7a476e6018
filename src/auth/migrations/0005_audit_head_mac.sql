-- auth/: the audit head is sealed (issue 16, item 4). audit_head.mac is HMAC-SM3 under a key
-- derived from the master key over the head's sequence number and hash, written with the head;
-- on SQLite the tail mark (audit_log.tail) carries the same MAC for the newest entry instead of 1.
-- A migration cannot compute a MAC, so a database from before this migration keeps an unsealed
-- head (mac NULL, tail = 1) until its next audited write, which seals it; until then
-- `zq audit verify` reports the head as unsealed.
ALTER TABLE audit_head ADD COLUMN mac TEXT;
