-- inspection/: the draw as a ceremony in time (docs/random-draw.md §1). A plan sets how long its
-- commitment is public before the draw may run; each draw keeps when it may run and the audit
-- log's sequence numbers of its commit and run entries, which its public record shows.
ALTER TABLE inspection_plans ADD COLUMN min_commit_interval_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inspection_draws ADD COLUMN run_not_before TEXT NOT NULL DEFAULT '';
ALTER TABLE inspection_draws ADD COLUMN commit_audit_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inspection_draws ADD COLUMN run_audit_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX inspection_draws_committed ON inspection_draws (committed_at);
