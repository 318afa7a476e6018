-- registry/: full-text search of entity names and addresses without a scan of the table
-- (issue 22): trigram GIN indexes (pg_trgm, in Debian's postgresql package; a trusted extension
-- since PostgreSQL 13, so the database owner may create it without superuser rights) answer
-- `name LIKE '%达恒食品%'` for a fragment of three or more characters. PostgreSQL keeps them in the
-- writing transaction; a bulk load drops and re-creates them like the other secondary indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX entities_name_trgm ON entities USING gin (name gin_trgm_ops);
CREATE INDEX entities_address_trgm ON entities USING gin (address gin_trgm_ops);
