-- registry/: full-text search of entity names and addresses without a scan of the table
-- (issue 22). An FTS5 index with the trigram tokenizer (SQLite >= 3.34) answers a fragment of
-- three or more characters ("达恒食品") from the index; case_sensitive 1 keeps its matches those of
-- instr(). The index is contentless (it stores no copy of the text) and keyed by its own integer
-- ids, kept beside each USCC in entity_search_keys: the rowids of `entities` (a TEXT primary key)
-- may change on VACUUM, these may not. Triggers keep both in the writing transaction; during a
-- bulk load (the meta key registry.bulk_load_indexes) they stand aside and the end of the load
-- rebuilds the index in one pass (registry/bulk_load.cc).
CREATE TABLE entity_search_keys (
  id INTEGER PRIMARY KEY,
  uscc TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE entity_search USING fts5(
  name, address, content = '', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO entity_search_keys (uscc) SELECT uscc FROM entities ORDER BY uscc;
INSERT INTO entity_search (rowid, name, address)
  SELECT k.id, e.name, e.address FROM entity_search_keys k JOIN entities e ON e.uscc = k.uscc;

-- A migration's statement ends with ';' at the end of a line, so inside a trigger each ';' leads
-- the next line.
CREATE TRIGGER entities_search_insert AFTER INSERT ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'registry.bulk_load_indexes')
BEGIN
  INSERT INTO entity_search_keys (uscc) VALUES (new.uscc)
  ; INSERT INTO entity_search (rowid, name, address)
    VALUES ((SELECT id FROM entity_search_keys WHERE uscc = new.uscc), new.name, new.address)
  ; END;

CREATE TRIGGER entities_search_update AFTER UPDATE OF name, address ON entities
WHEN (old.name IS NOT new.name OR old.address IS NOT new.address)
  AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'registry.bulk_load_indexes')
BEGIN
  INSERT INTO entity_search (entity_search, rowid, name, address)
    VALUES ('delete', (SELECT id FROM entity_search_keys WHERE uscc = old.uscc), old.name,
            old.address)
  ; INSERT INTO entity_search (rowid, name, address)
    VALUES ((SELECT id FROM entity_search_keys WHERE uscc = new.uscc), new.name, new.address)
  ; END;

CREATE TRIGGER entities_search_delete AFTER DELETE ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'registry.bulk_load_indexes')
BEGIN
  INSERT INTO entity_search (entity_search, rowid, name, address)
    VALUES ('delete', (SELECT id FROM entity_search_keys WHERE uscc = old.uscc), old.name,
            old.address)
  ; DELETE FROM entity_search_keys WHERE uscc = old.uscc
  ; END;
