-- inspection/: spot-check plans (抽查计划) and their verifiable draws (双随机): the commitment is
-- public from the moment it is made, the seed is kept sealed (SM4, like personal data) until the
-- draw runs, then published with the record that anyone can re-run. The sizes are kept beside the
-- record so that listing draws never parses it (a province-scale record is about 100 MB).
CREATE TABLE inspection_plans (
  id @ID@,
  plan_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  authority TEXT NOT NULL,
  region_code TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  parameters TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX inspection_plans_region ON inspection_plans (region_code);

CREATE TABLE inspection_draws (
  id @ID@,
  plan_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  commitment TEXT NOT NULL,
  frame_hash TEXT NOT NULL,
  pool_hash TEXT NOT NULL,
  parameters_hash TEXT NOT NULL,
  sealed_seed TEXT NOT NULL,
  record TEXT NOT NULL,
  frame_size BIGINT NOT NULL DEFAULT 0,
  excluded BIGINT NOT NULL DEFAULT 0,
  pool_size BIGINT NOT NULL DEFAULT 0,
  tasks BIGINT NOT NULL DEFAULT 0,
  unstaffed BIGINT NOT NULL DEFAULT 0,
  committed_at TEXT NOT NULL,
  drawn_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inspection_draws_plan ON inspection_draws (plan_id);

CREATE TABLE inspection_tasks (
  id @ID@,
  draw_id BIGINT NOT NULL,
  plan_id BIGINT NOT NULL,
  task_number INTEGER NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  risk_class TEXT NOT NULL,
  inspectors TEXT NOT NULL,
  unstaffed_reason TEXT NOT NULL DEFAULT '',
  drawn_on TEXT NOT NULL
);
CREATE INDEX inspection_tasks_plan ON inspection_tasks (plan_id, uscc);
CREATE INDEX inspection_tasks_uscc ON inspection_tasks (uscc, drawn_on);
