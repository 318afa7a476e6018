-- complaint/: the complainant's consent to publish the narrative (publication.h): with it, a
-- closed complaint's facts appear in the public complaint database, scrubbed of personal data
-- (narrative_scrubber.h); without it, only the case's counts-level fields do.
ALTER TABLE complaint_submissions ADD COLUMN publish_consent INTEGER NOT NULL DEFAULT 0;
-- The public database lists closed cases newest closed first.
CREATE INDEX complaint_cases_closed ON complaint_cases (state, closed_on);
