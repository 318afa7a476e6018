-- inspection/: what happens after the draw. One batch (抽样批次) per drawn task: the sampling
-- record, the test results with the institution, the firm's notice, objections (异议) and
-- re-tests (复检), the final verdict, publication (一公开), and the follow-up (后处理) of a
-- failing firm. The samplers are personal data: sealed (SM4) like the registry's names.
CREATE TABLE inspection_batches (
  id @ID@,
  task_id BIGINT NOT NULL UNIQUE,
  plan_id BIGINT NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  sampled_on TEXT NOT NULL,
  place TEXT NOT NULL,
  batch_number TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  reserve_quantity BIGINT NOT NULL,
  category_code TEXT NOT NULL,
  product_name TEXT NOT NULL,
  specification TEXT NOT NULL,
  brand TEXT NOT NULL,
  samplers TEXT NOT NULL,
  institution TEXT NOT NULL DEFAULT '',
  report_number TEXT NOT NULL DEFAULT '',
  tested_on TEXT NOT NULL DEFAULT '',
  initial_verdict TEXT NOT NULL DEFAULT '',
  retest_institution TEXT NOT NULL DEFAULT '',
  retest_report_number TEXT NOT NULL DEFAULT '',
  retest_tested_on TEXT NOT NULL DEFAULT '',
  notified_on TEXT NOT NULL DEFAULT '',
  final_verdict TEXT NOT NULL DEFAULT '',
  final_on TEXT NOT NULL DEFAULT '',
  publication_due TEXT NOT NULL DEFAULT '',
  published_on TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX inspection_batches_uscc ON inspection_batches (uscc, final_on);
CREATE INDEX inspection_batches_region ON inspection_batches (region_code);
CREATE INDEX inspection_batches_final ON inspection_batches (final_on);

-- Test items (检验项目) of a batch: stage 'initial' (the first test) or 'retest' (复检 on the
-- reserve sample).
CREATE TABLE inspection_test_items (
  id @ID@,
  batch_id BIGINT NOT NULL,
  stage TEXT NOT NULL,
  item_number INTEGER NOT NULL,
  name TEXT NOT NULL,
  key_item INTEGER NOT NULL,
  method TEXT NOT NULL,
  limit_text TEXT NOT NULL,
  measured TEXT NOT NULL,
  unit TEXT NOT NULL,
  verdict TEXT NOT NULL
);
CREATE INDEX inspection_test_items_batch ON inspection_test_items (batch_id, stage);

-- 异议 (kind 'objection', on sampling or procedure) and 复检 (kind 'retest', on the result).
CREATE TABLE inspection_appeals (
  id @ID@,
  batch_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_on TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  UNIQUE (batch_id, kind)
);

-- 后处理 of a failing batch: stop selling the specification, rectify by due_on, at most one
-- extension, re-inspection, and the escalation ladder (level 0 none … 3 licence revoked).
CREATE TABLE inspection_follow_ups (
  id @ID@,
  batch_id BIGINT NOT NULL UNIQUE,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  extended_days INTEGER NOT NULL DEFAULT 0,
  rectification_reported_on TEXT NOT NULL DEFAULT '',
  reinspected_on TEXT NOT NULL DEFAULT '',
  reinspection_verdict TEXT NOT NULL DEFAULT '',
  level INTEGER NOT NULL DEFAULT 0,
  closed_on TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
CREATE INDEX inspection_follow_ups_due ON inspection_follow_ups (status, due_on);
CREATE INDEX inspection_follow_ups_region ON inspection_follow_ups (region_code);
