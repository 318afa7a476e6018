-- inspection/: the re-test (复检) window paused while an objection (异议) was pending. When an
-- objection is rejected, the last day to ask for a re-test is moved on by the days the objection
-- took (ResultRules::pause_retest_during_objection) and stored here, so that the deadline stays
-- what it was when decided even if the rule changes later. '' = the window as opened by the notice.
ALTER TABLE inspection_batches ADD COLUMN retest_deadline_resumed TEXT NOT NULL DEFAULT '';
