-- credit/: a penalty decided by an authority of another province against a firm registered here
-- reaches this bureau by transfer (总局令第45号 Arts. 9-10: the deciding authority sends it within
-- 10 working days, the party's registration authority publishes within 10 working days of
-- receipt). received_on is that date ('' for this province's own decisions, due 20 working days
-- from the decision); authority_province names the deciding authority's province (GB/T 2260
-- two-digit prefix, '' = this bureau's own province).
ALTER TABLE credit_penalty_publications ADD COLUMN received_on TEXT NOT NULL DEFAULT '';
ALTER TABLE credit_penalty_publications ADD COLUMN authority_province TEXT NOT NULL DEFAULT '';
