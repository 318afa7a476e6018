-- registry/: the console account of an inspector (执法检查人员) in the pool, so that an inspector
-- signed in to the console sees the spot-check tasks they were drawn for (我的任务). '' = none;
-- one account is one inspector (the partial uniqueness is checked by the registry on write).
ALTER TABLE inspectors ADD COLUMN username TEXT NOT NULL DEFAULT '';
CREATE INDEX inspectors_username ON inspectors (username);
