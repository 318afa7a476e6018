-- store/: key/value facts about this database (demo provenance, reference-data versions).
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
