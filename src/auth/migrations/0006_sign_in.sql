-- auth/: sign-in hardening (issue 16). Failed sign-ins are counted per (user name, source
-- address), for unknown names as for known ones, so that a lock stops one guesser without
-- locking the owner out elsewhere and without telling whether a name exists. The columns
-- users.failed_attempts and users.locked_until are no longer used.
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  source TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT '',
  last_failure_at TEXT NOT NULL,
  PRIMARY KEY (username, source)
);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);

-- The second factor (TOTP, RFC 6238): the secret sealed with the personal-data cipher, a secret
-- awaiting its first code, and the last time step accepted (a code is good once).
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- Single-use recovery codes, stored as SM3 hashes (80 random bits each).
CREATE TABLE recovery_codes (
  user_id BIGINT NOT NULL REFERENCES users (id),
  code_hash TEXT NOT NULL,
  used_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, code_hash)
);
