-- registry/: pages of a region's entities are read in (region_code, uscc) order straight from this
-- index, instead of sorting the whole region for every page.
DROP INDEX entities_region;
CREATE INDEX entities_region_uscc ON entities (region_code, uscc);
