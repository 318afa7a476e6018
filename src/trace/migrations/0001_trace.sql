-- trace/: the EPCIS 2.0 repository (追溯). Capture jobs, and the captured events with what the
-- queries and the trace graph look up. An event's identity is its CBV 2.0 event hash
-- (ni:///sha-256;…?ver=CBV2.0), so capturing the same event again changes nothing; event_id is
-- the eventID the document gave (the hash when it gave none). body is the event as JSON-LD, with
-- its @context, eventID and recordTime, as the query interface returns it.
-- Identifiers (EPCs, classes, parents, locations) are stored in the constrained canonical GS1
-- Digital Link form the hash uses, so an EPC URN and a Digital Link of the same item meet;
-- vocabulary values (bizStep, disposition, types) as CBV web URIs; times as UTC text with
-- milliseconds ("2020-03-04T10:00:30.000Z"), which sorts as time does.
CREATE TABLE trace_capture_jobs (
  id @ID@,
  error_behaviour TEXT NOT NULL,
  captured_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  running INTEGER NOT NULL,
  success INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  stored_count INTEGER NOT NULL,
  errors TEXT NOT NULL
);

CREATE TABLE trace_events (
  id @ID@,
  event_hash TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  event_time_zone_offset TEXT NOT NULL,
  record_time TEXT NOT NULL,
  action TEXT NOT NULL,
  biz_step TEXT NOT NULL,
  disposition TEXT NOT NULL,
  read_point TEXT NOT NULL,
  biz_location TEXT NOT NULL,
  error_declared INTEGER NOT NULL,
  capture_job BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX trace_events_event_time ON trace_events (event_time, id);
CREATE INDEX trace_events_record_time ON trace_events (record_time, id);
CREATE INDEX trace_events_event_id ON trace_events (event_id);
CREATE INDEX trace_events_biz_location ON trace_events (biz_location, event_time);
CREATE INDEX trace_events_read_point ON trace_events (read_point, event_time);
CREATE INDEX trace_events_capture_job ON trace_events (capture_job);

-- What an event names, one row each, by role: epc (epcList), parent (parentID), child
-- (childEPCs), input / output (inputEPCList / outputEPCList) for instances; quantity, child,
-- input, output for class-level quantities (quantity NULL when the event gives none).
CREATE TABLE trace_event_epcs (
  event BIGINT NOT NULL,
  role TEXT NOT NULL,
  epc TEXT NOT NULL
);
CREATE INDEX trace_event_epcs_epc ON trace_event_epcs (epc, event);
CREATE INDEX trace_event_epcs_event ON trace_event_epcs (event);

CREATE TABLE trace_event_quantities (
  event BIGINT NOT NULL,
  role TEXT NOT NULL,
  epc_class TEXT NOT NULL,
  quantity DOUBLE PRECISION,
  uom TEXT NOT NULL
);
CREATE INDEX trace_event_quantities_class ON trace_event_quantities (epc_class, event);
CREATE INDEX trace_event_quantities_event ON trace_event_quantities (event);

-- The parties and documents an event names: role source / destination (with their CBV type,
-- e.g. https://ref.gs1.org/cbv/SDT-owning_party) and bizTransaction (type '' when none).
CREATE TABLE trace_event_parties (
  event BIGINT NOT NULL,
  role TEXT NOT NULL,
  type TEXT NOT NULL,
  id TEXT NOT NULL
);
CREATE INDEX trace_event_parties_id ON trace_event_parties (id, event);
CREATE INDEX trace_event_parties_event ON trace_event_parties (event);
