-- complaint/: complaints and reports (投诉举报). A submission (what one person sent through one
-- channel) holds the submitter's identity, sealed like all personal data (name, phone, ID number,
-- address: auth's PersonalDataCipher; the phone's blind index for look-ups); it becomes one case
-- per kind it holds, a complaint (投诉) and/or a report (举报), each with its own state machine
-- (Order 20 Art. 7). Dates are "YYYY-MM-DD" in China ('' until reached), instants UTC text.
CREATE TABLE complaint_submissions (
  id @ID@,
  channel TEXT NOT NULL,
  client TEXT NOT NULL,
  external_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  submitter_name TEXT NOT NULL,
  submitter_phone TEXT NOT NULL,
  submitter_phone_index TEXT NOT NULL,
  submitter_id_number TEXT NOT NULL,
  submitter_address TEXT NOT NULL,
  real_name INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
-- Another system's submission is taken once: its (client, external_id).
CREATE UNIQUE INDEX complaint_submissions_external ON complaint_submissions (client, external_id)
  WHERE external_id <> '';
CREATE INDEX complaint_submissions_phone ON complaint_submissions (submitter_phone_index);

-- The routing inputs are kept with the case (the respondent's places as they were when it was
-- routed), so that a returned case names the competent office and a dispatch is checked again.
CREATE TABLE complaint_cases (
  id @ID@,
  number TEXT NOT NULL UNIQUE,
  submission_id BIGINT NOT NULL REFERENCES complaint_submissions (id),
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  channel TEXT NOT NULL,
  respondent_uscc TEXT NOT NULL,
  respondent_name TEXT NOT NULL,
  respondent_kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  domicile_region TEXT NOT NULL,
  business_region TEXT NOT NULL,
  platform_uscc TEXT NOT NULL,
  platform_domicile_region TEXT NOT NULL,
  act_region TEXT NOT NULL,
  publisher_region TEXT NOT NULL,
  advertiser_region TEXT NOT NULL,
  agency_region TEXT NOT NULL,
  handling_region TEXT NOT NULL,
  routing_article TEXT NOT NULL,
  competent TEXT NOT NULL,
  facts TEXT NOT NULL,
  request TEXT NOT NULL,
  object_class TEXT NOT NULL,
  problem TEXT NOT NULL,
  classified_by TEXT NOT NULL,
  received_on TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  accepted_on TEXT NOT NULL,
  ended_on TEXT NOT NULL,
  notified_on TEXT NOT NULL,
  closed_on TEXT NOT NULL,
  next_due_on TEXT NOT NULL,
  real_name INTEGER NOT NULL,
  extended INTEGER NOT NULL,
  terminated INTEGER NOT NULL,
  paused_working_days INTEGER NOT NULL,
  ground TEXT NOT NULL,
  outcome TEXT NOT NULL,
  return_reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX complaint_cases_office ON complaint_cases (handling_region, state);
CREATE INDEX complaint_cases_state ON complaint_cases (state, received_on);
-- The earliest due day of the case's running timers ('' when none runs): the overdue lists.
CREATE INDEX complaint_cases_due ON complaint_cases (next_due_on, handling_region);
CREATE INDEX complaint_cases_respondent ON complaint_cases (respondent_uscc);
CREATE INDEX complaint_cases_submission ON complaint_cases (submission_id);

-- Every step of a case, with who took it (the public submitter as "public:<client>").
CREATE TABLE complaint_case_history (
  id @ID@,
  case_id BIGINT NOT NULL REFERENCES complaint_cases (id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX complaint_case_history_case ON complaint_case_history (case_id, id);
