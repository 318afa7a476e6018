-- registry/: `zq import` maintains the search index and the dashboard's counts once per chunk of
-- rows instead of once per row (registry/internal/entity_chunk.cc; issue 22): inside a chunk's
-- transaction the meta key registry.import_chunk exists, and these triggers stand aside as they
-- do during a bulk load. The key is inserted and deleted in the same transaction, so no other
-- connection ever sees it. Per row, each write to the FTS5 table flushed its pending terms at the
-- end of the statement (the virtual table's savepoint), which made a 5,000-row chunk 5,000 small
-- segments to merge; one statement per chunk makes it one. Each ';' inside a trigger leads its
-- line (see migration 0008).
DROP TRIGGER entities_search_insert;
DROP TRIGGER entities_search_update;
DROP TRIGGER entities_search_delete;
DROP TRIGGER entities_counts_insert;
DROP TRIGGER entities_counts_update;
DROP TRIGGER entities_counts_delete;

CREATE TRIGGER entities_search_insert AFTER INSERT ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta
                 WHERE key IN ('registry.bulk_load_indexes', 'registry.import_chunk'))
BEGIN
  INSERT INTO entity_search_keys (uscc) VALUES (new.uscc)
  ; INSERT INTO entity_search (rowid, name, address)
    VALUES ((SELECT id FROM entity_search_keys WHERE uscc = new.uscc), new.name, new.address)
  ; END;

CREATE TRIGGER entities_search_update AFTER UPDATE OF name, address ON entities
WHEN (old.name IS NOT new.name OR old.address IS NOT new.address)
  AND NOT EXISTS (SELECT 1 FROM meta
                  WHERE key IN ('registry.bulk_load_indexes', 'registry.import_chunk'))
BEGIN
  INSERT INTO entity_search (entity_search, rowid, name, address)
    VALUES ('delete', (SELECT id FROM entity_search_keys WHERE uscc = old.uscc), old.name,
            old.address)
  ; INSERT INTO entity_search (rowid, name, address)
    VALUES ((SELECT id FROM entity_search_keys WHERE uscc = new.uscc), new.name, new.address)
  ; END;

CREATE TRIGGER entities_search_delete AFTER DELETE ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta
                 WHERE key IN ('registry.bulk_load_indexes', 'registry.import_chunk'))
BEGIN
  INSERT INTO entity_search (entity_search, rowid, name, address)
    VALUES ('delete', (SELECT id FROM entity_search_keys WHERE uscc = old.uscc), old.name,
            old.address)
  ; DELETE FROM entity_search_keys WHERE uscc = old.uscc
  ; END;

CREATE TRIGGER entities_counts_insert AFTER INSERT ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta
                 WHERE key IN ('registry.bulk_load_indexes', 'registry.import_chunk'))
BEGIN
  INSERT INTO entity_counts (region_code, division, status, n)
    VALUES (new.region_code, substr(new.industry_code, 1, 2), new.status, 1)
    ON CONFLICT (region_code, division, status) DO UPDATE SET n = n + 1
  ; END;

CREATE TRIGGER entities_counts_update AFTER UPDATE OF region_code, industry_code, status
ON entities
WHEN (old.region_code IS NOT new.region_code
      OR substr(old.industry_code, 1, 2) IS NOT substr(new.industry_code, 1, 2)
      OR old.status IS NOT new.status)
  AND NOT EXISTS (SELECT 1 FROM meta
                  WHERE key IN ('registry.bulk_load_indexes', 'registry.import_chunk'))
BEGIN
  UPDATE entity_counts SET n = n - 1
    WHERE region_code = old.region_code AND division = substr(old.industry_code, 1, 2)
      AND status = old.status
  ; INSERT INTO entity_counts (region_code, division, status, n)
    VALUES (new.region_code, substr(new.industry_code, 1, 2), new.status, 1)
    ON CONFLICT (region_code, division, status) DO UPDATE SET n = n + 1
  ; END;

CREATE TRIGGER entities_counts_delete AFTER DELETE ON entities
WHEN NOT EXISTS (SELECT 1 FROM meta
                 WHERE key IN ('registry.bulk_load_indexes', 'registry.import_chunk'))
BEGIN
  UPDATE entity_counts SET n = n - 1
    WHERE region_code = old.region_code AND division = substr(old.industry_code, 1, 2)
      AND status = old.status
  ; END;
