-- credit/: ending events, the credit lists and penalty publication (docs/credit-rules.md).
--
-- A stored credit event is never edited. A later event ends another one's effect: ends_event_id
-- names the event of the same entity that a record.withdrawn (objection upheld, decision revoked)
-- or record.repaired (信用修复) event ends from its own date on; 0 for every other event. The
-- covering index used by the full rescore gains the column; the partial index answers "is this
-- event already ended?".
ALTER TABLE credit_events ADD COLUMN ends_event_id BIGINT NOT NULL DEFAULT 0;
DROP INDEX credit_events_entity;
CREATE INDEX credit_events_entity
  ON credit_events (uscc, id, event_type, occurred_on, display_until, region_code, ends_event_id);
CREATE INDEX credit_events_ends ON credit_events (ends_event_id) WHERE ends_event_id <> 0;

-- 严重违法失信名单 (总局令第44号): a proposal (violation category of Arts. 5-10, the heavier
-- penalty it rests on, the Art. 12 judgement, decision number) by the bureau of authority_region;
-- a county or city bureau's proposal waits for approval by approver_region (the level above),
-- then is listed for a term; removal by the listing bureau (谁列入谁移出), at the end of the term
-- (the sweep), or through repair. origin 'escalation': moved from the abnormal list after 3 years.
-- listing_event_id / removal_event_id: the list.serious.added / .removed credit events.
CREATE TABLE credit_serious_listings (
  id @ID@,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  origin TEXT NOT NULL,
  category TEXT NOT NULL,
  penalty_event_id BIGINT NOT NULL DEFAULT 0,
  judgement TEXT NOT NULL,
  decision_no TEXT NOT NULL,
  authority_region TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  proposed_on TEXT NOT NULL,
  approver_region TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  decision_note TEXT NOT NULL DEFAULT '',
  listed_on TEXT NOT NULL DEFAULT '',
  term_ends_on TEXT NOT NULL DEFAULT '',
  removed_on TEXT NOT NULL DEFAULT '',
  removed_by TEXT NOT NULL DEFAULT '',
  removal_reason TEXT NOT NULL DEFAULT '',
  listing_event_id BIGINT NOT NULL DEFAULT 0,
  removal_event_id BIGINT NOT NULL DEFAULT 0,
  abnormal_listing_id BIGINT NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX credit_serious_listings_entity ON credit_serious_listings (uscc, id);
CREATE INDEX credit_serious_listings_status ON credit_serious_listings (status, term_ends_on);

-- 经营异常名录 (企业信息公示暂行条例第17条): listed with a reason, removed once the duty is
-- discharged; still listed at escalation_on (3 years) → status 'escalated' and a serious listing.
CREATE TABLE credit_abnormal_listings (
  id @ID@,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  decision_no TEXT NOT NULL,
  authority_region TEXT NOT NULL,
  listed_by TEXT NOT NULL,
  listed_on TEXT NOT NULL,
  escalation_on TEXT NOT NULL,
  removed_on TEXT NOT NULL DEFAULT '',
  removed_by TEXT NOT NULL DEFAULT '',
  removal_reason TEXT NOT NULL DEFAULT '',
  listing_event_id BIGINT NOT NULL DEFAULT 0,
  removal_event_id BIGINT NOT NULL DEFAULT 0,
  serious_listing_id BIGINT NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX credit_abnormal_listings_entity ON credit_abnormal_listings (uscc, id);
CREATE INDEX credit_abnormal_listings_status ON credit_abnormal_listings (status, escalation_on);

-- 行政处罚信息公示 (总局令第45号): one row per published penalty decision (a stored penalty.*
-- credit event), due within 20 working days of the decision; display_until fixed at publication
-- (3 months or 3 years, longer with a longer business restriction, capped by the province);
-- a revoked decision is retracted within 3 working days; a repaired one stops early.
CREATE TABLE credit_penalty_publications (
  id @ID@,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  penalty_event_id BIGINT NOT NULL UNIQUE,
  decision_no TEXT NOT NULL,
  party TEXT NOT NULL,
  violation_type TEXT NOT NULL,
  penalty_kind TEXT NOT NULL,
  penalty_text TEXT NOT NULL,
  restriction_months INTEGER NOT NULL DEFAULT 0,
  case_domain TEXT NOT NULL,
  authority TEXT NOT NULL,
  authority_region TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  status TEXT NOT NULL,
  due_on TEXT NOT NULL,
  published_on TEXT NOT NULL DEFAULT '',
  display_until TEXT NOT NULL DEFAULT '',
  revoked_on TEXT NOT NULL DEFAULT '',
  revocation_ref TEXT NOT NULL DEFAULT '',
  retraction_due_on TEXT NOT NULL DEFAULT '',
  retracted_on TEXT NOT NULL DEFAULT '',
  withdrawal_event_id BIGINT NOT NULL DEFAULT 0,
  stopped_on TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX credit_penalty_publications_entity ON credit_penalty_publications (uscc, id);
CREATE INDEX credit_penalty_publications_status ON credit_penalty_publications (status, due_on);
