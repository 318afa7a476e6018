-- registry/: regions (GB/T 2260), industries (GB/T 4754-2017), market entities, products, the key
-- supervised product catalogue and the inspector pool. Large tables carry province_code, the
-- distribution key a Citus deployment shards on (DESIGN.md §1).
CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  parent_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE industries (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX industries_parent ON industries (parent_code);

CREATE TABLE entities (
  uscc TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  legal_representative TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  industry_code TEXT NOT NULL DEFAULT '',
  entity_type TEXT NOT NULL,
  registered_capital_fen BIGINT NOT NULL DEFAULT 0,
  established_on TEXT NOT NULL DEFAULT '',
  deregistered_on TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  size TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
CREATE INDEX entities_region ON entities (region_code);
CREATE INDEX entities_industry ON entities (industry_code);
CREATE INDEX entities_name ON entities (name);

CREATE TABLE catalogue (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  risk_grade TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  industry_code TEXT NOT NULL DEFAULT ''
);

CREATE TABLE products (
  product_code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  brand TEXT NOT NULL DEFAULT '',
  category_code TEXT NOT NULL DEFAULT '',
  manufacturer_uscc TEXT NOT NULL DEFAULT '',
  province_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX products_manufacturer ON products (manufacturer_uscc);
CREATE INDEX products_category ON products (category_code);

CREATE TABLE inspectors (
  inspector_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  region_code TEXT NOT NULL,
  qualifications TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX inspectors_region ON inspectors (region_code);
