-- trace/: master data (主数据) and what the event queries need. A location (a GLN, or an SGLN: a
-- GLN with an extension) and a GS1 company prefix are linked to a registered market entity
-- (USCC), and so to a region: the trace graph names the firms and regions a lot reached, and a
-- regulator's queries see the events at places in its jurisdiction. The entity's name and region
-- are copied from the registry when the link is made (registering the link again refreshes them).
-- location is the canonical GS1 Digital Link URI trace_events stores
-- (https://id.gs1.org/414/<GLN>[/254/<extension>]); a GLN's row also covers its extensions.
CREATE TABLE trace_locations (
  id @ID@,
  location TEXT NOT NULL UNIQUE,
  gln TEXT NOT NULL,
  extension TEXT NOT NULL,
  name TEXT NOT NULL,
  uscc TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX trace_locations_gln ON trace_locations (gln);
CREATE INDEX trace_locations_uscc ON trace_locations (uscc);
CREATE INDEX trace_locations_region ON trace_locations (region_code);

-- prefix: the GS1 company prefix (6 to 12 digits); no registered prefix starts another.
CREATE TABLE trace_company_prefixes (
  id @ID@,
  prefix TEXT NOT NULL UNIQUE,
  uscc TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX trace_company_prefixes_uscc ON trace_company_prefixes (uscc);
CREATE INDEX trace_company_prefixes_region ON trace_company_prefixes (region_code);

-- The event queries (query.h): the newest first within a bizStep or a disposition, and by type.
CREATE INDEX trace_events_biz_step ON trace_events (biz_step, event_time, id);
CREATE INDEX trace_events_disposition ON trace_events (disposition, event_time, id);
CREATE INDEX trace_events_type ON trace_events (event_type, event_time, id);
