-- complaint/: pausing a timer's clock (testing: Order 20 Art. 20; 处罚程序规定 Art. 18), repeats
-- linked to the first case, reopening, the finding that feeds credit, and the complainant's
-- satisfaction rating (回访满意度) after closing. Dates "YYYY-MM-DD" ('' until reached).
ALTER TABLE complaint_cases ADD COLUMN paused_on TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_cases ADD COLUMN pause_ground TEXT NOT NULL DEFAULT '';
-- A repeat (merged) points at the first case of its chain ('0' for none).
ALTER TABLE complaint_cases ADD COLUMN duplicate_of BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaint_cases ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;
-- Closed as 查证属实 (a finding against the respondent): published to credit as complaint.upheld.
ALTER TABLE complaint_cases ADD COLUMN upheld INTEGER NOT NULL DEFAULT 0;
-- 1 (very dissatisfied) to 5 (very satisfied), 0 while not rated; given once by the submitter.
ALTER TABLE complaint_cases ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint_cases ADD COLUMN rating_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_cases ADD COLUMN rated_at TEXT NOT NULL DEFAULT '';
CREATE INDEX complaint_cases_duplicate ON complaint_cases (duplicate_of);
