-- credit/: objections to credit records (异议) and credit repair (信用修复), docs/credit-rules.md, "Objections and credit repair".
--
-- An objection contests one stored credit event (event_id) with grounds and evidence; it is
-- decided by a regulator in scope by due_on (working days from filed_on, the province's rule;
-- one extension to the extended limit). Upheld: the event is withdrawn by a record.withdrawn
-- ending event (ending_event_id) in the same transaction; rejected: decision_reason says why.
-- While status = 'pending' the event shows as disputed (异议中) in the file and department views.
CREATE TABLE credit_objections (
  id @ID@,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  event_id BIGINT NOT NULL,
  grounds TEXT NOT NULL,
  evidence_ref TEXT NOT NULL,
  filed_by TEXT NOT NULL,
  filed_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  extended INTEGER NOT NULL DEFAULT 0,
  extension_reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  ending_event_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX credit_objections_entity ON credit_objections (uscc, status, event_id);
CREATE INDEX credit_objections_status ON credit_objections (status, due_on);

-- A repair application: kind (abnormal_list / serious_list / penalty_publication) against the
-- listing or penalty event it would end, the declared facts (JSON: ground, domain, measures,
-- penalty_fulfilled, harm_removed) with evidence, reviewed by a regulator in scope by due_on.
-- Approved: a record.repaired ending event (ending_event_id) ends the listing or the publication
-- and the entity is regraded. Rejected as fraudulent: no new application before barred_until.
CREATE TABLE credit_repairs (
  id @ID@,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  event_id BIGINT NOT NULL,
  facts TEXT NOT NULL,
  evidence_ref TEXT NOT NULL,
  statement TEXT NOT NULL,
  filed_by TEXT NOT NULL,
  filed_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  fraudulent INTEGER NOT NULL DEFAULT 0,
  barred_until TEXT NOT NULL DEFAULT '',
  ending_event_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX credit_repairs_entity ON credit_repairs (uscc, status, event_id);
CREATE INDEX credit_repairs_status ON credit_repairs (status, due_on);
