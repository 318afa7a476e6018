-- registry/: the read-only face of the registry for other modules' SQL. A module that must join
-- market-entity facts into its own queries (a firm's name on a published result, its industry and
-- size in the pass-rate cube) joins this view, never the `entities` table: the registry may change
-- its table (columns, encrypted personal fields) and keeps this view's columns stable. Only public
-- facts: no personal data (the legal representative stays behind the registry's API).
CREATE VIEW registry_entity_facts AS
  SELECT uscc, name, region_code, industry_code, size, status FROM entities;
